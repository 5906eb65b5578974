"""Ratings on Discord: five buttons (1-5) and "Add a comment" under the ask after a person closed
the conversation (docs/discord.md#ratings; the policy is bot/ratings.py).

A score button stores the rating at once; "Add a comment" then opens a box (a modal) whose text is
added to that rating. Only the conversation's customer may use them (`Places`, as for the "Talk to a
person" button); anyone else, a second rating, or a comment before a score is told why, privately.
The buttons' custom ids are fixed and their view is registered at start (`client.add_view`), so
the buttons under an ask posted before a restart still work.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord

from bot.brand import Brand
from bot.models import Conversation
from bot.ratings import COMMENT_MAX, SCORES, RatingRefused
from bot.router import Conversations
from bot.store import Store

if TYPE_CHECKING:  # places.py needs the outbox, which posts this module's buttons
    from bot.adapters.discord.places import Places

log = logging.getLogger(__name__)

CHANNEL = "discord"
SCORE_ID = "baton:rate:{score}"  # persistent: never change them, or old buttons stop working
COMMENT_ID = "baton:rate:comment"
COMMENT_BOX_ID = "baton:rate:comment-box"
COMMENT_FIELD_ID = "baton:rate:comment-text"


def rating_view(comment_label: str) -> discord.ui.View:
    """The buttons under the ask, for posting. Stopped at once: presses reach the view registered at start."""
    view = _buttons(comment_label)
    view.stop()
    return view


def _buttons(comment_label: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for score in SCORES:
        view.add_item(discord.ui.Button(label=str(score), style=discord.ButtonStyle.secondary,
                                        custom_id=SCORE_ID.format(score=score), row=0))
    view.add_item(discord.ui.Button(label=comment_label, style=discord.ButtonStyle.primary, custom_id=COMMENT_ID,
                                    row=1))
    return view


class CommentBox(discord.ui.Modal):
    """The comment box "Add a comment" opens; its text is added to the customer's rating."""

    def __init__(self, buttons: RatingButtons, opened_by: int) -> None:
        # One box per press: a box submitted (and so forgotten) never takes another customer's with it.
        super().__init__(title=buttons.brand.rating_comment_button, custom_id=f"{COMMENT_BOX_ID}:{opened_by}",
                         timeout=None)
        self.buttons = buttons
        self.text: discord.ui.TextInput[discord.ui.Modal] = discord.ui.TextInput(label=buttons.brand.rating_comment_label, custom_id=COMMENT_FIELD_ID,
                                         style=discord.TextStyle.paragraph, max_length=COMMENT_MAX, required=True)
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Add the comment (only for the conversation's customer), then thank them or say why not."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send(await self.buttons.commented(interaction, self.text.value), ephemeral=True)


class RatingButtons:
    """Handles the rating buttons and the comment box (registered once at start)."""

    def __init__(self, client: discord.Client, conversations: Conversations, store: Store, brand: Brand,
                 places: Places) -> None:
        self.client = client
        self.conversations = conversations
        self.store = store
        self.brand = brand
        self.places = places

    def register(self) -> None:
        """Listen for presses of every rating button, including those posted before a restart."""
        view = _buttons(self.brand.rating_comment_button)
        for item in view.children:
            if isinstance(item, discord.ui.Button) and item.custom_id == COMMENT_ID:
                item.callback = self.comment_pressed  # type: ignore[method-assign, assignment]
            elif isinstance(item, discord.ui.Button):
                item.callback = self._score_callback(int(str(item.label)))  # type: ignore[method-assign, assignment]
        self.client.add_view(view)

    def _score_callback(self, score: int) -> Callable[[discord.Interaction], Awaitable[None]]:
        async def pressed(interaction: discord.Interaction) -> None:
            await self.score_pressed(interaction, score)
        return pressed

    async def score_pressed(self, interaction: discord.Interaction, score: int) -> None:
        """Acknowledge at once (Discord allows 3 s), store the rating, then tell the presser (only them)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        conversation: Conversation | None = None
        try:
            conversation = await self._theirs(interaction)
            if conversation is None:
                text = self.brand.person_button_not_yours
            else:
                request, _ = await self.conversations.ratings.open_request(conversation.id)
                await self.conversations.ratings.rate(conversation.id, request or "", score)
                log.info("discord rating conversation=%s score=%d by=%s", conversation.id, score, interaction.user.id)
                text = self.brand.localised(conversation.language).rating_thanks
        except RatingRefused as refused:
            text = self._refused(refused, conversation)
        except Exception:
            log.exception("rating press failed interaction=%s channel=%s", interaction.id, interaction.channel_id)
            text = self.brand.not_saved_message
        await interaction.followup.send(text, ephemeral=True)

    async def comment_pressed(self, interaction: discord.Interaction) -> None:
        """Open the comment box for the customer who rated; anyone else is told why not."""
        try:
            conversation = await self._theirs(interaction)
            refusal: str | None = None
            if conversation is None:
                refusal = self.brand.person_button_not_yours
            else:
                brand = self.brand.localised(conversation.language)
                request, rating = await self.conversations.ratings.open_request(conversation.id)
                if request is None:
                    refusal = brand.not_saved_message  # nothing to rate: the ask is gone
                elif rating is None:
                    refusal = brand.rating_pick_first
                elif rating.comment:
                    refusal = brand.rating_already
        except Exception:
            log.exception("rating comment press failed interaction=%s", interaction.id)
            refusal = self.brand.not_saved_message
        if refusal is not None:
            await interaction.response.send_message(refusal, ephemeral=True)
            return
        await interaction.response.send_modal(CommentBox(self, interaction.id))

    async def commented(self, interaction: discord.Interaction, text: str) -> str:
        """Add a submitted comment to the customer's rating; what to tell them."""
        conversation: Conversation | None = None
        try:
            conversation = await self._theirs(interaction)
            if conversation is None:
                return self.brand.person_button_not_yours
            await self.conversations.ratings.comment(conversation.id, text)
            log.info("discord rating comment conversation=%s by=%s", conversation.id, interaction.user.id)
            return self.brand.localised(conversation.language).rating_thanks
        except RatingRefused as refused:
            return self._refused(refused, conversation)
        except Exception:
            log.exception("rating comment failed interaction=%s", interaction.id)
            return self.brand.not_saved_message

    def _refused(self, refused: RatingRefused, conversation: Conversation | None) -> str:
        """What the customer reads about a rating that was not stored (the brand's words, in the
        conversation's language)."""
        brand = self.brand.localised(conversation.language) if conversation is not None else self.brand
        if refused.code == "already_rated":
            return brand.rating_already
        if refused.code == "not_rated":
            return brand.rating_pick_first
        return brand.not_saved_message  # no open request, or a comment Discord should have cut

    async def _theirs(self, interaction: discord.Interaction) -> Conversation | None:
        """The conversation the interaction belongs to, if the presser is its customer; else None."""
        place = await self.places.of(interaction)
        conversation = await self.store.conversation_for(CHANNEL, place.external_ref) if place else None
        if place is None or conversation is None or place.customer_id != interaction.user.id:
            log.info("rating refused user=%s channel=%s", interaction.user.id, interaction.channel_id)
            return None
        return conversation
