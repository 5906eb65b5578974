"""The built-in shared inbox's back end: handed-off conversations live in Redis for `/inbox`.

Everything the page shows is already in the store (state indexes, transcripts, events); this
inbox only wakes live pages up and keeps operational alerts for staff.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiohttp import web

from bot.brand import Brand
from bot.contracts import Change, Closed, MessageAdded, Noted, Reminder
from bot.files import Files
from bot.models import Conversation, Decision, Message
from bot.settings import Settings
from bot.staff import StaffActions
from bot.store import Store

log = logging.getLogger(__name__)

ALERTS_KEPT = 100


class StoreInbox:
    """The inbox used when Slack is not configured: state in Redis, live updates by pub/sub, and
    the `/inbox` pages (bot/adapters/inbox/page.py) for staff."""

    def __init__(self, settings: Settings, store: Store, staff: StaffActions, brand: Brand, files: Files) -> None:
        self.settings = settings
        self.store = store
        self.staff = staff
        self.brand = brand
        self.files = files  # the page shows and sends photos and PDFs

    async def start(self) -> None:
        """Nothing to connect to."""

    async def stop(self) -> None:
        """Nothing to disconnect."""

    def add_routes(self, app: web.Application) -> None:
        """Mount the `/inbox` pages (InboxPageError when they can't be served safely)."""
        from bot.adapters.inbox.page import InboxPage

        InboxPage(self.settings, self.store, self.staff, self.brand, self.files).add_routes(app)

    async def open(
        self, conversation: Conversation, transcript: Sequence[Message], decision: Decision
    ) -> str | None:
        """The conversation is already queued by its state; tell live pages to refresh."""
        await self._publish("opened", conversation.id)
        return f"inbox:{conversation.id}"

    async def update(self, conversation: Conversation, change: Change) -> None:
        """Everything the page shows is in the store already (the SLA reminders and the passes
        are in the event log): tell live pages to refresh."""
        kind = {MessageAdded: "message", Noted: "note", Reminder: "reminder"}.get(type(change), "updated")
        await self._publish(kind, conversation.id)

    async def close(self, conversation: Conversation, closed: Closed) -> None:
        """Closed; tell live pages to refresh."""
        await self._publish("updated", conversation.id)

    def routes(self) -> tuple[str, ...]:
        """The built-in inbox has no routes of its own beyond the rules'."""
        return ()

    async def notify(self, text: str) -> None:
        """Keep the alert for the inbox page and log it."""
        log.error("staff alert: %s", text)
        await self.store.push_alert(text, ALERTS_KEPT)
        await self._publish("alert", "")

    async def all_clear(self, about: str, text: str) -> None:
        """Take the alerts about something fixed off the page."""
        log.info("staff alert cleared: %s", text)
        await self.store.clear_alerts(about)
        await self._publish("alert", "")

    async def _publish(self, kind: str, conversation_id: str) -> None:
        await self.store.wakeups().publish(kind, conversation_id)
