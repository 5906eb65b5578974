"""Showing that nothing more happens (no second answer) without waiting a while and looking.

A conversation's messages are dealt with in order, each after the ones before it. So a test
sends one more message, the probe, and waits for the probe's own reply: once that is here,
whatever an earlier message would have caused has happened, and the test can check everything.

The probe asks for a person (the tests' rules hand it off: tests/support/rules.py), because
its reply, the handoff notice, can be told apart from everything else; a bot answer can't,
since an answer frame does not say which question it answers, so a second answer to an
earlier question would pass for the probe's.
"""

from __future__ import annotations

from typing import Any

from tests.support.rules import HANDOFF, HANDOFF_NOTICE
from tests.support.webchat_client import ChatClient


def is_handoff_notice(frame: dict[str, Any]) -> bool:
    """Whether a web-chat frame is the notice the probe's handoff sends."""
    return frame.get("type") == "message" and frame.get("author") == "system" and frame.get("text") == HANDOFF_NOTICE


async def probe(client: ChatClient, timeout: float = 20.0) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Send the probe and wait for its handoff notice: (the probe's ack, every frame received
    since the probe was sent, the notice last)."""
    start = len(client.frames)
    ack = await client.say(HANDOFF)
    await client.expect("message", is_handoff_notice, timeout)
    return ack, client.frames[start:]
