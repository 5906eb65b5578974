"""Answers and staff replies are Markdown; each surface gets what it can show (bot/markup.py):
safe HTML for the inbox page, tables as lists for Discord, Slack's mrkdwn for Slack. The last
test sends a staff reply with a table through the real Discord adapter to the Discord emulator."""

from __future__ import annotations

import re
import time

from bot.adapters.discord.split import split_message
from bot.adapters.slack.blocks import render_message
from bot.markup import link_allowed, to_discord, to_html, to_slack
from bot.models import Message
from tests.support.rules import HANDOFF
from tests.support.staff import DANA
from tests.test_discord_chat import (  # noqa: F401
    ANA,
    ANA_DM,
    Discord,
    discord_api,
    discord_config,
    on_discord,
)

FEES = (
    "Here are the fees per plan:\n"
    "\n"
    "| Plan | Fee | Payout |\n"
    "| --- | :---: | --- |\n"
    "| **Basic** | 5% | [weekly](https://help.harbor.example/payouts) |\n"
    "| Pro | | daily |\n"
    "\n"
    "Ask me about anything else."
)
ATTACKS = (
    "<img src=x onerror=alert(1)> <script>alert(2)</script> "
    "[click](javascript:alert(3)) [data](data:text/html,hi) [file](/etc/passwd)"
)


# -- Discord ---------------------------------------------------------------------------------


def test_discord_gets_each_table_as_a_list_with_one_line_per_row() -> None:
    assert to_discord(FEES) == (
        "Here are the fees per plan:\n"
        "\n"
        "- **Basic** — Fee: 5%; Payout: [weekly](https://help.harbor.example/payouts)\n"
        "- **Pro** — Payout: daily\n"
        "\n"
        "Ask me about anything else."
    ), "the first cell names the row; empty cells are left out; links and bold stay Discord Markdown"


def test_discord_text_without_tables_arrives_exactly_as_written() -> None:
    text = ("**Returns** are free for *30 days*:\n- open the order\n- choose [Return](https://x.example/r)\n\n"
            "```\n| not | a table |\n| --- | --- |\n```\n`a | b` and **** **** 1111\n| lonely | pipes |")
    assert to_discord(text) == text, "Discord renders all of this itself; a table in a code block stays code"


def test_discord_tables_in_lists_keep_their_indent_and_header_only_tables_become_one_line() -> None:
    nested = "- Plans:\n\n  | Plan | Fee |\n  | --- | --- |\n  | Pro | 3% |\n- Done"
    assert to_discord(nested) == "- Plans:\n\n  - **Pro** — Fee: 3%\n- Done"
    assert to_discord("| Plan | Fee |\n| --- | --- |") == "Plan; Fee"


def test_discord_splits_a_long_converted_table_on_row_boundaries() -> None:
    rows = "\n".join(f"| HM-1002{n:02d} | shipped | DHL tracking JJD0001234{n:02d} |" for n in range(60))
    text = "Your orders:\n\n| Order | Status | Parcel |\n| --- | --- | --- |\n" + rows
    parts = split_message(to_discord(text))
    assert len(parts) >= 2 and all(len(p) <= 2000 for p in parts)
    lines = [line for part in parts for line in part.split("\n")][2:]
    assert len(lines) == 60 and all(re.fullmatch(r"- \*\*HM-1002\d\d\*\* — Status: shipped; Parcel: DHL tracking "
                                                 r"JJD0001234\d\d", line) for line in lines), "no row is cut in two"
    assert "|" not in "".join(parts)


# -- Slack -----------------------------------------------------------------------------------


def test_slack_gets_mrkdwn_bold_italics_links_and_bullets() -> None:
    text = ("**Refunds** take *5 days*.\n\n- see [Refunds](https://help.harbor.example/refunds)\n"
            "  1. nested step\n- write to <help@harbor.example>\n\n# Still stuck?\nUse `Order > Help`.")
    assert to_slack(text) == (
        "*Refunds* take _5 days_.\n\n"
        "• see <https://help.harbor.example/refunds|Refunds>\n"
        "    1. nested step\n"
        "• write to <mailto:help@harbor.example|help@harbor.example>\n\n"
        "*Still stuck?*\n"
        "Use `Order &gt; Help`."
    )


def test_slack_gets_tables_as_bullets_and_nothing_in_the_text_pings_or_links_on_its_own() -> None:
    assert to_slack(FEES) == (
        "Here are the fees per plan:\n\n"
        "• *Basic* — Fee: 5%; Payout: <https://help.harbor.example/payouts|weekly>\n"
        "• *Pro* — Payout: daily\n\n"
        "Ask me about anything else."
    )
    hostile = to_slack("<!channel> hi & [x](javascript:alert(1)) [y](https://a.example|<!here>)")
    assert "<!" not in hostile and "&lt;!channel&gt; hi &amp;" in hostile
    assert "[x](javascript:alert(1))" in hostile, "a refused link stays text"


def test_slack_transcript_lines_render_answers_and_staff_markdown_but_customers_as_typed() -> None:
    now = time.time()
    bot = render_message(Message("1-0", "c1", "bot", FEES, now), "Harbor")
    assert "• *Basic* — Fee: 5%" in bot and "| Plan |" not in bot
    staff = render_message(Message("2-0", "c1", "human", "**Done**, refund sent", now, name="Dana"))
    assert "*Done*, refund sent" in staff and "**" not in staff
    customer = render_message(Message("3-0", "c1", "customer", "**urgent** <!channel> | a | b |", now))
    assert customer.endswith("**urgent** &lt;!channel&gt; | a | b |"), "a customer's words are shown as typed"


# -- HTML (the inbox page) -------------------------------------------------------------------


def test_html_has_a_real_table_lists_and_safe_links() -> None:
    page = to_html(FEES + "\n\n1. first\n2. second\n- dot")
    assert "<table><thead><tr><th>Plan</th><th>Fee</th><th>Payout</th></tr></thead>" in page
    assert "<tr><td><strong>Basic</strong></td><td>5%</td><td><a href=\"https://help.harbor.example/payouts\" " \
           "target=\"_blank\" rel=\"noopener noreferrer nofollow\">weekly</a></td></tr>" in page
    assert "<ol><li>first</li><li>second</li></ol><ul><li>dot</li></ul>" in page


def test_html_shows_markup_and_unsafe_links_as_harmless_text() -> None:
    page = to_html(ATTACKS + "\n![pic](https://x.example/p.png) <b onclick=x>b</b>")
    assert "<img" not in page and "<script" not in page and "<b " not in page
    assert "&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "[click](javascript:alert(3)) [data](data:text/html,hi) [file](/etc/passwd)" in page
    assert re.findall(r'href="([^"]*)"', page) == ["https://x.example/p.png"], "an image is a link at most"
    assert to_html("see https://help.harbor.example/a.") == (
        '<p>see <a href="https://help.harbor.example/a" target="_blank" rel="noopener noreferrer nofollow">'
        "https://help.harbor.example/a</a>.</p>"
    ), "bare URLs are links, as in the widget"


def test_only_http_https_and_mailto_links_are_allowed() -> None:
    assert link_allowed("https://help.harbor.example/a") and link_allowed("mailto:help@harbor.example")
    for refused in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x",
                    "/relative", "//host.example/x", "http:///nohost", "mailto:", "file:///etc/passwd"):
        assert not link_allowed(refused), refused


# -- end to end: a staff reply with a table reaches Discord as a list -------------------------


async def test_a_staff_reply_with_a_table_reaches_discord_as_a_list(on_discord: Discord) -> None:  # noqa: F811
    on_discord.say(HANDOFF)
    await on_discord.posts(ANA_DM, 1)
    conversation = await on_discord.conversation(f"dm:{ANA}")
    router = on_discord.services.conversations
    assert (await router.claim(conversation.id, DANA)).ok
    await on_discord.posts(ANA_DM, 2)

    await router.reply(conversation.id, DANA, FEES)
    relayed = (await on_discord.posts(ANA_DM, 3))[2]
    assert relayed.content.startswith("**Dana**")
    assert "- **Basic** — Fee: 5%; Payout: [weekly](https://help.harbor.example/payouts)\n- **Pro** — Payout: daily" \
        in relayed.content
    assert "|" not in relayed.content and "---" not in relayed.content, "no table pipes reach Discord"
    transcript = await on_discord.services.store.transcript(conversation.id)
    assert transcript[-1].text == FEES, "the transcript keeps what Dana wrote; only Discord's copy is converted"
