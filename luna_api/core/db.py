"""The users database: engine, migrations to head at start, and the first admin."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from luna_api import crud
from luna_api.core.config import ApiSettings
from luna_api.models import ADMIN_ROLE, Role, User

log = logging.getLogger(__name__)

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"
# Any constant: serialises migrations when several API processes start together.
_MIGRATION_LOCK_ID = 0x4C554E41


def make_engine(
    database_url: str, *, pool_size: int = 5, max_overflow: int = 10, pool_timeout_s: float = 30
) -> Engine:
    """An engine whose pool drops dead connections and fails fast when PostgreSQL is away.

    A request holds one connection at a time; one that waits ``pool_timeout_s`` for it gets
    SQLAlchemy's TimeoutError, which the API answers with 503.
    """
    connect_args = {"connect_timeout": 5} if database_url.startswith("postgresql") else {}
    return create_engine(
        database_url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout_s,
        connect_args=connect_args,
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def migrate_to_head(engine: Engine) -> None:
    """Run the Alembic migrations on ``engine`` up to the latest revision."""
    config = Config(str(ALEMBIC_INI))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def ensure_first_admin(session_factory: sessionmaker[Session], settings: ApiSettings) -> None:
    """Create the admin named in the settings when no admin exists yet; never a default one."""
    with session_factory() as session:
        has_admin = session.scalar(select(User.id).join(User.roles).where(Role.name == ADMIN_ROLE))
        if has_admin is not None:
            return
        if not (settings.admin_username and settings.admin_email and settings.admin_password):
            log.warning(
                "no admin user exists and LUNA_ADMIN_USERNAME/EMAIL/PASSWORD are not all set: "
                "nobody can register users until they are"
            )
            return
        try:
            crud.create_user(
                session=session,
                username=settings.admin_username,
                email=settings.admin_email,
                password=settings.admin_password.get_secret_value(),
                roles=[ADMIN_ROLE],
            )
        except crud.UserAlreadyExists:
            # Another process won the race, or the name is taken by a non-admin: say which.
            session.rollback()
            log.warning(
                "could not create the first admin %r: username or email taken",
                settings.admin_username,
            )
            return
        except IntegrityError:
            session.rollback()
            return
        log.info("created the first admin %r", settings.admin_username)
