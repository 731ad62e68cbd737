"""Session-wide real services shared by every test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from luna_testing import services
from luna_testing.platform import RunningPlatform, running_platform


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


@pytest.fixture(scope="session")
def platform(
    rabbitmq_url: str, mongo_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningPlatform]:
    """API, one analyzer and one registrar as separate processes on the real services.

    It gets a users database of its own: the first admin is made only where none exists yet.
    """
    with (
        services.postgres_database() as postgres_url,
        running_platform(
            postgres_url=postgres_url,
            rabbitmq_url=rabbitmq_url,
            mongo_url=mongo_url,
            log_dir=tmp_path_factory.mktemp("platform-logs"),
        ) as running,
    ):
        yield running
