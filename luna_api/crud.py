"""Data access for users, roles and revoked tokens; keyword-only, one session per call."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, exists, func, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from luna_api.core.security import hash_password
from luna_api.errors import LastActiveAdmin, UserAlreadyExists, UserNotFound
from luna_api.models import ADMIN_ROLE, RevokedToken, Role, User


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


def token_user(*, session: Session, user_id: int, jti: str) -> tuple[User | None, bool]:
    """The token's user with its roles (None when gone), and whether the token ``jti`` was
    revoked: one query, as every authenticated request asks it."""
    revoked = exists().where(RevokedToken.jti == jti).label("revoked")
    row = (
        session.execute(
            select(User, revoked).options(joinedload(User.roles)).where(User.id == user_id)
        )
        .unique()
        .first()
    )
    return (None, False) if row is None else (row[0], bool(row[1]))


# Any constant: serialises changes that could leave no active admin (two admins demoting
# each other at the same moment would otherwise both succeed).
_ADMIN_CHANGE_LOCK_ID = 0x4C554E41_41444D4E


def list_users(*, session: Session) -> list[User]:
    """Every account, by username."""
    return list(session.scalars(select(User).order_by(User.username)))


def _other_active_admins(session: Session, user_id: int) -> int:
    return int(
        session.scalar(
            select(func.count(User.id))
            .join(User.roles)
            .where(Role.name == ADMIN_ROLE, User.active.is_(True), User.id != user_id)
        )
        or 0
    )


def update_user(
    *, session: Session, user_id: int, active: bool | None, roles: Sequence[str] | None
) -> tuple[User, dict[str, str]]:
    """Enable or disable an account and/or set its roles (not committed); what changed.

    Disabling raises the token version, so every token of the user stops working at once.
    LastActiveAdmin when the change would leave no active admin.
    """
    session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ADMIN_CHANGE_LOCK_ID})
    user = session.get(User, user_id, populate_existing=True, with_for_update=True)
    if user is None:
        raise UserNotFound()
    stays_admin = (ADMIN_ROLE in roles) if roles is not None else ADMIN_ROLE in user.role_names
    stays_active = active if active is not None else user.active
    was_active_admin = user.active and ADMIN_ROLE in user.role_names
    demoted = was_active_admin and not (stays_admin and stays_active)
    if demoted and _other_active_admins(session, user.id) == 0:
        raise LastActiveAdmin()
    changes: dict[str, str] = {}
    if active is not None and active != user.active:
        user.active = active
        changes["active"] = str(active).lower()
        if not active:
            user.token_version += 1
    if roles is not None and sorted(set(roles)) != user.role_names:
        user.roles = list(session.scalars(select(Role).where(Role.name.in_(set(roles)))))
        changes["roles"] = ",".join(sorted(set(roles)))
    return user, changes


def set_password(*, session: Session, user: User, password: str, temporary: bool) -> None:
    """A new password hash (not committed); every earlier token of the user stops working."""
    user.password_hash = hash_password(password)
    user.must_change_password = temporary
    user.token_version += 1
