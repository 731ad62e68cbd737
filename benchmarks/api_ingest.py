"""(4) API ingest: wrk POSTing one 200 KB JPEG from concurrent connections, publish included."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

LUA_SCRIPT = """
local f = io.open("{body_file}", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
"""

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * _UNITS[unit]


def parse_wrk(output: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["requests_per_s"] = float(match.group(1))
    for q in ("50", "90", "99"):
        if match := re.search(rf"^\s+{q}(?:\.000)?%\s+(\S+)", output, re.MULTILINE):
            result[f"p{q}_ms"] = _ms(match.group(1))
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = int(match.group(1)) if match else 0
    if match := re.search(r"(\d+) requests in ([\d.]+\w+)", output):
        result["requests"] = int(match.group(1))
        # wrk's Requests/sec counts error answers too: only accepted submissions count here.
        seconds = _ms(match.group(2)) / 1000
        result["accepted_per_s"] = (result["requests"] - result["non_2xx"]) / seconds
    match = re.search(r"Socket errors: (.*)", output)
    result["socket_errors"] = match.group(1).strip() if match else ""
    return result


def run(
    api_url: str, token: str, image: bytes, *, connections: int, seconds: int, work_dir: Path
) -> dict[str, Any]:
    """Run wrk against POST /api/imageProcess; requests/s, latency percentiles, errors."""
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install -y wrk)"}
    work_dir.mkdir(parents=True, exist_ok=True)
    body_file = work_dir / "ingest-body.json"
    body_file.write_text(json.dumps({"image": base64.b64encode(image).decode()}))
    script = work_dir / "ingest.lua"
    script.write_text(LUA_SCRIPT.format(body_file=body_file, token=token))
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"{api_url}/api/imageProcess",
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    return {
        "image_bytes": len(image),
        "connections": connections,
        "seconds": seconds,
        "command": " ".join(command[:-3] + ["ingest.lua", command[-1]]),
        **parse_wrk(output),
        "wrk_output": output,
    }
