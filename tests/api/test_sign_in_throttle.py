"""The sign-in throttle's counting on the real users database, with a clock the test moves:
the growing wait, its cap, forgetting after the window, and two API processes sharing counts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from luna_api.core import db
from luna_api.core.config import ApiSettings
from luna_api.errors import TooManyAttempts
from luna_api.sign_in_throttle import SignInThrottle


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def engine(settings: ApiSettings, app: FastAPI) -> Iterator[Engine]:
    engine = db.make_engine(settings.database_url)
    yield engine
    engine.dispose()


def _throttle(clock: Clock, **overrides: float) -> SignInThrottle:
    options = {
        "max_failures": 3,
        "max_failures_per_address": 50,
        "window_s": 60,
        "backoff_s": 2,
        "concurrent_per_address": 4,
    } | overrides
    return SignInThrottle(clock=clock, **options)  # type: ignore[arg-type]


def _attempt(engine: Engine, throttle: SignInThrottle, name: str, address: str) -> int | None:
    """None when let through, else the Retry-After of the refusal."""
    with Session(engine) as session:
        try:
            throttle.count_attempt(session, name, address)
        except TooManyAttempts as refused:
            return int(refused.headers["Retry-After"])  # type: ignore[index]
    return None


def test_the_wait_doubles_up_to_the_window_and_is_forgotten_after_it(engine: Engine) -> None:
    clock, name = Clock(), f"u-{uuid.uuid4().hex[:8]}"
    throttle = _throttle(clock)
    assert [_attempt(engine, throttle, name, "10.9.0.1") for _ in range(3)] == [None] * 3
    waits = [_attempt(engine, throttle, name, "10.9.0.1") for _ in range(8)]
    assert waits[:5] == [4, 8, 16, 32, 60]  # doubling from 2 s, then the 60 s window
    assert set(waits[5:]) == {60}
    clock.now += timedelta(seconds=61)
    assert _attempt(engine, throttle, name, "10.9.0.1") is None  # forgotten
    assert _attempt(engine, throttle, name.upper(), "10.9.0.1") is None  # same name, any case


def test_after_the_wait_one_more_attempt_is_checked(engine: Engine) -> None:
    clock, name = Clock(), f"u-{uuid.uuid4().hex[:8]}"
    throttle = _throttle(clock)
    for _ in range(3):
        assert _attempt(engine, throttle, name, "10.9.1.1") is None
    assert _attempt(engine, throttle, name, "10.9.1.1") == 4
    clock.now += timedelta(seconds=5)
    assert _attempt(engine, throttle, name, "10.9.1.1") is None
    assert _attempt(engine, throttle, name, "10.9.1.1") == 16


def test_two_processes_share_the_count_and_a_right_password_clears_the_pair(
    engine: Engine,
) -> None:
    clock, name = Clock(), f"u-{uuid.uuid4().hex[:8]}"
    first, second = _throttle(clock), _throttle(clock)
    assert _attempt(engine, first, name, "10.9.2.1") is None
    assert _attempt(engine, second, name, "10.9.2.1") is None
    assert _attempt(engine, first, name, "10.9.2.1") is None
    assert _attempt(engine, second, name, "10.9.2.1") is not None
    with Session(engine) as session:
        first.forget_attempt(session, name, "10.9.2.1")
        session.commit()
    assert _attempt(engine, second, name, "10.9.2.1") is None


def test_the_table_never_holds_a_username(engine: Engine) -> None:
    clock, name = Clock(), f"typed-password-{uuid.uuid4().hex}"
    _attempt(engine, _throttle(clock), name, "10.9.3.1")
    with engine.connect() as connection:
        keys = connection.exec_driver_sql("SELECT key FROM sign_in_throttle").scalars().all()
    assert keys and not any(name in key or "10.9.3.1" in key for key in keys)
