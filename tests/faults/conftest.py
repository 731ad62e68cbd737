"""Fault tests get their own broker vhost and MongoDB-protocol server, so faults stay contained."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from luna_testing import services


@pytest.fixture()
def fault_amqp_url() -> Iterator[str]:
    """A fresh vhost per test: queues left behind by one fault never reach the next test."""
    with services.rabbitmq_vhost() as url:
        yield url


@pytest.fixture(scope="module")
def fault_mongo_url() -> Iterator[str]:
    with services.mongo_database() as url:
        yield url
