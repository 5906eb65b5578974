"""Real processes for fault tests: `python -m bot web` and a private, restartable `redis-server`.

Both write their output to files (never a pipe: a pipe nobody reads fills up and blocks the
process), keep their port across restarts (a load balancer or a Redis URL points at a fixed
address), and can be stopped politely (SIGTERM) or killed outright (SIGKILL).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

import aiohttp
import redis

from tests.support.redis_server import free_port

ROOT = Path(__file__).resolve().parents[2]
INHERITED_PREFIXES = ("BOT_", "SLACK_", "WEBCHAT_", "REDIS_", "DISCORD_", "INBOX_", "FILES_")


def clean_environment() -> dict[str, str]:
    """This process's environment without any Baton setting (a test's bot gets only what it is given)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(INHERITED_PREFIXES)}


def _tail(path: Path, lines: int) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


class BotProcess:
    """`python -m bot web` on a fixed loopback port, its output in files under `workdir`."""

    def __init__(self, name: str, env: Mapping[str, str], workdir: Path, port: int | None = None) -> None:
        self.name = name
        self.port = port or free_port()
        self.env = {**clean_environment(), "PYTHONUNBUFFERED": "1", **env,
                    "BOT_HOST": "127.0.0.1", "BOT_PORT": str(self.port)}
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.stdout_path = workdir / f"{name}.stdout.log"
        self.stderr_path = workdir / f"{name}.stderr.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._files: list[IO[bytes]] = []
        self.starts = 0

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT`, the same across restarts."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        """Whether the process was started and has not exited."""
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the process (output appended to its log files, so a restart keeps the history)."""
        if self.running:
            raise RuntimeError(f"bot {self.name} is already running")
        self._close_files()
        self.starts += 1
        stdout = open(self.stdout_path, "ab")  # noqa: SIM115 - closed in _close_files
        stderr = open(self.stderr_path, "ab")  # noqa: SIM115
        marker = f"----- start #{self.starts} of bot {self.name} on port {self.port} -----\n".encode()
        stderr.write(marker)
        stderr.flush()
        self._files = [stdout, stderr]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "web"], cwd=ROOT, env=self.env,
            stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
        )

    async def wait_ready(self, timeout: float = 120.0) -> None:
        """Wait until `GET /readyz` answers 200; fail with the process's log if it exits or never does."""
        if self.process is None:
            raise AssertionError(f"bot {self.name} was never started")
        await wait_ready(self.url, self.process, timeout=timeout, log=self.stderr_tail)

    async def ready_status(self) -> int | str:
        """The status of one `GET /readyz`, or why there was none and after how long."""
        started = time.monotonic()
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session, \
                    session.get(f"{self.url}/readyz") as response:
                return response.status
        except (TimeoutError, aiohttp.ClientError) as exc:
            return f"no answer after {time.monotonic() - started:.1f} s ({exc!r})"

    def kill9(self) -> None:
        """SIGKILL: the process dies at once, finishing nothing."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM (graceful shutdown); SIGKILL if it has not exited within `timeout`. Returns the exit code."""
        if self.process is None:
            return 0
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill9()
        return int(self.process.returncode)

    def returncode(self) -> int | None:
        """The exit code once exited, else None."""
        return None if self.process is None else self.process.poll()

    async def restart(self, timeout: float = 120.0) -> None:
        """Start again on the same port (killing the old process if it still runs) and wait until ready."""
        if self.running:
            self.kill9()
        self.start()
        await self.wait_ready(timeout)

    def stderr_tail(self, lines: int = 40) -> str:
        """The last lines the process wrote to stderr (for assertion messages)."""
        return _tail(self.stderr_path, lines)

    def stderr_text(self) -> str:
        """Everything the process (all its runs) wrote to stderr."""
        return self.stderr_path.read_text(encoding="utf-8", errors="replace") if self.stderr_path.exists() else ""

    def close(self) -> None:
        """Stop the process if it runs (SIGTERM, then SIGKILL) and close the log files."""
        if self.running:
            self.terminate(timeout=15)
        self._close_files()

    def _close_files(self) -> None:
        for handle in self._files:
            handle.close()
        self._files = []


class RedisProcess:
    """A private `redis-server` with an append-only file fsynced on every write, restartable in place."""

    def __init__(self, workdir: Path, port: int | None = None) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("the fault tests need the redis-server binary: apt-get install redis-server")
        self.binary = binary
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.log_path = workdir / "redis.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """`redis://127.0.0.1:PORT/0`, the same across restarts."""
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        """Whether the server process runs."""
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 15.0) -> None:
        """Start on the same port and data directory (loading what the append-only file holds)."""
        if self.running:
            raise RuntimeError("redis-server is already running")
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.workdir),
             "--logfile", str(self.log_path)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start:\n{_tail(self.log_path, 20)}")
            time.sleep(0.05)

    def answers(self) -> bool:
        """Whether the server answers PING (and has finished loading its data)."""
        try:
            client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1, socket_timeout=2)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except redis.RedisError:
            return False

    def stop(self, *, kill: bool = False, timeout: float = 15.0) -> None:
        """SIGTERM (Redis flushes and exits) or, with `kill`, SIGKILL; waits until the process is gone."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=timeout)

    def restart(self, *, kill: bool = False) -> None:
        """Stop and start again on the same port and directory."""
        self.stop(kill=kill)
        self.start()

    def close(self) -> None:
        """Stop the server and remove its data."""
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


async def wait_ready(
    url: str, process: subprocess.Popen, *, timeout: float = 120.0, log: Callable[[], str] = lambda: ""
) -> None:
    """Wait until the bot at `url` answers `GET /readyz` with 200; fail with `log()` (the tail of
    its log) if its process exits first or it is not ready within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"the bot at {url} exited ({process.returncode}):\n{log()}")
            try:
                async with session.get(f"{url}/readyz") as response:
                    if response.status == 200:
                        return
            except (TimeoutError, aiohttp.ClientError):
                pass
            await asyncio.sleep(0.2)
    raise AssertionError(f"the bot at {url} was not ready within {timeout:.0f} s:\n{log()}")
