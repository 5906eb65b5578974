"""Stopping background loops reliably."""

from __future__ import annotations

import asyncio
import contextlib
import logging

log = logging.getLogger(__name__)


async def stop_task(task: asyncio.Task[object] | None, timeout: float = 5.0) -> None:
    """Cancel a background loop and wait for it to end, for `timeout` seconds at most.

    The cancellation is repeated until the task ends: redis-py can turn a cancellation that
    arrives during a command into a connection error, which a loop that retries on Redis errors
    would swallow and carry on.
    """
    if task is None:
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not task.done() and loop.time() < deadline:
        task.cancel()
        await asyncio.wait([task], timeout=0.1)
    if not task.done():
        log.warning("background task %s did not stop within %ss", task.get_name(), timeout)
        return
    with contextlib.suppress(asyncio.CancelledError, Exception):
        task.result()
