"""Splitting long texts into Discord-sized messages: on paragraph, line, sentence or word boundaries.

A code block cut in two is closed at the end of one part and reopened (same language) at the start
of the next, so both render as code. A single word longer than a whole message (a huge URL) is the
only thing ever cut in the middle.
"""

from __future__ import annotations

import re

DISCORD_LIMIT = 2000
_FENCE = re.compile(r"^[ \t]{0,3}(```+)(.*)$")
_SENTENCE_END = re.compile(r"[.!?…:;][\"')\]]*[ \t]+")
_CLOSE = "\n```"
_MIN_FILL = 0.5  # prefer a weaker boundary to a part less than half full


def split_message(text: str, limit: int = DISCORD_LIMIT) -> list[str]:
    """Parts of at most `limit` characters that read as the original, in order; [] for blank text."""
    if limit < 40:
        raise ValueError("limit must leave room for code fences (at least 40 characters)")
    text = text.strip()
    parts: list[str] = []
    while len(text) > limit:
        budget = limit - len(_CLOSE) if "```" in text else limit
        end, start = _cut(text, budget)
        head, rest = text[:end].rstrip(), text[start:]
        fence = _open_fence(head)
        if fence is not None:
            head += _CLOSE
            rest = fence + "\n" + rest.lstrip("\n")
        else:
            rest = rest.lstrip()
        if head.strip():
            parts.append(head)
        text = rest
    if text.strip():
        parts.append(text)
    return parts


def _cut(text: str, budget: int) -> tuple[int, int]:
    """Where the first part ends and the rest starts, at the best boundary within `budget`."""
    window = text[: budget + 1]  # a boundary right after the budget still fits (it is dropped)
    floor = int(budget * _MIN_FILL)
    for separator in ("\n\n", "\n"):
        at = window.rfind(separator, 0, budget + 1)
        if at >= floor:
            return at, at + len(separator)
    ends = [m for m in _SENTENCE_END.finditer(window) if m.start() < budget]
    if ends and ends[-1].end() > floor:
        last = ends[-1]
        keep = last.end() - len(last.group(0)) + len(last.group(0).rstrip())
        return keep, last.end()
    at = max(window.rfind(" ", 0, budget + 1), window.rfind("\t", 0, budget + 1), window.rfind("\n", 0, budget + 1))
    if at > 0:
        return at, at + 1
    return budget, budget  # one word longer than a message: nothing better exists


def _open_fence(part: str) -> str | None:
    """The opening fence line (e.g. "```python") if `part` ends inside a code block, else None."""
    opening: str | None = None
    for line in part.split("\n"):
        match = _FENCE.match(line)
        if not match:
            continue
        if opening is None:
            opening = match.group(1) + match.group(2).strip()
        elif not match.group(2).strip():
            opening = None
    return opening
