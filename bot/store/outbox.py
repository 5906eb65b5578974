"""Durable, ordered delivery to an outside service (Slack, Discord): every outbound job is
written to Redis before it is sent and removed after the service accepted it, so a process that
dies mid-burst loses nothing.

Jobs are JSON objects in one Redis list per queue (a conversation, or `alerts`). One process at
a time works a queue (a lock with a token, renewed while it works; a dead holder's lock
expires), in order, and a job is popped only after it succeeded. Every process scans for queues
nobody is working (a crashed process's) and takes them over. A job that may already have
reached the service before a crash is run with `resumed=True`, so the runner can make sure it
does not post twice (Slack: the job id in message metadata; Discord: a nonce per part).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from bot.tasks import stop_task

log = logging.getLogger(__name__)

Job = dict[str, Any]
Runner = Callable[[Job, bool], Awaitable[None]]
IsTransient = Callable[[BaseException], bool]
OnGiveUp = Callable[[str, Job, BaseException], Awaitable[None]]

LOCK_MS = 15_000
RENEW_SECONDS = 5.0
ATTEMPT_TTL = 7 * 24 * 3600
DEAD_MAX = 1000

# One step of working a queue, for the holder of its lock (token ARGV[1]): take the lock if it is
# free (ARGV[5] = its expiry in ms, or '' to only go on holding it), pop the job just sent
# (ARGV[6] = its attempt key, or ''), then hand out the next job and whether it was tried before
# (its attempt key, ARGV[4] .. id, is set for ARGV[3] s) unless ARGV[7] is '1' (stopping: pop
# only, {2}). Returns {-1} when the lock is someone else's, {0} when the queue is empty (then
# forgotten and its lock let go, in the same step, so a job pushed meanwhile is either handed out
# here or finds the lock free), else {1, job, 0|1}.
_ADVANCE = """
local holder = redis.call('GET', KEYS[3])
if holder ~= ARGV[1] then
  if holder or ARGV[5] == '' then return {-1} end
  redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[5])
end
if ARGV[6] ~= '' then
  redis.call('LPOP', KEYS[1])
  redis.call('DEL', ARGV[6])
end
if ARGV[7] == '1' then return {2} end
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then
  redis.call('SREM', KEYS[2], ARGV[2])
  redis.call('DEL', KEYS[3])
  return {0}
end
local ok, job = pcall(cjson.decode, head)
local id = ok and type(job) == 'table' and job['id'] or '-'
local fresh = redis.call('SET', ARGV[4] .. tostring(id), ARGV[1], 'NX', 'EX', ARGV[3])
return {1, head, fresh and 0 or 1}
"""

# Queue jobs (ARGV[4..]) on queue ARGV[1]; with a once-key (KEYS[3]), only the first time.
_PUT = """
if ARGV[2] ~= '' then
  if not redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[3]) then return 0 end
end
for i = 4, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
redis.call('SADD', KEYS[2], ARGV[1])
return 1
"""

_RENEW = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class PermanentJobError(Exception):
    """A job that can never succeed (e.g. its conversation is gone); it is set aside, not retried."""


@dataclass(frozen=True, slots=True)
class OutboxKeys:
    """The Redis keys of one outbox, under a namespace such as `baton:slack:outbox`."""

    namespace: str

    def queue(self, name: str) -> str:
        """List (JSON jobs): jobs waiting to be sent, oldest first."""
        return f"{self.namespace}:{name}"

    def queues(self) -> str:
        """Set: queues that have jobs waiting."""
        return f"{self.namespace}-queues"

    def lock(self, name: str) -> str:
        """String with expiry: the token of the process working a queue."""
        return f"{self.namespace}-lock:{name}"

    def attempt(self, job_id: str) -> str:
        """String with expiry: a job was tried at least once (it may have reached the service)."""
        return f"{self.namespace}-attempt:{job_id}"

    def once(self, key: str) -> str:
        """String with expiry: jobs put with this once-key were queued already."""
        return f"{self.namespace}-once:{key}"

    def dead(self) -> str:
        """List: jobs the service refused for good, newest first, for staff to look at."""
        return f"{self.namespace}-dead"


class DurableOutbox:
    """Queues of jobs in Redis, worked in order by whichever live process holds each queue.

    `run(job, resumed)` sends one job. A failure `is_transient` says is worth retrying is
    retried with backoff, then left first in line for a later scan (order is kept, nothing is
    dropped); any other failure sets the job aside (`on_give_up` is told) and the queue goes on.
    """

    def __init__(
        self,
        redis: aioredis.Redis,
        namespace: str,
        run: Runner,
        *,
        is_transient: IsTransient,
        on_give_up: OnGiveUp | None = None,
        scan_seconds: float = 1.0,
        attempts: int = 3,
        backoff: float = 1.0,
    ) -> None:
        self.redis = redis
        self.keys = OutboxKeys(namespace)
        self.run = run
        self.is_transient = is_transient
        self.on_give_up = on_give_up
        self.scan_seconds = scan_seconds
        self.attempts = attempts
        self.backoff = backoff
        self.depth = 0  # jobs waiting across all queues at the last scan (for /metrics)
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._again: set[str] = set()
        self._scanner: asyncio.Task[None] | None = None
        self._stopping = False
        self._advance = redis.register_script(_ADVANCE)
        self._renew = redis.register_script(_RENEW)
        self._put = redis.register_script(_PUT)
        self._release = redis.register_script(_RELEASE)

    async def start(self) -> None:
        """Start taking over queues that no live process works (left by a crash or a restart)."""
        self._stopping = False
        if self._scanner is None:
            self._scanner = asyncio.create_task(self._scan_loop(), name=f"{self.keys.namespace}-scan")

    async def stop(self, timeout: float = 5.0) -> None:
        """Let running queues finish for up to `timeout` seconds; what is left stays in Redis."""
        await stop_task(self._scanner)
        self._scanner = None
        workers = [w for w in self._workers.values() if not w.done()]
        if workers:
            await asyncio.wait(workers, timeout=timeout)
        self._stopping = True
        for worker in self._workers.values():
            worker.cancel()
        if workers:
            await asyncio.wait(workers, timeout=1)
        self._workers.clear()

    async def put(self, queue: str, *jobs: Job, once: str | None = None) -> bool:
        """Write jobs (in order) behind the queue's earlier ones, then start working the queue.

        With `once` (e.g. "the mirror of message X"), jobs already put under that key are not
        put again (a message taken over after a crash is not mirrored twice); returns False then.
        """
        if not jobs:
            return False
        encoded = [json.dumps({"id": uuid.uuid4().hex, **job}) for job in jobs]
        queued = await self._put(
            keys=[self.keys.queue(queue), self.keys.queues(), self.keys.once(once or "-")],
            args=[queue, once or "", ATTEMPT_TTL, *encoded],
        )
        if queued:
            self._kick(queue)
        return bool(queued)

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait until every queue is empty (tests; shutdown uses `stop`)."""
        async with asyncio.timeout(timeout):
            while await self.redis.scard(self.keys.queues()):
                await asyncio.sleep(0.05)

    async def pending(self) -> int:
        """Jobs waiting across all queues right now."""
        queues = await self.redis.smembers(self.keys.queues())
        if not queues:
            return 0
        async with self.redis.pipeline(transaction=False) as pipe:
            for queue in queues:
                pipe.llen(self.keys.queue(queue))
            return sum(int(n) for n in await pipe.execute())

    # -- working a queue ---------------------------------------------------------------------

    def _kick(self, queue: str) -> None:
        if self._stopping:
            return
        worker = self._workers.get(queue)
        if worker is not None and not worker.done():
            self._again.add(queue)  # it may be finishing: make it look once more
            return
        self._workers[queue] = asyncio.create_task(self._work(queue), name=f"{self.keys.namespace}:{queue}")
        self._workers[queue].add_done_callback(lambda _: self._forget(queue))

    def _forget(self, queue: str) -> None:
        worker = self._workers.get(queue)
        if worker is not None and worker.done():
            del self._workers[queue]

    async def _work(self, queue: str) -> None:
        while True:
            self._again.discard(queue)
            try:
                await self._work_once(queue)
            except RedisError as exc:
                log.warning("%s: redis failed while working %s: %s", self.keys.namespace, queue, exc)
                return  # the scan comes back to it
            if queue not in self._again or self._stopping:
                return

    async def _work_once(self, queue: str) -> None:
        lock, items = self.keys.lock(queue), self.keys.queue(queue)
        token = uuid.uuid4().hex
        sent: str | None = None  # the attempt key of the job just sent, popped by the next step
        renewer: asyncio.Task[None] | None = None
        holding = False
        try:
            while True:
                step = await self._advance(
                    keys=[items, self.keys.queues(), lock],
                    args=[token, queue, ATTEMPT_TTL, self.keys.attempt(""),
                          LOCK_MS if renewer is None else "", sent or "", "1" if self._stopping else ""],
                )
                outcome = int(step[0])
                holding = outcome > 0
                if outcome < 0 and sent is not None:
                    log.warning("%s: lost the lock of %s; another process goes on", self.keys.namespace, queue)
                if outcome != 1:
                    # -1: another process works this queue (it will see our jobs); 0: empty, so
                    # forgotten and its lock let go; 2: stopping, the job just sent popped.
                    return
                renewer = renewer or asyncio.create_task(self._keep(lock, token))
                job, resumed = json.loads(step[1]), bool(int(step[2]))
                # A job already tried (by a process that died, or by us before a failure) may
                # have reached the service: the runner checks before sending it again.
                if not await self._attempt(queue, job, resumed):
                    return  # the service keeps failing: the job stays first in line for the next scan
                sent = self.keys.attempt(str(job.get("id")))
        finally:
            if renewer is not None:
                renewer.cancel()
            if holding:  # (an empty queue's last step let go of the lock already)
                with contextlib.suppress(RedisError):
                    await self._release(keys=[lock], args=[token])

    async def _attempt(self, queue: str, job: Job, resumed: bool) -> bool:
        """Run a job with retries; False when the service or the network keep failing (retry later)."""
        what = f"{self.keys.namespace} {job.get('op', '?')}"
        for attempt in range(1, self.attempts + 1):
            try:
                await self.run(job, resumed)
                return True
            except RedisError:
                raise
            except Exception as exc:
                if isinstance(exc, PermanentJobError) or not self.is_transient(exc):
                    await self._set_aside(queue, job, exc)
                    return True
                log.warning("%s for %s failed (%s); retrying", what, queue, _describe(exc))
            resumed = True  # the failed call may still have landed
            if attempt < self.attempts:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
        log.error("%s for %s still failing after %s attempts; kept for later", what, queue, self.attempts)
        return False

    async def _set_aside(self, queue: str, job: Job, error: BaseException) -> None:
        why = _describe(error)
        log.error("%s %s for %s can never be sent (%s); set aside in %s",
                  self.keys.namespace, job.get("op"), queue, why, self.keys.dead())
        if self.on_give_up is not None:
            await self.on_give_up(queue, job, error)
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.lpush(self.keys.dead(), json.dumps({"queue": queue, "why": why, "job": job}))
            pipe.ltrim(self.keys.dead(), 0, DEAD_MAX - 1)
            await pipe.execute()

    async def _keep(self, lock: str, token: str) -> None:
        with contextlib.suppress(RedisError):
            while True:
                await asyncio.sleep(RENEW_SECONDS)
                if not await self._renew(keys=[lock], args=[token, LOCK_MS]):
                    return

    async def _scan_loop(self) -> None:
        while True:
            await asyncio.sleep(self.scan_seconds)
            try:
                queues = await self.redis.smembers(self.keys.queues())
                for queue in queues:
                    if queue not in self._workers:
                        self._kick(queue)
                self.depth = await self.pending() if queues else 0
            except RedisError as exc:
                log.warning("%s: scan failed: %s", self.keys.namespace, exc)


def _describe(exc: BaseException) -> str:
    return (f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)[:300]
