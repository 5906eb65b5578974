"""Who a Discord member is for the marketplace: buyer or vendor, account and tier, from config roles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.adapters.discord.config import DiscordConfig, Identity
from bot.models import Participant


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """What Discord says about a person: ids and names of their roles in the marketplace's server."""

    user_id: int
    display_name: str
    role_ids: frozenset[int] = frozenset()
    role_names: frozenset[str] = frozenset()


class RoleMap:
    """Maps a member to a Participant: user entries first, then role entries in file order.

    Each field (role, account, tier) comes from the first entry that sets it. A person matched by
    any entry is `verified`: the marketplace controls the server's roles and this file.
    """

    def __init__(self, config: DiscordConfig) -> None:
        self.config = config

    def participant(self, facts: MemberFacts) -> Participant:
        """The participant for this person; unknown people are unverified buyers."""
        matched = list(self._entries(facts))
        if not matched:
            return Participant(role="buyer", display_name=facts.display_name)
        role = next((e.role for e in matched if e.role), None) or "buyer"
        account = next((e.account_id for e in matched if e.account_id), None)
        tier = next((e.tier for e in matched if e.tier), None)
        return Participant(
            role=role, account_id=account, display_name=facts.display_name, tier=tier, verified=True
        )

    def _entries(self, facts: MemberFacts) -> Iterable[Identity]:
        user = self.config.users.get(facts.user_id)
        if user is not None:
            yield user
        for entry in self.config.roles:
            if isinstance(entry.match, int):
                if entry.match in facts.role_ids:
                    yield entry
            elif entry.match in facts.role_names:
                yield entry
