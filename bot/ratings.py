"""Ratings after a person closes a conversation (issue 17, like Chatwoot's CSAT).

When a staff member closes a conversation in any inbox, the core asks the customer to rate it:
1 to 5 and an optional comment of at most `COMMENT_MAX` characters (never after the AI simply
answered, nor for a practice run, whose customer is a script). The ask is a system notice in the
transcript (`brand.rating_prompt`) carrying a rating request id; each channel offers its own way to
answer it (web chat: `rating_request` / `rating` frames, docs/webchat-protocol.md; Discord: five
buttons and a comment box, docs/discord.md#ratings). One rating per close, by the conversation's
customer (the channel checks who is asking), stored as a `rated` event counted for the staff
member who handled the conversation and its tags (bot/store/ratings.py); staff see it on their
card and page, and `python -m bot report` averages it per tag and per staff member.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import TYPE_CHECKING

from bot.contracts import Closed
from bot.models import Conversation, Rating, StaffMember
from bot.practice import is_practice
from bot.store.ratings import RatingContext, RatingNotStored

if TYPE_CHECKING:
    from bot.router import Conversations
    from bot.store import Transition

log = logging.getLogger(__name__)

SCORES = range(1, 6)
COMMENT_MAX = 500  # characters (code points) of a comment


class RatingRefused(Exception):
    """A rating that was not stored, and why: `code` for the wire (`bad_rating`, `rating_too_long`,
    `not_asked`, `already_rated`, `not_rated`) and `text` for whoever sent it."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(f"{code}: {text}")
        self.code = code
        self.text = text


class Ratings:
    """Asks for ratings when a person closes a conversation, and takes them (core policy)."""

    def __init__(self, conversations: Conversations) -> None:
        self.conversations = conversations

    async def open(self, conversation: Conversation, closed_by: StaffMember, closed: Transition) -> str | None:
        """A person closed `conversation`: open a rating request counted for whoever held it (the
        closer when nobody did); its id, or None when no customer is asked (a practice run)."""
        if is_practice(conversation.channel):
            return None
        held = closed.previous_state == "human" and closed.previous_assignee_id
        staff = StaffMember(closed.previous_assignee_id, closed.previous_assignee) if held else closed_by
        request = uuid.uuid4().hex[:16]
        context = RatingContext(staff.name, staff.id, closed_by.name, tuple(conversation.tags))
        await self.conversations.store.ratings().ask(conversation.id, request, context)
        log.info("rating asked conversation=%s request=%s staff=%s", conversation.id, request, staff.id)
        return request

    async def rate(self, conversation_id: str, request: object, score: object, comment: object = "") -> Rating:
        """The customer's rating of the close `request` (RatingRefused: nothing was stored)."""
        text = _checked_comment(comment)
        if not isinstance(request, str) or not request:
            raise RatingRefused("bad_rating", "request must name the rating_request being answered")
        if isinstance(score, bool) or not isinstance(score, int) or score not in SCORES:
            raise RatingRefused("bad_rating", "score must be a whole number from 1 to 5")
        records = self.conversations.store.ratings()
        current, context, _ = await records.context(conversation_id)
        if current != request:
            raise RatingRefused("not_asked", "no rating was asked for with that request in this conversation")
        rating = Rating(request, score, text, context.staff, context.staff_id, context.closed_by, time.time())
        try:
            await records.rate(conversation_id, rating, context)
        except RatingNotStored as refused:
            raise self._refusal(refused.code) from None
        log.info("rated conversation=%s request=%s score=%d", conversation_id, request, score)
        await self._show_staff(conversation_id, rating)
        return rating

    async def comment(self, conversation_id: str, comment: object) -> Rating:
        """A comment added to the rating the customer already gave for the latest close (Discord's
        comment box after a score button): once; `not_rated` before a score."""
        text = _checked_comment(comment)
        if not text:
            raise RatingRefused("bad_rating", "the comment is empty")
        records = self.conversations.store.ratings()
        current, context, before = await records.context(conversation_id)
        if current is None:
            raise RatingRefused("not_asked", "no rating was asked for in this conversation")
        if before is None:
            raise RatingRefused("not_rated", self.conversations.brand.rating_pick_first)
        if before.comment:
            raise self._refusal("already_rated")
        after = Rating(before.request, before.score, text, before.staff, before.staff_id, before.closed_by, before.ts)
        try:
            await records.add_comment(conversation_id, before, after, context)
        except RatingNotStored as refused:
            raise self._refusal(refused.code) from None
        await self._show_staff(conversation_id, after)
        return after

    async def open_request(self, conversation_id: str) -> tuple[str | None, Rating | None]:
        """The conversation's open rating request (None: none) and its rating once given."""
        current, _, rating = await self.conversations.store.ratings().context(conversation_id)
        return current, rating

    async def given(self, conversation_id: str) -> dict[str, Rating]:
        """Every rating given in the conversation, by request id (comments added later included)."""
        ratings: dict[str, Rating] = {}
        for event in await self.conversations.store.events(conversation_id):
            if event.get("kind") in ("rated", "rating_comment"):
                rating = Rating.from_dict(event.get("data"))
                if rating is not None:
                    ratings[rating.request] = rating
        return ratings

    def _refusal(self, code: str) -> RatingRefused:
        if code == "already_rated":
            return RatingRefused(code, self.conversations.brand.rating_already)
        if code == "not_rated":
            return RatingRefused(code, self.conversations.brand.rating_pick_first)
        return RatingRefused("not_asked", "no rating was asked for with that request in this conversation")

    async def _show_staff(self, conversation_id: str, rating: Rating) -> None:
        """Staff's card and page show it: the inbox redraws the closed conversation (still closed:
        reopened meanwhile, its card shows that instead and the rating waits for the next draw)."""
        conversation = await self.conversations.store.get(conversation_id)
        if conversation.state == "bot" and conversation.inbox_ref:
            try:
                await self.conversations.inbox.close(conversation, Closed(rating.closed_by or rating.staff))
            except Exception:  # the rating is stored; the card catches up on its next redraw
                log.exception("conversation=%s: the inbox could not show the rating", conversation_id)


def _checked_comment(comment: object) -> str:
    """The comment, stripped; RatingRefused for one that is not text or too long."""
    if comment is None:
        return ""
    if not isinstance(comment, str):
        raise RatingRefused("bad_rating", "comment must be a string")
    text = comment.strip()
    if len(text) > COMMENT_MAX:
        raise RatingRefused("rating_too_long", f"comments are limited to {COMMENT_MAX} characters")
    return text
