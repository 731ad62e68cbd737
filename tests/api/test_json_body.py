"""The fast JSON body parser gives what the standard library gives, or fails as it fails."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

import pytest

from luna_api.json_body import _JsonRequest

BODIES = [
    b'{"image": "aGVsbG8=", "description": "caf\\u00e9 \\u2603"}',
    b'{"a": 1, "a": 2}',  # a repeated key: the last one wins
    b'{"n": 123456789012345678901234567890, "f": 1.5e-7, "list": [true, false, null]}',
    b'{"description": "lone \\ud800 surrogate"}',  # valid JSON text, refused by pydantic-core
    b'{"x": NaN, "y": Infinity}',
    b'"just a string"',
]
BROKEN = [b'{"image": "abc"', b"not json", b"", b'{"a": 1,}']


def parse(body: bytes) -> Any:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    request = _JsonRequest({"type": "http", "method": "POST", "headers": []}, receive)
    return asyncio.run(request.json())


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("body", BODIES)
def test_a_body_parses_as_the_standard_library_parses_it(body: bytes) -> None:
    assert same(parse(body), json.loads(body))


@pytest.mark.parametrize("body", BROKEN)
def test_a_malformed_body_raises_what_the_standard_library_raises(body: bytes) -> None:
    with pytest.raises(json.JSONDecodeError):
        parse(body)
