"""HTML of the inbox page, rendered on the server. Every piece of text goes through `h()`:
customer text is never markup; the AI's answers, staff replies and notes are Markdown rendered by
`bot.markup.to_html` (an allow-listed subset, everything escaped, only http(s)/mailto links).
A message's photos and PDFs are shown under it through signed links made for this render."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources
from string import Template
from typing import Any
from urllib.parse import urlencode, urlsplit

from bot.adapters.inbox.data import Detail, Queues, Row, Sla
from bot.adapters.inbox.uploads import size_text
from bot.files.kinds import ALLOWED_TYPES
from bot.files.service import FileLimits
from bot.language import language_name
from bot.markup import to_html
from bot.models import Attachment, Conversation, Message, Rating, StaffMember
from bot.practice import PRACTICE_LABEL, is_practice
from bot.replies import Filled
from bot.staff import MAIN_INBOX, reminder_text, tagged_text, waited_text

SHORTCUTS_LIST = "j / k move · Enter open · ? all shortcuts"
SHORTCUTS_CONVERSATION = "c claim · r reply · n note · p pass · g inbox · Ctrl+Enter send · ? all shortcuts"
# What the attach control offers (the server judges each file by its content, not by this).
ACCEPT = ",".join([*ALLOWED_TYPES, *(f".{ext}" for ext in ("jpg", "jpeg", "png", "gif", "webp", "pdf"))])

Link = Callable[[Attachment], str]


def h(value: object) -> str:
    """Escape text for HTML content and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


@cache
def _shell() -> Template:
    text = resources.files("bot.adapters.inbox").joinpath("static", "inbox.html").read_text(encoding="utf-8")
    return Template(text)


def page(
    *, title: str, marketplace: str, main: str, staff: str | None = None, csrf: str = "",
    flash: str = "", page_kind: str = "login", conversation_id: str = "",
) -> str:
    """The whole document around a page's main part (already-escaped HTML)."""
    userbar = ""
    if staff is not None:
        userbar = (
            '<div class="userbar"><span class="live" id="live" data-status="connecting" role="status">'
            'Connecting…</span>'
            f'<span>Signed in as <strong>{h(staff)}</strong></span>'
            '<form method="post" action="/inbox/logout">'
            f'<input type="hidden" name="csrf" value="{h(csrf)}">'
            '<button class="link" type="submit">Sign out</button></form></div>'
        )
    flash_html = f'<div class="flash" role="status">{h(flash)}</div>' if flash else ""
    return _shell().substitute(
        title=h(title), marketplace=h(marketplace), userbar=userbar, flash=flash_html, main=main,
        page=h(page_kind), conversation=h(conversation_id),
    )


# -- sign in -----------------------------------------------------------------------------


def login_main(*, mode: str, login_csrf: str, next_path: str, name: str = "", error: str = "") -> str:
    """The sign-in form. `mode` is "staff" (a staff id and that person's token, from
    INBOX_STAFF_FILE), "shared" (a name and the shared INBOX_TOKEN) or "loopback" (a name only)."""
    if mode == "staff":
        who = (
            '<label for="staff_id">Staff id</label>'
            f'<input id="staff_id" name="staff_id" value="{h(name)}" autocomplete="username" maxlength="40" '
            'required autofocus>'
        )
        secret = (
            '<label for="token">Your token</label>'
            '<input id="token" name="token" type="password" autocomplete="current-password" required>'
            '<p class="hint">The token your admin gave you with <code>python -m bot staff add</code>.</p>'
        )
    else:
        who = (
            '<label for="name">Your name</label>'
            f'<input id="name" name="name" value="{h(name)}" autocomplete="name" maxlength="40" required autofocus>'
            '<p class="hint">Customers see this name next to your replies.</p>'
        )
        secret = (
            '<label for="token">Inbox token</label>'
            '<input id="token" name="token" type="password" autocomplete="current-password" required>'
            if mode == "shared" else
            '<p class="hint" id="no-token">No <code>INBOX_TOKEN</code> is set and Baton only listens on '
            'this machine, so you sign in with your name only. Set <code>INBOX_TOKEN</code> or list your '
            'staff in <code>INBOX_STAFF_FILE</code> before opening the inbox to anyone else.</p>'
        )
    error_html = f'<p class="error" role="alert">{h(error)}</p>' if error else ""
    return (
        '<main class="login"><form method="post" action="/inbox/login" class="card">'
        '<h1>Sign in to the staff inbox</h1>'
        f"{error_html}"
        f'<input type="hidden" name="csrf" value="{h(login_csrf)}">'
        f'<input type="hidden" name="next" value="{h(next_path)}">'
        f"{who}{secret}"
        '<button type="submit" class="primary">Sign in</button>'
        "</form></main>"
    )


# -- the list ----------------------------------------------------------------------------


def list_main(queues: Queues, *, me: StaffMember, tag: str | None, route: str | None, now: float) -> str:
    """The list page: filters on the left, the sections on the right."""
    sections = [
        ("waiting", "Waiting for a person", queues.waiting, "Nobody is waiting. The AI has it covered."),
        ("mine", "Mine", queues.mine, "You have no conversations."),
        ("others", "Claimed by others", queues.others, "Nobody else has a conversation."),
        ("closed", "Back with the AI", queues.closed, "No closed conversations yet."),
    ]
    nav = ['<nav class="filters" aria-label="Filters" data-live="filters"><h2>Sections</h2><ul>']
    for anchor, title, rows, _ in sections:
        nav.append(f'<li><a href="#{anchor}">{h(title)} <span class="count">{len(rows)}</span></a></li>')
    nav.append("</ul>")
    nav.append(_chips("Tags", "tag", queues.tags, tag, route_value=route))
    nav.append(_chips("Queues", "queue", queues.routes, route, tag_value=tag))
    if tag or route:
        nav.append('<p><a href="/inbox">Clear filters</a></p>')
    nav.append(f'<p class="keys">Keys: {h(SHORTCUTS_LIST)}</p></nav>')

    body = ['<section class="queues" data-live="queues">']
    if queues.alerts:
        body.append('<div class="alerts" role="alert"><h2>Baton needs attention</h2><ul>')
        body.extend(f"<li><pre>{h(a)}</pre></li>" for a in queues.alerts)
        body.append("</ul></div>")
    for anchor, title, rows, empty in sections:
        body.append(f'<h2 id="{anchor}">{h(title)} <span class="count">{len(rows)}</span></h2>')
        if not rows:
            body.append(f'<p class="empty">{h(empty)}</p>')
            continue
        body.append(f'<ul class="rows" data-section="{anchor}">')
        body.extend(_row(r, me=me, now=now) for r in rows)
        body.append("</ul>")
    body.append("</section>")
    return f'<main class="list">{"".join(nav)}{"".join(body)}</main>'


def _chips(title: str, param: str, values: Sequence[str], current: str | None, *,
           tag_value: str | None = None, route_value: str | None = None) -> str:
    if not values:
        return ""
    items = []
    for value in values:
        query = {k: v for k, v in (("tag", tag_value), ("queue", route_value)) if v}
        query[param] = value
        selected = ' aria-current="true" class="chip on"' if value == current else ' class="chip"'
        items.append(f'<a{selected} href="/inbox?{h(urlencode(query))}">{h(value)}</a>')
    return f'<h2>{h(title)}</h2><div class="chips">{"".join(items)}</div>'


def _row(row: Row, *, me: StaffMember, now: float) -> str:
    c = row.conversation
    status = _status_badge(c, me, row.sla, now)
    return (
        f'<li class="row state-{h(c.state)}" data-id="{h(c.id)}">'
        f'<a class="open" href="/inbox/c/{h(c.id)}">'
        f'<span class="who">{h(customer_name(c))}<small>{h(_participant_line(c))}</small></span>'
        f'<span class="preview">{h(row.preview) or "<em>(no messages)</em>"}</span>'
        f'<span class="meta">{_practice(c)}{_tags(c.tags)}<span class="queue">{h(c.route or MAIN_INBOX)}</span></span>'
        f'<span class="status">{status}{_time(row.last_at)}</span>'
        "</a></li>"
    )


# -- one conversation --------------------------------------------------------------------


def conversation_main(detail: Detail, *, me: StaffMember, csrf: str, bot_name: str, now: float, link: Link,
                      limits: FileLimits, saved: Sequence[Filled] = (), draft: str = "") -> str:
    """The conversation page: header, transcript with notes and files (`link` gives each file's
    signed address), composer (with the saved replies, the attach control within `limits`, and
    `draft` in the reply box: a saved reply just picked, or a reply that was not sent), and the
    side panel."""
    c = detail.conversation
    return (
        '<main class="conversation">'
        '<section class="thread">'
        f'<div class="conv-head" data-live="head">{_head(detail, me, now)}</div>'
        f"{_summary(detail)}"
        f'<ol class="timeline" data-live="timeline" aria-label="Transcript">{_timeline(detail, bot_name, link)}</ol>'
        f'<div class="composer" data-live="composer">{_composer(c, me, csrf, limits, saved, draft)}</div>'
        "</section>"
        f'<aside class="details" data-live="details">{_details(detail, me, csrf)}</aside>'
        "</main>"
    )


def _head(detail: Detail, me: StaffMember, now: float) -> str:
    c = detail.conversation
    return (
        '<a class="back" href="/inbox" title="Back to the inbox (g)">← Inbox</a>'
        f'<h1>{_practice(c)}{h(customer_name(c))}</h1>'
        f'<span class="sub">{h(_participant_line(c))} · {h(c.channel)} · queue '
        f'<strong>{h(c.route or MAIN_INBOX)}</strong></span>'
        f'<span class="status">{_status_badge(c, me, detail.sla, now)}</span>'
    )


def _summary(detail: Detail) -> str:
    """The two lines to read first: what the customer wants, what the bot told them."""
    if detail.summary is None:
        return ""
    return (
        '<dl class="summary" aria-label="Summary">'
        f"<dt>Wants</dt><dd>{h(detail.summary.wants)}</dd>"
        f"<dt>Told so far</dt><dd>{h(detail.summary.told)}</dd>"
        "</dl>"
    )


def _timeline(detail: Detail, bot_name: str, link: Link) -> str:
    items: list[tuple[float, int, str]] = []
    for i, message in enumerate(detail.transcript):
        items.append((message.ts, i, _message(message, detail.conversation, bot_name, link)))
    for i, event in enumerate(detail.events):
        rendered = _event_line(event)
        if rendered:
            items.append((float(event.get("ts") or 0), len(detail.transcript) + i, rendered))
    items.sort()
    return "".join(text for _, _, text in items) or '<li class="empty">No messages yet.</li>'


def _message(message: Message, c: Conversation, bot_name: str, link: Link) -> str:
    who = {
        "customer": customer_name(c),
        "bot": f"{message.name or bot_name} (AI)",
        "human": message.name or "Staff",
        "system": "Told the customer",
    }.get(message.author, message.author)
    sources = ""
    if message.sources:
        links = "".join(f"<li>{_link(s.title, s.url)}</li>" for s in message.sources)
        sources = f'<ul class="sources" aria-label="Sources">{links}</ul>'
    text = ""  # a message of files alone has no bubble of words
    if message.text or not message.attachments:
        text = _text(message.text, markdown=message.author in ("bot", "human"))
    return (
        f'<li class="msg {h(message.author)}" id="m-{h(message.id)}">'
        f'<div class="who">{h(who)} {_time(message.ts)}</div>'
        f'{text}{_files(message.attachments, link)}{sources}</li>'
    )


def _files(attachments: Sequence[Attachment], link: Link) -> str:
    """A message's files: photos as thumbnails, PDFs as their name and size; each opens its
    signed link in a new tab."""
    if not attachments:
        return ""
    items = []
    for a in attachments:
        href = h(link(a))
        label = f"{a.name} ({size_text(a.size)})"
        if a.is_image:
            items.append(
                f'<li class="file photo"><a href="{href}" target="_blank" rel="noopener noreferrer" '
                f'title="{h(label)}: open the full photo"><img src="{href}" alt="{h(a.name)}" loading="lazy" '
                'decoding="async"></a></li>'
            )
        else:
            items.append(
                f'<li class="file doc"><span class="kind" aria-hidden="true">'
                f'{h(ALLOWED_TYPES.get(a.content_type, "file").upper())}</span>'
                f'<a href="{href}" target="_blank" rel="noopener noreferrer">'
                f'<span class="name">{h(a.name)}</span></a> <span class="size">{h(size_text(a.size))}</span></li>'
            )
    return f'<ul class="files" aria-label="Files">{"".join(items)}</ul>'


def _text(text: str, *, markdown: bool) -> str:
    """A message's text: the AI's and staff's Markdown rendered (allow-listed, escaped: `to_html`),
    customers' and notices' words shown as typed."""
    if markdown:
        return f'<div class="text md">{to_html(text)}</div>'
    return f'<div class="text">{h(text)}</div>'


def _event_line(event: dict[str, Any]) -> str:
    kind, actor = event.get("kind"), event.get("actor") or ""
    data = event.get("data") or {}
    ts = float(event.get("ts") or 0)
    if kind == "note":
        return (
            f'<li class="note"><div class="who">Internal note · {h(actor or "staff")} {_time(ts)}'
            f' <span class="staff-only">staff only</span></div>'
            f'{_text(str(data.get("text", "")), markdown=True)}</li>'
        )
    if kind in ("rated", "rating_comment"):
        rating = Rating.from_dict(data)
        if rating is None:
            return ""
        said = "The customer added a comment to their rating" if kind == "rating_comment" else "The customer rated this"
        return (f'<li class="event rating">{h(said)}: <strong>{h(rating.line())}</strong>'
                f'{h(f" (for {rating.staff})" if rating.staff else "")} {_time(ts)}</li>')
    text = {
        "handoff": "Handed to a person" + (f" (queue {data['route']})" if data.get("route") else ""),
        "claimed": f"{actor} claimed this",
        "passed": f"{actor} passed this to {data.get('route') or MAIN_INBOX}"
                  + (f": {data['note']}" if data.get("note") else ""),
        "closed": f"{actor or 'Someone'} closed this; the AI is answering again",
        "false_positive": f"{actor} marked this as not an escalation",
        "reopened": f"{actor} replied after it was closed and reopened it; the AI is quiet",
        "sla_missed": _reminder(data),
    }.get(str(kind))
    if text is None:
        return ""
    return f'<li class="event">{h(text)} {_time(ts)}</li>'


def _saved_replies(c: Conversation, saved: Sequence[Filled]) -> str:
    """Links that put a saved reply, filled in for this conversation, into the reply box: the
    page's script inserts `data-text` at the caret; without a script the link reloads the page
    with the reply in the box."""
    if not saved:
        return ""
    links = "".join(
        f'<li><a href="/inbox/c/{h(c.id)}?reply={h(r.id)}#reply-text" data-text="{h(r.text)}" '
        f'title="{h(r.text[:200])}">{h(r.title)}</a></li>'
        for r in saved
    )
    return f'<details class="saved" id="saved-replies"><summary>Saved replies</summary><ul>{links}</ul></details>'


def _composer(c: Conversation, me: StaffMember, csrf: str, limits: FileLimits,
              saved: Sequence[Filled] = (), draft: str = "") -> str:
    note = _form(c.id, "note", csrf, (
        '<label for="note-text">Internal note <span class="staff-only">staff only</span></label>'
        '<textarea id="note-text" name="text" rows="2" maxlength="4000" required '
        'placeholder="For the team, never sent to the customer"></textarea>'
        '<button type="submit">Add note</button>'
    ), cls="note-form")
    if c.state == "waiting" or (c.state == "human" and c.assignee_id == me.id):
        hint = "Sending claims the conversation for you." if c.state == "waiting" else ""
        reply = _form(c.id, "reply", csrf, (
            f'<label for="reply-text">Reply to {h(customer_name(c))} <span class="hint">{h(hint)}</span></label>'
            f"{_saved_replies(c, saved)}"
            '<textarea id="reply-text" name="text" rows="3" maxlength="4000" '
            f'placeholder="Write to the customer (Ctrl+Enter sends)">{h(draft)}</textarea>'
            '<div class="attach"><label for="reply-files">Attach photos or PDFs</label>'
            f'<input id="reply-files" type="file" name="files" multiple accept="{h(ACCEPT)}" '
            'aria-describedby="reply-files-hint">'
            f'<span class="hint" id="reply-files-hint">up to {limits.per_message} files, '
            f'{h(size_text(limits.max_bytes))} each</span></div>'
            '<button type="submit" class="primary">Send reply</button>'
        ), cls="reply-form", multipart=True)
        return reply + note
    if c.state == "human":
        why = f"{c.assignee} has this conversation: only they reply. You can add an internal note."
    else:
        why = "This conversation is back with the AI. Notes are still kept for the team."
    return f'<p class="locked">{h(why)}</p>{note}'


def _details(detail: Detail, me: StaffMember, csrf: str) -> str:
    c = detail.conversation
    parts = ['<section class="actions"><h2>Actions</h2>']
    if c.state == "waiting":
        parts.append(_form(c.id, "claim", csrf, '<button type="submit" class="primary" id="claim">Claim</button>'))
    elif c.state == "human":
        holder = "You have this conversation." if c.assignee_id == me.id else f"{c.assignee} has this conversation."
        parts.append(f'<p class="holder">{h(holder)}</p>')
    if c.state in ("waiting", "human"):
        parts.append(_form(c.id, "close", csrf,
                           '<button type="submit" id="close">Close: back to the AI</button>'))
        options = "".join(f'<option value="{h(r)}">{h(r)}</option>' for r in detail.pass_routes)
        parts.append(_form(c.id, "pass", csrf, (
            '<label for="pass-route">Pass to another queue</label>'
            f'<select id="pass-route" name="route" required><option value="">Choose a queue…</option>{options}</select>'
            '<input name="note" maxlength="500" placeholder="Note for them (optional)" aria-label="Note for the next queue">'
            '<button type="submit">Pass</button>'
        ), cls="pass-form"))
    else:
        parts.append('<p class="holder">Back with the AI.</p>')
    if detail.false_positive_by:
        parts.append(f'<p class="fp">Marked not an escalation by {h(detail.false_positive_by)}.</p>')
    if c.rating is not None and c.state == "bot":
        by = f" · for {c.rating.staff}" if c.rating.staff else ""
        parts.append(f'<p class="rating" id="rating">{h(c.rating.line())}<small>{h(by)}</small></p>')
    elif any(e.get("kind") == "handoff" for e in detail.events):
        parts.append(_form(c.id, "not-escalation", csrf,
                           '<button type="submit" class="quiet">Not an escalation</button>'))
    parts.append("</section>")

    parts.append('<section><h2>Tags</h2>')
    parts.append(_tags(c.tags) or '<p class="empty">No tags.</p>')
    if detail.reasons:
        parts.append('<h3>Why</h3><ul class="reasons">')
        for reason in detail.reasons:
            tag, sep, why = reason.partition(": ")
            parts.append(f"<li><strong>{h(tag)}</strong>{h(sep)}{h(why)}</li>" if sep else f"<li>{h(reason)}</li>")
        parts.append("</ul>")
    parts.append("</section>")

    p = c.participant
    facts = [("Role", p.role), ("Account", p.account_id), ("Tier", p.tier),
             ("Identity", "verified" if p.verified else "not verified"), ("Channel", c.channel),
             ("Language", language_name(c.language)), ("Started", None)]
    parts.append('<section><h2>Customer</h2><dl class="facts">')
    for label, value in facts:
        if label == "Started":
            parts.append(f"<dt>Started</dt><dd>{_time(c.created_at, full=True)}</dd>")
        elif value:
            parts.append(f"<dt>{h(label)}</dt><dd>{h(value)}</dd>")
    parts.append("</dl></section>")

    parts.append('<section><h2>History</h2><ol class="history">')
    for event in detail.events:
        parts.append(f"<li>{h(_history_text(event))} {_time(float(event.get('ts') or 0))}</li>")
    parts.append("</ol></section>")
    parts.append(f'<p class="keys">Keys: {h(SHORTCUTS_CONVERSATION)}</p>')
    return "".join(parts)


def _reminder(data: dict[str, Any]) -> str:
    try:
        waited = float(data.get("waited_minutes"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        waited = 0.0
    return reminder_text(waited, data.get("escalate_to") or None)


def _minutes(raw: object) -> str:
    try:
        return waited_text(float(raw))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "the agreed time"


def _history_text(event: dict[str, Any]) -> str:
    kind, actor = str(event.get("kind") or ""), event.get("actor") or ""
    data = event.get("data") or {}
    who = f" by {actor}" if actor else ""
    if kind == "passed":
        return f"passed to {data.get('route') or MAIN_INBOX}{who}"
    if kind == "tagged":
        tags = _json_list(event.get("tags"))
        return tagged_text(tags, []) if data.get("held") else f"tagged {', '.join(tags)}"
    if kind == "handoff":
        return "handed off" + (f" to {data['route']}" if data.get("route") else "")
    if kind == "sla_missed":
        return f"SLA missed after {_minutes(data.get('waited_minutes'))}"
    if kind in ("rated", "rating_comment"):
        rating = Rating.from_dict(data)
        return f"rated {rating.score}/5 by the customer" if rating else "rated by the customer"
    return f"{kind.replace('_', ' ')}{who}"


# -- pieces ------------------------------------------------------------------------------


def customer_name(c: Conversation) -> str:
    """How staff see the customer: their display name, else their role."""
    return c.participant.display_name or ("Vendor" if c.participant.role == "vendor" else "Buyer")


def _participant_line(c: Conversation) -> str:
    p = c.participant
    bits: list[str] = [p.role]
    if p.account_id:
        bits.append(p.account_id)
    if p.tier:
        bits.append(p.tier)
    return " · ".join(bits)


def _status_badge(c: Conversation, me: StaffMember, sla: Sla | None, now: float) -> str:
    if c.state == "waiting":
        return f'<span class="badge waiting">Waiting</span>{_sla(sla, now)}'
    if c.state == "human":
        who = "you" if c.assignee_id == me.id else (c.assignee or "someone")
        return f'<span class="badge human">With {h(who)}</span>'
    return '<span class="badge bot">Back with the AI</span>'


def _sla(sla: Sla | None, now: float) -> str:
    if sla is None or sla.due_at is None:
        return ""
    left = sla.due_at - now
    text = f"reply due in {_duration(left)}" if left >= 0 else f"overdue by {_duration(-left)}"
    late = " late" if left < 0 else ""
    return f'<span class="sla{late}" data-due="{sla.due_at:.0f}" title="Acknowledge by {h(_iso(sla.due_at))}">{h(text)}</span>'


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _practice(c: Conversation) -> str:
    """The PRACTICE label of a practice run's conversation (docs/practice.md): no real customer."""
    if not is_practice(c.channel):
        return ""
    return f'<span class="tag practice" title="A practice escalation: the customer is a script">{PRACTICE_LABEL}</span> '


def _tags(tags: Iterable[str]) -> str:
    chips = "".join(f'<span class="tag">{h(t)}</span>' for t in tags)
    return f'<span class="tags">{chips}</span>' if chips else ""


def _time(ts: float, full: bool = False) -> str:
    moment = dt.datetime.fromtimestamp(ts, dt.UTC)
    shown = moment.strftime("%Y-%m-%d %H:%M UTC" if full else "%H:%M UTC")
    kind = "full" if full else "short"
    return f'<time datetime="{h(_iso(ts))}" data-format="{kind}">{h(shown)}</time>'


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="seconds")


def _link(title: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"{h(title)} <span class=\"muted\">({h(url)})</span>"
    return f'<a href="{h(url)}" target="_blank" rel="noopener noreferrer">{h(title)}</a>'


def _form(conversation_id: str, action: str, csrf: str, inner: str, cls: str = "", multipart: bool = False) -> str:
    """A POST form to one action; the CSRF token is its first field (an upload's stream is
    checked by it before any file is read)."""
    klass = f' class="{h(cls)}"' if cls else ""
    enctype = ' enctype="multipart/form-data"' if multipart else ""
    return (
        f'<form method="post" action="/inbox/c/{h(conversation_id)}/{h(action)}"{klass}{enctype}>'
        f'<input type="hidden" name="csrf" value="{h(csrf)}">{inner}</form>'
    )


def _json_list(raw: Any) -> list[str]:
    if isinstance(raw, list):
        return [str(x) for x in raw]
    try:
        value = json.loads(raw or "[]")
    except (TypeError, ValueError):
        return []
    return [str(x) for x in value] if isinstance(value, list) else []


def not_found_main(conversation_id: str) -> str:
    """The page for an unknown conversation id."""
    return (f'<main class="login"><div class="card"><h1>No such conversation</h1>'
            f'<p>Nothing has the id <code>{h(conversation_id)}</code>.</p>'
            '<p><a href="/inbox">Back to the inbox</a></p></div></main>')
