"""Abuse benchmark: one abusive web-chat client against the per-client budgets, while a few
normal customers keep asking questions (docs/webchat-protocol.md, "Per-client budgets").

    .venv/bin/python bench/abuse.py [--sockets 1000] [--conversations 100] [--spoofed 20]
        [--messages 300] [--customers 5] [--baseline 10] [--redis-url redis://127.0.0.1:6379/0]

Loopback only, bounded (every phase has a size and a deadline; the whole run stops after
`--max-seconds`). Starts one `python -m bot web` on a free port with a fresh Redis key prefix
(deleted afterwards), as bench/load.py does and with its helpers, with the default budgets
(`WEBCHAT_MAX_SOCKETS_PER_CLIENT` 20, `WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE` 10,
`WEBCHAT_CLIENT_RATE_PER_MINUTE` 60, `WEBCHAT_RATE_PER_MINUTE` 20) and the tests' keyword rules
(tests/fixtures/rules/handoff.yaml: the routine questions are answered, never handed off). No
proxy: each party is a client of its own because its sockets are bound to its own loopback
address (the abuser 127.0.0.66, the customers 127.0.0.11, .12, ...).

1. baseline: the customers ask alone for `--baseline` seconds.
2. sockets: the abuser opens `--sockets` sockets at once, says no hello and holds what it gets;
   then hangs them up.
3. conversations: it sends `--conversations` hellos without a session (10 at a time), keeping
   the sockets that are welcomed.
4. spoofed: `--spoofed` more hellos, each with a made-up `X-Forwarded-For` (the abuser is not a
   trusted proxy, so the header is ignored).
5. messages: `--messages` messages as fast as it can, spread over its conversations.
Meanwhile each customer asks a question (bench/data/retrieval_questions.jsonl), waits for the
answer, pauses 0.5-1.5 s, and asks again, until the abuse is over.

Prints Markdown tables: per limit, the abuser's attempts, what was accepted and what was refused
with which code; the customers' questions, answers and time to answer (send -> answer shown)
alone and during the abuse; and what Redis holds afterwards. The conversation and message phases
start early in a clock minute, so that each budget is one window.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import aiohttp
import redis.asyncio as aioredis
from load import (
    BotProcess,
    build_index,
    delete_prefix,
    free_port,
    log_summary,
    stop_bot,
    wait_ready,
)
from load_client import percentile

ABUSER = "127.0.0.66"
CUSTOMERS = "127.0.0.{}"  # .11, .12, ...
RULES = ROOT / "tests" / "fixtures" / "rules" / "handoff.yaml"
QUESTIONS = ROOT / "bench" / "data" / "retrieval_questions.jsonl"
LIMITS = {  # the defaults the bot runs with (bot/settings.py)
    "WEBCHAT_MAX_SOCKETS_PER_CLIENT": 20,
    "WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE": 10,
    "WEBCHAT_CLIENT_RATE_PER_MINUTE": 60,
    "WEBCHAT_RATE_PER_MINUTE": 20,
}


@dataclass
class Row:
    """One limit's line in the table: the abuser's attempts and how each ended."""

    limit: str
    setting: str
    attempts: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


@dataclass
class Customers:
    """The normal customers' questions and answers, by phase."""

    phase: str = "baseline"
    asked: Counter[str] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"baseline": [], "abuse": []})
    errors: Counter[str] = field(default_factory=Counter)
    stop: asyncio.Event = field(default_factory=asyncio.Event)


def connector(address: str) -> aiohttp.TCPConnector:
    """Connections from `address` (a loopback address of this party's own), as many as asked."""
    return aiohttp.TCPConnector(local_addr=(address, 0), limit=0, force_close=True)


def questions() -> list[str]:
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["text"] for r in rows if r.get("role", "buyer") == "buyer"]


# -- the bot ------------------------------------------------------------------------------------


def start_bot(args: argparse.Namespace, prefix: str, logs: Path) -> BotProcess:
    port = free_port()
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("BOT_", "SLACK_", "WEBCHAT_", "REDIS_", "DISCORD_", "INBOX_"))}
    env = {
        **clean,
        "REDIS_URL": args.redis_url,
        "BOT_REDIS_PREFIX": prefix,
        "BOT_HOST": "127.0.0.1",
        "BOT_PORT": str(port),
        "BOT_INDEX_DIR": str(args.index),
        "BOT_RULES": str(RULES),
        "LOG_LEVEL": "WARNING",
        "HF_HUB_OFFLINE": "1",
        **{name: str(value) for name, value in LIMITS.items()},
    }
    log_path = logs / "bot.log"
    with log_path.open("wb") as log_file:
        popen = subprocess.Popen([sys.executable, "-m", "bot", "web"], cwd=ROOT, env=env,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log_file)
    return BotProcess(popen, f"http://127.0.0.1:{port}", log_path)


# -- the normal customers -----------------------------------------------------------------------


async def customer(number: int, url: str, texts: list[str], state: Customers, timeout: float) -> None:
    """Ask, wait for the answer, pause, ask again, until told to stop."""
    rng = random.Random(number)
    async with aiohttp.ClientSession(connector=connector(CUSTOMERS.format(11 + number))) as http:
        ws = await http.ws_connect(f"{url}/chat/ws", max_msg_size=0)
        await ws.send_json({"type": "hello"})
        while (await ws.receive_json(timeout=timeout)).get("type") != "welcome":
            pass
        asked = 0
        while not state.stop.is_set():
            asked += 1
            phase = state.phase
            client_id = f"customer{number}-{asked}"
            text = f"{rng.choice(texts)} ({asked})"
            sent = time.monotonic()
            await ws.send_json({"type": "message", "client_id": client_id, "text": text})
            state.asked[phase] += 1
            acked = False
            while True:
                try:
                    frame = await ws.receive_json(timeout=max(0.1, sent + timeout - time.monotonic()))
                except TimeoutError:
                    state.errors["no answer in time"] += 1
                    break
                if frame.get("type") == "error":
                    state.errors[str(frame.get("code"))] += 1
                    if frame.get("client_id") == client_id:
                        break
                elif frame.get("type") == "ack" and frame.get("client_id") == client_id:
                    acked = True
                elif acked and frame.get("type") == "message" and frame.get("author") in ("bot", "system"):
                    state.latencies[phase].append(time.monotonic() - sent)
                    break
            await asyncio.sleep(0.5 + rng.random())
        await ws.close()


# -- the abuser ---------------------------------------------------------------------------------


async def outcome_of(ws: aiohttp.ClientWebSocketResponse, wait: float) -> str:
    """How a socket ended up: `welcome`, an error code (with its close code), or `silent`."""
    code = ""
    deadline = time.monotonic() + wait
    while True:
        try:
            message = await ws.receive(timeout=max(0.05, deadline - time.monotonic()))
        except TimeoutError:
            return "silent"
        if message.type != aiohttp.WSMsgType.TEXT:
            return f"{code or message.type.name.lower()} (close {ws.close_code})"
        frame = json.loads(message.data)
        if frame.get("type") == "welcome":
            return "welcome"
        if frame.get("type") == "error":
            code = str(frame.get("code"))


async def flood_sockets(http: aiohttp.ClientSession, url: str, count: int) -> Row:
    row = Row("open sockets, no hello",
              f"WEBCHAT_MAX_SOCKETS_PER_CLIENT = {LIMITS['WEBCHAT_MAX_SOCKETS_PER_CLIENT']} per process")
    held: list[aiohttp.ClientWebSocketResponse] = []

    async def one() -> None:
        try:
            ws = await http.ws_connect(f"{url}/chat/ws", max_msg_size=0)
        except aiohttp.ClientError as exc:
            row.outcomes[f"connect failed ({exc.__class__.__name__})"] += 1
            return
        result = await outcome_of(ws, 3.0)  # a refusal comes at once; an accepted socket stays silent
        if result == "silent":
            row.outcomes["accepted (held open)"] += 1
            held.append(ws)
        else:
            row.outcomes[result] += 1

    started = time.monotonic()
    row.attempts = count
    await asyncio.gather(*(one() for _ in range(count)))
    row.seconds = time.monotonic() - started
    for ws in held:
        await ws.close()
    return row


async def flood_hellos(http: aiohttp.ClientSession, url: str, count: int, keep: list[Any], *,
                       spoof: bool) -> Row:
    name = "new conversations, made-up X-Forwarded-For" if spoof else "new conversations (hello, no session)"
    row = Row(name,
              f"WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE = {LIMITS['WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE']} a minute")
    gate = asyncio.Semaphore(10)

    async def one() -> None:
        async with gate:
            headers = {"X-Forwarded-For": f"198.51.100.{random.randint(1, 254)}"} if spoof else {}
            ws = await http.ws_connect(f"{url}/chat/ws", headers=headers, max_msg_size=0)
            await ws.send_json({"type": "hello"})
            result = await outcome_of(ws, 10.0)
            if result == "welcome":
                row.outcomes["accepted (conversation started)"] += 1
                keep.append(ws)
            else:
                row.outcomes[result] += 1
                await ws.close()

    started = time.monotonic()
    row.attempts = count
    await asyncio.gather(*(one() for _ in range(count)))
    row.seconds = time.monotonic() - started
    return row


async def flood_messages(sockets: list[aiohttp.ClientWebSocketResponse], count: int) -> Row:
    row = Row("messages across its conversations",
              f"WEBCHAT_CLIENT_RATE_PER_MINUTE = {LIMITS['WEBCHAT_CLIENT_RATE_PER_MINUTE']} a minute "
              f"(and {LIMITS['WEBCHAT_RATE_PER_MINUTE']} per conversation)")
    shares = [count // len(sockets) + (1 if i < count % len(sockets) else 0) for i in range(len(sockets))]

    async def one(i: int, ws: aiohttp.ClientWebSocketResponse, share: int) -> None:
        ids = [f"abuse-{i}-{n}" for n in range(share)]
        for client_id in ids:
            await ws.send_json({"type": "message", "client_id": client_id, "text": f"spam {client_id} buy now"})
        pending = set(ids)
        deadline = time.monotonic() + 30
        while pending and time.monotonic() < deadline:
            try:
                frame = await ws.receive_json(timeout=max(0.05, deadline - time.monotonic()))
            except (TimeoutError, TypeError):
                break
            if frame.get("client_id") in pending and frame.get("type") in ("ack", "error"):
                pending.discard(frame["client_id"])
                row.outcomes["accepted (stored)" if frame["type"] == "ack" else str(frame.get("code"))] += 1
        row.outcomes["no reply"] += len(pending)
        if not row.outcomes["no reply"]:
            del row.outcomes["no reply"]

    started = time.monotonic()
    row.attempts = sum(shares)
    await asyncio.gather(*(one(i, ws, share) for i, (ws, share) in enumerate(zip(sockets, shares, strict=True))))
    row.seconds = time.monotonic() - started
    return row


async def early_in_a_minute(margin: float = 25.0) -> None:
    """Wait until at least `margin` seconds of the current clock minute are left."""
    left = 60 - time.time() % 60
    if left < margin:
        await asyncio.sleep(left + 0.2)


# -- what Redis holds ---------------------------------------------------------------------------


async def stored(redis: aioredis.Redis, prefix: str) -> dict[str, int]:
    pattern = re.compile(re.escape(prefix) + r"conv:[0-9a-f]{32}")
    kept = expiring = 0
    async for key in redis.scan_iter(match=f"{prefix}conv:*", count=1000):
        if pattern.fullmatch(key):
            if await redis.ttl(key) > 0:
                expiring += 1
            else:
                kept += 1
    return {"kept": kept, "expiring": expiring}


# -- the run ------------------------------------------------------------------------------------


def fmt(values: list[float]) -> str:
    return f"{percentile(values, 50) * 1000:.0f} ms" if values else "-"


def fmt95(values: list[float]) -> str:
    return f"{percentile(values, 95) * 1000:.0f} ms" if values else "-"


async def run(args: argparse.Namespace) -> int:
    prefix = f"abuse:{uuid.uuid4().hex[:10]}:"
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    redis = aioredis.from_url(args.redis_url, decode_responses=True)
    bot = start_bot(args, prefix, logs)
    state = Customers()
    rows: list[Row] = []
    try:
        await wait_ready(bot)
        texts = questions()
        customers = [asyncio.create_task(customer(n, bot.url, texts, state, args.answer_timeout))
                     for n in range(args.customers)]
        await asyncio.sleep(args.baseline)
        state.phase = "abuse"
        abuse_started = time.monotonic()
        async with aiohttp.ClientSession(connector=connector(ABUSER)) as http:
            rows.append(await flood_sockets(http, bot.url, args.sockets))
            await asyncio.sleep(0.5)  # the hung-up sockets are counted out
            await early_in_a_minute()
            kept: list[aiohttp.ClientWebSocketResponse] = []
            rows.append(await flood_hellos(http, bot.url, args.conversations, kept, spoof=False))
            rows.append(await flood_hellos(http, bot.url, args.spoofed, kept, spoof=True))
            if kept:
                rows.append(await flood_messages(kept, args.messages))
            for ws in kept:
                await ws.close()
        abuse_seconds = time.monotonic() - abuse_started
        await asyncio.sleep(args.tail)
        state.stop.set()
        results = await asyncio.gather(*customers, return_exceptions=True)
        crashed = [r for r in results if isinstance(r, BaseException)]
        held = await stored(redis, prefix)
    finally:
        code = await stop_bot(bot)
        deleted = await delete_prefix(redis, prefix)
        await redis.aclose()

    print(f"# bench/abuse.py: one abusive client ({ABUSER}) and {args.customers} customers, one bot process, "
          f"default budgets; abuse phases took {abuse_seconds:.1f} s\n")
    print("| limit | setting | attempts | accepted | refused (code: count) | phase time |")
    print("| --- | --- | ---: | ---: | --- | ---: |")
    for row in rows:
        accepted = sum(n for k, n in row.outcomes.items() if k.startswith("accepted"))
        refused = ", ".join(f"`{k}`: {n}" for k, n in row.outcomes.most_common() if not k.startswith("accepted"))
        print(f"| {row.limit} | {row.setting} | {row.attempts} | {accepted} | {refused or '-'} | {row.seconds:.2f} s |")
    print()
    print("| customers | questions | answers | time to answer p50 | p95 | max |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for phase, label in (("baseline", f"alone ({args.baseline:g} s)"), ("abuse", "during the abuse")):
        values = state.latencies[phase]
        worst = f"{max(values) * 1000:.0f} ms" if values else "-"
        print(f"| {label} | {state.asked[phase]} | {len(values)} | {fmt(values)} | {fmt95(values)} | {worst} |")
    print()
    errors = ", ".join(f"`{k}`: {n}" for k, n in state.errors.most_common()) or "none"
    print(f"Customers' error frames: {errors}. Customer tasks that failed: {len(crashed)}"
          + (f" ({crashed[0]!r})" if crashed else "") + ".")
    print(f"Conversations in Redis afterwards: {held['kept']} kept (written in), {held['expiring']} expiring "
          f"(nobody wrote in them; gone within the hour). Bot exit code {code}; "
          f"{deleted} keys of the run's prefix deleted.")
    levels, firsts = log_summary(bot.log_path)
    print(f"Bot log: {dict(levels) or 'no warnings'}" + (f"; first: {firsts[0]}" if firsts else ""))
    return 1 if crashed else 0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sockets", type=int, default=1000, help="sockets opened at once (1000)")
    parser.add_argument("--conversations", type=int, default=100, help="hellos without a session (100)")
    parser.add_argument("--spoofed", type=int, default=20, help="hellos with a made-up X-Forwarded-For (20)")
    parser.add_argument("--messages", type=int, default=300, help="messages over its conversations (300)")
    parser.add_argument("--customers", type=int, default=5, help="normal customers (5)")
    parser.add_argument("--baseline", type=float, default=10.0, help="seconds the customers ask alone first (10)")
    parser.add_argument("--tail", type=float, default=3.0, help="seconds the customers go on after the abuse (3)")
    parser.add_argument("--answer-timeout", type=float, default=30.0)
    parser.add_argument("--max-seconds", type=float, default=300.0, help="the whole run stops after this (300)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--index", type=Path, default=ROOT / "var" / "load-index",
                        help="index folder, built or brought up to date first (var/load-index, as bench/load.py)")
    parser.add_argument("--logs", default=str(ROOT / "var" / "abuse-logs"), help="where the bot's log goes")
    args = parser.parse_args(argv)
    for name in ("sockets", "conversations", "spoofed", "messages", "customers"):
        if not 0 <= getattr(args, name) <= 5000:
            parser.error(f"--{name} must be between 0 and 5000")
    if not args.redis_url.startswith(("redis://127.", "redis://localhost", "unix://")):
        parser.error("--redis-url must be on this machine (loopback only)")
    return args


def main() -> int:
    args = parse_args(sys.argv[1:])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 2 * args.sockets + 1024)), hard))
    build_index(argparse.Namespace(bot_dir=ROOT, index=args.index.resolve(), precision="auto"))

    async def bounded() -> int:
        async with asyncio.timeout(args.max_seconds):
            return await run(args)

    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(bounded())
    return 130


if __name__ == "__main__":
    raise SystemExit(main())
