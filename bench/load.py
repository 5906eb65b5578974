"""Load benchmark: real `python -m bot web` processes, many web-chat customers, a Slack emulator.

    .venv/bin/python bench/load.py [--sessions 500] [--duration 60] [--processes 1 2]
        [--rate 300] [--handoff-share 0.2] [--client-procs 1] [--repeat-questions]
        [--precision auto|int8] [--meaning-model reader|multilingual] [--redis-url redis://127.0.0.1:6379/0] [--bot-dir .] [--index DIR]
        [--sample-every S]

`--redis-url` is passed to the bots as REDIS_URL; redis-py options ride along in its query
string, e.g. `?max_connections=1000` (the default pool of 100 connections is exhausted at 500
sessions: see docs/benchmarks.md, Load). `--bot-dir` runs the bots from another source tree
(e.g. an export of a commit), with this checkout's bench and emulator.

For each process count: starts that many bot processes on one Redis (a fresh key prefix, deleted
afterwards) with the Slack inbox pointed at an emulator running in this process
(tests/emulators/slack_api.py), spreads N WebSocket sessions round-robin over them (customers
run in `--client-procs` worker processes, bench/load_client.py), and measures for `--duration`
seconds: answers per second, time to answer, the handoff card and mirror latency in Slack (a
customer message sent -> it is in the conversation's Slack thread), errors, lost and duplicated
messages, and each bot process's memory and CPU. Prints Markdown tables, and the time series of
memory, answers/s and p99 sampled every `--sample-every` seconds (30 s for runs of 5 minutes or
more: `--duration 600` is the soak).

Traffic: each session asks a question every sessions/rate seconds on average (jittered ±50%),
so the offered load is `--rate` answerable messages per second however slow the answers are
(a session whose answer comes later than its next due time asks again right after it).
`--handoff-share` of those are messages that must be handed to a person (from
bench/data/escalation_messages.jsonl); the rest are routine questions
(bench/data/retrieval_questions.jsonl), made distinct with a trailing number unless
`--repeat-questions` (repeated texts hit the brain's embedding cache). After a handoff a session
sends one or two follow-ups (answered by people only), whose arrival in the Slack thread is
timed, then starts a new conversation.

Lost: acknowledged, never answered within `--answer-timeout`, or never in the Slack thread once
the Slack outbox and the router's unanswered set are empty. Duplicated: a message id twice on
one socket, or one customer message posted twice in Slack. Results: docs/benchmarks.md, Load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import aiohttp
import redis.asyncio as aioredis
import yaml
from load_client import Plan, percentile, run_worker

from tests.emulators.slack_api import SlackApiEmulator
from tests.support.processes import wait_ready as wait_until_ready

INBOX_CHANNEL = "C0INBOX0001"
SIGNING_SECRET = "load-bench-signing-secret"
WEBCHAT_SECRET = "load-bench-webchat-secret"
TOKEN = re.compile(r"\bzq[a-z]+\b")
TICKS = os.sysconf("SC_CLK_TCK")


# -- the Slack side -----------------------------------------------------------------------------


@dataclass
class LoadSlackEmulator(SlackApiEmulator):
    """The tests' Slack emulator with a call counter instead of a call log (a soak makes hundreds
    of thousands of calls), and a watch on the bench's tokens: when each first appears in a
    thread, and how many times."""

    call_counts: Counter[tuple[str, int, bool]] = field(default_factory=Counter)
    token_first: dict[str, float] = field(default_factory=dict)
    token_count: Counter[str] = field(default_factory=Counter)
    token_threads: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    async def _record(self, method: str, args: dict[str, Any], status: int, ok: bool) -> None:
        self.call_counts[(method, status, ok)] += 1

    def posted(self, channel: str, message: dict[str, Any]) -> None:
        thread_ts = message.get("thread_ts")
        if not thread_ts:
            return
        now = time.monotonic()
        for token in TOKEN.findall(str(message.get("text", ""))):
            self.token_count[token] += 1
            self.token_threads[token].append(thread_ts)
            self.token_first.setdefault(token, now)

    def calls_per_method(self) -> dict[str, int]:
        totals: Counter[str] = Counter()
        for (method, _status, _ok), n in self.call_counts.items():
            totals[method] += n
        return dict(totals)

    def failed_calls(self) -> int:
        return sum(n for (_m, _s, ok), n in self.call_counts.items() if not ok)


# -- bot processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def proc_rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB."""
    fields: dict[str, str] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    parts = stat[stat.rindex(")") + 2:].split()
    return (int(parts[11]) + int(parts[12])) / TICKS


def thread_cpu_seconds(pid: int) -> dict[str, float]:
    """CPU seconds per thread name of a process (`main` is the event loop's thread)."""
    by_name: dict[str, float] = defaultdict(float)
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:
            continue
        name = "main" if task.name == str(pid) else stat[stat.index("(") + 1:stat.rindex(")")]
        parts = stat[stat.rindex(")") + 2:].split()
        by_name[name] += (int(parts[11]) + int(parts[12])) / TICKS
    return dict(by_name)


def loadavg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


@dataclass
class BotProcess:
    """One `python -m bot web`, its URL and its log file."""

    popen: subprocess.Popen[bytes]
    url: str
    log_path: Path

    @property
    def pid(self) -> int:
        return self.popen.pid


def bot_env(args: argparse.Namespace, prefix: str, port: int, slack_url: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("BOT_", "SLACK_", "WEBCHAT_", "REDIS_", "DISCORD_", "INBOX_"))}
    return {
        **clean,
        "REDIS_URL": args.redis_url,
        "BOT_REDIS_PREFIX": prefix,
        "BOT_PORT": str(port),
        "BOT_INDEX_DIR": str(args.index),
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_INBOX_CHANNEL": INBOX_CHANNEL,
        "SLACK_API_URL": slack_url,
        "WEBCHAT_RATE_PER_MINUTE": "100000",
        # Every simulated customer connects from 127.0.0.1: one "client" to the per-client budgets.
        "WEBCHAT_CLIENT_RATE_PER_MINUTE": "10000000",
        "WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE": "1000000",
        "WEBCHAT_MAX_SOCKETS_PER_CLIENT": "100000",
        "WEBCHAT_SECRET": WEBCHAT_SECRET,
        "LOG_LEVEL": args.log_level,
        "HF_HUB_OFFLINE": "1",
        "BOT_EMBEDDING_PRECISION": args.precision,
        **({"BOT_MEANING_MODEL": args.meaning_model} if args.meaning_model else {}),
    }


def start_bot(args: argparse.Namespace, prefix: str, slack_url: str, number: int, logs: Path) -> BotProcess:
    port = free_port()
    log_path = logs / f"bot-{number}.log"
    with log_path.open("wb") as log_file:
        profile = ["-m", "cProfile", "-o", str(args.profile / f"bot-{number}.prof")] if args.profile else []
        popen = subprocess.Popen(
            [sys.executable, *profile, "-m", "bot", "web"], cwd=args.bot_dir,
            env=bot_env(args, prefix, port, slack_url),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log_file,
        )
    return BotProcess(popen, f"http://127.0.0.1:{port}", log_path)


async def wait_ready(bot: BotProcess, timeout: float = 120.0) -> None:
    await wait_until_ready(bot.url, bot.popen, timeout=timeout,
                           log=lambda: bot.log_path.read_text(errors="replace")[-2000:])


async def stop_bot(bot: BotProcess) -> int | None:
    if bot.popen.poll() is None:
        bot.popen.send_signal(signal.SIGTERM)
        try:
            await asyncio.to_thread(bot.popen.wait, 30)
        except subprocess.TimeoutExpired:
            bot.popen.kill()
            await asyncio.to_thread(bot.popen.wait, 10)
            return None
    return bot.popen.returncode


async def scrape_metrics(bot: BotProcess) -> dict[str, float]:
    """The bot's own answer-time histogram sum and count (server side, store -> answer stored)."""
    values: dict[str, float] = {}
    try:
        async with aiohttp.ClientSession() as http, http.get(f"{bot.url}/metrics") as response:
            text = await response.text()
    except aiohttp.ClientError:
        return values
    for line in text.splitlines():
        for name in ("baton_answer_seconds_sum", "baton_answer_seconds_count"):
            if line.startswith((name + " ", name + "{")):
                values[name] = values.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
    return values


def log_summary(path: Path) -> tuple[Counter[str], list[str]]:
    """Counts of log lines by level (and tracebacks) and the first distinct problem lines."""
    levels: Counter[str] = Counter()
    firsts: list[str] = []
    for line in path.read_text(errors="replace").splitlines():
        level = next((lv for lv in ("CRITICAL", "ERROR", "WARNING") if lv in line[:80]), None)
        if line.startswith("Traceback"):
            level = "Traceback"
        if level is None:
            continue
        levels[level] += 1
        short = re.sub(r"[0-9a-f]{32}", "<id>", line)[:220]
        if short not in firsts and len(firsts) < 6:
            firsts.append(short)
    return levels, firsts


async def redis_cpu(redis: aioredis.Redis) -> float:
    info = await redis.info("cpu")
    return float(info.get("used_cpu_user", 0)) + float(info.get("used_cpu_sys", 0))


async def redis_commands(redis: aioredis.Redis) -> Counter[str]:
    """Calls per command since the server started (INFO commandstats)."""
    info = await redis.info("commandstats")
    return Counter({name.removeprefix("cmdstat_"): int(stats["calls"]) for name, stats in info.items()})


async def delete_prefix(redis: aioredis.Redis, prefix: str) -> int:
    deleted = 0
    batch: list[Any] = []
    async for key in redis.scan_iter(match=f"{prefix}*", count=1000):
        batch.append(key)
        if len(batch) >= 1000:
            deleted += await redis.unlink(*batch)
            batch = []
    if batch:
        deleted += await redis.unlink(*batch)
    return deleted


# -- traffic ------------------------------------------------------------------------------------


def load_texts(args: argparse.Namespace) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Routine questions and must-handoff messages per role (buyer, vendor).

    The question set holds questions that the shipped rules hand off (a hacked account, a
    chargeback...), so with `--filter` (the default) every text is first run through
    `python -m bot dry-run` and only routine questions that get an answer and handoff texts that
    are handed off are kept: the mix is then the planned one.
    """
    routine: list[tuple[str, str]] = []
    handoff: list[tuple[str, str]] = []
    for line in (ROOT / "bench/data/retrieval_questions.jsonl").read_text().splitlines():
        row = json.loads(line)
        routine.append((row["role"], row["text"]))
    for line in (ROOT / "bench/data/escalation_messages.jsonl").read_text().splitlines():
        row = json.loads(line)
        # Sensitive data is masked before it is stored: keep texts that read the same in Slack.
        if row["expect_handoff"] and not row["why"].startswith("sensitive"):
            handoff.append((row["role"], row["text"]))
    if args.filter:
        routine = [r for r, handed in zip(routine, _dry_run(args, routine)) if not handed]
        handoff = [r for r, handed in zip(handoff, _dry_run(args, handoff)) if handed]
    by_role: tuple[dict[str, list[str]], dict[str, list[str]]] = (defaultdict(list), defaultdict(list))
    for target, rows in zip(by_role, (routine, handoff)):
        for role, text in rows:
            target[role].append(text)
    return dict(by_role[0]), dict(by_role[1])


def _dry_run(args: argparse.Namespace, rows: list[tuple[str, str]]) -> list[bool]:
    """Whether the shipped rules hand off each (role, text), as a first message of a conversation."""
    lines = "".join(
        json.dumps({"text": text, "role": role, **({"account": "V-2000"} if role == "vendor" else {})}) + "\n"
        for role, text in rows
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "REDIS_", "SLACK_"))}
    env.update({"BOT_INDEX_DIR": str(args.index), "HF_HUB_OFFLINE": "1", "LOG_LEVEL": "WARNING",
                "BOT_EMBEDDING_PRECISION": args.precision})
    done = subprocess.run(
        [sys.executable, "-m", "bot", "dry-run", "-"], cwd=args.bot_dir, env=env, input=lines,
        capture_output=True, text=True, check=True,
    )
    results = [json.loads(line)["handoff"] for line in done.stdout.splitlines() if line.startswith("{")]
    if len(results) != len(rows):
        raise RuntimeError(f"dry-run answered {len(results)} of {len(rows)} lines: {done.stderr[-1000:]}")
    return results


def sign(account: str, role: str, ttl: int) -> str:
    """A web-chat identity token (bot/identity.py's format), so vendor sessions are vendors."""
    from bot.identity import sign_identity

    return sign_identity(WEBCHAT_SECRET, account_id=account, role=role, ttl_seconds=ttl)


# -- one run ------------------------------------------------------------------------------------


@dataclass
class RunResult:
    processes: int
    args: argparse.Namespace
    figures: dict[str, str]
    series: list[dict[str, Any]]
    problems: list[str]


def rule_mentions(rules_file: Path) -> list[str]:
    """The user group handles (without "@") that a rules file's tags mention."""
    rules = yaml.safe_load(rules_file.read_text(encoding="utf-8")) or {}
    mentions = (str(rule.get("mention", "")) for rule in rules.get("tags") or [] if isinstance(rule, dict))
    return sorted({m.strip().removeprefix("@") for m in mentions if m.strip().startswith("@")})


def fmt_ms(values: list[float]) -> str:
    if not values:
        return "–"
    return " / ".join(f"{percentile(values, q) * 1000:,.0f}" for q in (50, 95, 99))


async def run_once(args: argparse.Namespace, processes: int, texts: tuple[dict[str, list[str]], dict[str, list[str]]]) -> RunResult:
    routine, handoff = texts
    prefix = f"bench-load:{uuid.uuid4().hex[:10]}:"
    redis = aioredis.from_url(args.redis_url)
    slack = LoadSlackEmulator()
    # The workspace has the user groups the rules mention, as a real one would: otherwise the bot
    # rightly reports each handle at start as pinging nobody.
    for n, handle in enumerate(rule_mentions(args.bot_dir / "config" / "rules.yaml")):
        slack.usergroup_handles[f"S0LOAD{n:04d}"] = handle
    slack_url = await slack.start()
    logs = Path(tempfile.mkdtemp(prefix="baton-load-"))
    load_before = loadavg()
    bots = [start_bot(args, prefix, slack_url, n, logs) for n in range(processes)]
    series: list[dict[str, Any]] = []
    problems: list[str] = []
    workers: list[Any] = []
    try:
        started = time.monotonic()
        await asyncio.gather(*(wait_ready(b) for b in bots))
        ready_s = time.monotonic() - started
        rss_ready = [proc_rss_mb(b.pid)[0] for b in bots]

        # The plan: sessions round-robin over the bot processes, then over the worker processes.
        vendor_share = args.vendor_share
        ttl = int(args.duration + args.ramp + 3600)
        specs = []
        for index in range(args.sessions):
            role = "vendor" if (index * 7919 % 1000) / 1000 < vendor_share else "buyer"
            spec: dict[str, Any] = {"index": index, "url": bots[index % processes].url, "role": role}
            if role == "vendor":
                spec["token"] = sign(f"V-{2000 + index}", "vendor", ttl)
            specs.append(spec)
        cycle = args.sessions / args.rate
        start_at = time.monotonic() + 1.0
        window = (start_at + args.ramp + cycle, start_at + args.ramp + cycle + args.duration)
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        for w in range(args.client_procs):
            plan = Plan(
                worker=w, sessions=specs[w::args.client_procs], start_at=start_at, ramp=args.ramp,
                window=window, cycle=cycle, handoff_share=args.handoff_share,
                answer_timeout=args.answer_timeout, ack_timeout=args.ack_timeout,
                followup_think=(0.3, 1.5), questions_per_conversation=args.questions_per_conversation,
                routine=routine, handoff=handoff,
                distinct=not args.repeat_questions, seed=args.seed, progress_every=args.sample_every,
            )
            process = context.Process(target=run_worker, args=(plan, queue), name=f"load-client-{w}")
            process.start()
            workers.append(process)

        results: list[dict[str, Any]] = []
        progress_all: list[dict[str, Any]] = []
        await asyncio.sleep(max(0.0, window[0] - time.monotonic()))
        cpu0 = [proc_cpu_seconds(b.pid) for b in bots]
        threads0 = [thread_cpu_seconds(b.pid) for b in bots]
        redis_cpu0 = await redis_cpu(redis)
        commands0 = await redis_commands(redis)
        marks: list[dict[str, Any]] = []
        self_cpu0 = _self_cpu()
        slack_calls0 = sum(slack.call_counts.values())
        t0 = time.monotonic()
        next_sample = window[0] + args.sample_every
        rss_samples: list[dict[str, Any]] = []
        window_cpu: dict[str, Any] | None = None
        while len(results) < len(workers):
            while not queue.empty():
                item = queue.get_nowait()
                if item["type"] == "progress":
                    progress_all.append(item)
                elif item["type"] == "mark":
                    marks.append(item)
                elif item["type"] == "crash":
                    raise RuntimeError(f"client worker {item['worker']} crashed:\n{item['error']}")
                else:
                    results.append(item)
            now = time.monotonic()
            if window_cpu is None and now >= window[1]:
                window_cpu = {
                    "bots": [proc_cpu_seconds(b.pid) for b in bots], "redis": await redis_cpu(redis),
                    "threads": [thread_cpu_seconds(b.pid) for b in bots],
                    "commands": await redis_commands(redis),
                    "self": _self_cpu(), "slack_calls": sum(slack.call_counts.values()), "at": now,
                    "load": loadavg(),
                }
            if next_sample <= window[1] + 0.5 and now >= min(next_sample, window[1]):
                rss_samples.append({"t": min(next_sample, window[1]) - window[0],
                                    "rss": [proc_rss_mb(b.pid)[0] for b in bots], "load": os.getloadavg()[0]})
                next_sample += args.sample_every
            if any(p.exitcode not in (None, 0) for p in workers) and queue.empty():
                raise RuntimeError("a client worker died")
            await asyncio.sleep(0.2)
        for process in workers:
            process.join(10)
        series = _series(rss_samples, progress_all)
        assert window_cpu is not None
        span = window_cpu["at"] - t0

        # Slack mirrors arrive after the customers are done: give them time.
        tokens: dict[str, tuple[str, float]] = {}
        for result in results:
            tokens.update(result["tokens"])
        # The outbox may hold a backlog, and messages whose handling failed are taken over after
        # 15 s: wait until every token arrived, or the outbox and the router's unanswered set are
        # both empty (what is missing then is lost), or --drain-timeout.
        drain_started = time.monotonic()
        outbox_queues = f"{prefix}slack:outbox-queues"
        unanswered = f"{prefix}unanswered"  # messages the router has not finished with (taken over later)
        while time.monotonic() - drain_started < args.drain_timeout:
            if all(t in slack.token_first for t in tokens):
                break
            if (time.monotonic() - drain_started > 5 and not await redis.scard(outbox_queues)
                    and not await redis.zcard(unanswered)):
                break
            await asyncio.sleep(0.5)
        drain_seconds = time.monotonic() - drain_started
        still_queued = int(await redis.scard(outbox_queues))
        still_unanswered = int(await redis.zcard(unanswered))
        rss_end = [proc_rss_mb(b.pid) for b in bots]
        metrics = [await scrape_metrics(b) for b in bots]
        load_after = loadavg()
    finally:
        for process in workers:
            if process.is_alive():
                process.terminate()
        exit_codes = [await stop_bot(b) for b in bots]
        await slack.close()
        deleted = await delete_prefix(redis, prefix)
        await redis.aclose()

    # -- figures --------------------------------------------------------------------------------
    counts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    lat_routine: list[float] = []
    lat_handoff: list[float] = []
    lat_ack: list[float] = []
    answered_in_window = 0
    open_min = open_max = 0
    client_cpu: list[float] = []
    for result in results:
        counts.update(result["counts"])
        errors.update(result["errors"])
        lat_routine += result["latency_routine"]
        lat_handoff += result["latency_handoff"]
        lat_ack += result["latency_ack"]
        answered_in_window += result["answered_in_window"]
        open_min += result["open_min"]
        open_max += result["open_max"]
        client_cpu.append(result["cpu_window"] * 100)
        problems += result["examples"]
    card_latency, mirror_latency = [], []
    lost_card = lost_mirror = dup_slack = 0
    for token, (kind, sent) in tokens.items():
        seen = slack.token_first.get(token)
        if seen is None:
            if kind == "handoff":
                lost_card += 1
            else:
                lost_mirror += 1
            problems.append(f"{kind} token {token} (sent {sent - t0:.1f} s into the window) never reached Slack")
            continue
        (card_latency if kind == "handoff" else mirror_latency).append(seen - sent)
        if slack.token_count[token] > 1:
            dup_slack += slack.token_count[token] - 1
            threads = slack.token_threads[token]
            where = "in one thread" if len(set(threads)) == 1 else f"in {len(set(threads))} different threads (cards)"
            problems.append(f"{kind} token {token} posted {slack.token_count[token]} times in Slack, {where}")
    bot_cpu = [(c1 - c0) / span * 100 for c0, c1 in zip(cpu0, window_cpu["bots"])]
    thread_cpu = []
    for before, after in zip(threads0, window_cpu["threads"]):
        busy = {name: (after[name] - before.get(name, 0.0)) / span * 100 for name in after}
        top = sorted(((v, k) for k, v in busy.items() if k != "main"), reverse=True)[:3]
        thread_cpu.append(f"loop {busy.get('main', 0):.0f}, " + ", ".join(f"{k} {v:.0f}" for v, k in top))
    log_levels: Counter[str] = Counter()
    for bot in bots:
        levels, firsts = log_summary(bot.log_path)
        log_levels.update(levels)
        problems += [f"bot log: {line}" for line in firsts]
    server_sum = sum(m.get("baton_answer_seconds_sum", 0.0) for m in metrics)
    server_count = sum(m.get("baton_answer_seconds_count", 0.0) for m in metrics)
    lost = counts["lost_routine"] + counts["lost_handoff"]
    sent_answerable = counts["sent_routine"] + counts["sent_handoff"]
    slack_calls = window_cpu["slack_calls"] - slack_calls0
    commands = window_cpu["commands"] - commands0
    window_counts = _latest_counts(progress_all) - _latest_counts(marks)
    messages_in_window = sum(window_counts[k] for k in ("sent_routine", "sent_handoff", "sent_followup"))
    top_commands = ", ".join(f"{name} {n / max(1, messages_in_window):.1f}" for name, n in commands.most_common(8))
    figures = {
        "bot processes": str(processes),
        "sessions: asked / held open (min–max during the window)": f"{args.sessions:,} / {open_min:,}–{open_max:,}",
        "offered: answerable messages/s (target)": f"{args.rate:g}",
        "**messages/s answered** (bot answers + handoff notices, in the window)": f"**{answered_in_window / span:,.1f}**",
        "customer messages/s in (incl. follow-ups, whole run)": f"{(sent_answerable + counts['sent_followup']) / max(span, 1e-9):,.1f}",
        "**time to answer p50 / p95 / p99, ms** (all answers)": f"**{fmt_ms(lat_routine + lat_handoff)}**",
        "… routine answers p50 / p95 / p99, ms": fmt_ms(lat_routine),
        "… handoff notices p50 / p95 / p99, ms": fmt_ms(lat_handoff),
        "ack p50 / p95 / p99, ms": fmt_ms(lat_ack),
        "server-side mean answer time (bot's histogram), ms": f"{server_sum / server_count * 1000:,.0f}" if server_count else "–",
        "**handoff mirror latency p50 / p95 / p99, ms** (follow-up sent → in Slack thread)": f"**{fmt_ms(mirror_latency)}**",
        "handoff card latency p50 / p95 / p99, ms (handoff message sent → in thread)": fmt_ms(card_latency),
        "answers / handoffs / follow-ups mirrored": f"{counts['answered_bot']:,} / {counts['answered_system']:,} / {len(mirror_latency):,}",
        "**lost** (acked, never answered / never in Slack)": f"**{lost} / {lost_card + lost_mirror}**"
        + (f" ({still_queued} outbox queues, {still_unanswered} unanswered messages still waiting "
           f"after {drain_seconds:.0f} s)" if still_queued or still_unanswered else ""),
        "Slack backlog: wait after the clients finished until all posts were in Slack, s": f"{drain_seconds:.0f}",
        "**duplicated** (same id twice on a socket / same post twice in Slack)": f"**{counts['duplicates']} / {dup_slack}**",
        "**errors** (error frames, disconnects, ack timeouts, failed connects)": "**" + ", ".join([
            f"{sum(errors.values())}" + (f" ({', '.join(f'{k}: {v}' for k, v in errors.items())})" if errors else ""),
            str(counts["disconnects"]), str(counts["ack_timeouts"]),
            str(counts["connect_failures"] + counts["welcome_timeouts"])]) + "**",
        "bot log lines (WARNING / ERROR / Traceback)": f"{log_levels['WARNING']} / {log_levels['ERROR'] + log_levels['CRITICAL']} / {log_levels['Traceback']}",
        "bot answered after a handoff / handoff text not handed off / routine handed off": f"{counts['bot_after_handoff']} / {counts['handoff_not_triggered']} / {counts['routine_handed_off']}",
        "routine questions handed off, by tag": ", ".join(
            f"{k.split(':', 1)[1]}: {v}" for k, v in sorted(counts.items()) if k.startswith("routine_handoff_tag:")) or "–",
        "**RSS per bot process, MB** (ready → end; peak)": "**" + ", ".join(
            f"{r0:,.0f} → {r1:,.0f}; {hwm:,.0f}" for r0, (r1, hwm) in zip(rss_ready, rss_end)) + "**",
        "CPU per bot process, % of one core (window)": ", ".join(f"{c:.0f}" for c in bot_cpu),
        "… by thread: event loop, then the 3 busiest others, %": "; ".join(thread_cpu),
        "CPU: client workers / this process (Slack emulator) / Redis, %": (
            f"{', '.join(f'{c:.0f}' for c in client_cpu)} / "
            f"{(window_cpu['self'] - self_cpu0) / span * 100:.0f} / {(window_cpu['redis'] - redis_cpu0) / span * 100:.0f}"),
        "Redis commands per customer message (window; busiest commands)": (
            f"{sum(commands.values()) / max(1, messages_in_window):.1f} ({top_commands})"),
        "Slack API calls/s (failed calls, whole run)": f"{slack_calls / span:,.1f} ({slack.failed_calls()})",
        "bot start → ready, s": f"{ready_s:.1f}",
        "bot exit codes on SIGTERM": ", ".join(str(c) for c in exit_codes),
        "load average before → end of window → after (1 / 5 / 15 min)": f"{load_before} → {window_cpu['load']} → {load_after}",
    }
    print(f"# {processes} process(es): {deleted:,} Redis keys deleted, bot logs in {logs}", file=sys.stderr)
    return RunResult(processes, args, figures, series, problems)


def _latest_counts(progress: list[dict[str, Any]]) -> Counter[str]:
    """The workers' counters as of their latest progress report, added up."""
    latest: dict[int, dict[str, int]] = {}
    for item in progress:
        latest[item["worker"]] = item["counts"]
    total: Counter[str] = Counter()
    for counts in latest.values():
        total.update(counts)
    return total


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _series(rss_samples: list[dict[str, Any]], progress: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Memory samples with the answers/s and p99 of the same interval (the workers' n-th reports)."""
    by_number: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in progress:
        by_number[item["number"]].append(item)
    rows = []
    for number, sample in enumerate(rss_samples, start=1):
        items = by_number.get(number, [])
        latencies = [x for item in items for x in item["latencies"]]
        seconds = max((item["seconds"] for item in items), default=0.0)
        rows.append({**sample, "answers_per_s": sum(i["answers"] for i in items) / seconds if seconds else float("nan"),
                     "p99": percentile(latencies, 99) if latencies else float("nan")})
    return rows


# -- output -------------------------------------------------------------------------------------


def print_tables(results: list[RunResult], argv: list[str]) -> None:
    args = results[0].args
    print(f"\n### {args.sessions:,} sessions, {args.duration:g} s, offered {args.rate:g}/s, "
          f"{args.handoff_share:.0%} handoffs, embeddings {args.precision}\n")
    print("    .venv/bin/python bench/load.py " + " ".join(argv) + "\n")
    print("| measure | " + " | ".join(f"{r.processes} process{'es' if r.processes > 1 else ''}" for r in results) + " |")
    print("| --- | " + " | ".join("---:" for _ in results) + " |")
    for key in results[0].figures:
        if key == "bot processes":
            continue
        print(f"| {key} | " + " | ".join(r.figures.get(key, "–") for r in results) + " |")
    every = args.sample_every
    for r in results:
        if not r.series:
            continue
        print(f"\nSeries, {r.processes} process(es), sampled every {every:g} s "
              "(RSS per bot process; answers/s and p99 over the preceding interval):\n")
        print("| t, s | RSS, MB | answers/s | p99, ms | load (1 min) |")
        print("| ---: | --- | ---: | ---: | ---: |")
        for s in r.series:
            rss = ", ".join(f"{x:,.0f}" for x in s["rss"])
            print(f"| {s['t']:.0f} | {rss} | {s['answers_per_s']:,.1f} | {s['p99'] * 1000:,.0f} | {s['load']:.2f} |")
    for r in results:
        if r.problems:
            print(f"\nDetails, {r.processes} process(es) (first {min(len(r.problems), 25)} of {len(r.problems)}):\n")
            for line in r.problems[:25]:
                print(f"- {line}")


async def main_async(args: argparse.Namespace, argv: list[str]) -> list[RunResult]:
    texts = load_texts(args)
    print(f"# texts: routine {', '.join(f'{k} {len(v)}' for k, v in texts[0].items())}; "
          f"handoff {', '.join(f'{k} {len(v)}' for k, v in texts[1].items())}", file=sys.stderr)
    results = []
    for processes in args.processes:
        results.append(await run_once(args, processes, texts))
    return results


def build_index(args: argparse.Namespace) -> None:
    """Build (or bring up to date) the shipped knowledge base's index once, before any bot starts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "REDIS_"))}
    env["HF_HUB_OFFLINE"] = "1"
    env["BOT_EMBEDDING_PRECISION"] = args.precision
    subprocess.run(
        [sys.executable, "-m", "bot", "kb", "build", "--index", str(args.index)],
        cwd=args.bot_dir, env=env, check=True, stdout=subprocess.DEVNULL,
    )


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=500, help="concurrent web-chat sessions (default 500)")
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds (default 60; 600 = soak)")
    parser.add_argument("--processes", type=int, nargs="+", choices=(1, 2, 3, 4), default=[1, 2],
                        help="bot process counts to run, one run each (default: 1 2)")
    parser.add_argument("--rate", type=float, default=300.0,
                        help="offered answerable messages per second, all sessions together (default 300)")
    parser.add_argument("--handoff-share", type=float, default=0.2, help="share of messages that hand off (0.2)")
    parser.add_argument("--vendor-share", type=float, default=0.35,
                        help="share of sessions signed in as vendors (default 0.35, as in the question set)")
    parser.add_argument("--questions-per-conversation", type=int, default=3,
                        help="a conversation asks 1 to this many questions, then a new one starts (3)")
    parser.add_argument("--client-procs", type=int, default=1, help="worker processes running the sessions (1)")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which sessions connect (5)")
    parser.add_argument("--answer-timeout", type=float, default=30.0,
                        help="an acked message not answered (or mirrored) within this is lost (30 s)")
    parser.add_argument("--drain-timeout", type=float, default=120.0,
                        help="after the run, wait this long at most for the Slack outbox to drain (120 s)")
    parser.add_argument("--ack-timeout", type=float, default=30.0)
    parser.add_argument("--repeat-questions", action="store_true",
                        help="send the question texts as they are (the brain's cache then answers most)")
    parser.add_argument("--no-filter", dest="filter", action="store_false",
                        help="use every question and handoff text, without checking them with dry-run first")
    parser.add_argument("--sample-every", type=float, default=None,
                        help="seconds between memory samples (default 30 for runs >= 300 s, else 10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bot-dir", type=Path, default=ROOT, help="source tree the bots run from (default: this one)")
    parser.add_argument("--index", type=Path, default=None,
                        help="index folder (default BOT_DIR/var/load-index, load-index-int8 for --precision int8)")
    parser.add_argument("--meaning-model", choices=["reader", "multilingual"],
                        help="BOT_MEANING_MODEL for the bots (default: theirs)")
    parser.add_argument("--precision", default="auto", choices=["auto", "onnx", "int8", "fp32", "bf16"],
                        help="the bots' BOT_EMBEDDING_PRECISION (default auto: float32 ONNX)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="run each bot under cProfile, writing DIR/bot-N.prof (the event loop's thread only)")
    parser.add_argument("--log-level", default="WARNING", help="the bots' LOG_LEVEL (WARNING)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args(argv)
    if args.sample_every is None:
        args.sample_every = 30.0 if args.duration >= 300 else 10.0
    args.bot_dir = args.bot_dir.resolve()
    suffix = "" if args.precision in ("auto", "onnx", "fp32", "bf16") else f"-{args.precision}"
    args.index = (args.index or args.bot_dir / f"var/load-index{suffix}").resolve()
    if args.profile:
        args.profile = args.profile.resolve()
        args.profile.mkdir(parents=True, exist_ok=True)
    return args


def main() -> int:
    argv = sys.argv[1:]
    args = parse_args(argv)
    build_index(args)
    results = asyncio.run(main_async(args, argv))
    print_tables(results, argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
