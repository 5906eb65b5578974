"""`python -m bot dry-run`: the whole decision (rules + brain) on JSON lines, sending nothing.

Lines may carry labels (`expect_handoff`, `expect_tags`); then a summary follows the per-line
output: handoff recall, false-positive rate and accuracy, per-tag precision and recall, and the
lines whose labels the decision did not meet (docs/rules.md#try-your-rules)."""

from __future__ import annotations

import asyncio
import difflib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from bot.decide import decide
from bot.escalation.base import RuleInput
from bot.models import ROLES, Participant
from bot.settings import Settings

LABELS = ("expect_handoff", "expect_tags")
ASSISTANT_TAGS = ("human-requested",)  # added by the decision itself when the answer offers a person
EXIT_BELOW = 1  # --fail-under: recall below the bar
EXIT_BAD_INPUT = 2  # a line that is not a valid dry-run message, or labels that cannot be scored


class BadLine(ValueError):
    """An input line that is not a valid dry-run message."""


@dataclass(frozen=True, slots=True)
class KnownTags:
    """The tags a decision can give (the rules file's, and the assistant's), to check labels against."""

    names: tuple[str, ...]
    handoff: frozenset[str]

    def check(self, tags: list[str]) -> None:
        """Raise BadLine naming the first tag that does not exist and the ones that do."""
        for tag in tags:
            if tag not in self.names:
                close = difflib.get_close_matches(tag, self.names, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise BadLine(f'"expect_tags": unknown tag {tag!r}{hint}; the known tags are '
                              f"{', '.join(self.names)}")


@dataclass(frozen=True, slots=True)
class DryRunLine:
    """One input line: the message, who sent it, where, and the labels it carries (None: not labelled)."""

    text: str
    participant: Participant
    channel: str
    expect_handoff: bool | None = None
    expect_tags: tuple[str, ...] | None = None

    @property
    def labelled(self) -> bool:
        """Whether the line carries any label."""
        return self.expect_handoff is not None or self.expect_tags is not None


@dataclass(frozen=True, slots=True)
class Scored:
    """A labelled line and what the decision gave it."""

    number: int
    text: str
    expect_handoff: bool | None
    expect_tags: tuple[str, ...] | None
    handoff: bool
    tags: tuple[str, ...]

    @property
    def handoff_ok(self) -> bool:
        """The handoff label is met (or there is none)."""
        return self.expect_handoff is None or self.expect_handoff == self.handoff

    @property
    def tags_ok(self) -> bool:
        """The fired tags are exactly the expected ones (or there is no tag label)."""
        return self.expect_tags is None or set(self.expect_tags) == set(self.tags)

    @property
    def ok(self) -> bool:
        """Every label the line carries is met."""
        return self.handoff_ok and self.tags_ok


def parse_line(raw: str, known: KnownTags | None = None) -> DryRunLine:
    """The message and its labels from one input line; raises BadLine with the reason.

    With `known`, tag labels are checked against the rules' tags, and against `expect_handoff`.
    """
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise BadLine("expected a JSON object")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadLine('"text" must be a non-empty string')
    role = data.get("role", "buyer")
    if role not in ROLES:
        raise BadLine(f'"role" must be one of {", ".join(ROLES)}')
    for key in data:
        if key.startswith("expect") and key not in LABELS:
            close = difflib.get_close_matches(key, LABELS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise BadLine(f"unknown label {key!r}{hint}; the labels are {', '.join(LABELS)}")
    expect_handoff = data.get("expect_handoff")
    if expect_handoff is not None and not isinstance(expect_handoff, bool):
        raise BadLine(f'"expect_handoff" must be true or false, not {json.dumps(expect_handoff)}')
    expect_tags = _tag_label(data)
    if known is not None and expect_tags is not None:
        known.check(list(expect_tags))
        handoff_tags = [t for t in expect_tags if t in known.handoff]
        if expect_handoff is False and handoff_tags:
            raise BadLine(f'"expect_tags" has the handoff tag {handoff_tags[0]!r} but "expect_handoff" is false')
        if expect_handoff is True and not handoff_tags:
            raise BadLine('"expect_handoff" is true but "expect_tags" has no handoff tag (a handoff always '
                          f"comes with one: {', '.join(sorted(known.handoff))})")
    participant = Participant(
        role=role,
        account_id=_optional(data, "account"),
        tier=_optional(data, "tier"),
        verified=True,
    )
    return DryRunLine(text, participant, _optional(data, "channel") or "webchat",
                      expect_handoff=expect_handoff, expect_tags=expect_tags)


def _tag_label(data: dict[str, Any]) -> tuple[str, ...] | None:
    if "expect_tags" not in data or data["expect_tags"] is None:
        return None
    value = data["expect_tags"]
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise BadLine(f'"expect_tags" must be a list of tag names (strings), e.g. ["fraud"] or [] for none; '
                      f"got {json.dumps(value, ensure_ascii=False)}")
    return tuple(dict.fromkeys(t.strip() for t in value))


async def run_dry_run(settings: Settings, source: str, fail_under: float | None = None) -> int:
    """Decide every line of `source` (a file or `-`) and print one JSON result per line, then,
    when lines carry labels, the summary. Exit code: 2 for a bad line or labels that cannot be
    scored, 1 when handoff recall is below `fail_under`, else 0."""
    try:
        stream = _open(source)
    except OSError as exc:
        print(f"baton: {source}: cannot read the messages file ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_BAD_INPUT
    with stream as opened:
        return await _run(settings, source, opened, fail_under)


async def _run(settings: Settings, source: str, stream: IO[str], fail_under: float | None) -> int:
    """Load the brain and the rules, decide every line, print the results and the summary."""
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
    known = known_tags((t.name, t.handoff) for t in rules.rules.tags)
    bad = 0
    scored: list[Scored] = []
    for number, raw in _lines(stream):
        try:
            line = parse_line(raw, known)
        except BadLine as exc:
            print(f"{source}:{number}: {exc}", file=sys.stderr, flush=True)
            bad += 1
            continue
        masked, kinds = rules.mask(line.text)
        rule_input = RuleInput(masked, line.participant, line.channel, [], None, kinds, masked=True)
        outcome = await decide(brain, rules, rule_input, always_answer=True)
        answer = outcome.answer
        result: dict[str, Any] = {
            "text": masked,
            "tags": outcome.decision.tags,
            "handoff": outcome.decision.handoff,
            "reasons": [str(r) for r in outcome.decision.reasons],
            "answer": answer.text if answer else None,
            "sources": [s.to_dict() for s in answer.sources] if answer else [],
            "confidence": round(answer.confidence, 4) if answer else 0.0,
        }
        if line.labelled:
            one = Scored(number, masked, line.expect_handoff, line.expect_tags,
                         outcome.decision.handoff, tuple(outcome.decision.tags))
            scored.append(one)
            expected: dict[str, Any] = {}
            if line.expect_handoff is not None:
                expected["handoff"] = line.expect_handoff
            if line.expect_tags is not None:
                expected["tags"] = list(line.expect_tags)
            result["expected"] = expected
            result["match"] = one.ok
        print(json.dumps(result, ensure_ascii=False), flush=True)
    summary = Summary.of(scored, tag_order=known.names)
    if scored:
        print()
        print(summary.format(skipped=bad))
    if bad:
        return EXIT_BAD_INPUT
    if fail_under is not None:
        if summary.recall is None:
            print(f'baton: --fail-under: no line of {source} is labelled "expect_handoff": true, so there is '
                  "no handoff recall to compare", file=sys.stderr)
            return EXIT_BAD_INPUT
        if summary.recall < fail_under:
            print(f"baton: handoff recall {_percent(summary.recall)} is below --fail-under "
                  f"{_percent(fail_under)}", file=sys.stderr)
            return EXIT_BELOW
    return 0


def known_tags(tags: Iterable[tuple[str, bool]]) -> KnownTags:
    """The rules' tags (name, handoff) in their order, and the assistant's own."""
    listed = list(tags)
    names = [name for name, _ in listed]
    names += [t for t in ASSISTANT_TAGS if t not in names]
    handoff = {name for name, is_handoff in listed if is_handoff} | set(ASSISTANT_TAGS)
    return KnownTags(tuple(names), frozenset(handoff))


@dataclass(slots=True)
class TagScore:
    """One tag over the lines labelled with `expect_tags`."""

    tag: str
    true_positives: int = 0
    fired: int = 0  # lines the tag fired on
    support: int = 0  # lines expected to get it

    @property
    def precision(self) -> float | None:
        """Share of the lines it fired on that expected it (None: it never fired)."""
        return self.true_positives / self.fired if self.fired else None

    @property
    def recall(self) -> float | None:
        """Share of the lines expecting it that got it (None: no line expected it)."""
        return self.true_positives / self.support if self.support else None


@dataclass(slots=True)
class Summary:
    """Scores over the labelled lines of one dry-run."""

    lines: list[Scored]
    handoff_lines: int = 0
    expected_handoffs: int = 0
    caught: int = 0  # expected handoffs that were handed off
    routine: int = 0  # lines labelled expect_handoff: false
    false_positives: int = 0  # of those, handed off
    tag_lines: int = 0
    tags: list[TagScore] = field(default_factory=list)

    @classmethod
    def of(cls, lines: list[Scored], tag_order: Iterable[str] = ()) -> Summary:
        """Count the handoff and tag outcomes of `lines`; tags listed in `tag_order`, others after."""
        summary = cls(lines)
        per_tag: dict[str, TagScore] = {}
        for line in lines:
            if line.expect_handoff is not None:
                summary.handoff_lines += 1
                if line.expect_handoff:
                    summary.expected_handoffs += 1
                    summary.caught += line.handoff
                else:
                    summary.routine += 1
                    summary.false_positives += line.handoff
            if line.expect_tags is not None:
                summary.tag_lines += 1
                expected, got = set(line.expect_tags), set(line.tags)
                for tag in expected | got:
                    score = per_tag.setdefault(tag, TagScore(tag))
                    score.support += tag in expected
                    score.fired += tag in got
                    score.true_positives += tag in expected and tag in got
        order = {name: i for i, name in enumerate(tag_order)}
        summary.tags = sorted(per_tag.values(), key=lambda s: (order.get(s.tag, len(order)), s.tag))
        return summary

    @property
    def recall(self) -> float | None:
        """Share of the expected handoffs that were handed off (None: none expected)."""
        return self.caught / self.expected_handoffs if self.expected_handoffs else None

    @property
    def false_positive_rate(self) -> float | None:
        """Share of the lines labelled `expect_handoff: false` that were handed off."""
        return self.false_positives / self.routine if self.routine else None

    @property
    def accuracy(self) -> float | None:
        """Share of the lines labelled `expect_handoff` whose handoff matched."""
        right = self.caught + self.routine - self.false_positives
        return right / self.handoff_lines if self.handoff_lines else None

    @property
    def mismatches(self) -> list[Scored]:
        """The lines whose labels the decision did not meet, in input order."""
        return [line for line in self.lines if not line.ok]

    def format(self, skipped: int = 0) -> str:
        """The summary as the admin reads it under the per-line output."""
        out = [f"Labelled lines: {len(self.lines)}" + (f" ({skipped} bad line{'s' if skipped != 1 else ''} "
                                                         "skipped, see above)" if skipped else "")]
        if self.handoff_lines:
            right = self.handoff_lines - (self.expected_handoffs - self.caught) - self.false_positives
            out += ["", f'Handoff ({self.handoff_lines} lines with "expect_handoff")',
                    _row("recall", self.recall, f"{self.caught} of {self.expected_handoffs} expected handoffs "
                                                "handed off"),
                    _row("false-positive rate", self.false_positive_rate,
                         f"{self.false_positives} of {self.routine} lines expected to stay with the bot handed off"),
                    _row("accuracy", self.accuracy, f"{right} of {self.handoff_lines} lines right")]
        if self.tag_lines:
            width = max([len("tag"), *(len(s.tag) for s in self.tags)])
            out += ["", f'Tags ({self.tag_lines} lines with "expect_tags")',
                    f"  {'tag':<{width}}  precision  recall  support  fired"]
            for s in self.tags:
                out.append(f"  {s.tag:<{width}}  {_percent(s.precision):>9}  {_percent(s.recall):>6}  "
                           f"{s.support:>7}  {s.fired:>5}")
        wrong = self.mismatches
        out += ["", f"Mismatches: {len(wrong)}" if wrong else "Mismatches: none, every label met"]
        for line in wrong:
            expected = _outcome(line.expect_handoff, line.expect_tags)
            got = _outcome(line.handoff if line.expect_handoff is not None else None,
                           line.tags if line.expect_tags is not None else None)
            if line.expect_tags is not None and not line.tags_ok:
                extra = [t for t in line.tags if t not in line.expect_tags]
                missing = [t for t in line.expect_tags if t not in line.tags]
                notes = [f"{name}: {', '.join(tags)}" for name, tags in (("missing", missing), ("extra", extra)) if tags]
                got += f"  ({'; '.join(notes)})"
            out += [f"  line {line.number}: {_start(line.text)}",
                    f"    expected  {expected}",
                    f"    got       {got}"]
        return "\n".join(out)

def _row(name: str, value: float | None, detail: str) -> str:
    return f"  {name:<20} {_percent(value):>6}  {detail}"


def _outcome(handoff: bool | None, tags: tuple[str, ...] | None) -> str:
    parts = []
    if handoff is not None:
        parts.append("handoff" if handoff else "no handoff")
    if tags is not None:
        parts.append(f"tags [{', '.join(tags)}]")
    return ", ".join(parts)


def _start(text: str, width: int = 72) -> str:
    flat = " ".join(text.split())
    return json.dumps(flat if len(flat) <= width else flat[: width - 1].rstrip() + "…", ensure_ascii=False)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


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
