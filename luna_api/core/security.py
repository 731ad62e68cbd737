"""Password hashing (argon2) and access tokens (JWT, HS256 only); nothing else."""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from luna_api.core.config import ApiSettings

log = logging.getLogger(__name__)

ALGORITHM = "HS256"
# User ids are PostgreSQL integers: a ``sub`` outside them names nobody (and must not reach SQL).
_MAX_USER_ID = 2**31 - 1
_hasher = PasswordHasher()
# Verified against when a username is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class InvalidToken(Exception):
    """The token is malformed, expired, badly signed or not HS256."""


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    jti: str
    expires_at: datetime
    # The user's token version when it was issued; a later one (password change, disabled
    # account) revokes the token.
    version: int = 0


def hash_password(password: str) -> str:
    """An argon2id hash with its own salt and parameters."""
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """True if ``password`` matches; with no hash, burns the same time and returns False."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def signing_key(settings: ApiSettings) -> str:
    """The configured JWT key, or in development a random one made for this process."""
    if settings.jwt_secret is not None:
        return settings.jwt_secret.get_secret_value()
    if settings.environment == "production":  # settings refuse this already; be sure anyway
        raise ValueError("LUNA_JWT_SECRET is required in production")
    log.warning("LUNA_JWT_SECRET is not set: using a random key; tokens die with this process")
    return secrets.token_urlsafe(64)


def create_access_token(
    *,
    user_id: int,
    key: str,
    expires_in: timedelta,
    now: datetime | None = None,
    version: int = 0,
) -> tuple[str, TokenClaims]:
    """A signed token for ``user_id`` (at token ``version``) and the claims it carries."""
    issued = now or datetime.now(UTC)
    claims = TokenClaims(
        user_id=user_id, jti=uuid.uuid4().hex, expires_at=issued + expires_in, version=version
    )
    payload = {
        "sub": str(user_id),
        "iat": issued,
        "exp": claims.expires_at,
        "jti": claims.jti,
        "ver": version,
    }
    return jwt.encode(payload, key, algorithm=ALGORITHM), claims


def decode_access_token(token: str, *, key: str) -> TokenClaims:
    """Check signature, algorithm and expiry; raise InvalidToken otherwise."""
    try:
        # Only HS256 is accepted: "none" and asymmetric algorithms are refused by PyJWT here.
        payload = jwt.decode(
            token, key, algorithms=[ALGORITHM], options={"require": ["exp", "iat", "sub", "jti"]}
        )
        subject = str(payload["sub"])
        if not (subject.isascii() and subject.isdigit() and 1 <= int(subject) <= _MAX_USER_ID):
            raise ValueError("sub is not a user id")
        version = payload.get("ver", 0)
        if not isinstance(version, int) or isinstance(version, bool):
            raise ValueError("ver is not an integer")
        return TokenClaims(
            user_id=int(subject),
            jti=str(payload["jti"]),
            expires_at=datetime.fromtimestamp(payload["exp"], UTC),
            version=version,
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("The access token has expired") from exc
    except (jwt.InvalidTokenError, ValueError, TypeError, OverflowError) as exc:
        raise InvalidToken("The access token is invalid") from exc
