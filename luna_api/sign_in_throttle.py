"""Sign-in throttling keyed on (username, client address), with a ceiling per address.

Every attempt is counted before the password is checked, by one atomic statement
(``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``), so parallel guesses cannot race past the
limit; a right password takes its attempt back. From the ``max_failures``-th failure a key
is blocked, and each further attempt doubles the wait (``Retry-After``), up to the window.
Nothing sleeps: a blocked attempt is refused at once and costs no password check.

A correct password from an address that did not fail is never refused for another address's
failures: the pair includes the address. The counts live in PostgreSQL, so all API processes
share them. Keys are hashed: a username typed by mistake (perhaps a password) is never stored.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from luna_api.errors import TooManyAttempts


def _utc_now() -> datetime:
    return datetime.now(UTC)


# One statement counts the attempt for both keys and says whether each let it through.
_COUNT_ATTEMPT = text(
    """
    INSERT INTO sign_in_throttle AS t (key, failures, blocked_until, last_attempt_at, admitted)
    VALUES (:pair, 1, :pair_first_block, :now, true), (:addr, 1, :addr_first_block, :now, true)
    ON CONFLICT (key) DO UPDATE SET
        admitted = (t.last_attempt_at <= :forget_before
                    OR t.blocked_until IS NULL OR t.blocked_until <= :now),
        failures = CASE WHEN t.last_attempt_at <= :forget_before THEN 1
                        ELSE t.failures + 1 END,
        blocked_until = CASE
            WHEN (CASE WHEN t.last_attempt_at <= :forget_before THEN 1 ELSE t.failures + 1 END)
                 >= (CASE WHEN t.key = :addr THEN :addr_max ELSE :pair_max END)
            THEN :now + make_interval(secs => LEAST(:cap_s, :base_s * power(2, LEAST(30,
                 (CASE WHEN t.last_attempt_at <= :forget_before THEN 1 ELSE t.failures + 1 END)
                 - (CASE WHEN t.key = :addr THEN :addr_max ELSE :pair_max END)))))
            ELSE NULL END,
        last_attempt_at = :now
    RETURNING key, admitted, blocked_until
    """
)

# Take one attempt back: a right password, or an attempt the other key refused.
_UNCOUNT = text(
    """
    UPDATE sign_in_throttle SET
        failures = GREATEST(failures - 1, 0),
        blocked_until = CASE WHEN failures - 1 >= :max THEN blocked_until ELSE NULL END
    WHERE key = :key
    """
)


class SignInThrottle:
    """Counts sign-in attempts in the users database; see the module's docstring."""

    def __init__(
        self,
        *,
        max_failures: int,
        max_failures_per_address: int,
        window_s: float,
        backoff_s: float,
        concurrent_per_address: int,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._pair_max = max_failures
        self._addr_max = max_failures_per_address
        self._window = timedelta(seconds=window_s)
        self._backoff_s = backoff_s
        self._concurrent = concurrent_per_address
        self._clock = clock
        self._checking: Counter[str] = Counter()
        self._checking_lock = threading.Lock()

    @staticmethod
    def keys(username: str, address: str) -> tuple[str, str]:
        """The pair's key and the address's key."""
        pair = hashlib.sha256(f"{username.strip().casefold()}\0{address}".encode()).hexdigest()
        addr = hashlib.sha256(address.encode()).hexdigest()
        return f"pair:{pair}", f"addr:{addr}"

    @contextmanager
    def checking(self, address: str) -> Iterator[None]:
        """Hold one of the address's few places for a password check in this process.

        A burst from one address then costs at most a few hash computations at a time, and
        a sign-in from elsewhere still finds a core. Over the limit: 429, retry in a second.
        """
        with self._checking_lock:
            if self._checking[address] >= self._concurrent:
                raise TooManyAttempts(retry_after_s=1)
            self._checking[address] += 1
        try:
            yield
        finally:
            with self._checking_lock:
                self._checking[address] -= 1
                if self._checking[address] <= 0:
                    del self._checking[address]

    def _first_block(self, maximum: int, now: datetime) -> datetime | None:
        return now + timedelta(seconds=self._backoff_s) if maximum <= 1 else None

    def count_attempt(self, session: Session, username: str, address: str) -> None:
        """Count one attempt (committed at once); TooManyAttempts when a key is blocked."""
        now = self._clock()
        pair, addr = self.keys(username, address)
        rows = session.execute(
            _COUNT_ATTEMPT,
            {
                "pair": pair,
                "addr": addr,
                "now": now,
                "forget_before": now - self._window,
                "pair_max": self._pair_max,
                "addr_max": self._addr_max,
                "pair_first_block": self._first_block(self._pair_max, now),
                "addr_first_block": self._first_block(self._addr_max, now),
                "base_s": float(self._backoff_s),
                "cap_s": self._window.total_seconds(),
            },
        ).all()
        refused = {row.key: row.blocked_until for row in rows if not row.admitted}
        if refused:
            # An attempt the pair refused does not count against everyone behind the address.
            for key in {pair, addr} - refused.keys():
                session.execute(_UNCOUNT, {"key": key, "max": self._max_of(key)})
        session.commit()  # release the row locks before the slow password check
        if refused:
            wait = max(
                ((until - now).total_seconds() for until in refused.values() if until),
                default=1.0,
            )
            raise TooManyAttempts(retry_after_s=math.ceil(wait))

    def _max_of(self, key: str) -> int:
        return self._addr_max if key.startswith("addr:") else self._pair_max

    def forget_attempt(self, session: Session, username: str, address: str) -> None:
        """A right password: the pair starts afresh, the address gets its attempt back."""
        pair, addr = self.keys(username, address)
        session.execute(text("DELETE FROM sign_in_throttle WHERE key = :key"), {"key": pair})
        session.execute(_UNCOUNT, {"key": addr, "max": self._addr_max})

    def forget_stale(self, session: Session) -> None:
        """Drop keys idle for longer than the window, so a spray of names cannot grow the table."""
        now = self._clock()
        session.execute(
            text(
                "DELETE FROM sign_in_throttle WHERE last_attempt_at < :before "
                "AND (blocked_until IS NULL OR blocked_until < :now)"
            ),
            {"before": now - self._window, "now": now},
        )
