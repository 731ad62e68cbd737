"""Session-wide real services shared by every test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import services


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with services.postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def rabbitmq_url() -> Iterator[str]:
    with services.rabbitmq_vhost() as url:
        yield url


@pytest.fixture(scope="session")
def mongo_url() -> Iterator[str]:
    with services.mongo_database() as url:
        yield url
