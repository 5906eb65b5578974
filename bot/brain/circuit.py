"""A circuit breaker for the chat model: after a run of failures it is skipped for a cool-down."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

BreakerState = Literal["closed", "open", "half_open"]
BREAKER_STATES: tuple[BreakerState, ...] = ("closed", "open", "half_open")


class CircuitBreaker:
    """Decides whether the next question may go to the chat model.

    Closed: every call goes through. After `failures` failures in a row it opens: calls are
    refused (the caller answers offline at once) for `cool_down` seconds. Then one call goes
    through as a probe (half-open) while the others are still refused: its success closes the
    breaker, its failure opens it for another cool-down. One breaker per process; the event loop
    is its only user, so it needs no lock.
    """

    def __init__(
        self,
        failures: int = 3,
        cool_down: float = 30.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[BreakerState, BreakerState], None] | None = None,
    ) -> None:
        if failures < 1 or cool_down <= 0:
            raise ValueError("a breaker needs failures >= 1 and a positive cool-down")
        self.threshold = failures
        self.cool_down = cool_down
        self._clock = clock
        self._on_change = on_change
        self._state: BreakerState = "closed"
        self._failures = 0
        self._opened_at = 0.0
        self._probing = False

    @property
    def state(self) -> BreakerState:
        """The current state (`open` turns `half_open` only when a call is let through)."""
        return self._state

    @property
    def consecutive_failures(self) -> int:
        """Failures since the last success."""
        return self._failures

    def allow(self) -> bool:
        """Whether this call may go to the model; in half-open state only one probe at a time."""
        if self._state == "closed":
            return True
        if self._state == "open":
            if self._clock() - self._opened_at < self.cool_down:
                return False
            self._set("half_open")
        if self._probing:
            return False
        self._probing = True
        return True

    def record_success(self) -> None:
        """The model answered: close the breaker and forget earlier failures."""
        self._failures = 0
        self._probing = False
        self._set("closed")

    def record_failure(self) -> None:
        """The model failed (timeout, 5xx, connection...): count it, open the breaker at the threshold."""
        self._failures += 1
        was_probe = self._state == "half_open"
        self._probing = False
        if was_probe or self._failures >= self.threshold:
            self._opened_at = self._clock()
            self._set("open")

    def release(self) -> None:
        """The call ended without telling anything (cancelled): let another call probe."""
        self._probing = False

    def _set(self, state: BreakerState) -> None:
        if state == self._state:
            return
        before, self._state = self._state, state
        if self._on_change is not None:
            self._on_change(before, state)
