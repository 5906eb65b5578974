"""Rules that name a Slack user group by its handle ping that group: the handle is looked up
with usergroups.list, and one that no group has is reported at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from tests.conftest import make_settings
from tests.conftest_slack import INBOX, PAYMENTS, SIGNING_SECRET, SlackBot
from tests.emulators.slack_api import SlackApiEmulator
from tests.support.webchat_client import ChatClient

__all__ = ["slack_api", "slack_bot"]  # fixtures used by name below
from tests.conftest_slack import slack_api, slack_bot  # noqa: E402,F401

ONCALL = "S0PAYONCALL"
RULES = """
settings:
  acknowledge_within: 30
  typos: false
tags:
  - name: double-charge
    priority: 90
    handoff: true
    route: payments
    mention: "@Payments-Oncall"
    when:
      keywords: [charged twice]
  - name: ghost
    priority: 10
    handoff: true
    mention: "@nobody-here"
    when:
      keywords: [ghost town]
"""


@pytest.fixture
def slack_settings(settings: Settings, slack_api: SlackApiEmulator, tmp_path: Path) -> Settings:
    """The bot on the emulator, whose workspace has a @payments-oncall group, with rules that
    mention it by handle (and a handle no group has)."""
    slack_api.usergroups[ONCALL] = []
    slack_api.usergroup_handles[ONCALL] = "payments-oncall"
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    return make_settings(
        REDIS_URL=settings.redis_url, BOT_REDIS_PREFIX=settings.redis_prefix, BOT_KB_DIR=str(settings.kb_dir),
        BOT_INDEX_DIR=str(settings.index_dir), BOT_RULES=str(rules), BOT_BRAND=str(settings.brand_path),
        WEBCHAT_SECRET=settings.webchat_secret, SLACK_BOT_TOKEN=slack_api.bot_token,
        SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=slack_api.base_url, SLACK_INBOX_CHANNEL=INBOX,
    )


async def test_a_handle_in_the_rules_pings_its_group_and_an_unknown_one_is_reported(slack_bot: SlackBot) -> None:
    bot, api = slack_bot, slack_bot.api
    await bot.settled()
    alerts = [m["text"] for m in api.roots(INBOX) if "needs attention" in m["text"]]
    # (one per inbox started: this test's bot builds two, as each process of a deployment does)
    assert alerts and all("'@nobody-here' is not the handle of any Slack user group" in a for a in alerts), alerts
    assert not any("Payments-Oncall" in a for a in alerts), "the known handle (any case) is not reported"

    client = await ChatClient.connect(bot.base_url)
    await client.say("I was charged twice for one order")
    await client.expect("state", lambda f: f["state"] == "waiting")
    card = await bot.card_in(PAYMENTS)

    assert card["text"].startswith(f"<!subteam^{ONCALL}> Handoff (double-charge)"), card["text"]
    assert any(f"<!subteam^{ONCALL}>" in e.get("text", "") for b in card["blocks"] if b["type"] == "context"
               for e in b["elements"])
    await client.close()
