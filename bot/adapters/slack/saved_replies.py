"""Saved replies in Slack (docs/inbox.md#saved-replies): a message shortcut on any message of a
handoff thread opens a modal listing the saved replies; picking one fills the reply box with it,
placeholders filled in for that conversation; what staff send from it goes through the core like a
reply typed in the thread, and is posted in the thread for colleagues to see.

The modal remembers only where it was opened (channel and thread, `private_metadata`): the
conversation is looked up from the thread at every step, as for a thread reply.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.blocks import escape, render_message, transcript_posts, who
from bot.models import Conversation, Message
from bot.replies import SavedReplies, SavedReply
from bot.staff import SENT

if TYPE_CHECKING:
    from bot.adapters.slack.inbox import SlackInbox

log = logging.getLogger(__name__)

SHORTCUT = "baton_saved_reply"  # the message shortcut's callback id (slack/manifest.yaml)
MODAL = "baton_saved_reply_modal"  # the reply modal's callback id
NOTICE = "baton_saved_reply_notice"  # the modal that only says why there is nothing to do
ACTION_PICK = "baton_saved_reply_pick"
ACTION_TEXT = "baton_saved_reply_text"
PICK_BLOCK = "baton_saved_reply_pick"
# The reply box's block id names the reply picked: Slack keeps what was typed in an input only
# while the updated view has the same block id, so a new pick must change it to show its text.
TEXT_BLOCK = "baton_saved_reply_text:"
TEXT_LIMIT = 3_000  # what Slack's plain_text_input holds
OPTION_LIMIT, OPTIONS_LIMIT = 75, 100

NOT_A_HANDOFF = ("This message is not in a handoff's thread, so there is no customer to reply to. "
                 "Use *Saved reply* on a message in a handoff card's thread (or on the card).")
NOT_STAFF = "Only members of the support team's Slack group can reply to customers: nothing was sent."
GONE = "That saved reply is no longer in config/replies.yaml: pick another."
TOO_LONG = ("“{title}” is longer than the 3,000 characters Slack's reply box holds: shorten it in "
            "config/replies.yaml, or write the reply yourself.")
NO_REPLIES = "No saved replies yet: add them to config/replies.yaml (BOT_REPLIES). You can still write one here."


@dataclass(frozen=True, slots=True)
class Thread:
    """Where the shortcut was used: a handoff card's thread."""

    channel: str
    ts: str

    def dump(self) -> str:
        """As the modal's `private_metadata`."""
        return json.dumps({"channel": self.channel, "thread": self.ts})

    @classmethod
    def load(cls, metadata: str) -> Thread | None:
        """From a modal's `private_metadata` (None when it is not ours)."""
        try:
            data = json.loads(metadata or "{}")
            return cls(str(data["channel"]), str(data["thread"]))
        except (ValueError, KeyError, TypeError):
            return None


class SavedReplyShortcut:
    """The shortcut, the modal's pick and its submission, registered on the inbox's bolt app."""

    def __init__(self, inbox: SlackInbox, replies: SavedReplies, marketplace: str) -> None:
        self.inbox = inbox
        self.replies = replies
        self.marketplace = marketplace

    def register(self, app: AsyncApp) -> None:
        """Listen for the shortcut, picks in the modal and its submission."""
        app.shortcut(SHORTCUT)(self._on_shortcut)
        app.action(ACTION_PICK)(self._on_pick)
        app.view(MODAL)(self._on_submit)

    # -- listeners -----------------------------------------------------------------------

    async def _on_shortcut(self, ack: Any, shortcut: dict[str, Any]) -> None:
        """Open the reply modal for the handoff whose thread holds the message (or say why not)."""
        await ack()
        user, trigger = str(shortcut["user"]["id"]), str(shortcut["trigger_id"])
        message = shortcut.get("message") or {}
        thread = Thread(str((shortcut.get("channel") or {}).get("id") or ""),
                        str(message.get("thread_ts") or message.get("ts") or ""))
        conversation_id = await self._conversation(thread)
        if conversation_id is None:
            log.info("slack: saved reply shortcut by %s outside a handoff thread (%s/%s)", user, thread.channel,
                     thread.ts)
            await self._open(trigger, notice_modal(NOT_A_HANDOFF))
            return
        if not await self.inbox.is_staff(user):
            log.warning("slack: refused the saved reply shortcut to %s, not in SLACK_STAFF_GROUP", user)
            await self._open(trigger, notice_modal(NOT_STAFF))
            return
        await self._open(trigger, await self._modal(conversation_id, thread, user, None))

    async def _on_pick(self, ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Show the picked reply, filled in for the conversation, in the reply box."""
        await ack()
        view, user = body.get("view") or {}, str(body["user"]["id"])
        thread = Thread.load(str(view.get("private_metadata") or ""))
        conversation_id = await self._conversation(thread)
        if thread is None or conversation_id is None or not await self.inbox.is_staff(user):
            return
        chosen = str((action.get("selected_option") or {}).get("value") or "")
        modal = await self._modal(conversation_id, thread, user, chosen)
        try:
            await self.inbox.client.views_update(view_id=view["id"], hash=view.get("hash"), view=modal)
        except (SlackApiError, aiohttp.ClientError) as exc:  # hash_conflict: a newer pick is shown
            log.warning("slack: saved reply modal not updated: %s", exc)

    async def _on_submit(self, ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        """Send the reply box's text as the staff member's reply; a refusal stays in the modal."""
        user = str(body["user"]["id"])
        box, text = typed_reply(view)
        thread = Thread.load(str(view.get("private_metadata") or ""))
        conversation_id = await self._conversation(thread)
        if thread is None or conversation_id is None:
            await ack(response_action="errors", errors={box: "This handoff's thread is gone: nothing was sent."})
            return
        if not await self.inbox.is_staff(user):
            await ack(response_action="errors", errors={box: NOT_STAFF})
            return
        staff = await self.inbox.staff_member(user)
        outcome = await self.inbox.conversations.reply(conversation_id, staff, text,
                                                       inbound_id=f"slack:view:{view['id']}")
        log.info("slack: saved reply conversation=%s by %s relayed=%s", conversation_id, staff.id, outcome.ok)
        if not outcome.ok:
            await ack(response_action="errors", errors={box: outcome.text})
            return
        await ack()
        said = render_message(Message("", conversation_id, "human", text, time.time(), name=staff.name))
        await self.inbox.outbox.put(conversation_id, *({"op": "post", "channel": thread.channel,
                                                        "thread_ts": thread.ts, "text": part}
                                                       for part in transcript_posts([said])),
                                    once=f"saved-reply:{view['id']}")
        if outcome.text != SENT:  # reopened: said as for a reply typed in the thread
            await self._tell(thread.channel, user, outcome.text)

    # -- helpers -------------------------------------------------------------------------

    async def _conversation(self, thread: Thread | None) -> str | None:
        if thread is None or not thread.channel or not thread.ts:
            return None
        return await self.inbox.cards.conversation_for(thread.channel, thread.ts)

    async def _modal(self, conversation_id: str, thread: Thread, user: str, chosen: str | None) -> dict[str, Any]:
        """The reply modal, its box filled with the `chosen` reply for this conversation."""
        store = self.inbox.store
        conversation = await store.get(conversation_id)
        text, note = "", ""
        if chosen:
            staff = await self.inbox.staff_member(user)
            filled = self.replies.filled(chosen, conversation, await store.transcript(conversation_id), staff,
                                         self.marketplace)
            if filled is None:
                note = GONE
            elif len(filled.text) > TEXT_LIMIT:
                note = TOO_LONG.format(title=filled.title)
            else:
                text = filled.text
        return reply_modal(conversation, thread, self.replies.all(), chosen, text, note)

    async def _tell(self, channel: str, user: str, text: str) -> None:
        try:
            await self.inbox.client.chat_postEphemeral(channel=channel, user=user, text=text)
        except (SlackApiError, aiohttp.ClientError) as exc:
            log.warning("slack: ephemeral message failed: %s", exc)

    async def _open(self, trigger: str, view: dict[str, Any]) -> None:
        try:
            await self.inbox.client.views_open(trigger_id=trigger, view=view)
        except (SlackApiError, aiohttp.ClientError) as exc:  # the trigger lives 3 s
            log.warning("slack: saved reply modal not opened: %s", exc)


# -- the views (pure) ----------------------------------------------------------------------


def reply_modal(conversation: Conversation, thread: Thread, replies: Sequence[SavedReply], chosen: str | None,
                text: str, note: str = "") -> dict[str, Any]:
    """The modal: who the reply goes to, the saved replies by title, and the reply box."""
    blocks: list[dict[str, Any]] = [_context(f"To {who(conversation)}: sent as your reply, under your name, "
                                             "and posted in the handoff's thread.")]
    options = [{"text": _plain(_cut(r.title, OPTION_LIMIT)), "value": r.id} for r in replies[:OPTIONS_LIMIT]]
    if options:
        select: dict[str, Any] = {"type": "static_select", "action_id": ACTION_PICK, "options": options,
                                  "placeholder": _plain("Pick a saved reply")}
        picked = next((o for o in options if o["value"] == chosen), None)
        if picked is not None:
            select["initial_option"] = picked
        blocks.append({"type": "section", "block_id": PICK_BLOCK, "text": {"type": "mrkdwn", "text": "*Saved reply*"},
                       "accessory": select})
    else:
        blocks.append(_context(NO_REPLIES))
    if note:
        blocks.append(_context(f":warning: {escape(note)}"))
    box: dict[str, Any] = {"type": "plain_text_input", "action_id": ACTION_TEXT, "multiline": True,
                           "max_length": TEXT_LIMIT, "placeholder": _plain("Pick a saved reply above, or write your own.")}
    if text:
        box["initial_value"] = text
    blocks.append({"type": "input", "block_id": TEXT_BLOCK + (chosen or "-"), "label": _plain("Reply to the customer"),
                   "element": box, "hint": _plain("Edit it as you like before you send it.")})
    return {"type": "modal", "callback_id": MODAL, "title": _plain("Saved reply"), "submit": _plain("Send"),
            "close": _plain("Cancel"), "private_metadata": thread.dump(), "blocks": blocks}


def notice_modal(text: str) -> dict[str, Any]:
    """A modal that only explains why nothing can be done here."""
    return {"type": "modal", "callback_id": NOTICE, "title": _plain("Saved reply"), "close": _plain("OK"),
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def typed_reply(view: dict[str, Any]) -> tuple[str, str]:
    """The reply box's block id and the text it held when the modal was submitted."""
    values = (view.get("state") or {}).get("values") or {}
    for block_id, elements in values.items():
        if block_id.startswith(TEXT_BLOCK):
            return block_id, str((elements.get(ACTION_TEXT) or {}).get("value") or "").strip()
    return TEXT_BLOCK + "-", ""


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
