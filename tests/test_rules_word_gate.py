"""Word gates: a message without any word a pattern needs is ruled out without searching it, and
no message a pattern matches is ever ruled out (bot/escalation/word_gate.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.escalation import general, human, problem, staff_request
from bot.escalation.text import Text, regex_source
from bot.escalation.word_gate import GatedPattern, word_gate

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        (r"\b(?:pedido|order)s? (?:\w+ ){0,3}lost", {"pedido", "order"}),
        (r"\bi don t (?:know|care)\b", {"know", "care"}),  # the longest run of each literal
        (r"\b(?:me|te) (?:dijo|dijeron)\b", {"dijo", "dijeron"}),
        (r"\bre(?:fund|turn)s?", {"refund", "return"}),  # the parser's factored prefix joined back on
        (r"\b(?:j ai |ai )?fait opposition", {"oppositi"}),  # an optional start: both ways have it
        (r"(?<!que )\bsi\b|\b(?:if|wenn)\b", {"si", "if", "wenn"}),  # lookbehinds don't consume
        (r" (?:waive|waived|let me off) ", {"waive", "waived", "let"}),  # a word of the padded line
        (r"\berstattungsanspruch\b", {"erstattu"}),  # known by its first eight letters
    ],
)
def test_a_gate_is_the_words_a_pattern_cannot_match_without(pattern: str, gate: set[str]) -> None:
    assert word_gate([pattern]) == gate


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:pedido|order)s? lost",  # no boundary: "pedido" may end a longer word
        r"\b\w+ (?:lost|stolen)",  # starts with any word
        r"\b(?:lost|\d+ days)",  # one alternative starts with digits of any kind
        r"(?i)\bRefund",  # case-insensitive: the literal is not what the text holds
        r"\b(?i:refund)",
        r"\b(?:)?",  # can match the empty string
    ],
)
def test_no_gate_where_a_pattern_can_start_with_anything_else(pattern: str) -> None:
    assert word_gate([pattern]) is None


def test_a_gated_pattern_is_not_searched_without_its_words_and_finds_the_same_otherwise() -> None:
    pattern = GatedPattern(r" (?:waive|waived) (?:the )?fee ")
    line = Text("Could you waive the fee this once?")
    assert pattern.search(line.padded, line.word_starts()) is not None
    other = Text("What is the fee for a waiver?")  # "waiver" starts with "waive": searched, no match
    assert pattern.search(other.padded, other.word_starts()) is None
    assert list(pattern.finditer(Text("no such words").padded, Text("no such words").word_starts())) == []


def _regexes(node: Any) -> list[str]:
    """Every `regex:` pattern under a rules-file node."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "regex":
                found += [value] if isinstance(value, str) else list(value)
            else:
                found += _regexes(value)
    elif isinstance(node, list):
        for item in node:
            found += _regexes(item)
    return found


def _messages() -> list[str]:
    texts: list[str] = []
    for path in (ROOT / "bench/data/escalation_messages.jsonl",
                 ROOT / "bench/data/dev_handoff_multilingual/parcela_handoff_multilingual.jsonl",
                 ROOT / "bench/data/dev_fresh_multilingual/fresh_multilingual.jsonl"):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def test_no_message_a_shipped_pattern_matches_is_ruled_out_by_its_gate() -> None:
    """Over the labelled messages of three tuning sets (four languages), every regex of the shipped
    rules and every pattern of the built-in detectors: gated out means no match."""
    rules = yaml.safe_load((ROOT / "config/rules.yaml").read_text(encoding="utf-8"))
    patterns = [(re.compile(regex_source(p)), word_gate([regex_source(p)])) for p in _regexes(rules)]
    for module in (general, human, problem, staff_request):
        for value in vars(module).values():
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, GatedPattern):
                    patterns.append((item.compiled, item.gate))
    gated = [(compiled, gate) for compiled, gate in patterns if gate is not None]
    assert len(gated) > 200 and len(gated) > 0.8 * len(patterns)
    ruled_out = 0
    for message in _messages():
        text = Text(message)
        starts = text.word_starts()
        for compiled, gate in gated:
            if starts.isdisjoint(gate):
                ruled_out += 1
                assert compiled.search(text.folded) is None, (compiled.pattern, message)
                assert compiled.search(text.padded) is None, (compiled.pattern, message)
    assert ruled_out > 0.8 * len(gated) * len(_messages())  # and the gates do rule most out
