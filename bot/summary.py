"""The two lines a teammate reads first when a conversation is handed to them: what the customer
wants, and what the bot already told them. Extractive: the customer's own words and the bot's
own answer, cut short (docs/inbox.md#summary)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.models import HandoffSummary, Message

SUMMARY_WORDS = 30
NOTHING_TOLD = "Nothing yet: the conversation was handed over before the bot answered."
_MIN_WORDS = 4  # a shorter message ("yes", "please help") says too little on its own


def summarise(transcript: Sequence[Message], *, greeting: str = "", words: int = SUMMARY_WORDS) -> HandoffSummary:
    """What the customer wants (their latest message with some substance, with the one before it
    when that is short) and what the bot told them last (its answer's first lines, and the
    article it came from)."""
    said = [" ".join(m.text.split()) for m in transcript if m.author == "customer" and m.text.strip()]
    substantive = next((text for text in reversed(said) if len(text.split()) >= _MIN_WORDS), "")
    wants = _cut(substantive, words)
    if said and said[-1] != substantive:  # "human please" after the real question: both count
        wants = f"{wants} … {_cut(said[-1], _MIN_WORDS * 3)}" if wants else _cut(said[-1], words)
    answers = [m for m in transcript if m.author == "bot" and m.text.strip()]
    told = NOTHING_TOLD
    if answers:
        last = answers[-1]
        text = last.text.strip()
        if greeting and text.startswith(greeting):
            text = text[len(greeting):].strip()
        told = _cut(" ".join(text.split()), words) or NOTHING_TOLD
        if last.sources:
            told = f"{told} (from “{last.sources[0].title}”)"
    return HandoffSummary(wants=wants or "(no message)", told=told)


def _cut(text: str, words: int) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"
