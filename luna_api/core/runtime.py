"""What the app holds for its lifetime: settings and the clients of the three services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pymongo.database import Database
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from luna_api.audit.trail import AuditTrail
from luna_api.core.config import ApiSettings
from luna_api.sign_in_throttle import SignInThrottle
from luna_rabbit.publishing import PublisherPool


@dataclass
class Runtime:
    settings: ApiSettings
    engine: Engine
    session_factory: sessionmaker[Session]
    jwt_key: str
    mongo: Database
    publisher: PublisherPool
    sign_in_throttle: SignInThrottle
    audit_trail: AuditTrail

    @property
    def token_lifetime(self) -> timedelta:
        return timedelta(minutes=self.settings.jwt_expire_minutes)
