"""What the inbox page shows, read from the store: queues by state, SLA clocks, one conversation.

Read-only: every change goes through `bot.router.Conversations`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.models import Conversation, HandoffSummary, Message, StaffMember
from bot.staff import MAIN_INBOX
from bot.store import ConversationNotFound, Store

LIST_LIMIT = 200
CLOSED_SHOWN = 25
CLOSED_SCANNED = 300
PREVIEW_CHARS = 140


@dataclass(frozen=True, slots=True)
class Sla:
    """The acknowledge-by clock of the current handoff: started, due, and when it was met."""

    started_at: float
    due_at: float | None
    acknowledged_at: float | None = None


@dataclass(slots=True)
class Row:
    """One conversation in the list: who, what they last said, tags, queue and clock."""

    conversation: Conversation
    sla: Sla | None
    preview: str
    last_at: float
    false_positive_by: str | None = None


@dataclass(slots=True)
class Queues:
    """The list page: conversations by section (waiting, mine, others', closed) and the filters."""

    waiting: list[Row] = field(default_factory=list)
    mine: list[Row] = field(default_factory=list)
    others: list[Row] = field(default_factory=list)
    closed: list[Row] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Detail:
    """One conversation: transcript, lifecycle events (notes included), why it was handed off."""

    conversation: Conversation
    transcript: list[Message]
    events: list[dict[str, Any]]
    sla: Sla | None
    reasons: list[str]
    false_positive_by: str | None
    pass_routes: list[str]
    summary: HandoffSummary | None = None  # of the latest handoff


def sla_of(events: Sequence[dict[str, Any]]) -> Sla | None:
    """The SLA of the latest handoff or pass: due = its time + `acknowledge_within` minutes."""
    minutes: float | None = None
    started: float | None = None
    acknowledged: float | None = None
    due_at: float | None = None  # the core's, office hours counted (handoffs since office hours)
    for event in events:
        kind = event.get("kind")
        if kind == "handoff":
            raw = (event.get("data") or {}).get("acknowledge_within")
            minutes = float(raw) if raw else None
            raw_due = (event.get("data") or {}).get("due_at")
            due_at = float(raw_due) if raw_due else None
            started, acknowledged = float(event["ts"]), None
        elif kind == "passed" and started is not None:
            raw_due = (event.get("data") or {}).get("due_at")
            started, acknowledged, due_at = float(event["ts"]), None, float(raw_due) if raw_due else None
        elif kind == "claimed" and started is not None and acknowledged is None:
            acknowledged = float(event["ts"])
    if started is None:
        return None
    due = due_at or (started + minutes * 60 if minutes else None)
    return Sla(started, due, acknowledged)


def reasons_of(events: Sequence[dict[str, Any]]) -> list[str]:
    """Why tags fired, as `tag: detail` lines, in order, without repeats."""
    reasons: list[str] = []
    for event in events:
        if event.get("kind") in ("handoff", "tagged"):
            reasons.extend(str(r) for r in (event.get("data") or {}).get("reasons") or [])
    return list(dict.fromkeys(reasons))


def summary_of(events: Sequence[dict[str, Any]]) -> HandoffSummary | None:
    """The summary made when the conversation was last handed off (None before summaries)."""
    handoffs = [e for e in events if e.get("kind") == "handoff"]
    return HandoffSummary.from_dict((handoffs[-1].get("data") or {}).get("summary")) if handoffs else None


def false_positive_of(events: Sequence[dict[str, Any]]) -> str | None:
    """Who marked the conversation "not an escalation" since its latest handoff, if anyone."""
    marked: str | None = None
    for event in events:
        if event.get("kind") == "handoff":
            marked = None
        elif event.get("kind") == "false_positive":
            marked = event.get("actor") or "staff"
    return marked


class InboxData:
    """Reads queues and conversations for the page."""

    def __init__(self, store: Store, pass_routes: Callable[[str | None], list[str]]) -> None:
        self.store = store
        self._pass_routes = pass_routes  # the core's staff policy (bot/staff.py)

    async def queues(self, me: StaffMember, *, tag: str | None = None, route: str | None = None) -> Queues:
        """Every section of the list page, filtered by tag and/or queue when given."""
        queues = Queues()
        waiting = await self._rows(await self.store.list_by_state("waiting", LIST_LIMIT))
        human = await self._rows(await self.store.list_by_state("human", LIST_LIMIT))
        closed = await self._rows(await self._recently_closed(), closed=True)
        everything = [*waiting, *human, *closed]
        queues.tags = sorted({t for r in everything for t in r.conversation.tags})
        queues.routes = sorted({r.conversation.route or MAIN_INBOX for r in everything})

        def keep(row: Row) -> bool:
            if tag and tag not in row.conversation.tags:
                return False
            return not route or (row.conversation.route or MAIN_INBOX) == route

        never = float("inf")
        queues.waiting = sorted(
            filter(keep, waiting), key=lambda r: (r.sla.due_at if r.sla and r.sla.due_at else never, r.last_at)
        )
        queues.mine = [r for r in human if keep(r) and r.conversation.assignee_id == me.id]
        queues.others = [r for r in human if keep(r) and r.conversation.assignee_id != me.id]
        queues.closed = [r for r in closed if keep(r)][:CLOSED_SHOWN]
        queues.alerts = await self.store.alerts(5)
        return queues

    async def detail(self, conversation_id: str) -> Detail:
        """Everything about one conversation; raises ConversationNotFound."""
        conversation = await self.store.get(conversation_id)
        events = await self.store.events(conversation_id)
        return Detail(
            conversation=conversation,
            transcript=await self.store.transcript(conversation_id),
            events=events,
            sla=sla_of(events),
            reasons=reasons_of(events),
            false_positive_by=false_positive_of(events),
            pass_routes=self._pass_routes(conversation.route),
            summary=summary_of(events),
        )

    async def _recently_closed(self) -> list[str]:
        return await self.store.recently_entered("bot", CLOSED_SCANNED)

    async def _rows(self, ids: Sequence[str], closed: bool = False) -> list[Row]:
        rows: list[Row] = []
        for conversation_id in ids:
            try:
                conversation = await self.store.get(conversation_id)
            except ConversationNotFound:
                continue
            if closed and not conversation.inbox_ref:
                continue  # never handed off: the AI's own conversations are not the inbox's
            events = await self.store.events(conversation_id)
            last = await self.store.transcript(conversation_id, last=6)
            said = [m for m in last if m.author == "customer"]
            preview = preview_of(said[-1]) if said else (preview_of(last[-1]) if last else "")
            rows.append(Row(
                conversation=conversation,
                sla=sla_of(events),
                preview=_cut(preview, PREVIEW_CHARS),
                last_at=last[-1].ts if last else conversation.updated_at,
                false_positive_by=false_positive_of(events),
            ))
            if closed and len(rows) >= CLOSED_SHOWN:
                break
        return rows


def preview_of(message: Message) -> str:
    """A message as the list shows it: its words, else the names of the files it carried."""
    if message.text.strip() or not message.attachments:
        return message.text
    return "Sent " + ", ".join(a.name for a in message.attachments)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
