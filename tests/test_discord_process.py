"""The real `python -m bot discord` process, pointed at the Discord emulator by `DISCORD_API_URL` alone,
and the "Open a ticket" panel (`python -m bot discord panel`) whose button does what `/support` does.

Nothing is patched in the bot: the test starts the emulator (REST + gateway on loopback), starts
the process with environment variables, and the process's own discord.py finds the gateway
through the emulator's `GET /gateway/bot`, identifies, and answers a DM pushed over that gateway.
Real Redis, the shipped knowledge base, the tests' rules.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.adapters.discord.panel import PANEL_BUTTON_ID
from bot.brand import Brand
from tests.emulators.discord_api import DiscordAPI, InteractionReply, Posted, payload
from tests.support.processes import ROOT, clean_environment
from tests.support.rules import HANDOFF_RULES
from tests.support.waiting import eventually
from tests.test_discord_chat import (
    ANA,
    ANA_DM,
    GENERAL,
    GUILD,
    HELP_DESK,
    VICTOR,
    VICTOR_DM,
    discord_config,
)

__all__ = ["discord_config"]  # a fixture, used by name


@pytest.fixture
async def emulator() -> AsyncIterator[DiscordAPI]:
    """The Discord emulator on a free loopback port; the bot is pointed at it only by its settings."""
    api = DiscordAPI()
    await api.start()
    api.channel_guilds.update({HELP_DESK: GUILD, GENERAL: GUILD})
    api.add_member(GUILD, payload("member"))
    api.existing_dm(ANA, ANA_DM)
    api.existing_dm(VICTOR, VICTOR_DM)
    yield api
    await api.close()


def bot_environment(**values: str) -> dict[str, str]:
    return {**clean_environment(), "PYTHONUNBUFFERED": "1", **values}


@pytest.fixture
def discord_process(
    emulator: DiscordAPI, discord_config: Path, redis_url: str, redis_prefix: str, shipped_index: Path, tmp_path: Path,
) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """`python -m bot discord` with DISCORD_API_URL at the emulator; its stderr in a file."""
    env = bot_environment(
        DISCORD_API_URL=emulator.base_url, DISCORD_TOKEN=emulator.token, DISCORD_CONFIG=str(discord_config),
        REDIS_URL=redis_url, BOT_REDIS_PREFIX=redis_prefix, BOT_INDEX_DIR=str(shipped_index),
        BOT_RULES=str(HANDOFF_RULES),
    )
    log = tmp_path / "discord.stderr.log"
    with open(log, "wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "bot", "discord"], cwd=ROOT, env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        yield process, log
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


async def test_the_discord_process_answers_a_dm_through_the_api_its_setting_names(
    emulator: DiscordAPI, discord_process: tuple[subprocess.Popen[bytes], Path],
) -> None:
    process, log = discord_process

    def identified() -> dict | None:
        assert process.poll() is None, f"the bot exited ({process.returncode}):\n{tail(log)}"
        return emulator.identifies[0] if emulator.identifies else None

    identify = await eventually(identified, 120, interval=0.1, what=lambda: f"an IDENTIFY at the emulator:\n{tail(log)}")
    assert identify["token"] == emulator.token
    assert ("GET", "/api/v10/gateway/bot") in emulator.requests, "the gateway was found by asking the API"
    assert ("GET", "/api/v10/users/@me") in emulator.requests, "login went to the emulator too"

    await emulator.wait_for(lambda: emulator.commands, timeout=30)  # start-up done: /support and /close registered
    await emulator.push("MESSAGE_CREATE", payload(
        "message_create_dm", id=emulator.ids.next(), content="How can I track my parcel?"))

    def answered() -> list:
        assert process.poll() is None, f"the bot exited ({process.returncode}):\n{tail(log)}"
        return emulator.sent_to(ANA_DM)

    [answer] = await eventually(answered, 60, interval=0.1, what=lambda: f"an answer in Ana's DM:\n{tail(log)}")
    assert answer.content.strip() and answer.embeds, "an answer with its sources"

    process.send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(process.wait, 30) == 0, tail(log)
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("url", ["ftp://x", "https://discord.com", "not a url"])
def test_a_bad_discord_api_url_exits_2_with_one_line_naming_it(url: str) -> None:
    done = subprocess.run([sys.executable, "-m", "bot", "discord"], cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=60, env=bot_environment(DISCORD_API_URL=url, DISCORD_TOKEN="x"))
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("baton: bad setting DISCORD_API_URL:"), line


HELP_DESK_CHANNEL = {"id": HELP_DESK, "type": 0, "guild_id": GUILD, "name": "help-desk", "position": 0,
                     "permission_overwrites": [], "nsfw": False, "parent_id": None}


async def press(api: DiscordAPI, panel: Posted, user: dict) -> list[InteractionReply]:
    """`user` presses the panel's button; returns the bot's acknowledgement and its follow-up."""
    interaction = api.button_press(panel, user=user, channel=HELP_DESK_CHANNEL, guild_id=GUILD)
    await api.push("INTERACTION_CREATE", interaction)
    def both() -> list[InteractionReply] | None:
        replies = [r for r in api.interaction_replies if r.interaction_id == interaction["id"]]
        return replies if len(replies) == 2 else None

    return await api.wait_for(both, timeout=30)


async def test_the_panel_is_posted_by_the_cli_and_its_button_opens_a_ticket_like_support(
    emulator: DiscordAPI, discord_process: tuple[subprocess.Popen[bytes], Path], discord_config: Path,
) -> None:
    _, log = discord_process
    await eventually(lambda: emulator.commands, 120, interval=0.1,
                     what=lambda: f"the bot started (commands registered):\n{tail(log)}")

    # Staff post the panel once, from the command line (REST only; the support channel by default).
    cli = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "discord", "panel", cwd=ROOT, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=bot_environment(
            DISCORD_API_URL=emulator.base_url, DISCORD_TOKEN=emulator.token, DISCORD_CONFIG=str(discord_config)))
    out, err = await asyncio.wait_for(cli.communicate(), 60)
    assert cli.returncode == 0, err.decode()
    [panel] = emulator.sent_to(HELP_DESK)
    assert out.decode().strip() == f"posted the panel in channel {HELP_DESK} (message {panel.id})"
    [[button]] = [row["components"] for row in panel.components]
    assert (button["custom_id"], button["label"]) == (PANEL_BUTTON_ID, "Open a ticket")
    assert panel.content and panel.allowed_mentions and panel.allowed_mentions["parse"] == []

    # Ana presses it: exactly /support. Acknowledged at once, only she sees where her ticket is.
    brand = Brand.load(ROOT / "config" / "brand.yaml")
    ana = payload("message_create_guild")["author"]
    deferred, opened = await press(emulator, panel, ana)
    assert deferred.type == 5 and deferred.ephemeral
    assert opened.followup and opened.ephemeral
    thread = opened.content.split("<#", 1)[1].split(">", 1)[0]
    assert opened.content == brand.ticket_opened.format(thread=f"<#{thread}>")
    ticket = emulator.threads[thread]
    assert (ticket["parent_id"], ticket["name"]) == (HELP_DESK, "Ana")
    assert emulator.thread_members[thread] == [ANA]
    [welcome] = await emulator.wait_for(lambda: emulator.sent_to(thread), timeout=30)
    assert welcome.content == brand.ticket_welcome.format(name="Ana")

    # Again: pointed to the open one, no new thread.
    _, again = await press(emulator, panel, ana)
    assert again.ephemeral and again.content == brand.ticket_exists.format(thread=f"<#{thread}>")
    assert list(emulator.threads) == [thread]


def test_the_panel_needs_a_channel_when_no_support_channel_is_configured(tmp_path: Path) -> None:
    config = tmp_path / "discord.yaml"
    config.write_text(f"guild_id: {GUILD}\nsupport_channels: []\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bot", "discord", "panel"], cwd=ROOT, capture_output=True,
                          text=True, check=False, timeout=60, env=bot_environment(DISCORD_TOKEN="x", DISCORD_CONFIG=str(config)))
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("baton: DISCORD_CONFIG: no support_channels"), line
