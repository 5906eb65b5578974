"""Every Redis key Baton uses, built in one place (docs/architecture.md#keyspace)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import STATES


@dataclass(frozen=True, slots=True)
class Keys:
    """Renders Redis keys under one prefix, so several deployments can share a Redis."""

    prefix: str = "baton:"

    def conversation(self, conversation_id: str) -> str:
        """Hash: the conversation's fields (channel, participant, state, tags, assignee...)."""
        return f"{self.prefix}conv:{conversation_id}"

    def transcript(self, conversation_id: str) -> str:
        """Stream: the customer-visible transcript, in order; entry ids are message ids."""
        return f"{self.prefix}conv:{conversation_id}:log"

    def inbound_ids(self, conversation_id: str) -> str:
        """Hash: platform/client message id -> transcript id, so a repeated event is stored once."""
        return f"{self.prefix}conv:{conversation_id}:inbound"

    def conversation_events(self, conversation_id: str) -> str:
        """Stream: lifecycle events of one conversation (handoff, claim, close, notes...)."""
        return f"{self.prefix}conv:{conversation_id}:events"

    def events(self) -> str:
        """Stream: lifecycle events of all conversations, for reports."""
        return f"{self.prefix}events"

    def external_ref(self, channel: str, external_ref: str) -> str:
        """String: the conversation id for a channel's own reference (DM, thread, web session)."""
        return f"{self.prefix}ref:{channel}:{external_ref}"

    def conversation_lock(self, conversation_id: str) -> str:
        """Lock: held by the process answering the conversation's latest message."""
        return f"{self.prefix}lock:conv:{conversation_id}"

    def unanswered(self) -> str:
        """Sorted set: `conversation|message` customer messages not yet dealt with, scored by
        when they were stored or last taken over (a dead process's are taken over by another)."""
        return f"{self.prefix}unanswered"

    def conversation_unanswered(self, conversation_id: str) -> str:
        """Sorted set: the conversation's customer messages not yet dealt with (its share of
        `unanswered`), so that an earlier one is always dealt with before a later one."""
        return f"{self.prefix}conv:{conversation_id}:unanswered"

    def unanswered_claims(self) -> str:
        """Hash: `conversation|message` -> failed attempts to answer it after a takeover (given up after a few)."""
        return f"{self.prefix}unanswered:claims"

    def by_state(self, state: str) -> str:
        """Sorted set: conversation ids in one state, scored by the time they entered it."""
        return f"{self.prefix}state:{state}"

    def state_indexes(self) -> list[str]:
        """The by-state sorted sets, in the order of `bot.models.STATES`."""
        return [self.by_state(s) for s in STATES]

    def webchat_session(self, session_hash: str) -> str:
        """String: the conversation a web-chat session (stored hashed) is bound to."""
        return f"{self.prefix}webchat:session:{session_hash}"

    def rate(self, bucket: str, window: int) -> str:
        """Counter: messages from one sender (a conversation, a web-chat client's address...), or
        new web-chat conversations from one address, within one rate-limit window."""
        return f"{self.prefix}rate:{bucket}:{window}"

    def inbox_updates(self) -> str:
        """Pub/sub channel: wake-ups for live inbox pages (losing one only delays a refresh)."""
        return f"{self.prefix}inbox:updates"

    def alerts(self) -> str:
        """List: operational alerts for staff (e.g. a refused rules file), newest first."""
        return f"{self.prefix}alerts"

    def sla(self) -> str:
        """Sorted set: SLA reminder timers `conversation|waiting since|stage|minutes`, scored by due time."""
        return f"{self.prefix}sla"

    def auto_close(self, channel: str) -> str:
        """Sorted set: auto-close timers `conversation|warn` and `conversation|close` of one
        channel's conversations, scored by due time (docs/configuration.md#auto-close)."""
        return f"{self.prefix}auto-close:{channel}"

    def delivery_stream(self, channel: str) -> str:
        """Stream: what the core sends a channel's customers, for the processes that deliver it."""
        return f"{self.prefix}outbox:{channel}"

    def outbox(self, service: str) -> str:
        """Namespace of a durable outbox of calls to an outside service (`slack`, `discord`); the
        outbox's own keys hang off it (`bot.store.outbox.OutboxKeys`)."""
        return f"{self.prefix}{service}:outbox"

    def sent_parts(self, service: str, message: str) -> str:
        """Hash with expiry: the parts of one outgoing message the service confirmed posting
        (part index -> the service's message id), so a resumed job skips them for days, not
        only while the service remembers its nonce."""
        return f"{self.prefix}{service}:sent:{message}"

    def discord_ticket(self, thread_id: int) -> str:
        """String: the user id of the member a Discord support thread was opened for."""
        return f"{self.prefix}discord:ticket:{thread_id}"

    def discord_ticket_language(self, thread_id: int) -> str:
        """String: the language of the member's Discord app when they opened the thread (`/support`)."""
        return f"{self.prefix}discord:ticket-language:{thread_id}"

    def discord_open_ticket(self, user_id: int) -> str:
        """String: a member's latest Discord support thread not closed with `/close`."""
        return f"{self.prefix}discord:open-ticket:{user_id}"

    # -- the Discord staff inbox's own records (docs/discord.md#staff-in-discord) -----------------

    def discord_staff_card(self, conversation_id: str) -> str:
        """String (JSON): the conversation's current handoff card in the Discord staff channel."""
        return f"{self.prefix}discord:staff-card:{conversation_id}"

    def discord_staff_thread(self, thread_id: int) -> str:
        """String: the conversation a staff-channel thread (a card's thread) belongs to."""
        return f"{self.prefix}discord:staff-thread:{thread_id}"

    # -- the Slack inbox's own records (docs/slack.md) --------------------------------------------

    def slack_card(self, conversation_id: str) -> str:
        """String (JSON): the conversation's current handoff card."""
        return f"{self.prefix}slack:card:{conversation_id}"

    def slack_thread(self, channel: str, ts: str) -> str:
        """String: the conversation a card's thread belongs to."""
        return f"{self.prefix}slack:thread:{channel}:{ts}"

    def slack_seen(self, event_id: str) -> str:
        """String with expiry: an Events API delivery already handled (Slack retries reuse the id)."""
        return f"{self.prefix}slack:seen:{event_id}"

    def slack_action(self, click_id: str) -> str:
        """String with expiry: a button click already handled (its trigger_id), so a replay is not."""
        return f"{self.prefix}slack:action:{click_id}"

    def slack_user(self, user_id: str) -> str:
        """String with expiry: a staff member's display name."""
        return f"{self.prefix}slack:user:{user_id}"

    def slack_upload(self, job_id: str) -> str:
        """String with expiry: the Slack file id issued for an outbox upload job, so a job resumed
        after a crash can tell whether Slack already shared that file in the thread."""
        return f"{self.prefix}slack:upload:{job_id}"

    # -- the built-in inbox page's sessions --------------------------------------------------------

    def inbox_session(self, session_hash: str) -> str:
        """Hash with expiry: a staff session (name, csrf, flash), keyed by the cookie's SHA-256."""
        return f"{self.prefix}inbox:session:{session_hash}"

    def inbox_login_failures(self, remote: str) -> str:
        """Counter with expiry: wrong sign-ins from one address (15 minutes after the latest)."""
        return f"{self.prefix}inbox:login-failures:{remote}"
