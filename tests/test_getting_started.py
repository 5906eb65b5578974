"""docs/getting-started.md, walked on its worked example (examples/parcela), so the guide cannot rot.

A new admin reads the settings from examples/parcela/parcela.env, builds the index, checks the
rules, dry-runs the sample messages and starts `python -m bot web`; then a customer asks Parcela's
bot in the real web chat. Every step here is a real `python -m bot` process with that environment
(plus a temporary index folder and this run's Redis), on real sockets: nothing of Baton's is mocked.
Every `python -m bot` command the guide shows in a ```sh block must also be one the CLI accepts.
"""

from __future__ import annotations

import asyncio
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
import yaml
from dotenv import dotenv_values

from bot.brand import Brand
from bot.cli import _parser
from tests.conftest import ROOT, make_settings
from tests.support.processes import BotProcess, clean_environment
from tests.support.webchat_client import ChatClient

GUIDE = ROOT / "docs" / "getting-started.md"
EXAMPLE = ROOT / "examples" / "parcela"
ENV_FILE = EXAMPLE / "parcela.env"
KB = EXAMPLE / "knowledge_base"
HELP_CENTRE = "https://help.parcela.example/"

# The steps this test runs, which the guide must show (in ```sh blocks) for the test to be its walk.
WALKED = ("python -m bot kb build", "python -m bot rules check",
          "python -m bot dry-run examples/parcela/messages.jsonl", "python -m bot web")


def parcela_env() -> dict[str, str]:
    """The settings the guide tells the admin to load: examples/parcela/parcela.env, as a dotenv file."""
    return {key: value for key, value in dotenv_values(ENV_FILE).items() if value is not None}


def guide_commands() -> list[tuple[int, list[str]]]:
    """Each `python -m bot ...` command in the guide's ```sh blocks: (line number, its arguments)."""
    commands: list[tuple[int, list[str]]] = []
    fence: str | None = None
    for number, line in enumerate(GUIDE.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("```"):
            fence = None if fence is not None else stripped[3:].strip()
            continue
        if fence != "sh":
            continue
        stripped = stripped.removeprefix("$ ")
        try:
            words = shlex.split(stripped, comments=True)
        except ValueError as exc:
            pytest.fail(f"docs/getting-started.md:{number}: not a shell command ({exc}): {stripped}")
        segment: list[str] = []
        for word in [*words, "&&"]:
            if word not in ("&&", "||", "|", ";"):
                segment.append(word)
                continue
            while segment and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", segment[0]):
                segment.pop(0)  # VAR=value before the command
            if len(segment) >= 3 and segment[0].endswith("python") and segment[1:3] == ["-m", "bot"]:
                commands.append((number, segment[3:]))
            segment = []
    return commands


def test_the_env_file_is_read_the_same_by_a_shell_and_by_baton() -> None:
    values = parcela_env()
    for key in ("BOT_KB_DIR", "BOT_INDEX_DIR", "BOT_BRAND", "BOT_RULES", "ORDER_NUMBER_PATTERNS"):
        assert values.get(key), f"{ENV_FILE.name} sets {key}"
    # The guide loads it with `set -a; . examples/parcela/parcela.env; set +a`: the same values.
    shell = subprocess.run(
        ["bash", "-c", f"set -a; . {shlex.quote(str(ENV_FILE.relative_to(ROOT)))}; set +a; env -0"],
        cwd=ROOT, env=clean_environment(), capture_output=True, check=True)
    from_shell = dict(item.split("=", 1) for item in shell.stdout.decode().split("\0") if "=" in item)
    assert {key: from_shell.get(key) for key in values} == values
    # The guide lists the file's settings as they are in it.
    guide = GUIDE.read_text(encoding="utf-8")
    for line in ENV_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            assert f"\n{line}\n" in guide, f"docs/getting-started.md shows {ENV_FILE.name}'s line {line!r}"

    settings = make_settings(**values)
    for path in (settings.kb_dir, settings.brand_path, settings.rules_path, settings.replies_path):
        assert (ROOT / path).exists(), f"{path} (relative to the repository root, where the guide runs)"
    # The patterns read the way customers write Parcela's numbers, and every demo order is found.
    assert settings.order_numbers.find("where is pa88213k? and PA-88190-C") == ["PA-88213-K", "PA-88190-C"]
    orders = yaml.safe_load((KB / "orders.yaml").read_text(encoding="utf-8"))["orders"]
    assert orders and all(settings.order_numbers.find(f"order {o['id']}?") == [o["id"]] for o in orders)
    # The whole help centre is Parcela's, copied from the bench set the guide names.
    articles = sorted(KB.glob("*.md"))
    assert len(articles) == 20
    assert all(f"url: {HELP_CENTRE}" in a.read_text(encoding="utf-8") for a in articles)


def test_every_bot_command_in_the_guide_is_one_the_cli_accepts() -> None:
    commands = guide_commands()
    shown = {" ".join(["python", "-m", "bot", *args]) for _, args in commands}
    for step in WALKED:
        assert step in shown, f"the guide shows `{step}` in a ```sh block (this test walks it)"
    parser = _parser()
    for number, args in commands:
        try:
            parser.parse_args(args)
        except SystemExit as exc:  # argparse refuses: an unknown command or option
            if exc.code != 0:
                pytest.fail(f"docs/getting-started.md:{number}: the CLI refuses `python -m bot {shlex.join(args)}`")
        for arg in args:
            if arg.startswith("examples/"):
                assert (ROOT / arg).exists(), f"docs/getting-started.md:{number}: {arg} does not exist"


async def run_bot(env: dict[str, str], *args: str, timeout: float = 150.0) -> tuple[int, str, str]:
    """`python -m bot ARGS` from the repository root, as the guide runs it: exit code, stdout, stderr."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=ROOT, env=env,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError(f"python -m bot {' '.join(args)} took over {timeout:.0f} s") from None
    return int(process.returncode or 0), stdout.decode(), stderr.decode()


async def test_the_guide_walked_on_parcela_gives_parcelas_bot(
    tmp_path: Path, redis_url: str, redis_prefix: str,
) -> None:
    brand = Brand.load(EXAMPLE / "brand.yaml")
    rules = yaml.safe_load((EXAMPLE / "rules.yaml").read_text(encoding="utf-8"))
    env = {**clean_environment(), **parcela_env(), "PYTHONUNBUFFERED": "1",
           "BOT_INDEX_DIR": str(tmp_path / "index"), "REDIS_URL": redis_url, "BOT_REDIS_PREFIX": redis_prefix}

    # Step: build the index and check the rules (independent: run side by side).
    (built, built_out, built_err), (checked, checked_out, checked_err) = await asyncio.gather(
        run_bot(env, "kb", "build"), run_bot(env, "rules", "check"))
    assert built == 0, built_err
    assert "index: 20 articles" in built_out and "re-embedded 20 file(s)" in built_out, built_out
    assert "multilingual index: 20 articles" in built_out, "BOT_LANGUAGES' other languages get their index too"
    assert checked == 0, checked_out + checked_err
    assert checked_out.startswith("examples/parcela/rules.yaml: ok"), checked_out
    assert "../../config/meaning/human-requested.txt" in checked_out, "the shared meaning files are fitted"

    # Step: the bot, and the dry-run beside it (both read the index just built).
    bot = BotProcess("parcela", env, tmp_path / "bot")
    bot.start()
    try:
        code, out, err = await run_bot(env, "dry-run", "examples/parcela/messages.jsonl")
        assert code == 0, err
        results = [json.loads(line) for line in out.splitlines()]
        sent = [json.loads(line) for line in (EXAMPLE / "messages.jsonl").read_text(encoding="utf-8").splitlines()]
        assert len(results) == len(sent)
        by_text = {r["text"]: r for r in results}
        order = by_text["hi, where is my order PA-88213-K?"]
        assert "Order PA-88213-K" in order["answer"] and "in transit" in order["answer"], order
        assert "Objectiv Kamerahaus" in order["answer"], "the buyer's own order, with the seller from vendors.yaml"
        returns = by_text["How long do I have to return a used camera I changed my mind about?"]
        assert returns["answer"].startswith(brand.greeting) and not returns["handoff"], returns
        assert [s["url"] for s in returns["sources"]] == [f"{HELP_CENTRE}returning-an-item"]
        gold = next(r for r in results if "listings are paused" in r["text"])
        assert gold["handoff"] and "account-team" in gold["tags"], gold
        assert any("vendor tier Gold is high-value" in reason for reason in gold["reasons"]), gold["reasons"]
        person = next(r for r in results if "real person" in r["text"])
        assert person["handoff"] and "human-requested" in person["tags"], person
        assert "abuse" not in person["tags"], "asking for a person is not a cry for help"
        unknown = by_text["can you recommend a good first synthesizer?"]
        assert brand.no_answer_message in unknown["answer"] and not unknown["handoff"], unknown

        await bot.wait_ready(timeout=120)
        await chat_with_parcela(bot.url, brand, rules)
        assert bot.terminate() == 0
        assert "Traceback" not in bot.stderr_text(), bot.stderr_tail()
    finally:
        bot.close()


async def chat_with_parcela(url: str, brand: Brand, rules: dict) -> None:
    """A customer in the widget gets Parcela's bot: its name, greeting, articles, orders and texts."""
    customer = await ChatClient.connect(url)
    try:
        await customer.say("How long do I have to return a used camera?")
        answer = await customer.reply("bot", timeout=30)
        assert answer["name"] == brand.bot_name == "Remi"
        assert answer["text"].startswith(brand.greeting), answer["text"]
        assert answer["sources"] and all(s["url"].startswith(HELP_CENTRE) for s in answer["sources"])
        assert answer["sources"][0]["url"] == f"{HELP_CENTRE}returning-an-item"

        # An order from examples/parcela/knowledge_base/orders.yaml, as an anonymous buyer sees it.
        await customer.say("where is my order pa-88190-c?")
        status = await customer.reply("bot", timeout=30)
        assert "Order PA-88190-C is delivered" in status["text"], status["text"]
        assert "DPD" not in status["text"], "carrier and tracking are for the signed-in buyer only"
    finally:
        await customer.close()

    # A question the help centre can't answer: the brand's no_answer_message, which offers a person.
    stranger = await ChatClient.connect(url)
    try:
        await stranger.say("can you recommend a good first synthesizer?")
        unsure = await stranger.reply("bot", timeout=30)
        assert brand.no_answer_message in unsure["text"]
        # "yes" to that offer hands off; the customer reads the tag's Parcela message.
        await stranger.say("yes please")
        notice = await stranger.reply("system", timeout=30)
        # Written in English: the English one of each tag's messages (they are given per language).
        notices = {t["customer_message"]["en"] for t in rules["tags"] if t.get("customer_message")}
        assert notice["text"] in notices | {brand.handoff()}, notice["text"]
        assert "Parcela" in notice["text"]
        if not any(f["type"] == "state" and f["state"] == "waiting" for f in stranger.frames):
            await stranger.expect("state", lambda f: f["state"] == "waiting", timeout=30)
    finally:
        await stranger.close()

    # The staff side without Slack: the built-in inbox, under Parcela's name.
    async with aiohttp.ClientSession() as session, session.get(f"{url}/inbox/login") as page:
        assert page.status == 200
        assert "Parcela staff inbox" in await page.text()
    # The demo storefront carries the brand too: no other marketplace's name on it, and the widget
    # on it (and on any page) takes Parcela's look from brand.yaml.
    async with aiohttp.ClientSession() as session, session.get(f"{url}/") as demo:
        assert "Harbor" not in await demo.text()
    async with aiohttp.ClientSession() as session, session.get(f"{url}/widget/brand.json") as look:
        assert (await look.json())["colors"]["accent"] == brand.widget.accent == "#c8441f"
