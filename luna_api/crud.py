"""Data access for users, roles and revoked tokens; keyword-only, one session per call."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from luna_api.core.security import hash_password
from luna_api.errors import UserAlreadyExists
from luna_api.models import RevokedToken, Role, User


def get_user(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_username(*, session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def create_user(
    *, session: Session, username: str, email: str, password: str, roles: Sequence[str]
) -> User:
    """Insert a user with these roles; raise UserAlreadyExists if username or email is taken."""
    taken = session.scalar(
        select(exists().where(or_(User.username == username, User.email == email)))
    )
    if taken:
        raise UserAlreadyExists()
    role_rows = list(session.scalars(select(Role).where(Role.name.in_(set(roles)))))
    user = User(
        username=username, email=email, password_hash=hash_password(password), roles=role_rows
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError as exc:  # a concurrent insert won between the check and the commit
        session.rollback()
        raise UserAlreadyExists() from exc
    return user


def usernames_by_pseudonym(*, session: Session, pseudonyms: Collection[str]) -> dict[str, str]:
    """Pseudonym → username for these users (reviewers are shown to the GP by name)."""
    if not pseudonyms:
        return {}
    rows = session.execute(
        select(User.pseudonym, User.username).where(User.pseudonym.in_(set(pseudonyms)))
    )
    return {pseudonym: username for pseudonym, username in rows}


def revoke_token(*, session: Session, jti: str, expires_at: datetime) -> None:
    """Remember a signed-out token until it expires; forget tokens that expired already."""
    session.execute(delete(RevokedToken).where(RevokedToken.expires_at < datetime.now(UTC)))
    if session.get(RevokedToken, jti) is None:
        session.add(RevokedToken(jti=jti, expires_at=expires_at))
    session.commit()


def is_token_revoked(*, session: Session, jti: str) -> bool:
    return session.get(RevokedToken, jti) is not None
