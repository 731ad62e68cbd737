"""Failed sign-in counting per username and per client address (sliding window).

In memory and per process: with several API processes each counts on its own, so the
effective limit is multiplied by their number. Enough for one clinic's deployment; a shared
store (PostgreSQL or Redis) would be the next step.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from luna_api.errors import TooManyAttempts


class LoginLimiter:
    def __init__(
        self,
        *,
        max_failures: int,
        window_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max = max_failures
        self._window = window_s
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def keys(username: str, address: str) -> tuple[str, str]:
        return f"user:{username.strip().lower()}", f"addr:{address}"

    def _recent(self, key: str, now: float) -> deque[float]:
        stamps = self._failures.get(key, deque())
        while stamps and stamps[0] <= now - self._window:
            stamps.popleft()
        if not stamps:
            self._failures.pop(key, None)
        return stamps

    def check(self, username: str, address: str) -> None:
        """Raise TooManyAttempts if either the username or the address is over the limit."""
        with self._lock:
            now = self._clock()
            waits = [
                stamps[0] + self._window - now
                for key in self.keys(username, address)
                if len(stamps := self._recent(key, now)) >= self._max
            ]
        if waits:
            raise TooManyAttempts(retry_after_s=int(max(waits)) + 1)

    def record_failure(self, username: str, address: str) -> None:
        with self._lock:
            now = self._clock()
            for key in self.keys(username, address):
                self._failures.setdefault(key, deque()).append(now)
                stamps = self._failures[key]
                while len(stamps) > self._max:  # only the newest few matter
                    stamps.popleft()
            if len(self._failures) > 100_000:  # bound memory under a spray of names
                for key in list(self._failures):
                    self._recent(key, now)

    def record_success(self, username: str) -> None:
        """A correct password clears the username's failures (not the address's)."""
        with self._lock:
            self._failures.pop(self.keys(username, "")[0], None)
