"""The "Talk to a person" button under the bot's answers on Discord.

Pressing it hands the conversation off exactly as if the customer had typed a request for a
person: the brand's `person_button_words` go to the core as the customer's message
(`Conversations.receive`), so the rules' `human-requested` tag fires and the inbox gets the
conversation with its whole history. Only the conversation's customer may press it; a press on a
conversation a person already has is told so. Both answers are ephemeral (only the presser sees
them); a press that hands off is acknowledged without a message (the handoff notice follows in
the conversation).

The button's `custom_id` is fixed and its view is registered with the client at start
(`client.add_view`), so buttons under answers posted before a restart still work.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING

import discord

from bot.brand import Brand
from bot.models import Inbound
from bot.router import Conversations
from bot.store import Store

if TYPE_CHECKING:  # places.py needs the outbox, which posts this module's button
    from bot.adapters.discord.places import Places

log = logging.getLogger(__name__)

CHANNEL = "discord"
PERSON_BUTTON_ID = "baton:talk-to-person"  # persistent: never change it, or old buttons stop working
PENDING_AT_MOST = 10_000  # conversations whose latest press is remembered (to spot a double press)


def person_button_view(label: str) -> discord.ui.View:
    """A view with the button, for posting under an answer. It is stopped at once, so discord.py
    keeps no per-message copy of it: presses reach the one view registered at start."""
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label=label, style=discord.ButtonStyle.secondary, custom_id=PERSON_BUTTON_ID))
    view.stop()
    return view


class PersonButton:
    """Handles presses of the "Talk to a person" button (registered once at start)."""

    def __init__(self, client: discord.Client, conversations: Conversations, store: Store, brand: Brand,
                 places: Places) -> None:
        self.client = client
        self.conversations = conversations
        self.store = store
        self.brand = brand
        self.places = places
        self._pending: OrderedDict[str, str] = OrderedDict()  # conversation -> its latest press's message

    def register(self) -> None:
        """Listen for presses of every such button, including those under answers posted before a restart."""
        view = discord.ui.View(timeout=None)
        button: discord.ui.Button[discord.ui.View] = discord.ui.Button(label=self.brand.person_button, style=discord.ButtonStyle.secondary,
                                   custom_id=PERSON_BUTTON_ID)
        button.callback = self.pressed  # type: ignore[method-assign, assignment]
        view.add_item(button)
        self.client.add_view(view)

    async def pressed(self, interaction: discord.Interaction) -> None:
        """Acknowledge at once (Discord allows 3 s), then hand off or tell the presser why not."""
        await interaction.response.defer()  # nothing shown; the handoff notice is the answer
        try:
            refusal = await self._press(interaction)
        except Exception:
            log.exception("talk-to-a-person press failed interaction=%s channel=%s",
                          interaction.id, interaction.channel_id)
            refusal = self.brand.not_saved_message
        if refusal:
            await interaction.followup.send(refusal, ephemeral=True)

    async def _press(self, interaction: discord.Interaction) -> str | None:
        """Hand off through the core; the text to show the presser when that is not for them."""
        place = await self.places.of(interaction)
        conversation = await self.store.conversation_for(CHANNEL, place.external_ref) if place else None
        if place is None or conversation is None or place.customer_id != interaction.user.id:
            log.info("talk-to-a-person refused user=%s channel=%s", interaction.user.id, interaction.channel_id)
            return self.brand.person_button_not_yours
        brand = self.brand.localised(conversation.language)  # the customer's language, as the label
        if conversation.state != "bot" or await self._under_way(conversation.id):
            return brand.person_already
        inbound = Inbound(CHANNEL, conversation.external_ref, f"button:{interaction.id}",
                          conversation.participant, brand.person_button_words)
        accepted = await self.conversations.receive(inbound, conversation)
        self._pending[conversation.id] = accepted.message.id
        self._pending.move_to_end(conversation.id)
        while len(self._pending) > PENDING_AT_MOST:
            self._pending.popitem(last=False)
        log.info("talk-to-a-person conversation=%s by=%s", conversation.id, interaction.user.id)
        return None

    async def _under_way(self, conversation_id: str) -> bool:
        """An earlier press in this conversation is still being handed off (a double press)."""
        message_id = self._pending.get(conversation_id)
        if message_id is None:
            return False
        if await self.store.is_unanswered(conversation_id, message_id):
            return True
        del self._pending[conversation_id]
        return False
