"""Where a slash command was run or a button pressed: the conversation, its thread, its customer.

Shared by `/close`, `/support` and the "talk to a person" button. In a DM with the bot the
customer is the person on the other end. In a support thread the customer is the member it was
opened for: recorded when the bot opens any support thread (`Store.discord_tickets`), else the
author of the question the thread was opened from (looked up by REST: threads opened before
that record existed).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord

from bot.adapters.discord.config import DiscordConfig
from bot.adapters.discord.outbox import FAILED_CALL, RateGate, retrying
from bot.store.discord_tickets import DiscordTickets

log = logging.getLogger(__name__)

ThreadParent = Callable[[Any], Awaitable[int | None]]


@dataclass(frozen=True, slots=True)
class Place:
    """A conversation's place: its reference, its thread (None in a DM), its customer (None: unknown)."""

    external_ref: str
    thread_id: int | None
    customer_id: int | None


class Places:
    """Finds the conversation an interaction belongs to, and who its customer is."""

    def __init__(self, client: discord.Client, config: DiscordConfig, tickets: DiscordTickets,
                 thread_parent: ThreadParent, gate: RateGate) -> None:
        self.client = client
        self.config = config
        self.tickets = tickets
        self.thread_parent = thread_parent
        self.gate = gate

    async def of(self, interaction: discord.Interaction) -> Place | None:
        """The DM or support thread the interaction came from; None anywhere else."""
        if interaction.guild_id is None:
            return Place(f"dm:{interaction.user.id}", None, interaction.user.id)
        channel_id = interaction.channel_id
        if interaction.guild_id != self.config.guild_id or channel_id is None:
            return None
        parent = await self.thread_parent(interaction.channel or self.client.get_partial_messageable(channel_id))
        if parent is None or parent not in self.config.support_channels:
            return None
        return Place(f"thread:{channel_id}", channel_id, await self.customer(parent, channel_id))

    async def customer(self, parent: int, thread_id: int) -> int | None:
        """The member a support thread belongs to (None: unknown, e.g. its question was deleted)."""
        recorded = await self.tickets.customer(thread_id)
        if recorded is not None:
            return recorded
        try:
            message = await retrying(self.config.delivery, "message lookup",
                                     lambda: self.client.http.get_message(parent, thread_id), self.gate)
        except FAILED_CALL as exc:
            log.warning("could not look up the question of thread=%s: %s", thread_id, exc)
            return None
        return int(message["author"]["id"])

    def is_staff(self, user: discord.abc.User) -> bool:
        """Whether the member has one of `staff_roles`."""
        staff = self.config.staff_roles
        return bool(staff) and isinstance(user, discord.Member) and any(
            r.id in staff or r.name in staff for r in user.roles)
