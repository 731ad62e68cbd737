"""The API on real services: a TestClient per app, users made through the API itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pika
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from pymongo.database import Database
from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine

from luna_api.core.config import ApiSettings
from luna_api.main import create_app
from luna_api.models import User
from luna_common import analysis_record
from luna_rabbit import topology
from luna_rabbit.topology import PENDING_QUEUE

ADMIN = {"username": "admin", "password": "admin-password-for-tests"}
JWT_SECRET = "test-secret-" + "k" * 40


@dataclass
class Account:
    id: int
    username: str
    password: str
    pseudonym: str
    headers: dict[str, str]


def make_settings(
    postgres_url: str, mongo_url: str, rabbitmq_url: str, **overrides: Any
) -> ApiSettings:
    values: dict[str, Any] = {
        "environment": "development",
        "database_url": postgres_url,
        "mongo_url": mongo_url,
        "rabbitmq_url": rabbitmq_url,
        "admin_username": ADMIN["username"],
        "admin_email": "admin@luna.test",
        "admin_password": SecretStr(ADMIN["password"]),
        "jwt_secret": SecretStr(JWT_SECRET),
        "login_max_failures": 50,
    }
    values.update(overrides)
    return ApiSettings(**values)


@pytest.fixture(scope="session")
def settings(postgres_url: str, mongo_url: str, rabbitmq_url: str) -> ApiSettings:
    return make_settings(postgres_url, mongo_url, rabbitmq_url)


@pytest.fixture(scope="session")
def app(settings: ApiSettings) -> Iterator[FastAPI]:
    application = create_app(settings)
    with TestClient(application):  # runs the lifespan: migrations, first admin, clients
        yield application


@pytest.fixture(scope="session")
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


def client_at(app: FastAPI, address: str) -> TestClient:
    """Another client of the same running app, seen from ``address``."""
    return TestClient(app, client=(address, 40000))


@pytest.fixture(scope="session")
def admin_headers(client: TestClient) -> dict[str, str]:
    answer = client.post("/signin", json=ADMIN)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['accessToken']}"}


@pytest.fixture(scope="session")
def users_db(settings: ApiSettings) -> Iterator[Engine]:
    engine = create_engine(settings.database_url)
    yield engine
    engine.dispose()


def pseudonym_of(engine: Engine, username: str) -> str:
    with engine.connect() as conn:
        return conn.execute(select(User.pseudonym).where(User.username == username)).scalar_one()


@pytest.fixture(scope="session")
def new_account(
    client: TestClient, admin_headers: dict[str, str], users_db: Engine
) -> Callable[..., Account]:
    """Register a fresh user through the API and sign them in."""

    def make(roles: list[str] | None = None) -> Account:
        username = f"user_{uuid.uuid4().hex[:10]}"
        password = f"pw-{uuid.uuid4().hex}"
        body: dict[str, Any] = {
            "username": username,
            "email": f"{username}@clinic.test",
            "password": password,
        }
        if roles is not None:
            body["roles"] = roles
        created = client.post("/api/auth/signup", json=body, headers=admin_headers)
        assert created.status_code == 201, created.text
        signed_in = client.post("/signin", json={"username": username, "password": password})
        assert signed_in.status_code == 200, signed_in.text
        return Account(
            id=created.json()["id"],
            username=username,
            password=password,
            pseudonym=pseudonym_of(users_db, username),
            headers={"Authorization": f"Bearer {signed_in.json()['accessToken']}"},
        )

    return make


@pytest.fixture(scope="session")
def mongo(settings: ApiSettings) -> Iterator[Database]:
    db = analysis_record.connect(settings.mongo_url, settings.mongo_db)
    yield db
    db.client.close()


@pytest.fixture
def pending_queue(app: FastAPI, settings: ApiSettings, rabbitmq_url: str) -> Iterator[Any]:
    """A channel on the broker with process_pending emptied first."""
    connection = pika.BlockingConnection(pika.URLParameters(rabbitmq_url))
    channel = connection.channel()
    topology.declare(channel, settings.delivery_limit)
    channel.queue_purge(PENDING_QUEUE)
    yield channel
    connection.close()
