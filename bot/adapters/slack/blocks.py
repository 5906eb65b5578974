"""What Baton shows in Slack: the handoff card's blocks, transcript lines split to Slack's limits,
and the translation of staff's Slack text back into plain text for customers.

Pure functions only; nothing here talks to Slack or Redis.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.language import language_name
from bot.markup import pack_posts, to_slack
from bot.models import Attachment, Conversation, Message
from bot.practice import PRACTICE_CHANNEL, PRACTICE_LABEL, is_practice

# Slack truncates `text` past 40,000 characters and refuses a section over 3,000; one thread
# post per 3,000 characters keeps every post readable and within both.
CHUNK_LIMIT = 3_000
FIELD_LIMIT = 2_000
HEADER_LIMIT = 150
MAX_OPTIONS = 100

ACTION_CLAIM = "baton_claim"
ACTION_CLOSE = "baton_close"
ACTION_PASS = "baton_pass"
ACTION_NOT_ESCALATION = "baton_not_escalation"
BLOCK_PREFIX = "baton:"

CHANNEL_NAMES = {"webchat": "Web chat", "discord": "Discord", PRACTICE_CHANNEL: "Practice (a script, no real customer)"}
STATUS = {
    "waiting": ":hourglass_flowing_sand: Waiting for a teammate",
    "human": ":large_green_circle: Claimed",
    "bot": ":white_check_mark: Closed, back with the AI",
}


@dataclass(slots=True)
class CardView:
    """Everything the handoff card shows about one conversation at one moment."""

    conversation: Conversation
    route_label: str
    reasons: Sequence[str] = ()
    due_at: float | None = None
    pass_routes: Sequence[str] = ()
    closed_by: str | None = None
    passed: str | None = None  # "from billing by Dana: note", on a card that was re-queued
    superseded_by: str | None = None  # the route it moved on to; such a card has no buttons
    false_positive_by: str | None = None
    breaches: int = 0
    summary: Sequence[str] = ()  # what the customer wants, what the bot told them
    mention: str = ""  # Slack text that pings the route's team (on a newly posted card)


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control (so `<!channel>` stays text)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_date(ts: float, fmt: str = "{date_short_pretty} {time}") -> str:
    """A date Slack shows in each reader's own time zone, with a UTC fallback."""
    fallback = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(ts))
    return f"<!date^{int(ts)}^{fmt}|{fallback}>"


def format_mention(mention: str | None, groups: Mapping[str, str] | None = None) -> str:
    """A rules `mention` as Slack text: ids ping (S… group, U…/W… user), and so does a user
    group's handle found in `groups` (handle -> id, from usergroups.list); others stay plain words."""
    if not mention:
        return ""
    value = mention.strip()
    if value.startswith("<") and value.endswith(">"):
        return value
    bare = value.lstrip("@!")
    if bare in ("here", "channel", "everyone"):
        return f"<!{bare}>"
    if re.fullmatch(r"S[A-Z0-9]{6,}", bare):
        return f"<!subteam^{bare}>"
    if re.fullmatch(r"[UW][A-Z0-9]{6,}", bare):
        return f"<@{bare}>"
    if groups and bare.lower() in groups:
        return f"<!subteam^{groups[bare.lower()]}>"
    return escape(value)


def is_handle(mention: str | None) -> bool:
    """Whether a rules `mention` names a user group by handle ("@payments-oncall"), which has to
    be looked up to ping."""
    if not mention:
        return False
    value = mention.strip()
    return not (value.startswith("<") or format_mention(value) != escape(value))


def who(conversation: Conversation) -> str:
    """The customer in a few words: name, role, whether their identity is verified."""
    participant = conversation.participant
    role = participant.role
    name = participant.display_name or ("Vendor" if role == "vendor" else "Buyer")
    checked = "verified" if participant.verified else "unverified"
    return f"{escape(name)} ({role}, {checked})"


def card_text(view: CardView) -> str:
    """The card's notification text (what Slack shows where blocks are not rendered)."""
    conversation = view.conversation
    tags = ", ".join(conversation.tags) or "handoff"
    state = STATUS.get(conversation.state, conversation.state).split(" ", 1)[-1]
    text = f"{_practice(conversation)}Handoff ({escape(tags)}): {who(conversation)} on {_channel_name(conversation)}. {state}."
    return f"{view.mention} {text}" if view.mention else text


def card_blocks(view: CardView) -> list[dict[str, Any]]:
    """The handoff card: who, tags and reasons, SLA, status, and the staff's buttons."""
    conversation = view.conversation
    participant = conversation.participant
    tags = conversation.tags or ["handoff"]
    header = f"{_practice(conversation)}Handoff: {', '.join(tags)}"
    fields = [
        ("Customer", who(conversation)),
        ("Account", escape(participant.account_id or "not signed in")),
        ("Tier", escape(participant.tier or "none")),
        ("Channel", _channel_name(conversation)),
        ("Language", language_name(conversation.language)),  # who should claim it, in which words
        ("Tags", " ".join(f"`{escape(t)}`" for t in tags)),
        ("Queue", escape(view.route_label)),
        ("Status", _status(view)),
        ("Reply due", _due(view)),
    ]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(header, HEADER_LIMIT), "emoji": True}},
    ]
    if view.mention:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"{view.mention} new handoff"}]})
    if len(view.summary) == 2:
        wants, told = view.summary
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _cut(
            f"*Wants:* {escape(wants)}\n*Told so far:* {escape(told)}", CHUNK_LIMIT)}})
    blocks.append({
        "type": "section",
        "fields": [{"type": "mrkdwn", "text": _cut(f"*{name}*\n{value}", FIELD_LIMIT)} for name, value in fields],
    })
    if view.reasons:
        lines = "\n".join(f"• {escape(reason)}" for reason in view.reasons)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _cut(f"*Why*\n{lines}", CHUNK_LIMIT)}})
    context = _context_lines(view)
    if context:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(line, FIELD_LIMIT)}
                                                       for line in context[:10]]})
    actions = _actions(view)
    if actions:
        blocks.append({"type": "actions", "block_id": BLOCK_PREFIX + conversation.id, "elements": actions})
    return blocks


def conversation_of(block_id: str) -> str | None:
    """The conversation id carried by a card's actions block id, or None for other blocks."""
    return block_id[len(BLOCK_PREFIX):] if block_id.startswith(BLOCK_PREFIX) else None


def render_message(message: Message, bot_name: str = "Assistant") -> str:
    """One transcript message as a thread post: who, when, the text, and a bot answer's sources."""
    label = _author_label(message, bot_name)
    if not message.text:
        text = "" if message.attachments else "_(empty)_"
    elif message.author in ("bot", "human"):
        text = to_slack(message.text)  # answers and staff replies are Markdown; tables become lists
    else:
        text = escape(message.text)  # customers' words are shown as typed
    lines = [f"{label} · {slack_date(message.ts, '{time}')}", *([text] if text else [])]
    lines.extend(file_label(attachment) for attachment in message.attachments)  # the files follow as uploads
    if message.sources:
        links = ", ".join(f"<{_link_target(s.url)}|{_link_label(s.title)}>" for s in message.sources)
        lines.append(f"_Sources:_ {links}")
    return "\n".join(lines)


def transcript_posts(rendered: Sequence[str], limit: int = CHUNK_LIMIT) -> list[str]:
    """Pack rendered messages into as few posts as fit `limit`, in order; split long ones, cut nothing."""
    return pack_posts(rendered, limit, split_text)


def split_text(text: str, limit: int = CHUNK_LIMIT) -> list[str]:
    """Split at line or word boundaries into parts of at most `limit` characters, never inside
    an `&amp;` entity or a `<link>`; joining the parts gives back the text."""
    parts: list[str] = []
    while len(text) > limit:
        cut = _boundary(text, limit)
        parts.append(text[:cut])
        text = text[cut:]
    if text or not parts:
        parts.append(text)
    return parts


async def slack_to_plain(text: str, user_name: Any) -> str:
    """Staff's Slack text as plain text for the customer: links, mentions and entities resolved.

    `user_name` is an async callable mapping a user id to a display name.
    """
    out: list[str] = []
    position = 0
    for match in re.finditer(r"<([^<>]*)>", text):
        out.append(text[position:match.start()])
        position = match.end()
        target, _, label = match.group(1).partition("|")
        if target.startswith("@"):
            out.append("@" + (label or await user_name(target[1:])))
        elif target.startswith("#"):
            out.append("#" + (label or "channel"))
        elif target.startswith("!subteam^"):
            out.append(label or "@team")
        elif target.startswith("!date^"):
            out.append(label)
        elif target.startswith("!"):
            out.append("@" + target[1:])
        elif target.startswith("mailto:"):
            out.append(label or target.removeprefix("mailto:"))
        elif label and label != target:
            out.append(f"{label} ({target})")
        else:
            out.append(target)
    out.append(text[position:])
    return html.unescape("".join(out)).strip()


def file_label(attachment: Attachment) -> str:
    """A kept file named for staff in the thread: `📎 box.png (12 KB)`."""
    return f"\N{PAPERCLIP} {escape(attachment.name)} ({file_size(attachment.size)})"


def file_size(size: int) -> str:
    """A file size as people write it: 930 bytes, 12 KB, 3.4 MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def file_lines(files: Sequence[Mapping[str, Any]]) -> list[str]:
    """Files shared with an internal note, as lines of the note (staff only): name and Slack's link."""
    lines = []
    for item in files:
        name = item.get("title") or item.get("name") or "file"
        url = item.get("permalink_public") if item.get("public_url_shared") else None
        url = url or item.get("permalink_public") or item.get("url_private") or item.get("permalink") or ""
        lines.append(f"Attachment: {name} {url}".strip())
    return lines


# -- helpers -------------------------------------------------------------------------------


def _practice(conversation: Conversation) -> str:
    """`PRACTICE · ` before a practice run's card title (docs/practice.md), else nothing."""
    return f"{PRACTICE_LABEL} · " if is_practice(conversation.channel) else ""


def _channel_name(conversation: Conversation) -> str:
    return escape(CHANNEL_NAMES.get(conversation.channel, conversation.channel))


def _status(view: CardView) -> str:
    conversation = view.conversation
    if view.superseded_by:
        return f":arrow_right: Passed to {escape(view.superseded_by)}"
    status = STATUS.get(conversation.state, conversation.state)
    if conversation.state == "human" and conversation.assignee:
        status = f"{status} by {escape(conversation.assignee)}"
    if conversation.state == "bot" and view.closed_by:
        status = f":white_check_mark: Closed by {escape(view.closed_by)}, back with the AI"
    return status


def _due(view: CardView) -> str:
    if view.due_at is None:
        return "no target"
    due = slack_date(view.due_at)
    if view.conversation.state != "waiting" or view.superseded_by:
        return f"{due} (met)" if not view.breaches else f"{due} (missed)"
    if view.breaches:
        return f":rotating_light: {due}, overdue"
    return due


def _context_lines(view: CardView) -> list[str]:
    lines = []
    if view.passed:
        lines.append(f":arrow_right: Passed {escape(view.passed)}")
    if view.breaches:
        lines.append(":alarm_clock: Nobody claimed this in time" + (": escalated" if view.breaches > 1 else ""))
    if view.false_positive_by:
        lines.append(f":no_entry_sign: Marked not an escalation by {escape(view.false_positive_by)}")
    rating = view.conversation.rating
    if rating is not None and view.conversation.state == "bot" and not view.superseded_by:
        lines.append(f":star: {escape(rating.line())}")  # the customer's words, shown as typed
    return lines


def _actions(view: CardView) -> list[dict[str, Any]]:
    state = view.conversation.state
    if view.superseded_by or state == "bot":
        return []
    cid = view.conversation.id
    elements: list[dict[str, Any]] = []
    if state == "waiting":
        elements.append(_button("Claim", ACTION_CLAIM, cid, style="primary"))
    elements.append({
        **_button("Close", ACTION_CLOSE, cid),
        "confirm": {
            "title": {"type": "plain_text", "text": "Close this conversation?"},
            "text": {"type": "mrkdwn", "text": "The customer is told, and the AI answers again."},
            "confirm": {"type": "plain_text", "text": "Close"},
            "deny": {"type": "plain_text", "text": "Keep open"},
        },
    })
    routes = [r for r in view.pass_routes][:MAX_OPTIONS]
    if routes:
        elements.append({
            "type": "static_select",
            "action_id": ACTION_PASS,
            "placeholder": {"type": "plain_text", "text": "Pass to…"},
            "options": [{"text": {"type": "plain_text", "text": _cut(r, 75)}, "value": r[:150]} for r in routes],
        })
    if not view.false_positive_by:
        elements.append(_button("Not an escalation", ACTION_NOT_ESCALATION, cid, style="danger"))
    return elements


def _button(label: str, action_id: str, value: str, *, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _author_label(message: Message, bot_name: str) -> str:
    if message.author == "customer":
        return f":bust_in_silhouette: *{escape(message.name or 'Customer')}*"
    if message.author == "bot":
        return f":robot_face: *{escape(message.name or bot_name)}*"
    if message.author == "human":
        return f":technologist: *{escape(message.name or 'Staff')}* (to the customer)"
    return ":information_source: _Notice to the customer_"


def _link_target(url: str) -> str:
    return url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C").replace(" ", "%20")


def _link_label(title: str) -> str:
    return escape(title.replace("|", "/"))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _boundary(text: str, limit: int) -> int:
    window = text[:limit]
    cut = window.rfind("\n")
    if cut < limit // 2:
        cut = window.rfind(" ")
    cut = cut + 1 if cut >= limit // 2 else limit
    # Never split an entity (&amp;) or a <link|label>: back up to where it starts.
    for opener, closer in (("&", ";"), ("<", ">")):
        start = text.rfind(opener, 0, cut)
        if start > 0 and text.find(closer, start) >= cut:
            cut = start
    return cut
