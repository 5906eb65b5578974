"""Waiting in tests for something to happen: poll a condition until it holds, with a deadline.

For positive waits only ("the answer arrives", "the card is posted"). To show that something
does *not* happen (no second answer), don't wait a while and look: send a later probe through
the same ordered path and wait for its own, recognisable result (tests/support/probes.py);
once it has come through, anything the earlier message would have caused has happened.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")


async def eventually(
    check: Callable[[], T | Awaitable[T]],
    timeout: float = 10.0,
    *,
    interval: float = 0.05,
    what: str | Callable[[], str] | None = None,
) -> T:
    """Call `check()` (plain or async) until it returns something truthy, and return that.

    After `timeout` seconds fail with AssertionError, saying what did not happen: `what` (a text,
    or a function giving one, called only then, for the state at that moment).
    """
    deadline = time.monotonic() + timeout
    while True:
        value: Any = check()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value  # type: ignore[no-any-return]
        if time.monotonic() >= deadline:
            described = what() if callable(what) else what
            raise AssertionError(f"not within {timeout:g} s: {described or getattr(check, '__name__', 'the check')}")
        await asyncio.sleep(interval)
