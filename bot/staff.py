"""Staff policy, the same for every inbox: who may act, where a conversation may go, SLA reminders.

The policy (docs/inbox.md#staff-policy):

- **who**: staff are matched by their id (`StaffMember.id`: the Slack user, the inbox page's
  staff entry), never by display name, so two people called Dana are two people.
- **claim**: a waiting conversation goes to the first person who claims it; anyone else is told
  who has it.
- **reply**: the person who holds the conversation replies; a reply to a waiting conversation
  claims it first; a reply to one someone else holds is refused (and not sent). A reply to a
  closed conversation *reopens* it: it is the replier's again, the AI goes quiet, and the inbox
  shows "reopened by".
- **pass**: only to one of the routes offered (the rules' routes, the inbox's own, the main inbox).
- **close**, **note**, **not an escalation**: any staff member.
- **SLA**: a handoff (or pass) with `acknowledge_within` minutes that nobody claims in time gets
  a reminder; a second miss passes it to the `critical` tag's route.

The inboxes only render the outcome; the texts staff read are here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.contracts import StaffOutcome
from bot.models import Attachment, StaffMember

MAIN_INBOX = "inbox"  # the route of the inbox's main channel or queue
SLA_ACTOR = "Baton SLA"  # who passes a conversation whose SLA was missed twice
AUTO_CLOSE_ACTOR = "auto-close"  # who closes a conversation left quiet after a staff reply (bot/auto_close.py)
CRITICAL_TAG = "critical"


class StaffActions(Protocol):
    """What an inbox may ask the core to do for a staff member (implemented by `Conversations`)."""

    async def claim(self, conversation_id: str, staff: StaffMember) -> StaffOutcome:
        """Take a waiting conversation."""
        ...

    async def reply(self, conversation_id: str, staff: StaffMember, text: str, *, inbound_id: str | None = None,
                    attachments: Sequence[Attachment] = ()) -> StaffOutcome:
        """Relay a reply to the customer (claiming or reopening as the policy says), with any
        files staff attached (kept by bot/files/ first)."""
        ...

    async def note(self, conversation_id: str, staff: StaffMember, text: str) -> StaffOutcome:
        """Keep an internal note."""
        ...

    async def close(self, conversation_id: str, staff: StaffMember) -> StaffOutcome:
        """Return the conversation to the AI."""
        ...

    async def pass_to(self, conversation_id: str, staff: StaffMember, route: str, note: str = "") -> StaffOutcome:
        """Re-queue the conversation, unclaimed, in another route."""
        ...

    async def mark_not_escalation(self, conversation_id: str, staff: StaffMember) -> StaffOutcome:
        """Record that the handoff was unnecessary."""
        ...

    def pass_routes(self, current: str | None) -> list[str]:
        """The routes a conversation now in `current` may be passed to."""
        ...

    def mentions(self) -> list[str]:
        """Whom the live rules ask the inbox to ping (`mention` of each tag), without repeats."""
        ...


# -- texts staff read (both inboxes) -----------------------------------------------------------

CLAIMED = "You have this conversation. The AI stays quiet until you close it."
SENT = "Sent to the customer."
REOPENED = "You reopened this conversation: it is yours, and the AI stays quiet until you close it."
NOTED = "Note added. Only staff see it."
CLOSED = "Closed: the customer is back with the AI."
ALREADY_CLOSED = "This conversation is already closed; the AI is answering."
NOT_ESCALATION = ("Thanks: recorded as not an escalation. It counts against its tags in "
                  "`python -m bot report`; close the conversation when you're done.")
PICK_ROUTE = "Pick one of the listed queues to pass this conversation to."
CLOSED_NO_PASS = "This conversation is closed, so it cannot be passed on."
EMPTY = "Write something first."


def passed_to(route: str) -> str:
    """The outcome text of a pass."""
    return f"Passed to {route}: it waits there, unclaimed."


def held_by(assignee: str | None, state: str) -> str:
    """Why a claim (or a reply) was refused: who holds the conversation, or its state."""
    if state == "human" and assignee:
        return f"{assignee} already has this conversation."
    if state == "bot":
        return "This conversation is closed; the AI is answering."
    return "This conversation can't be claimed right now."


def reply_refused(reason: str) -> StaffOutcome:
    """A reply that was not sent, and why."""
    return StaffOutcome(False, f"Your reply was not sent: {reason}")


# -- routes -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Routes:
    """Where conversations can go, from the live rules and the inbox's own routes."""

    rules: Any  # bot.escalation.schema.RulesFile or None (no rules: only the inbox's routes)
    inbox_routes: Sequence[str] = ()

    def pass_routes(self, current: str | None) -> list[str]:
        """Routes a conversation in `current` may be passed to: the rules' routes and default
        route, the inbox's own, and the main inbox (never the one it is in)."""
        names: list[str] = []
        if self.rules is not None:
            names.extend(t.route for t in self.rules.tags if t.route)
            if self.rules.settings.default_route:
                names.append(self.rules.settings.default_route)
        names.extend(self.inbox_routes)
        names.append(MAIN_INBOX)
        current = current or MAIN_INBOX
        return [n for n in dict.fromkeys(names) if n != current]

    def critical(self) -> str:
        """Where a twice-missed SLA goes: the route of the rules' `critical` tag, else `critical`."""
        if self.rules is not None:
            for tag in self.rules.tags:
                if tag.name == CRITICAL_TAG and tag.route:
                    return str(tag.route)
        return CRITICAL_TAG

    def mentions(self) -> list[str]:
        """Every `mention` in the rules, without repeats."""
        if self.rules is None:
            return []
        return list(dict.fromkeys(str(t.mention) for t in self.rules.tags if t.mention))

    def mention_for(self, route: str, fallback: str | None) -> str | None:
        """Whom to mention when a conversation arrives in `route` (a rules tag of that route's)."""
        if self.rules is not None:
            for tag in self.rules.tags:
                if tag.route == route and tag.mention:
                    return str(tag.mention)
        return fallback


# -- SLA timers ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SlaTimer:
    """One reminder: for the waiting period that began at `since`, stage 1 or 2."""

    conversation_id: str
    since: float
    stage: int
    minutes: float

    @property
    def name(self) -> str:
        """The durable timer's name (docs/architecture.md#keyspace)."""
        return f"{self.conversation_id}|{self.since!r}|{self.stage}|{self.minutes!r}"

    @property
    def due_at(self) -> float:
        """When it fires: `minutes` after the waiting began, per stage."""
        return self.since + self.minutes * 60 * self.stage

    @classmethod
    def parse(cls, name: str) -> SlaTimer | None:
        """The timer a name stands for (None for a name of an older format)."""
        parts = name.split("|")
        if len(parts) != 4:
            return None
        try:
            return cls(parts[0], float(parts[1]), int(parts[2]), float(parts[3]))
        except ValueError:
            return None


def reminder_text(waited_minutes: float, escalate_to: str | None) -> str:
    """What staff read when nobody claimed a conversation in time (every inbox)."""
    waited = waited_text(waited_minutes)
    if escalate_to:
        return f"Still unclaimed after {waited}: escalating to {escalate_to}."
    return f"Nobody has claimed this after {waited}. Please claim it and reply."


def tagged_text(tags: Sequence[str], reasons: Sequence[str]) -> str:
    """What staff read when the customer's latest message fired new tags (every inbox): the tags,
    then why, one reason a line."""
    said = f"New tag{'s' if len(tags) > 1 else ''} from the customer's latest message: {', '.join(tags)}."
    return "\n".join([said, *(f"- {reason}" for reason in reasons)])


def waited_text(minutes: float) -> str:
    """A duration as staff read it ("2 minutes", "30 seconds")."""
    if minutes < 1:
        seconds = round(minutes * 60)
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    return f"{minutes:g} minutes" if minutes != 1 else "1 minute"
