"""Failed sign-in counting per username and per client address (sliding window).

The failures live in PostgreSQL, so every API process, and every API replica, counts the
same attempts: running more of them does not multiply the limit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from luna_api.errors import TooManyAttempts
from luna_api.models import SignInFailure


def _utc_now() -> datetime:
    return datetime.now(UTC)


class LoginLimiter:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        max_failures: int,
        window_s: float,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._sessions = session_factory
        self._max = max_failures
        self._window = timedelta(seconds=window_s)
        self._clock = clock

    @staticmethod
    def keys(username: str, address: str) -> tuple[str, str]:
        return f"user:{username.strip().lower()}", f"addr:{address}"

    def check(self, username: str, address: str) -> None:
        """Raise TooManyAttempts if either the username or the address is over the limit."""
        now = self._clock()
        waits = []
        with self._sessions() as session:
            for key in self.keys(username, address):
                # The max-th newest failure in the window: it decides when the key is free again.
                oldest_that_counts = session.scalar(
                    select(SignInFailure.failed_at)
                    .where(SignInFailure.key == key, SignInFailure.failed_at > now - self._window)
                    .order_by(SignInFailure.failed_at.desc())
                    .offset(self._max - 1)
                    .limit(1)
                )
                if oldest_that_counts is not None:
                    waits.append((oldest_that_counts + self._window - now).total_seconds())
        if waits:
            raise TooManyAttempts(retry_after_s=int(max(waits)) + 1)

    def record_failure(self, username: str, address: str) -> None:
        now = self._clock()
        with self._sessions.begin() as session:
            session.add_all(
                SignInFailure(key=key, failed_at=now) for key in self.keys(username, address)
            )
            # Expired failures go as new ones come, so a spray of names cannot grow the table.
            session.execute(
                delete(SignInFailure).where(SignInFailure.failed_at <= now - self._window)
            )

    def record_success(self, username: str) -> None:
        """A correct password clears the username's failures (not the address's)."""
        with self._sessions.begin() as session:
            session.execute(
                delete(SignInFailure).where(SignInFailure.key == self.keys(username, "")[0])
            )
