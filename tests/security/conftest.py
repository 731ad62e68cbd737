"""One running platform (API, analyzer, registrar as processes) on services of its own.

Sign-in failures are not limited here (the rate-limit tests start their own API), so hostile
sign-ins in one test never lock another test out.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest
from pymongo.database import Database

from luna_api.core.config import ApiSettings
from luna_common import analysis_record
from luna_testing.platform import RunningPlatform, isolated_platform
from tests.faults.rig import declare_tap


@dataclass
class Account:
    username: str
    password: str
    token: str
    pseudonym: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class SecurityRig:
    platform: RunningPlatform
    postgres_url: str
    amqp_url: str
    mongo: Database

    @property
    def log_dir(self) -> Path:
        return self.platform.processes.log_dir

    def client(self, token: str | None = None) -> httpx.Client:
        return self.platform.client(token)

    def new_account(self) -> Account:
        username, password = self.platform.create_user()
        token = self.platform.sign_in(username, password)
        return Account(username, password, token, self.pseudonym(username))

    def sql(self, query: str, *params: object) -> list[tuple]:
        with psycopg.connect(psycopg_dsn(self.postgres_url), autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def pseudonym(self, username: str) -> str:
        return self.sql('select pseudonym from "user" where username = %s', username)[0][0]

    def stored_for(self, account: Account) -> int:
        """How many analysis records the account has in MongoDB."""
        return analysis_record.analyses(self.mongo).count_documents({"userId": account.pseudonym})

    def all_records(self) -> int:
        return analysis_record.analyses(self.mongo).count_documents({})


def psycopg_dsn(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="package")
def security_rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecurityRig]:
    with isolated_platform(
        tmp_path_factory.mktemp("security-logs"),
        extra_env=ApiSettings.environment_for(login_max_failures=100000, log_format="json"),
    ) as platform:
        declare_tap(platform.rabbitmq_url, 5)
        yield SecurityRig(
            platform, platform.postgres_url, platform.rabbitmq_url, platform.results_db()
        )


@pytest.fixture(scope="module")
def alice(security_rig: SecurityRig) -> Account:
    return security_rig.new_account()


@pytest.fixture(scope="module")
def bob(security_rig: SecurityRig) -> Account:
    return security_rig.new_account()


def random_id() -> str:
    return secrets.token_hex(16)
