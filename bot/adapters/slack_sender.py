"""Ordered delivery to Slack: one queue and one worker per thread, so a thread's posts keep
their order even while the SDK waits out a 429 or retries a 5xx."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[Any]]
RETRYABLE_STATUS = {429, 500, 502, 503, 504}


class OrderedSender:
    """Runs submitted Slack calls one at a time per key (a thread), in submission order.

    The SDK's retry handlers retry inside one call; on top of that a job that still fails with
    a rate limit, a server or a connection error is retried here, so nothing is lost or
    overtaken. Other errors (e.g. `channel_not_found`) are logged and the next job runs.
    """

    def __init__(self, *, attempts: int = 3, backoff: float = 1.0) -> None:
        self.attempts = attempts
        self.backoff = backoff
        self._queues: dict[Hashable, asyncio.Queue[tuple[Job, str, asyncio.Future[Any]]]] = {}
        self._workers: dict[Hashable, asyncio.Task[None]] = {}

    def submit(self, key: Hashable, job: Job, what: str) -> asyncio.Future[Any]:
        """Queue `job` behind earlier jobs of `key`; the future gets its result (awaiting is optional)."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        future.add_done_callback(_consume)
        queue = self._queues.setdefault(key, asyncio.Queue())
        queue.put_nowait((job, what, future))
        worker = self._workers.get(key)
        if worker is None or worker.done():
            self._workers[key] = asyncio.create_task(self._work(key, queue), name=f"slack-send:{key}")
        return future

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for queued jobs to finish (used on shutdown and in tests)."""
        workers = [w for w in self._workers.values() if not w.done()]
        if workers:
            await asyncio.wait(workers, timeout=timeout)

    async def stop(self, timeout: float = 5.0) -> None:
        """Let queued jobs finish for up to `timeout` seconds, then cancel the rest."""
        await self.drain(timeout)
        for worker in self._workers.values():
            worker.cancel()
        self._workers.clear()
        self._queues.clear()

    async def _work(self, key: Hashable, queue: asyncio.Queue[tuple[Job, str, asyncio.Future[Any]]]) -> None:
        while not queue.empty():
            job, what, future = queue.get_nowait()
            try:
                result = await self._attempt(job, what)
            except Exception as exc:  # noqa: BLE001 - reported on the future and in the log
                log.error("slack %s failed for %s: %s", what, key, exc)
                future.set_exception(exc)
            else:
                future.set_result(result)
        # No await between the empty check and leaving: a job submitted now starts a new worker.
        if self._queues.get(key) is queue:
            del self._queues[key]
            self._workers.pop(key, None)

    async def _attempt(self, job: Job, what: str) -> Any:
        for attempt in range(1, self.attempts + 1):
            try:
                return await job()
            except SlackApiError as exc:
                if exc.response.status_code not in RETRYABLE_STATUS or attempt == self.attempts:
                    raise
                log.warning("slack %s answered %s; retrying", what, exc.response.status_code)
            except (aiohttp.ClientError, asyncio.TimeoutError):
                if attempt == self.attempts:
                    raise
                log.warning("slack %s: connection failed; retrying", what)
            await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")


def _consume(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()  # mark retrieved: failures are already logged
