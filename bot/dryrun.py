"""`python -m bot dry-run`: the whole decision (rules + brain) on JSON lines, sending nothing."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from bot.decide import decide
from bot.escalation.base import RuleInput
from bot.models import ROLES, Participant
from bot.settings import Settings


class BadLine(ValueError):
    """An input line that is not a valid dry-run message."""


def parse_line(raw: str) -> tuple[str, Participant, str]:
    """Text, participant and channel from one input line; raises BadLine with the reason."""
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise BadLine(f"not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise BadLine("expected a JSON object")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadLine('"text" must be a non-empty string')
    role = data.get("role", "buyer")
    if role not in ROLES:
        raise BadLine(f'"role" must be one of {", ".join(ROLES)}')
    participant = Participant(
        role=role,
        account_id=_optional(data, "account"),
        tier=_optional(data, "tier"),
        verified=True,
    )
    return text, participant, _optional(data, "channel") or "webchat"


async def run_dry_run(settings: Settings, source: str) -> int:
    """Decide every line of `source` (a file or `-`) and print one JSON result per line."""
    from bot.app import StartupError, llm_tagger, load_settings_encoders
    from bot.brain.factory import BrainSetupError, create_brain
    from bot.escalation.engine import RulesEngine
    from bot.escalation.loader import RulesError

    encoders = await load_settings_encoders(settings)
    try:
        brain = await create_brain(settings, encoders.main, encoders)
        rules = await asyncio.to_thread(RulesEngine.from_file, settings.rules_path, encoders,
                                        llm=llm_tagger(settings))
    except (BrainSetupError, RulesError) as exc:
        raise StartupError(str(exc)) from exc
    bad = 0
    with _open(source) as stream:
        for number, raw in _lines(stream):
            try:
                text, participant, channel = parse_line(raw)
            except BadLine as exc:
                print(f"{source}:{number}: {exc}", file=sys.stderr)
                bad += 1
                continue
            masked, kinds = rules.mask(text)
            rule_input = RuleInput(masked, participant, channel, [], None, kinds)
            outcome = await decide(brain, rules, rule_input, always_answer=True)
            answer = outcome.answer
            print(json.dumps({
                "text": masked,
                "tags": outcome.decision.tags,
                "handoff": outcome.decision.handoff,
                "reasons": [str(r) for r in outcome.decision.reasons],
                "answer": answer.text if answer else None,
                "sources": [s.to_dict() for s in answer.sources] if answer else [],
                "confidence": round(answer.confidence, 4) if answer else 0.0,
            }, ensure_ascii=False), flush=True)
    return 1 if bad else 0


def _optional(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return str(value) if value not in (None, "") else None


def _open(source: str) -> IO[str]:
    if source == "-":
        return _NoClose(sys.stdin)  # type: ignore[return-value]
    return open(source, encoding="utf-8")


def _lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(stream, start=1):
        if raw.strip():
            yield number, raw


class _NoClose:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def __enter__(self) -> IO[str]:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        return None
