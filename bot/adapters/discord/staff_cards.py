"""What staff see in the Discord staff channel: the handoff card (an embed and its buttons), the
transcript lines in the card's thread, and the rules' `mention` as a Discord role ping.

Pure functions only (and discord.py's own embed and view types); nothing here talks to Discord or
Redis. The card shows what the Slack card shows (bot/adapters/slack/blocks.py), in Discord's terms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.adapters.discord.split import DISCORD_LIMIT, split_message
from bot.language import language_name
from bot.markup import pack_posts, to_discord
from bot.models import Conversation, Message
from bot.practice import PRACTICE_CHANNEL, PRACTICE_LABEL, is_practice
from bot.store.discord_staff_cards import StaffCard

# Persistent custom ids: one view registered at start handles every card's buttons (the card is
# found by the pressed message), so cards posted before a restart keep working. Never change them.
CLAIM_ID = "baton:staff:claim"
CLOSE_ID = "baton:staff:close"
PASS_ID = "baton:staff:pass"
NOT_ESCALATION_ID = "baton:staff:not-escalation"

CHANNEL_NAMES = {"webchat": "Web chat", "discord": "Discord", PRACTICE_CHANNEL: "Practice (a script, no real customer)"}
STATUS = {
    "waiting": "⏳ Waiting for a teammate",
    "human": "🟢 Claimed",
    "bot": "✅ Closed, back with the AI",
}
COLOURS = {"waiting": 0xE67E22, "human": 0x2ECC71, "bot": 0x95A5A6}
MAX_OPTIONS = 25  # Discord's limit for a select menu
TITLE_LIMIT, DESCRIPTION_LIMIT, FIELD_LIMIT, LABEL_LIMIT = 256, 4096, 1024, 100
_ROLE = re.compile(r"^(?:<@&)?(\d{15,21})>?$")


@dataclass(slots=True)
class CardView:
    """Everything a card shows about one conversation at one moment."""

    conversation: Conversation
    card: StaffCard
    pass_routes: Sequence[str] = ()


def card_embed(view: CardView) -> discord.Embed:
    """The card: the two-line summary first, then who, tags, queue, status, reply due and why."""
    conversation, card = view.conversation, view.card
    participant = conversation.participant
    tags = conversation.tags or ["handoff"]
    embed = discord.Embed(title=_cut(f"{practice_label(conversation)}Handoff: {', '.join(tags)}", TITLE_LIMIT),
                          colour=COLOURS.get(_state(view), COLOURS["bot"]))
    if len(card.summary) == 2:
        wants, told = card.summary
        embed.description = _cut(f"**Wants:** {discord.utils.escape_markdown(wants)}\n**Told so far:** {told}",
                                 DESCRIPTION_LIMIT)
    fields = [
        ("Customer", who(conversation)),
        ("Account", _plain(participant.account_id or "not signed in")),
        ("Tier", _plain(participant.tier or "none")),
        ("Channel", CHANNEL_NAMES.get(conversation.channel, _plain(conversation.channel))),
        ("Language", language_name(conversation.language)),
        ("Tags", " ".join(f"`{t}`" for t in tags)),
        ("Queue", _plain(card.route)),
        ("Status", status(view)),
        ("Reply due", _due(view)),
    ]
    for name, value in fields:
        embed.add_field(name=name, value=_cut(value, FIELD_LIMIT), inline=True)
    if card.reasons:
        why = "\n".join(f"• {_plain(reason)}" for reason in card.reasons)
        embed.add_field(name="Why", value=_cut(why, FIELD_LIMIT), inline=False)
    notes = _notes(view)
    if notes:
        embed.add_field(name="History", value=_cut("\n".join(notes), FIELD_LIMIT), inline=False)
    embed.set_footer(text=f"Conversation {conversation.id}")
    return embed


def card_buttons(view: CardView) -> discord.ui.View | None:
    """The card's actions: Claim (while waiting), Close, Not an escalation, and a Pass to… menu;
    none once the conversation is back with the AI. A stopped view: presses reach the persistent
    view registered at start, never a copy kept per message."""
    if _state(view) == "bot":
        return None
    buttons = discord.ui.View(timeout=None)
    if view.conversation.state == "waiting":
        buttons.add_item(discord.ui.Button(label="Claim", style=discord.ButtonStyle.primary, custom_id=CLAIM_ID))
    buttons.add_item(discord.ui.Button(label="Close", style=discord.ButtonStyle.danger, custom_id=CLOSE_ID))
    if not view.card.false_positive_by:
        buttons.add_item(discord.ui.Button(label="Not an escalation", style=discord.ButtonStyle.secondary,
                                           custom_id=NOT_ESCALATION_ID))
    routes = list(view.pass_routes)[:MAX_OPTIONS]
    if routes:
        buttons.add_item(discord.ui.Select(
            custom_id=PASS_ID, placeholder="Pass to…", row=1,
            options=[discord.SelectOption(label=_cut(r, LABEL_LIMIT), value=r[:LABEL_LIMIT]) for r in routes],
        ))
    buttons.stop()
    return buttons


def who(conversation: Conversation) -> str:
    """The customer in a few words: name, role, whether their identity is verified."""
    participant = conversation.participant
    name = participant.display_name or ("Vendor" if participant.role == "vendor" else "Buyer")
    checked = "verified" if participant.verified else "unverified"
    return f"{_plain(name)} ({participant.role}, {checked})"


def status(view: CardView) -> str:
    """The card's status line: waiting, claimed by whom, or closed by whom."""
    conversation, card = view.conversation, view.card
    state = _state(view)
    text = STATUS.get(state, state)
    if state == "human" and conversation.assignee:
        text = f"{text} by {_plain(conversation.assignee)}"
    if state == "bot" and card.closed_by:
        text = f"✅ Closed by {_plain(card.closed_by)}, back with the AI"
    return text


def thread_name(conversation: Conversation) -> str:
    """The card thread's title: the customer and the tags, within Discord's 100 characters."""
    name = conversation.participant.display_name or "Customer"
    return _cut(f"{practice_label(conversation)}{name}: {', '.join(conversation.tags) or 'handoff'}", 100)


def practice_label(conversation: Conversation) -> str:
    """`PRACTICE · ` before what names a practice run's card (docs/practice.md), else nothing."""
    return f"{PRACTICE_LABEL} · " if is_practice(conversation.channel) else ""


def transcript_line(message: Message, bot_name: str) -> str:
    """One transcript message in the card's thread: who, when, the text, an answer's sources."""
    when = f"<t:{int(message.ts)}:t>"
    if message.author == "customer":
        head = f"👤 **{_plain(message.name or 'Customer')}** · {when}"
        text = discord.utils.escape_markdown(message.text)  # the customer's words, shown as typed
    elif message.author == "bot":
        head = f"🤖 **{_plain(message.name or bot_name)}** · {when}"
        text = to_discord(message.text)
    elif message.author == "human":
        head = f"🧑‍💻 **{_plain(message.name or 'Staff')}** (to the customer) · {when}"
        text = to_discord(message.text)
    else:
        head = f"ℹ️ *Notice to the customer* · {when}"
        text = message.text
    lines = [head]
    if text or not message.attachments:
        lines.append(text or "*(empty)*")
    lines += [f"📎 {_plain(a.name)}" for a in message.attachments]  # the files follow, uploaded
    if message.sources:
        links = ", ".join(
            f"[{_plain(s.title or s.url)}]({s.url})" if s.url.startswith(("https://", "http://")) else _plain(s.title)
            for s in message.sources)
        lines.append(f"*Sources:* {links}")
    return "\n".join(lines)


def transcript_posts(lines: Sequence[str], limit: int = DISCORD_LIMIT) -> list[str]:
    """Pack transcript lines into as few posts as fit Discord's limit, in order, cutting nothing."""
    return pack_posts(lines, limit, split_message)


def role_ping(mention: str | None) -> tuple[str, int | None]:
    """A rules `mention` as Discord text, and the role id it may ping: a role id (`1234…` or
    `<@&1234…>`) pings that role; anything else (a Slack handle, `@here`) is shown as plain words."""
    if not mention or not mention.strip():
        return "", None
    found = _ROLE.match(mention.strip())
    if found:
        return f"<@&{found.group(1)}>", int(found.group(1))
    return _plain(mention.strip()), None


# -- helpers -------------------------------------------------------------------------------


def _state(view: CardView) -> str:
    # An older card of a conversation handed off again reads as closed: its actions are gone.
    return view.conversation.state


def _due(view: CardView) -> str:
    due_at = view.card.due_at
    if due_at is None:
        return "no target"
    due = f"<t:{int(due_at)}:f>"
    if view.conversation.state != "waiting":
        return f"{due} (missed)" if view.card.breaches else f"{due} (met)"
    if view.card.breaches:
        return f"🚨 {due}, overdue"
    return f"{due} (<t:{int(due_at)}:R>)"


def _notes(view: CardView) -> list[str]:
    card = view.card
    lines = []
    if card.passed:
        lines.append(f"➡️ Passed {_plain(card.passed)}")
    if card.breaches:
        lines.append("⏰ Nobody claimed this in time" + (": escalated" if card.breaches > 1 else ""))
    if card.false_positive_by:
        lines.append(f"🚫 Marked not an escalation by {_plain(card.false_positive_by)}")
    rating = view.conversation.rating
    if rating is not None and view.conversation.state == "bot":
        lines.append(f"⭐ {_plain(rating.line())}")  # the customer's words, shown as typed
    return lines


def _plain(text: str) -> str:
    """Text shown as written: no Markdown, and mentions that stay inert."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
