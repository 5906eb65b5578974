"""Photos and PDFs on Discord: what customers and staff attach is copied into Baton's own storage
(Discord's CDN links expire after about a day), and what Baton sends is uploaded from that copy.

The real bot (real Redis, a real temporary folder for the files) against the Discord emulator:
customers' messages come over the gateway with `attachments` whose links point at the emulator's
CDN; everything the bot posts goes through discord.py's HTTP client (multipart `files[n]` and
`payload_json` for uploads), and the emulator keeps the bytes it was sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from yarl import URL

from bot.adapters.discord.channel import DiscordChannel
from bot.app import Services
from bot.models import Attachment, Conversation
from bot.settings import Settings
from tests.emulators.discord_api import DiscordAPI, GatewayFeed, Posted, payload
from tests.support.files import html_page, pdf, png, windows_program
from tests.support.rules import HANDOFF, HANDOFF_NOTICE
from tests.support.staff import DANA
from tests.support.waiting import eventually
from tests.test_discord_chat import (  # noqa: F401  (fixtures used by name)
    ANA,
    ANA_DM,
    HELP_DESK,
    MODERATOR_ROLE,
    discord_api,
    discord_config,
)
from tests.test_inbox_contract import (  # noqa: F401  (fixtures used by name)
    DANA_NAME,
    DISCORD_STAFF,
    DiscordDriver,
    discord_inbox,
    discord_user,
    staff_discord_config,
)

MAX_BYTES = 11 * 1024 * 1024  # FILES_MAX_BYTES here: above Discord's 10 MiB upload limit


@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    """Where this test's bot keeps files (FILES_DIR)."""
    return tmp_path / "files"


@pytest.fixture
def settings(settings: Settings, files_dir: Path) -> Settings:
    """The test bot, keeping files in its own folder, up to 11 MB each."""
    return settings.model_copy(update={"files_dir": files_dir, "files_max_bytes": MAX_BYTES})


def kept(files_dir: Path) -> list[Path]:
    """The files the bot has written to its folder."""
    return [p for p in files_dir.rglob("*") if p.is_file()] if files_dir.exists() else []


@dataclass
class Chat:
    """A customer on Discord (gateway events parsed by discord.py itself) and the bot's channel."""

    api: DiscordAPI
    feed: GatewayFeed
    channel: DiscordChannel
    services: Services

    def say(self, content: str, files: list[tuple[str, bytes]] | None = None, *,
            sizes: dict[str, int] | None = None) -> tuple[str, list[dict[str, Any]]]:
        """Ana writes in her DM with the bot, attaching `files`; returns the message id and its
        attachments as Discord described them (`sizes`: what Discord says a file weighs)."""
        message_id = self.api.ids.next()
        attachments = [self.api.attachment(ANA_DM, name, data, size=(sizes or {}).get(name))
                       for name, data in files or []]
        self.feed.dispatch("MESSAGE_CREATE", payload("message_create_dm", id=message_id, content=content,
                                                     attachments=attachments))
        return message_id, attachments

    async def posts(self, count: int) -> list[Posted]:
        """Wait until the bot has posted `count` messages in Ana's DM; return them."""
        return await self.api.wait_for(lambda: len(self.api.sent_to(ANA_DM)) >= count and self.api.sent_to(ANA_DM))

    async def conversation(self) -> Conversation:
        found = await eventually(lambda: self.services.store.conversation_for("discord", f"dm:{ANA}"),
                                 what="Ana's DM conversation")
        return found  # type: ignore[no-any-return]


@pytest.fixture
async def chat(services: Services, settings: Settings, discord_api: DiscordAPI,  # noqa: F811
               discord_config: Path) -> AsyncIterator[Chat]:  # noqa: F811
    """The Discord channel wired as `start_discord` wires it: with the bot's file service."""
    channel = DiscordChannel(settings.model_copy(update={"discord_token": discord_api.token}),
                             services.conversations, services.store, services.brand, discord_config,
                             files=services.files)
    services.conversations.register_channel(channel)
    await channel.login()
    await channel.outbox.start()
    feed = GatewayFeed(channel.client)
    feed.dispatch("GUILD_CREATE", payload("guild_create"))
    yield Chat(discord_api, feed, channel, services)
    await channel.stop()


async def read_back(services: Services, attachment: Attachment) -> bytes:
    """The bytes Baton kept for an attachment (what staff and the customer will get)."""
    found = await services.files.read(attachment.id)
    assert found is not None, f"{attachment.name} is not kept"
    return found[1]


# -- customers' files ---------------------------------------------------------------------------


async def test_a_customers_photo_in_a_dm_is_kept_and_is_in_the_handoff_transcript(chat: Chat) -> None:
    """Ana sends a photo of the broken vase with no words: Baton keeps a copy (her Discord link
    will expire), tells her it has it, and when she asks for a person the conversation reaches
    staff with the photo in its transcript, byte for byte, even after Discord's link is gone."""
    photo = png(width=4, height=3, extra=3000)
    chat.say("", [("broken vase.png", photo)])
    [told] = await chat.posts(1)
    assert told.content == chat.services.brand.file_received_message

    chat.say(HANDOFF)
    notice = (await chat.posts(2))[1]
    assert HANDOFF_NOTICE in notice.content
    conversation = await chat.conversation()
    assert conversation.state == "waiting"

    chat.api.expire_links()  # a day later: Discord's link no longer works, Baton's copy does
    transcript = await chat.services.store.transcript(conversation.id)
    [sent] = [m for m in transcript if m.attachments]
    assert (sent.author, sent.text) == ("customer", "")
    [attachment] = sent.attachments
    assert (attachment.name, attachment.content_type, attachment.size) == ("broken vase.png", "image/png", len(photo))
    assert await read_back(chat.services, attachment) == photo
    record = await chat.services.files.record(attachment.id)
    assert record is not None and (record.conversation_id, record.sent_by) == (conversation.id, "customer")
    assert not [m for m in transcript if "/attachments/" in m.text], "no Discord link is kept anywhere"


async def test_a_renamed_program_and_a_too_large_file_are_refused_and_her_words_still_go_through(
    chat: Chat, files_dir: Path,
) -> None:
    """A Windows program named receipt.pdf is refused by its content, a 12 MB video by its size
    (never downloaded); Ana is told why for each, and her words are stored and answered. A message
    with nothing but a refused file is answered with why, and stores nothing."""
    _, attachments = chat.say("How do I return an item? Receipt and unboxing attached.",
                              [("receipt.pdf", windows_program()), ("unboxing.png", png())],
                              sizes={"unboxing.png": 12 * 1024 * 1024})
    brand = chat.services.brand
    refusal = "\n".join([brand.file_refused_message.format(name="receipt.pdf"),
                         brand.file_too_large_message.format(name="unboxing.png", size="11 MB")])
    posts = await chat.api.wait_for(lambda: any(p.embeds for p in chat.api.sent_to(ANA_DM))
                                    and chat.api.sent_to(ANA_DM))
    assert [p.content for p in posts].count(refusal) == 1, [p.content for p in posts]

    conversation = await chat.conversation()
    [question] = [m for m in await chat.services.store.transcript(conversation.id) if m.author == "customer"]
    assert question.text == "How do I return an item? Receipt and unboxing attached." and not question.attachments
    assert kept(files_dir) == [], "nothing refused is kept"
    program, video = (URL(a["url"]).path for a in attachments)
    downloaded = [path for method, path in chat.api.requests if method == "GET"]
    assert program in downloaded and video not in downloaded, "the too-large file was not even downloaded"

    only_refused, _ = chat.say("", [("invoice.pdf", html_page())])
    [reply] = await chat.api.wait_for(lambda: [p for p in chat.api.sent_to(ANA_DM)
                                               if p.reference and str(p.reference["message_id"]) == only_refused])
    assert reply.content == brand.file_refused_message.format(name="invoice.pdf")
    customer = [m for m in await chat.services.store.transcript(conversation.id) if m.author == "customer"]
    assert len(customer) == 1, "a message with nothing that could be kept stores nothing"


async def test_six_photos_in_one_message_keep_the_first_five_and_name_the_sixth(chat: Chat) -> None:
    """Five files go with one message, as in the widget: the first five photos are kept, in order,
    and Ana reads that the sixth was left out."""
    photos = [(f"side-{n}.png", png(width=n + 1, height=1)) for n in range(6)]
    chat.say("", photos)
    left_out = chat.services.brand.file_too_many_message.format(count=5, names="side-5.png")
    await chat.api.wait_for(lambda: [p for p in chat.api.sent_to(ANA_DM) if p.content == left_out])

    conversation = await chat.conversation()
    [sent] = [m for m in await chat.services.store.transcript(conversation.id) if m.author == "customer"]
    assert [a.name for a in sent.attachments] == [name for name, _ in photos[:5]]
    assert [await read_back(chat.services, a) for a in sent.attachments] == [data for _, data in photos[:5]]


async def test_a_photo_posted_in_a_support_channel_opens_her_thread_and_is_kept_for_it(chat: Chat) -> None:
    """Ana posts only a photo (and a program she thinks is a PDF) in the help desk channel: a
    thread is opened for it, named after the photo; the photo is kept for that thread's
    conversation, and why the other file was refused is said in the thread, not the channel."""
    photo = png(width=2, height=7, extra=100)
    question = chat.api.ids.next()
    message = payload("message_create_guild", id=question, content="", channel_id=HELP_DESK, attachments=[
        chat.api.attachment(HELP_DESK, "parcel.png", photo), chat.api.attachment(HELP_DESK, "label.pdf",
                                                                                 windows_program())])
    message["member"]["roles"] = []
    chat.feed.dispatch("MESSAGE_CREATE", message)

    thread = await chat.api.wait_for(lambda: chat.api.threads.get(question))
    assert thread["name"] == "Ana: parcel.png"
    posts = await chat.api.wait_for(lambda: len(chat.api.sent_to(question)) >= 2 and chat.api.sent_to(question))
    assert chat.services.brand.file_refused_message.format(name="label.pdf") in [p.content for p in posts]
    assert not chat.api.sent_to(HELP_DESK), "nothing is said in the channel itself"

    conversation = await chat.services.store.conversation_for("discord", f"thread:{question}")
    assert conversation is not None
    [sent] = [m for m in await chat.services.store.transcript(conversation.id) if m.author == "customer"]
    assert [a.name for a in sent.attachments] == ["parcel.png"]
    assert await read_back(chat.services, sent.attachments[0]) == photo


# -- staff's files to the customer ----------------------------------------------------------------


async def handed_off(chat: Chat) -> Conversation:
    """Ana asks for a person in her DM; the conversation waits for staff."""
    chat.say(HANDOFF)
    await chat.posts(1)
    conversation = await chat.conversation()
    assert conversation.state == "waiting"
    return conversation


async def test_a_staff_reply_with_a_pdf_is_uploaded_to_the_customers_dm_once(chat: Chat) -> None:
    """Dana replies with a return label: Ana's DM gets the reply and the PDF itself (uploaded from
    Baton's copy), once, though Discord's first answer to the upload was lost."""
    conversation = await handed_off(chat)
    assert (await chat.services.conversations.claim(conversation.id, DANA)).ok
    await chat.posts(2)  # "Dana has joined"
    label = await chat.services.files.keep(pdf(), "return-label.pdf", conversation_id=conversation.id,
                                           sent_by=DANA.id)
    chat.api.fail("POST", rf"/channels/{ANA_DM}/messages$", 503, after_effect=True)  # posted, the answer lost

    await chat.services.conversations.reply(conversation.id, DANA, "Here is your return label.", attachments=[label])
    await chat.services.conversations.reply(conversation.id, DANA, "Anything else?")  # comes after it, in order
    posts = await chat.api.wait_for(lambda: any(p.content.endswith("Anything else?") for p in chat.api.sent_to(ANA_DM))
                                    and chat.api.sent_to(ANA_DM))

    with_files = [p for p in posts if p.uploads]
    assert len(with_files) == 1, "the reply with its file was posted once"
    [reply] = with_files
    assert reply.content.startswith("**Dana**") and reply.content.endswith("Here is your return label.")
    assert reply.uploads == [("return-label.pdf", pdf())]
    assert ("POST", f"/api/v10/channels/{ANA_DM}/messages", 503) in chat.api.rejected


async def test_a_staff_file_queued_by_a_discord_process_that_died_is_uploaded_once_by_the_next(
    chat: Chat, services: Services, settings: Settings, discord_api: DiscordAPI,  # noqa: F811
    discord_config: Path,  # noqa: F811
) -> None:
    """The Discord process dies with Dana's reply and its photo queued: the next process uploads
    it, once, with the same bytes."""
    conversation = await handed_off(chat)
    await chat.channel.outbox.stop(timeout=0)  # this process posts nothing more
    photo = png(width=3, height=3, extra=1000)
    packing = await services.files.keep(photo, "how-to-pack.png", conversation_id=conversation.id, sent_by=DANA.id)
    await services.conversations.reply(conversation.id, DANA, "Pack it like this.", attachments=[packing])
    await eventually(lambda: chat.channel.outbox.queues.pending(), what="the reply queued")
    assert not [p for p in discord_api.sent_to(ANA_DM) if p.uploads]

    discord_api.existing_dm(ANA, ANA_DM)
    next_process = DiscordChannel(settings.model_copy(update={"discord_token": discord_api.token}),
                                  services.conversations, services.store, services.brand, discord_config,
                                  files=services.files)
    await next_process.login()
    await next_process.outbox.start()
    try:
        [reply] = await discord_api.wait_for(lambda: [p for p in discord_api.sent_to(ANA_DM) if p.uploads])
        assert reply.uploads == [("how-to-pack.png", photo)] and reply.content.endswith("Pack it like this.")
        await services.conversations.reply(conversation.id, DANA, "Tape all the edges.")  # after it, in order
        await discord_api.wait_for(lambda: [p for p in discord_api.sent_to(ANA_DM) if "Tape" in p.content])
        assert len([p for p in discord_api.sent_to(ANA_DM) if p.uploads]) == 1, "uploaded once"
    finally:
        await next_process.stop()


async def test_a_staff_file_larger_than_discord_carries_is_named_and_the_rest_arrives(chat: Chat) -> None:
    """A 10.5 MB scan is over Discord's upload limit (10 MiB without boosts): Ana reads that it is
    too large to send here, and gets the reply's other file; nothing is refused by Discord."""
    conversation = await handed_off(chat)
    scan = png(extra=int(10.5 * 1024 * 1024))
    big = await chat.services.files.keep(scan, "scan.png", conversation_id=conversation.id, sent_by=DANA.id)
    label = await chat.services.files.keep(pdf(), "label.pdf", conversation_id=conversation.id, sent_by=DANA.id)

    await chat.services.conversations.reply(conversation.id, DANA, "The scan and the label.", attachments=[big, label])
    [reply] = await chat.api.wait_for(lambda: [p for p in chat.api.sent_to(ANA_DM) if p.uploads])
    assert reply.uploads == [("label.pdf", pdf())]
    assert chat.services.brand.file_not_sent_message.format(name="scan.png") in reply.content
    assert not [r for r in chat.api.rejected if r[2] == 413]


# -- the Discord staff inbox ------------------------------------------------------------------------


async def dm_handoff(driver: DiscordDriver, photo: bytes) -> Posted:
    """Ana DMs the bot a photo with her words, then asks for a person; returns the card. Her
    photo's Discord link expires once the bot has answered (it has its copy by then)."""
    api = driver.api
    await api.push("MESSAGE_CREATE", payload(
        "message_create_dm", id=api.ids.next(), content="The vase arrived broken",
        attachments=[api.attachment(ANA_DM, "vase.png", photo)]))
    await api.wait_for(lambda: api.sent_to(ANA_DM))  # the bot's answer
    api.expire_links()
    await api.push("MESSAGE_CREATE", payload("message_create_dm", id=api.ids.next(), content=HANDOFF))

    async def waiting() -> str | None:
        conversation = await driver.services.store.conversation_for("discord", f"dm:{ANA}")
        return conversation.id if conversation and conversation.state == "waiting" else None

    driver.conversation_id = await eventually(waiting, 15, what="Ana handed off")
    return await driver._card()


async def test_the_customers_photo_is_uploaded_into_the_staff_thread(discord_inbox: DiscordDriver) -> None:  # noqa: F811
    """With staff in Discord, the card's thread shows Ana's words with her photo uploaded under
    them (from Baton's copy: Discord's link to her upload has expired by then), and a photo she
    sends later is uploaded there too."""
    driver, api = discord_inbox, discord_inbox.api
    photo = png(width=5, height=5, extra=800)
    card = await dm_handoff(driver, photo)

    [first] = await api.wait_for(lambda: [p for p in api.sent_to(card.id) if p.uploads])
    assert "The vase arrived broken" in first.content and "📎 vase.png" in first.content
    assert first.uploads == [("vase.png", photo)]

    later = pdf()
    await api.push("MESSAGE_CREATE", payload("message_create_dm", id=api.ids.next(), content="",
                                             attachments=[api.attachment(ANA_DM, "order.pdf", later)]))
    mirrored = await api.wait_for(lambda: [p for p in api.sent_to(card.id) if p.uploads][1:])
    assert mirrored[0].uploads == [("order.pdf", later)] and "📎 order.pdf" in mirrored[0].content
    assert not [p for p in api.sent_to(card.id) if "/attachments/" in p.content], "no Discord links for staff"


async def test_a_staff_thread_message_with_a_photo_reaches_the_customer(discord_inbox: DiscordDriver) -> None:  # noqa: F811
    """Dana writes in the card's thread with a photo attached: it is kept (hers), relayed (✅), and
    Ana's DM gets her words and the photo uploaded. A program renamed label.pdf is not sent, and
    Dana is told why."""
    driver, api = discord_inbox, discord_inbox.api
    card = await dm_handoff(driver, png())
    photo = png(width=6, height=2, extra=400)

    async def write(content: str, name: str, data: bytes) -> str:
        message_id = api.ids.next()
        message = payload("message_create_guild", id=message_id, content=content, channel_id=card.id,
                          channel_type=11, author=discord_user(DANA_NAME),
                          attachments=[api.attachment(card.id, name, data)])
        message["member"]["roles"] = [MODERATOR_ROLE]
        await api.push("MESSAGE_CREATE", message)
        await api.wait_for(lambda: any(r[1] == message_id for r in api.reactions))
        return message_id

    sent = await write("Is this the vase? Please check.", "vase-from-vendor.png", photo)
    assert (card.id, sent, "✅") in api.reactions
    [relayed] = await api.wait_for(lambda: [p for p in api.sent_to(ANA_DM) if p.uploads])
    assert relayed.content.startswith("**Dana**") and relayed.content.endswith("Is this the vase? Please check.")
    assert relayed.uploads == [("vase-from-vendor.png", photo)]
    transcript = await driver.services.store.transcript(driver.conversation_id)
    [reply] = [m for m in transcript if m.author == "human"]
    record = await driver.services.files.record(reply.attachments[0].id)
    assert record is not None and record.sent_by == f"discord:{DISCORD_STAFF[DANA_NAME][0]}"

    refused = await write("", "label.pdf", windows_program())
    assert (card.id, refused, "⛔") in api.reactions
    told = await api.wait_for(lambda: [p for p in api.sent_to(card.id)
                                       if p.reference and str(p.reference.get("message_id")) == refused])
    assert told[0].content.startswith("Not sent to the customer: label.pdf: Only photos")
    assert len([p for p in api.sent_to(ANA_DM) if p.uploads]) == 1, "nothing more reached Ana"
