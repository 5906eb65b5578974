"""Practice runs in the Slack and Discord staff inboxes (docs/practice.md): the card says PRACTICE,
and a drill pings nobody: not the route's user group or role on the card, nor on the SLA reminders,
nor when a missed SLA passes it on. A real customer's handoff of the same kind still pings.
Real bot, real practice run, Slack and Discord emulated over real sockets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.app import Services
from bot.practice import PRACTICE_CHANNEL
from bot.practice.run import PracticeChannel, PracticeRun
from bot.practice.scenario import load_scenario
from tests.conftest_slack import (
    CRITICAL,
    PAYMENTS,
    SlackBot,
    slack_api,
    slack_bot,
    slack_settings,
)
from tests.emulators.discord_api import Posted
from tests.support.waiting import eventually
from tests.support.webchat_client import ChatClient
from tests.test_discord_chat import discord_api
from tests.test_inbox_contract import (
    STAFF_CHANNEL,
    DiscordDriver,
    discord_inbox,
    staff_discord_config,
)

__all__ = ["discord_api", "discord_inbox", "slack_api", "slack_bot", "slack_settings",
           "staff_discord_config"]  # fixtures used by name below

SHOP_DOWN = "Help, my shop is down since this morning"  # route payments, a 1.5-second SLA
PAYMENTS_ROLE, ONCALL_ROLE = "1100000000000000077", "1100000000000000099"
# Discord's rules: the same handoff, pinging a role; a twice-missed SLA goes to `critical`, pinging another.
DISCORD_RULES = f"""
settings:
  acknowledge_within: 30
  typos: false
tags:
  - name: critical
    priority: 100
    handoff: true
    route: critical
    mention: "{ONCALL_ROLE}"
    acknowledge_within: 30
    when:
      keywords: [account was hacked]
  - name: shop-down
    priority: 90
    handoff: true
    route: payments
    mention: "<@&{PAYMENTS_ROLE}>"
    acknowledge_within: 0.025
    when:
      keywords: [shop is down]
"""
DRILL = f"""\
name: shop-drill
title: A vendor whose shop is down
customer:
  role: vendor
  name: Pat Practice
  account: V-9001
opening:
  - "{SHOP_DOWN}"
expect_tags: [shop-down]
replies:
  - say: "Thanks, I'll wait."
fallback: "Sorry, what do you mean?"
"""


@pytest.fixture
def rules_path(tmp_path: Path) -> Path:
    """The Discord bot's rules (the Slack one has tests/conftest_slack.py's, pinging S0PAYMENTS)."""
    path = tmp_path / "practice-rules.yaml"
    path.write_text(DISCORD_RULES, encoding="utf-8")
    return path


@pytest.fixture
def drill(tmp_path: Path) -> Path:
    """A practice scenario that hands off to `payments` with the 1.5-second SLA."""
    path = tmp_path / "shop-drill.yaml"
    path.write_text(DRILL, encoding="utf-8")
    return path


@asynccontextmanager
async def practising(services: Services, drill: Path) -> AsyncIterator[PracticeRun]:
    """A practice run whose opening has been handed off; stopped (closed) afterwards."""
    channel = PracticeChannel()
    services.conversations.register_channel(channel)
    run = PracticeRun(services.conversations, channel, load_scenario(drill), lambda line: None)
    try:
        await asyncio.wait_for(run.open(), 60)
        assert run.outcome.handed_off and run.conversation_id
        assert (await services.store.get(run.conversation_id)).channel == PRACTICE_CHANNEL
        yield run
    finally:
        await run.stop()


# -- Slack --------------------------------------------------------------------------------------


async def test_a_practice_in_slack_pings_no_team_on_its_card_its_reminders_or_its_escalation(
    slack_bot: SlackBot, drill: Path,
) -> None:
    bot, api = slack_bot, slack_bot.api
    customer = await ChatClient.connect(bot.base_url)
    await customer.say(SHOP_DOWN)
    real = await bot.card_in(PAYMENTS)
    assert real["text"].startswith("<!subteam^S0PAYMENTS> Handoff (shop-down)"), "a real handoff pings its team"

    async with practising(bot.services, drill):
        card = await bot.card_in(PAYMENTS, 1)
        assert card["text"].startswith("PRACTICE · Handoff (shop-down)"), card["text"]
        assert "subteam" not in str(card["blocks"]), "no ping on the card"

        def thread() -> str:
            return "\n".join(m["text"] for m in api.replies(PAYMENTS, card["ts"]))

        await api.wait_for(lambda: "Still unclaimed" in thread(), timeout=20)
        assert "Nobody has claimed this after" in thread() and "subteam" not in thread(), "no ping on reminders"

        def escalated() -> list[dict]:
            return [m for m in api.roots(CRITICAL) if m["text"].startswith("PRACTICE")]

        [passed_on] = await api.wait_for(escalated, timeout=20)
        assert "Passed from payments by Baton SLA" in str(passed_on["blocks"])
        assert "subteam" not in passed_on["text"] + str(passed_on["blocks"]), "no ping when it is passed on"
    await customer.close()


# -- Discord ------------------------------------------------------------------------------------


def fields(card: Posted) -> dict[str, str]:
    """The card's embed fields, by name."""
    return {f["name"]: f["value"] for f in card.embeds[0].get("fields", [])}


async def test_a_practice_in_discord_is_marked_on_its_card_and_pings_no_role(
    discord_inbox: DiscordDriver, drill: Path,
) -> None:
    driver, api = discord_inbox, discord_inbox.api
    await driver.handoff(SHOP_DOWN)
    real = await driver._card()
    assert real.content.startswith(f"<@&{PAYMENTS_ROLE}> New handoff"), "a real handoff pings the role"
    assert real.embeds[0]["title"] == "Handoff: shop-down" and fields(real)["Channel"] == "Web chat"

    async with practising(driver.services, drill) as run:
        async def posted() -> str | None:
            ref = (await driver.services.store.get(run.conversation_id or "")).inbox_ref or ""
            channel, _, message = ref.partition(":")
            return message if channel == STAFF_CHANNEL and message.isdigit() else None

        card = api.message(STAFF_CHANNEL, await eventually(posted, 15, what="the practice card"))
        assert card.embeds[0]["title"] == "PRACTICE · Handoff: shop-down"
        assert fields(card)["Channel"] == "Practice (a script, no real customer)"
        assert card.content == "PRACTICE · New handoff from Pat Practice", "no role ping on the card"
        assert not (card.allowed_mentions or {}).get("roles")
        thread = await api.wait_for(lambda: api.threads.get(card.id))  # opened just after the card
        assert thread["name"] == "PRACTICE · Pat Practice: shop-down"

        def said() -> list[Posted]:
            return [p for p in api.sent_to(card.id) if "Nobody has claimed" in p.content
                    or "Still unclaimed" in p.content or "passed this to" in p.content]

        notices = await api.wait_for(lambda: len(said()) >= 3 and said(), timeout=20)
        [passed_on] = [n.content for n in notices if "passed this to" in n.content]
        assert passed_on.startswith("➡️ Baton SLA passed this to **critical**"), "the escalation, without a ping"
        assert not [n for n in notices if "<@&" in n.content or (n.allowed_mentions or {}).get("roles")], (
            "no role ping on reminders or the pass")
