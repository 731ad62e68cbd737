"""Hashing and tokens, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from luna_api.core.config import ApiSettings
from luna_api.core.security import (
    InvalidToken,
    create_access_token,
    decode_access_token,
    hash_password,
    signing_key,
    verify_password,
)
from luna_common.settings import variable_name

KEY = "unit-test-key-" + "x" * 60


def test_hash_is_argon2_salted_and_verifies() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first.startswith("$argon2id$") and first != second
    assert "correct horse" not in first
    assert verify_password("correct horse", first)
    assert not verify_password("wrong horse", first)
    assert not verify_password("correct horse", None)
    assert not verify_password("correct horse", "not-a-hash")


def test_token_round_trip_carries_user_jti_and_expiry() -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    token, claims = create_access_token(
        user_id=42, key=KEY, expires_in=timedelta(minutes=5), now=now
    )
    decoded = decode_access_token(token, key=KEY)
    assert decoded.user_id == 42 and decoded.jti == claims.jti and len(decoded.jti) == 32
    assert decoded.expires_at == now + timedelta(minutes=5)
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_expired_token_is_refused() -> None:
    past = datetime.now(UTC) - timedelta(hours=2)
    token, _ = create_access_token(user_id=1, key=KEY, expires_in=timedelta(minutes=5), now=past)
    with pytest.raises(InvalidToken, match="expired"):
        decode_access_token(token, key=KEY)


def test_tampered_signature_and_other_key_are_refused() -> None:
    token, _ = create_access_token(user_id=1, key=KEY, expires_in=timedelta(minutes=5))
    header, payload, signature = token.split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    with pytest.raises(InvalidToken):
        decode_access_token(f"{header}.{payload}.{flipped}", key=KEY)
    with pytest.raises(InvalidToken):
        decode_access_token(token, key="another-key-" + "y" * 40)


def test_payload_swapped_under_old_signature_is_refused() -> None:
    token, _ = create_access_token(user_id=1, key=KEY, expires_in=timedelta(minutes=5))
    other, _ = create_access_token(user_id=2, key=KEY, expires_in=timedelta(minutes=5))
    forged = ".".join([token.split(".")[0], other.split(".")[1], token.split(".")[2]])
    with pytest.raises(InvalidToken):
        decode_access_token(forged, key=KEY)


def test_alg_none_and_other_algorithms_are_refused() -> None:
    exp = datetime.now(UTC) + timedelta(minutes=5)
    claims = {"sub": "1", "iat": datetime.now(UTC), "exp": exp, "jti": "a" * 32}
    unsigned = jwt.encode(claims, None, algorithm="none")
    with pytest.raises(InvalidToken):
        decode_access_token(unsigned, key=KEY)
    hs512 = jwt.encode(claims, KEY, algorithm="HS512")
    with pytest.raises(InvalidToken):
        decode_access_token(hs512, key=KEY)


def test_token_without_jti_is_refused() -> None:
    claims = {"sub": "1", "iat": datetime.now(UTC), "exp": datetime.now(UTC) + timedelta(minutes=5)}
    with pytest.raises(InvalidToken):
        decode_access_token(jwt.encode(claims, KEY, algorithm="HS256"), key=KEY)


def test_development_without_secret_gets_a_random_key_per_start() -> None:
    settings = ApiSettings(environment="development", jwt_secret=None)
    first, second = signing_key(settings), signing_key(settings)
    assert len(first) >= 64 and first != second
    assert signing_key(ApiSettings(jwt_secret=KEY)) == KEY


def test_production_refuses_a_short_secret() -> None:
    with pytest.raises(ValueError, match=variable_name("jwt_secret")):
        ApiSettings(environment="production", jwt_secret="short")
