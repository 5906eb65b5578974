"""Practice escalations (`python -m bot practice`, docs/practice.md): a scripted customer hands off
through the real rules and brain, staff work it in the real /inbox page, the script answers them,
and none of it reaches a customer, the report or the metrics."""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import IO

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.adapters.slack.blocks import ACTION_CLOSE
from bot.app import Services, build_services
from bot.brain.embeddings import LocalEmbedder
from bot.escalation.report import build_report
from bot.practice import PRACTICE_CHANNEL
from bot.practice.run import STOPPED_BY, PracticeChannel, PracticeRun
from bot.practice.scenario import ScenarioError, Script, load_all, load_scenario
from bot.settings import Settings
from tests.conftest_slack import (
    DANA,
    INBOX,
    SlackBot,
    slack_api,
    slack_bot,
    slack_settings,
)
from tests.support.processes import ROOT, clean_environment
from tests.support.rules import HANDOFF, HANDOFF_TAG
from tests.support.waiting import eventually
from tests.support.webchat_client import ChatClient, base_url

__all__ = ["slack_api", "slack_bot", "slack_settings"]  # fixtures used by name below

SHIPPED = ROOT / "config" / "practice"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ROW = re.compile(r'<li class="row[^"]*" data-id="([0-9a-f]{32})">(.*?)</li>', re.DOTALL)

# A drill for the tests' own rules (tests/support/rules.py): the second message hands off.
DRILL = f"""\
name: drill
title: A buyer who wants a person
customer:
  role: buyer
  name: Pat Practice
  account: B-9001
opening:
  - "Where is my order HM-100234?"
  - "{HANDOFF}"
expect_tags: [{HANDOFF_TAG}]
replies:
  - when: [tracking]
    say: "The tracking number is 01905523411872, DPD."
  - say: "Thanks, that's all I needed."
fallback: "Sorry, what do you mean?"
"""


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` with no Baton setting but `env`, from the repository's root."""
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env={**clean_environment(), **(env or {})},
                          capture_output=True, text=True, timeout=120, check=False)


# -- scenarios -----------------------------------------------------------------------------------


def test_list_shows_the_shipped_scenarios_and_what_they_train() -> None:
    done = run_cli("practice", "--list")
    assert done.returncode == 0, done.stderr
    for loaded in load_all(SHIPPED):
        s = loaded.scenario
        assert f"{s.name}\t{s.title}" in done.stdout
        assert f"trains: {', '.join(s.expect_tags)}" in done.stdout
    assert {p.stem for p in SHIPPED.glob("*.yaml")} == {"damaged-item-dispute", "return-fraud", "missing-payout"}


def test_a_bad_scenario_file_is_refused_with_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "drill.yaml"
    bad.write_text(DRILL.replace("fallback:", "replys: []\nfallback:"), encoding="utf-8")
    line = DRILL.count("\n")  # the added key's own line, before `fallback:`
    for args in (("--scenario", "drill"), ("--list",)):
        done = run_cli("practice", "--dir", str(tmp_path), *args)
        assert done.returncode == 2
        assert done.stderr.splitlines() == [f"baton: {bad}:{line}: unknown key `replys` (did you mean `replies`?)"]
        assert done.stdout == ""


@pytest.mark.parametrize(("change", "expected"), [
    (("role: buyer\n  name: Pat Practice\n  account: B-9001", "role: vendor\n  name: Pat Practice"),
     ":4: customer: a vendor needs `account`"),
    (("account: B-9001", "account: B-9001\n  tier: premier"), ":4: customer: `tier` is for vendors only"),
    (("  - say: \"Thanks", "  - when: []\n    say: \"Thanks"), ":14: replies[1].when: List should have at least 1"),
    (("expect_tags: [escalate]", "expect_tags: []"), ":10: expect_tags: List should have at least 1 item"),
    (("name: drill", "name: other"), ":1: name: 'other' must be the file's name ('drill')"),
    (("HM-100234?\"", "HM-100234?"), ":8:5: YAML syntax error: the double quote opened here is never closed"),
    (("title: A buyer who wants a person\n", ""), ":1: missing `title`"),
])
def test_each_kind_of_mistake_names_its_line(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    path = tmp_path / "drill.yaml"
    assert change[0] in DRILL
    path.write_text(DRILL.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(path)
    message = str(refused.value)
    assert "\n" not in message and message.startswith(f"{path}:") and expected in message, message


def test_an_unknown_scenario_and_a_bot_without_redis_are_refused(tmp_path: Path) -> None:
    (tmp_path / "drill.yaml").write_text(DRILL, encoding="utf-8")
    missing = run_cli("practice", "--dir", str(tmp_path), "--scenario", "nope")
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"baton: --scenario: no scenario 'nope' in {tmp_path} (there are: drill)"
    alone = run_cli("practice", "--dir", str(tmp_path), "--scenario", "drill")
    assert alone.returncode == 2
    assert alone.stderr.startswith("baton: REDIS_URL: practice opens its conversation in the running bot's Redis")


def test_the_script_answers_by_the_words_of_the_reply_then_in_order_then_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "drill.yaml"
    path.write_text(DRILL, encoding="utf-8")
    script = Script(load_scenario(path).scenario)
    assert script.answer("Hi Pat, I'm looking into it now") == "Thanks, that's all I needed."
    assert script.answer("Could you send me the Tracking number?") == "The tracking number is 01905523411872, DPD."
    assert script.answer("the tracking number again?") == "Sorry, what do you mean?", "each answer is said once"


# -- the shipped scenarios hand off as their files say -------------------------------------------


@pytest.fixture
async def shipped_services(settings: Settings, embedder: LocalEmbedder) -> AsyncIterator[Services]:
    """The bot's services with the shipped rules (config/rules.yaml), as an admin runs them."""
    built = await build_services(settings.model_copy(update={"rules_path": ROOT / "config" / "rules.yaml"}), embedder)
    yield built
    await built.close()


async def test_the_shipped_scenarios_hand_off_with_the_tags_they_train(shipped_services: Services) -> None:
    services = shipped_services
    channel = PracticeChannel()
    services.conversations.register_channel(channel)
    known = [tag.name for tag in services.escalation.rules.tags]  # type: ignore[attr-defined]
    for loaded in load_all(SHIPPED):
        assert loaded.unknown_tags(known) is None
        lines: list[str] = []
        run = PracticeRun(services.conversations, channel, loaded, lines.append, inbox_url="http://inbox.test")
        await run.open()
        name = loaded.scenario.name
        assert run.outcome.handed_off, f"{name} did not hand off:\n" + "\n".join(lines)
        assert run.outcome.missing_tags == [], f"{name} lacks {run.outcome.missing_tags}:\n" + "\n".join(lines)
        conversation = await services.store.get(run.conversation_id or "")
        assert conversation.channel == PRACTICE_CHANNEL and conversation.state == "waiting"
        assert any(line.startswith("[Handed off: tags ") for line in lines)
        assert f"Waiting for staff: http://inbox.test/inbox/c/{conversation.id} " \
               "(Ctrl-C stops the practice and closes it)" in lines
        # Stopped (as on Ctrl-C): the conversation leaves the queue, closed by the practice run.
        await run.stop()
        closed = await services.store.get(conversation.id)
        assert closed.state == "bot"
        assert (await services.store.events(conversation.id))[-1]["actor"] == STOPPED_BY.name
        assert lines[-1] == "Practice stopped: the conversation is closed."


# -- end to end: the command, the /inbox page, the report and the metrics ------------------------


class PracticeProcess:
    """`python -m bot practice` as a trainer runs it, its output read line by line as it comes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            self.lines.append(raw.decode("utf-8").rstrip("\n"))

    async def said(self, text: str, timeout: float = 30.0) -> str:
        """The first output line containing `text` (waiting for it)."""
        return await eventually(lambda: next((line for line in self.lines if text in line), None), timeout,
                                what=lambda: f"{text!r} in the practice output:\n" + "\n".join(self.lines))

    async def exit_code(self, timeout: float = 30.0) -> int:
        """Wait for the process to end, its output read to the end."""
        code = await asyncio.wait_for(self.process.wait(), timeout)
        await self._reader
        return code

    async def kill(self) -> None:
        """Stop it if a failed test left it running."""
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        self._reader.cancel()


@pytest.fixture
async def practice_cli(settings: Settings, bot_server: TestServer,
                       tmp_path: Path) -> AsyncIterator[Callable[[], Awaitable[PracticeProcess]]]:
    """Starts `python -m bot practice` on the drill, against the test bot's Redis and rules."""
    folder = tmp_path / "practice"
    folder.mkdir()
    (folder / "drill.yaml").write_text(DRILL, encoding="utf-8")
    env = {
        **clean_environment(), "PYTHONUNBUFFERED": "1",
        "REDIS_URL": str(settings.redis_url), "BOT_REDIS_PREFIX": settings.redis_prefix,
        "BOT_KB_DIR": str(settings.kb_dir), "BOT_INDEX_DIR": str(settings.index_dir),
        "BOT_RULES": str(settings.rules_path), "BOT_BRAND": str(settings.brand_path),
        "BOT_HOST": "127.0.0.1", "BOT_PORT": str(bot_server.port),
    }
    started: list[PracticeProcess] = []

    async def start() -> PracticeProcess:
        with _log(tmp_path / f"practice-{len(started)}.stderr.log") as stderr:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "practice", "--dir", str(folder), "--scenario", "drill",
                cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr)
        started.append(PracticeProcess(process))
        return started[-1]

    yield start
    for running in started:
        await running.kill()


def _log(path: Path) -> IO[bytes]:
    """A file for a process's stderr (a pipe nobody reads could fill up and block it)."""
    return path.open("wb")


async def sign_in(http: aiohttp.ClientSession, url: str, name: str) -> str:
    """Sign in to /inbox on loopback by name, as a browser would; returns the page's CSRF token."""
    async with http.get(f"{url}/inbox/login") as page:
        login_csrf = CSRF.search(await page.text()).group(1)  # type: ignore[union-attr]
    async with http.post(f"{url}/inbox/login", data={"name": name, "csrf": login_csrf, "next": "/inbox"}) as signed:
        assert signed.status == 200 and signed.url.path == "/inbox", await signed.text()
        return CSRF.search(await signed.text()).group(1)  # type: ignore[union-attr]


async def page(http: aiohttp.ClientSession, url: str) -> str:
    """A page's HTML."""
    async with http.get(url) as response:
        assert response.status == 200
        return await response.text()


async def act(http: aiohttp.ClientSession, url: str, conversation: str, action: str, csrf: str, **form: str) -> str:
    """A staff action from the conversation page; returns the page it leads back to."""
    async with http.post(f"{url}/inbox/c/{conversation}/{action}", data={"csrf": csrf, **form}) as response:
        assert response.status == 200 and response.url.path == f"/inbox/c/{conversation}"
        return await response.text()


async def test_a_practice_runs_end_to_end_in_the_inbox_page_and_counts_nowhere(
    practice_cli: Callable[[], Awaitable[PracticeProcess]], bot_server: TestServer, services: Services,
) -> None:
    url = base_url(bot_server)
    # Two trainees practise at once: each process answers only its own conversation.
    trainee, other = await practice_cli(), await practice_cli()
    # A real customer hands off too: the report and the metrics count them, and only them.
    customer = await ChatClient.connect(url)
    await customer.say(HANDOFF)
    await customer.expect("state", lambda f: f["state"] == "waiting")
    real = customer.welcome["conversation"]

    drill, stopped = await _handed_off(trainee, url), await _handed_off(other, url)
    assert "  expected tags: all there" in trainee.lines
    assert any(line.startswith("  Pat Practice > Where is my order HM-100234?") for line in trainee.lines)
    assert any(line.startswith("  Harbor Helper > ") for line in trainee.lines), "the brain answered first"
    assert (await services.store.get(drill)).channel == PRACTICE_CHANNEL

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        csrf = await sign_in(http, url, "Dana")
        rows = dict(ROW.findall(await page(http, f"{url}/inbox")))
        assert "PRACTICE" in rows[drill] and "Pat Practice" in rows[drill] and "PRACTICE" in rows[stopped]
        assert "PRACTICE" not in rows[real], "a real customer's conversation carries no practice label"
        shown = await page(http, f"{url}/inbox/c/{drill}")
        assert re.search(r"<h1><span class=\"tag practice\"[^>]*>PRACTICE</span> Pat Practice</h1>", shown)

        await act(http, url, real, "claim", csrf)
        await act(http, url, drill, "claim", csrf)
        await trainee.said("[Claimed by Dana]")
        await act(http, url, drill, "reply", csrf, text="Hi Pat, I'm Dana. Could you give me the tracking number?")
        await trainee.said("  Dana > Hi Pat, I'm Dana. Could you give me the tracking number?")
        await trainee.said("  Pat Practice > The tracking number is 01905523411872, DPD.")
        await eventually(lambda: _shows(http, f"{url}/inbox/c/{drill}", "The tracking number is 01905523411872"),
                         what="the script's answer on the conversation page")
        await act(http, url, drill, "reply", csrf, text="Found it: it arrives tomorrow.")
        await trainee.said("  Pat Practice > Thanks, that's all I needed.")
        await eventually(lambda: _shows(http, f"{url}/inbox/c/{drill}", "Thanks, that&#x27;s all I needed."),
                         what="the second scripted answer on the conversation page")
        await act(http, url, drill, "close", csrf)

    assert await trainee.exit_code() == 0, "\n".join(trainee.lines)
    assert "[Closed by Dana]" in trainee.lines
    assert any(line.startswith("Practice over: 2 staff replies") for line in trainee.lines)
    assert not any("Dana" in line for line in other.lines), "the other trainee's script heard none of it"

    # Ctrl-C: the other practice closes its conversation and ends.
    other.process.send_signal(signal.SIGINT)
    assert await other.exit_code() == 130, "\n".join(other.lines)
    assert other.lines[-1] == "Practice stopped: the conversation is closed."
    assert (await services.store.get(stopped)).state == "bot"
    assert (await services.store.events(stopped))[-1]["actor"] == STOPPED_BY.name

    # Nothing of it reached the real customer, who is still waiting for Dana's reply.
    assert [f for f in await customer.quiet_for(0.3) if f.get("type") == "message"] == []
    await customer.close()

    report = await build_report(services.store, 3600)
    assert report.conversations == 1, "the practice runs are not in the report"
    escalate = report.tags[HANDOFF_TAG]
    assert (escalate.fired, escalate.handoffs, escalate.acknowledged, escalate.resolved) == (1, 1, 1, 0)

    async with aiohttp.ClientSession() as http:
        metrics = await page(http, f"{url}/metrics")
    assert 'channel="practice"' not in metrics
    assert "baton_acknowledge_seconds_count 1.0" in metrics, "only the real customer's claim is timed"


async def _handed_off(practice: PracticeProcess, url: str) -> str:
    """Wait for the practice's handoff; the id of its conversation, from the inbox link it prints."""
    handoff = await practice.said("[Handed off: tags ", timeout=240)
    assert handoff.startswith(f"[Handed off: tags {HANDOFF_TAG}")
    waiting = await practice.said("Waiting for staff: ")
    found = re.fullmatch(rf"Waiting for staff: {re.escape(url)}/inbox/c/([0-9a-f]{{32}}) \(Ctrl-C .*\)", waiting)
    assert found, waiting
    return found.group(1)


async def _shows(http: aiohttp.ClientSession, url: str, text: str) -> bool:
    return text in await page(http, url)


# -- Slack: the card says PRACTICE, the thread talks to the script -------------------------------


async def test_a_practice_in_slack_is_marked_on_its_card_and_the_script_answers_the_thread(
    slack_bot: SlackBot, tmp_path: Path,
) -> None:
    bot, api = slack_bot, slack_bot.api
    path = tmp_path / "drill.yaml"  # the Slack tests' own rules hand off on a request for a person
    path.write_text(DRILL.replace(HANDOFF, "I want to talk to a real person please")
                    .replace(f"[{HANDOFF_TAG}]", "[human-requested]"), encoding="utf-8")
    channel = PracticeChannel()
    bot.services.conversations.register_channel(channel)
    lines: list[str] = []
    run = PracticeRun(bot.services.conversations, channel, load_scenario(path), lines.append)
    playing = asyncio.create_task(run.play())

    card = await bot.card_in(INBOX, timeout=60)
    await bot.settled()
    assert card["blocks"][0]["text"]["text"] == "PRACTICE · Handoff: human-requested"
    assert "PRACTICE · Handoff (human-requested): Pat Practice (buyer, verified)" in card["text"]
    fields = [f["text"] for block in card["blocks"] for f in block.get("fields", [])]
    assert "*Channel*\nPractice (a script, no real customer)" in fields
    assert "Waiting for staff: the Slack card marked PRACTICE (Ctrl-C stops the practice and closes it)" in lines

    await bot.thread_reply(card, INBOX, DANA, "Hi Pat, I'm Dana. What's the tracking number?")
    await api.wait_for(lambda: "01905523411872" in api.replies(INBOX, card["ts"])[-1]["text"], timeout=20)
    await bot.click(api.message(INBOX, card["ts"]), INBOX, DANA, ACTION_CLOSE)
    outcome = await asyncio.wait_for(playing, 20)
    assert (outcome.closed_by, outcome.staff_replies, outcome.missing_tags) == ("Dana", 1, [])
    assert "  Dana > Hi Pat, I'm Dana. What's the tracking number?" in lines
