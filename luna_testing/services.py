"""Real services for the tests: a fresh PostgreSQL database, a fresh RabbitMQ vhost and a
SecantusDB daemon on a free port. Nothing is mocked; each test session gets its own copies."""

from __future__ import annotations

import socket
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg

from luna_local import mongo_server

POSTGRES_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
RABBITMQ_HOST = "127.0.0.1:5672"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty database; yields its SQLAlchemy URL and drops it afterwards."""
    name = f"luna_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


@contextmanager
def rabbitmq_vhost() -> Iterator[str]:
    """A new vhost on the local broker (guest has all rights there); yields its AMQP URL."""
    vhost = f"luna_test_{uuid.uuid4().hex[:10]}"
    _rabbitmqctl("add_vhost", vhost)
    _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    try:
        yield f"amqp://guest:guest@{RABBITMQ_HOST}/{quote(vhost, safe='')}"
    finally:
        _rabbitmqctl("delete_vhost", vhost)


@contextmanager
def mongo_database(
    storage: str | Path = ":memory:", *, cache_size: str | None = None
) -> Iterator[str]:
    """A SecantusDB daemon on a free port; yields its MongoDB URL and stops it afterwards."""
    port = free_port()
    process = mongo_server.start(port, storage, cache_size=cache_size)
    url = mongo_server.url_for(port)
    try:
        mongo_server.wait_until_ready(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
