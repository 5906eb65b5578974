"""Getting answers to Discord customers when Discord pushes back: rate limits, threads that can't be
opened, server errors that last. The real bot, discord.py's real HTTP layer, the local emulator."""

from __future__ import annotations

import asyncio

from tests.support.rules import HANDOFF, HANDOFF_NOTICE
from tests.support.staff import DANA
from tests.test_discord_chat import (  # noqa: F401  (fixtures used by name)
    ANA_DM,
    HELP_DESK,
    VICTOR_DM,
    Discord,
    discord_api,
    discord_config,
    on_discord,
    rules_path,
    victor,
)


async def test_more_rate_limits_than_discord_py_waits_out_delay_the_reply_but_never_drop_it(
    on_discord: Discord,
) -> None:
    api = on_discord.api
    # discord.py waits out five 429s itself, then gives up with HTTPException(429).
    api.fail("POST", rf"^/api/v10/channels/{ANA_DM}/messages$", 429, times=7, retry_after=0.1)
    on_discord.say("How can I track my parcel?")

    [answer] = await on_discord.posts(ANA_DM, 1)
    assert answer.embeds, "the whole answer arrived, sources included"
    assert [status for *_, status in api.rejected] == [429] * 7
    assert api.ignored_limits == [], "no request came before Discord's retry_after was over"
    await asyncio.sleep(0.3)
    assert len(on_discord.bot_posts(ANA_DM)) == 1, "once"


async def test_a_global_rate_limit_that_outlasts_discord_py_is_waited_out_not_dropped(on_discord: Discord) -> None:
    api = on_discord.api
    api.fail("POST", r"^/api/v10/channels/\d+/messages$", 429, times=6, retry_after=0.3, is_global=True)
    on_discord.say("How do payouts work?", channel_id=VICTOR_DM, author=victor())

    [answer] = await on_discord.posts(VICTOR_DM, 1)
    assert answer.content
    assert [status for *_, status in api.rejected] == [429] * 6
    assert api.ignored_limits == [], "nothing was sent while the global limit held"
    await asyncio.sleep(0.3)
    assert len(on_discord.bot_posts(VICTOR_DM)) == 1, "once"


async def test_a_thread_that_cannot_be_opened_answers_in_the_channel_and_alerts_staff(on_discord: Discord) -> None:
    api, router = on_discord.api, on_discord.services.conversations
    question = api.ids.next()
    api.fail("POST", rf"/messages/{question}/threads$", 403)  # the channel denies Create Public Threads
    on_discord.say(HANDOFF, where=HELP_DESK, message_id=question)

    [notice] = await on_discord.posts(HELP_DESK, 1)
    assert HANDOFF_NOTICE in notice.content
    assert notice.reference and str(notice.reference["message_id"]) == question, "a reply to the question"
    assert notice.allowed_mentions and notice.allowed_mentions.get("replied_user") is True, "the customer is notified"
    assert not api.threads and not api.sent_to(question)
    alerts = await on_discord.services.store.alerts(10)
    assert any(question in alert and "thread" in alert for alert in alerts), alerts

    # Later messages of that conversation (here a staff reply) reach the customer in the same place.
    conversation = await on_discord.conversation(f"thread:{question}")
    assert (await router.claim(conversation.id, DANA)).ok
    await router.reply(conversation.id, DANA, "Hi, I'm looking at it now.")
    posts = await on_discord.posts(HELP_DESK, 3)
    assert posts[2].content.endswith("Hi, I'm looking at it now.")
    assert all(str(p.reference["message_id"]) == question for p in posts if p.reference)
    assert ("POST", f"/api/v10/channels/{question}/messages") not in api.requests


async def test_a_thread_discord_keeps_failing_to_open_holds_up_no_one_else(on_discord: Discord) -> None:
    api = on_discord.api
    loop = asyncio.get_running_loop()
    stuck = api.ids.next()
    api.fail("POST", rf"/messages/{stuck}/threads$", 502, times=1000)  # discord.py retries 502s too
    on_discord.say("How can I track my parcel?", where=HELP_DESK, message_id=stuck)
    await asyncio.sleep(0.2)

    asked = loop.time()
    other = on_discord.say("What payment methods do you accept?", where=HELP_DESK, author=victor())
    await on_discord.posts(other, 1, timeout=8)  # answered in its own thread meanwhile
    assert loop.time() - asked < 8

    # The stuck question is answered in the channel once `part_seconds` (3 s here) ran out,
    # not after every retry of every retry.
    [fallback] = await on_discord.posts(HELP_DESK, 1, timeout=8)
    assert fallback.reference and str(fallback.reference["message_id"]) == stuck
    assert loop.time() - asked < 10
