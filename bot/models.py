"""The domain model every part of Baton shares: conversations, messages, and what crosses adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["buyer", "vendor"]
State = Literal["bot", "waiting", "human"]
Author = Literal["customer", "bot", "human", "system"]

ROLES: tuple[Role, ...] = ("buyer", "vendor")
STATES: tuple[State, ...] = ("bot", "waiting", "human")


@dataclass(frozen=True, slots=True)
class Participant:
    """The customer on the other end of a conversation, as far as we can trust it."""

    role: Role = "buyer"
    account_id: str | None = None
    display_name: str | None = None
    tier: str | None = None
    verified: bool = False  # True only when a signed token or a platform role vouched for it

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping for storage and the wire."""
        return {
            "role": self.role,
            "account_id": self.account_id,
            "display_name": self.display_name,
            "tier": self.tier,
            "verified": self.verified,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Participant:
        """Rebuild from `to_dict` output."""
        return cls(
            role=data.get("role") or "buyer",
            account_id=data.get("account_id"),
            display_name=data.get("display_name"),
            tier=data.get("tier"),
            verified=bool(data.get("verified")),
        )


@dataclass(frozen=True, slots=True)
class Source:
    """Where an answer came from: a help-centre article (or a tool such as order lookup)."""

    title: str
    url: str

    def to_dict(self) -> dict[str, str]:
        """A plain mapping for storage and the wire."""
        return {"title": self.title, "url": self.url}


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message (a photo of a damaged item, a PDF invoice), kept by the file
    storage (bot/files/): `id` finds it there; `content_type` was read from its bytes, not its name."""

    id: str
    name: str
    content_type: str
    size: int

    @property
    def is_image(self) -> bool:
        """Whether clients may show it inline (a photo), rather than as a link to download."""
        return self.content_type.startswith("image/")

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping for storage and the wire."""
        return {"id": self.id, "name": self.name, "type": self.content_type, "size": self.size}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attachment:
        """Rebuild from `to_dict` output."""
        return cls(str(data["id"]), str(data.get("name") or "file"), str(data.get("type") or ""), int(data.get("size") or 0))


@dataclass(slots=True)
class Message:
    """One line of a conversation's transcript. `id` orders messages within the conversation."""

    id: str
    conversation_id: str
    author: Author
    text: str
    ts: float
    name: str | None = None
    sources: list[Source] = field(default_factory=list)
    # The bot could not answer and offered a person instead; the customer's "yes" takes it up
    # (the rules' `accepts_offer` condition). Kept in the transcript, not sent on the wire.
    offers_person: bool = False
    # The system notice asking the customer to rate the conversation a person just closed: the
    # rating request's id (bot/ratings.py). Web chat sends it as a `rating_request` frame instead.
    rating_request: str | None = None
    attachments: list[Attachment] = field(default_factory=list)

    def to_wire(self, link: Callable[[Attachment], str] | None = None) -> dict[str, Any]:
        """The web-chat `message` frame (docs/architecture.md#wire-protocol); customer lines have `author: customer`.

        `link` gives each attachment's address (a short-lived signed link, bot/files/links.py).
        """
        frame: dict[str, Any] = {
            "type": "message",
            "id": self.id,
            "author": self.author,
            "text": self.text,
            "ts": self.ts,
        }
        if self.name:
            frame["name"] = self.name
        if self.sources:
            frame["sources"] = [s.to_dict() for s in self.sources]
        if self.attachments:
            frame["attachments"] = [{**a.to_dict(), **({"url": link(a)} if link else {})} for a in self.attachments]
        return frame


@dataclass(frozen=True, slots=True)
class StaffMember:
    """A person acting for the marketplace: a stable id (who holds a conversation is matched by
    it) and the display name customers and colleagues see (two people may share one)."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Rating:
    """The customer's rating of a conversation after a person closed it (bot/ratings.py): 1-5, an
    optional comment, and whom it counts for (the staff member who handled it)."""

    request: str  # the rating request's id: one rating per close
    score: int
    comment: str = ""
    staff: str = ""  # the display name of who handled it (the holder when it was closed, else the closer)
    staff_id: str = ""
    closed_by: str = ""
    ts: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping for storage and the event log."""
        return {"request": self.request, "score": self.score, "comment": self.comment, "staff": self.staff,
                "staff_id": self.staff_id, "closed_by": self.closed_by, "ts": self.ts}

    @classmethod
    def from_dict(cls, data: object) -> Rating | None:
        """From `to_dict` output (or an event's data); None when it is not a rating."""
        if not isinstance(data, dict) or not isinstance(data.get("score"), int) or not data.get("request"):
            return None
        return cls(str(data["request"]), int(data["score"]), str(data.get("comment") or ""),
                   str(data.get("staff") or ""), str(data.get("staff_id") or ""),
                   str(data.get("closed_by") or ""), float(data.get("ts") or 0.0))

    def line(self) -> str:
        """How staff read it: `Rated 4/5: "quick and kind"`."""
        return f'Rated {self.score}/5: "{self.comment}"' if self.comment else f"Rated {self.score}/5"


@dataclass(slots=True)
class Conversation:
    """A customer's conversation on one channel, and who currently owns it."""

    id: str
    channel: str
    external_ref: str
    participant: Participant
    state: State = "bot"
    tags: list[str] = field(default_factory=list)
    assignee: str | None = None  # the holder's display name, as customers see it
    assignee_id: str | None = None  # the holder's StaffMember.id: who may reply is decided by this
    route: str | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    inbox_ref: str | None = None  # the inbox's handle for this conversation (e.g. Slack thread ts)
    rating_request: str | None = None  # the rating asked for at the latest close by a person, if any
    rating: Rating | None = None  # the customer's rating of that close, once given
    language: str | None = None  # the language the customer last wrote in (ISO 639-1), once known


@dataclass(frozen=True, slots=True)
class Inbound:
    """A customer's message as an adapter hands it to the router."""

    channel: str
    external_ref: str
    inbound_id: str
    participant: Participant
    text: str
    attachments: tuple[Attachment, ...] = ()  # already kept by the file storage (bot/files/)
    # The language the customer's app says they use (the widget's, Discord's locale at `/support`):
    # the conversation's until their own words tell otherwise. None: nothing said.
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a tag fired: the condition kind and what it matched, for humans to read."""

    tag: str
    condition: str
    detail: str

    def __str__(self) -> str:
        return f"{self.tag}: {self.detail}"


@dataclass(frozen=True, slots=True)
class HandoffSummary:
    """The two lines staff read first about a handed-off conversation (bot/summary.py)."""

    wants: str  # what the customer wants, in their words
    told: str  # what the bot already told them

    def to_dict(self) -> dict[str, str]:
        """For the handoff event's data."""
        return {"wants": self.wants, "told": self.told}

    @classmethod
    def from_dict(cls, data: object) -> HandoffSummary | None:
        """From a handoff event's data; None when it has none (handed off before summaries)."""
        if isinstance(data, dict) and isinstance(data.get("wants"), str) and isinstance(data.get("told"), str):
            return cls(data["wants"], data["told"])
        return None


@dataclass(slots=True)
class Decision:
    """What the rules decided for one message: tags to add, and whether a person must take over."""

    tags: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    handoff: bool = False
    route: str | None = None
    mention: str | None = None
    acknowledge_within: float | None = None  # minutes
    customer_message: str | None = None
    summary: HandoffSummary | None = None  # set by the core when it hands off
    due_at: float | None = None  # when a person should have claimed it (office hours counted)


@dataclass(slots=True)
class Answer:
    """The brain's reply to a question: text (None when it has nothing), sources, confidence in [0, 1]."""

    text: str | None
    sources: list[Source] = field(default_factory=list)
    confidence: float = 0.0
    wants_human: bool = False  # the model (or customer) asked for a person through the tool
    offers_person: bool = False  # the text says no answer was found and offers a person
