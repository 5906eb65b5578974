"""The brain's contract with the router and the rules: answer a question, embed a text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.models import Answer, Message, Participant


class Embedder(Protocol):
    """Turns text into unit-length vectors (the same model for the index and the rules)."""

    async def embed_query(self, text: str) -> list[float]:
        """One unit-length vector for one text, computed off the event loop."""
        ...

    async def embed_many(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors for several texts (help-centre sentences), off the event loop."""
        ...

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        ...


class Brain(Protocol):
    """Answers routine questions from the knowledge base, with sources and a confidence."""

    async def answer(
        self, question: str, *, participant: Participant, history: Sequence[Message], language: str = "en"
    ) -> Answer:
        """Answer `question` (already masked, written in `language`) for this participant, given the transcript."""
        ...
