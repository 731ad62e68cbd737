"""The users database: users, roles, revoked tokens, sign-in throttling and the audit trail
(SQLAlchemy 2 ORM)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    func,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ADMIN_ROLE = "admin"
USER_ROLE = "user"  # the general practitioner
DERMATOLOGIST_ROLE = "dermatologist"
ROLE_NAMES = (ADMIN_ROLE, USER_ROLE, DERMATOLOGIST_ROLE)


class Base(DeclarativeBase):
    pass


user_role = Table(
    "user_role",
    Base.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
)


class Role(Base):
    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # The only identity the results database and the broker ever see.
    pseudonym: Mapped[str] = mapped_column(
        String(36), unique=True, default=lambda: str(uuid.uuid4())
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), default=lambda: datetime.now(UTC)
    )
    roles: Mapped[list[Role]] = relationship(secondary=user_role, lazy="selectin")
    # A disabled account cannot sign in, and its tokens stop working at once.
    active: Mapped[bool] = mapped_column(Boolean, server_default=true(), default=True)
    # Set by an admin's temporary password: only the password change is allowed until then.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Carried in every token; raising it (password change, disabling) revokes all earlier ones.
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def role_names(self) -> list[str]:
        return sorted(role.name for role in self.roles)


class RevokedToken(Base):
    """A signed-out token's id, kept until the token would have expired anyway."""

    __tablename__ = "revoked_token"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SignInThrottle(Base):
    """Sign-in attempts of one key: a (username, address) pair, or one client address."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # Whether the latest attempt was let through; lets one statement count and decide.
    admitted: Mapped[bool] = mapped_column(Boolean)


class AuditEvent(Base):
    """One audit event; append-only (a trigger refuses changes) and hash-chained by ``seq``."""

    __tablename__ = "audit_event"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    action: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(20))
    # Pseudonyms of the acting user and of the account acted on (account changes).
    actor: Mapped[str | None] = mapped_column(String(36), index=True)
    target: Mapped[str | None] = mapped_column(String(36), index=True)
    analysis_ids: Mapped[list[str]] = mapped_column(ARRAY(Text))
    client: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, str]] = mapped_column(JSONB)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
