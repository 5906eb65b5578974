"""Practice escalations (`python -m bot practice`, docs/practice.md): a scripted customer on a channel
of its own, so staff train on real handoffs that never reach a customer and never count in the
figures.

Only the channel's name lives here, so that the inbox views, the metrics and the report can tell a
practice conversation apart without importing the core: `scenario.py` reads the scripts,
`run.py` plays them.
"""

from __future__ import annotations

PRACTICE_CHANNEL = "practice"
PRACTICE_LABEL = "PRACTICE"


def is_practice(channel: str) -> bool:
    """Whether a conversation on `channel` is a practice run (left out of metrics and the report)."""
    return channel == PRACTICE_CHANNEL


def ping_for(channel: str, mention: str | None) -> str | None:
    """Whom a post about a conversation on `channel` may ping: the route's `mention`, or nobody
    for a practice run (a drill must not page the on-call team; docs/practice.md)."""
    return None if is_practice(channel) else mention


__all__ = ["PRACTICE_CHANNEL", "PRACTICE_LABEL", "is_practice", "ping_for"]
