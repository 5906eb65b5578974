"""A micro-batcher: calls made within a few milliseconds of each other share one blocking batch call."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


class MicroBatcher(Generic[In, Out]):
    """Collects single items and runs `batch_fn` on them together in a worker thread.

    One batch runs at a time: while it runs, newcomers queue up and go in the next batch, so under
    load batches grow by themselves and an idle caller waits at most `max_wait` seconds extra
    (0: one event-loop turn, so callers that became ready together still share a batch).
    `executor` picks the worker thread(s); a single dedicated thread suits a model whose math
    library keeps one thread team per calling thread.
    """

    def __init__(
        self,
        batch_fn: Callable[[list[In]], Sequence[Out]],
        *,
        max_batch: int = 64,
        max_wait: float = 0.001,
        executor: Executor | None = None,
    ) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._batch_fn = batch_fn
        self._max_batch = max_batch
        self._max_wait = max_wait
        self._executor = executor  # None: the loop's default thread pool
        self._pending: list[tuple[In, asyncio.Future[Out]]] = []
        self._worker: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.batches = 0  # how many batch calls ran (for benchmarks and tests)
        self.items = 0

    async def submit(self, item: In) -> Out:
        """The result of `batch_fn` for this one item, computed in a batch with its neighbours."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new event loop (e.g. a second asyncio.run): start afresh
            self._loop, self._pending, self._worker = loop, [], None
        future: asyncio.Future[Out] = loop.create_future()
        self._pending.append((item, future))
        if self._worker is None or self._worker.done():
            self._worker = loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            if len(self._pending) < self._max_batch:
                # Even with no window, one loop turn lets callers woken in the same turn join.
                await asyncio.sleep(self._max_wait)
            batch = self._pending[: self._max_batch]
            del self._pending[: self._max_batch]
            live = [(item, fut) for item, fut in batch if not fut.cancelled()]
            if not live:
                continue
            try:
                results = await loop.run_in_executor(self._executor, self._batch_fn, [item for item, _ in live])
            except Exception as exc:  # noqa: BLE001 - every waiter of this batch gets the error
                for _, fut in live:
                    if not fut.done():
                        fut.set_exception(exc)
                continue
            self.batches += 1
            self.items += len(live)
            for (_, fut), result in zip(live, results, strict=True):
                if not fut.done():
                    fut.set_result(result)
