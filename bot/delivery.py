"""Delivery of what the router tells customers to whichever process holds their connection.

A process delivers directly to the channels it runs (the customer's socket or the Discord
connection it holds). Because several web replicas may share one Redis, and Discord may run in
a process of its own, outbound events are also written to a Redis stream per channel:

- fan-out channels (web chat): every process reads every entry and delivers it to the sockets
  it holds, skipping what it produced itself (already delivered). A socket that misses an entry
  (a restart, a drop) catches up from the transcript when it resumes with `last_seen`.
- queue channels (Discord): an entry is written only when the producing process does not run
  the channel; one consumer group delivers each entry once and acknowledges it after sending,
  and entries left pending by a stopped process are claimed by another.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable
from typing import Any, Literal

from redis.exceptions import RedisError

from bot.contracts import Channel
from bot.models import Conversation, Message
from bot.store import Announcement, ConversationNotFound, Store
from bot.store.streams import STREAM_MAXLEN

log = logging.getLogger(__name__)

Mode = Literal["fanout", "queue"]
# Practice runs (bot/practice/) are fan-out: each `practice` process takes only its own conversations.
CHANNEL_MODES: dict[str, Mode] = {"webchat": "fanout", "discord": "queue", "practice": "fanout"}
CLAIM_IDLE_MS = 30_000
READ_BLOCK_MS = 1_000
BATCH = 100


class Delivery:
    """The router's single way to reach customers, on any channel, from any process."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.streams = store.delivery_streams()
        self.origin = uuid.uuid4().hex  # this process, as the producer of stream entries
        self.local: dict[str, Channel] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False


    def serve(self, channel: Channel) -> None:
        """Deliver this channel's messages in this process, including those produced elsewhere."""
        self.local[channel.name] = channel
        mode = CHANNEL_MODES.get(channel.name, "queue")
        loop = self._fanout_loop(channel) if mode == "fanout" else self._queue_loop(channel)
        self._tasks.append(asyncio.create_task(loop, name=f"deliver-{channel.name}"))

    async def depth(self, channel: str) -> int:
        """Entries of a queue channel's stream not yet delivered (read or not) by any process."""
        return await self.streams.depth(channel)

    async def close(self) -> None:
        """Stop consuming; queue entries not yet acknowledged stay for another process."""
        # redis-py may turn the cancellation of a blocking read into a connection error, which
        # the loops would retry: the flag makes them stop either way.
        self._stopping = True
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=5)
        self._tasks.clear()

    # -- the Channel protocol, for the router ------------------------------------------------

    async def send(self, conversation: Conversation, message: Message, *, announced: bool = False) -> None:
        """Deliver a transcript message to the customer.

        `announced`: the message was stored with this channel's `announcement`, so the other
        processes have it already.
        """
        await self._dispatch(conversation, "message", message, announced=announced)

    async def state_changed(self, conversation: Conversation) -> None:
        """Tell the customer's client that state or tags changed."""
        await self._dispatch(conversation, "state", None)

    async def typing(self, conversation: Conversation) -> None:
        """Show that an answer is being prepared."""
        await self._dispatch(conversation, "typing", None)

    def announcement(self, conversation: Conversation) -> Announcement | None:
        """The stream entry that hands a message for this customer to the processes that deliver
        it (every web process; the Discord process), for `Store.append` to add as it stores it."""
        if CHANNEL_MODES.get(conversation.channel, "queue") == "fanout" or conversation.channel not in self.local:
            return self._announcement(conversation)
        return None

    def shared(self, conversation: Conversation) -> Announcement | None:
        """The stream entry that hands a customer's message, which the adapter delivers to the
        customer's other tabs here, to the channel's other processes (fan-out channels only)."""
        if CHANNEL_MODES.get(conversation.channel) == "fanout":
            return self._announcement(conversation)
        return None

    def _announcement(self, conversation: Conversation) -> Announcement:
        return Announcement(
            self.streams.stream(conversation.channel),
            {"kind": "message", "conversation": conversation.id, "origin": self.origin},
            STREAM_MAXLEN,
        )

    async def _dispatch(
        self, conversation: Conversation, kind: str, message: Message | None, *, announced: bool = False
    ) -> None:
        channel = self.local.get(conversation.channel)
        if channel is not None:
            # Delivered inline: the adapter may rely on running in the answering task.
            await _deliver_now(channel, conversation, kind, message)
        mode = CHANNEL_MODES.get(conversation.channel, "queue")
        # Typing is only worth showing where the answer is being prepared, which is here.
        if not announced and ((mode == "fanout" and kind != "typing") or channel is None):
            await self._publish(conversation, kind, message)

    async def _publish(self, conversation: Conversation, kind: str, message: Message | None) -> None:
        await self.streams.publish(conversation.channel, {
            "kind": kind, "conversation": conversation.id,
            "message": message.id if message else "", "origin": self.origin,
        })

    async def _message(self, conversation: Conversation, message_id: str) -> Message | None:
        if not message_id:
            return None
        return await self.store.message(conversation.id, message_id)

    # -- consuming ----------------------------------------------------------------------------

    async def _fanout_loop(self, channel: Channel) -> None:
        last_id = "$"
        while not self._stopping:
            read = await self._read(channel, self.streams.read(channel.name, last_id, count=BATCH,
                                                                block_ms=READ_BLOCK_MS))
            if not read:
                continue
            last_id, entries = read
            for _, fields in entries:
                if fields.get("origin") != self.origin and channel.holds(fields.get("conversation", "")):
                    await self._deliver_entry(channel, fields)

    async def _queue_loop(self, channel: Channel) -> None:
        await self.streams.ensure_group(channel.name)
        rounds = 0
        while not self._stopping:
            if rounds % 15 == 0:
                await self._read(channel, self._claim_abandoned(channel))
            rounds += 1
            entries = await self._read(channel, self.streams.read_group(
                channel.name, self.origin, count=BATCH, block_ms=READ_BLOCK_MS))
            if not entries:
                await asyncio.sleep(0.05)  # fakeredis may answer at once instead of blocking
            for entry_id, fields in entries or []:
                if await self._deliver_entry(channel, fields):
                    await self.streams.ack(channel.name, entry_id)

    async def _read(self, channel: Channel, read: Awaitable[Any]) -> Any:
        """The result of one Redis read, or nothing after a failure (logged, retried after 1 s)."""
        try:
            return await read
        except RedisError as exc:
            if not self._stopping:
                log.warning("delivery read failed for %s: %s", channel.name, exc)
                await asyncio.sleep(1)
            return None

    async def _claim_abandoned(self, channel: Channel) -> None:
        entries = await self.streams.claim_abandoned(channel.name, self.origin, min_idle_ms=CLAIM_IDLE_MS,
                                                     count=BATCH)
        for entry_id, fields in entries:
            if await self._deliver_entry(channel, fields):
                await self.streams.ack(channel.name, entry_id)

    async def _deliver_entry(self, channel: Channel, fields: dict[str, str]) -> bool:
        """Deliver one stream entry; False when it should be tried again later."""
        conversation_id = fields.get("conversation", "")
        try:
            conversation = await self.store.get(conversation_id)
            message = await self._message(conversation, fields.get("message", ""))
            await _deliver_now(channel, conversation, fields.get("kind", ""), message)
            return True
        except ConversationNotFound:
            return True
        except Exception:
            log.exception("delivery to %s failed conversation=%s", channel.name, conversation_id)
            return False


async def _deliver_now(
    channel: Channel, conversation: Conversation, kind: str, message: Message | None
) -> None:
    if kind == "message" and message is not None:
        await channel.send(conversation, message)
    elif kind == "state":
        await channel.state_changed(conversation)
    elif kind == "typing":
        await channel.typing(conversation)
