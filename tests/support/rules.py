"""The tests' own rules file (tests/fixtures/rules/handoff.yaml) and the messages that fire it.

Tests that need a handoff run the bot with this file (`BOT_RULES`, or the `rules_path` fixture),
so they keep working whatever the shipped config/rules.yaml says; tests/test_rules_shipped.py
is the one place that tests the shipped file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HANDOFF_RULES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "handoff.yaml"

HANDOFF = "Please let me speak to a human"  # fires the `escalate` tag (keyword "speak to a human")
HANDOFF_TAG = "escalate"
CARD_TAG = "card-in-chat"  # fires on a card number (`sensitive_data: [card]`)


def customer_message(tag: str) -> str:
    """What the customer is told when `tag` hands the conversation off (from the rules file)."""
    rules = yaml.safe_load(HANDOFF_RULES.read_text(encoding="utf-8"))
    return next(t["customer_message"] for t in rules["tags"] if t["name"] == tag)


HANDOFF_NOTICE = customer_message(HANDOFF_TAG)


def rules_with(path: Path, *tags: dict[str, Any]) -> Path:
    """Write to `path` this file's rules plus `tags` (a module's own extra tags, e.g. a route to
    pass conversations to or a label), and return it: a module's own small rules file that keeps
    the handoff above, its tag and its customer message."""
    rules = yaml.safe_load(HANDOFF_RULES.read_text(encoding="utf-8"))
    rules["tags"].extend(tags)
    path.write_text(yaml.safe_dump(rules, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
