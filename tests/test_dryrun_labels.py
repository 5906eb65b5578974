"""`python -m bot dry-run` on labelled lines, as an admin runs it before pushing a rules change (or in
their CI): the summary under the per-line output tells the truth about the lines above it, a wrong
label is listed as a mismatch, `--fail-under` fails the run, and a malformed label is refused with
its line number. The real CLI, the shipped rules, the real models and the shipped help centre's index."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dry-run" / "labelled.jsonl"


@dataclass
class Run:
    """What the admin sees: exit code, the JSON result lines, the summary text, stderr."""

    code: int
    results: list[dict[str, Any]]
    summary: str
    stderr: str


def dry_run(index: Path, *args: str) -> Run:
    """`python -m bot dry-run ARGS --index INDEX` from the repository root with the shipped rules."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(check=False, args=[sys.executable, "-m", "bot", "dry-run", *args, "--index", str(index)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stderr, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    summary = "\n".join(line for line in done.stdout.splitlines() if not line.startswith("{"))
    return Run(done.returncode, results, summary, done.stderr)


def squeeze(text: str) -> str:
    """The text with every run of spaces made one, so table columns compare as words."""
    return re.sub(r"[ \t]+", " ", text)


def percent(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "-"


def write_lines(path: Path, lines: list[dict[str, Any] | str]) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
                    encoding="utf-8")
    return path


def test_the_summary_of_the_shipped_example_matches_the_lines_it_printed(shipped_index: Path) -> None:
    labels = [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    run = dry_run(shipped_index, str(EXAMPLE.relative_to(ROOT)), "--fail-under", "0.9")
    assert len(run.results) == len(labels) == 12, run.stderr
    summary = squeeze(run.summary)

    # Handoff: recount from what each line printed.
    expected = [bool(label["expect_handoff"]) for label in labels]
    got = [bool(result["handoff"]) for result in run.results]
    caught = sum(e and g for e, g in zip(expected, got, strict=True))
    positives = sum(expected)
    routine = len(expected) - positives
    false_positives = sum(g and not e for e, g in zip(expected, got, strict=True))
    right = sum(e == g for e, g in zip(expected, got, strict=True))
    assert positives and routine, "the example has both kinds of line"
    assert "Labelled lines: 12" in summary
    assert f"recall {percent(caught, positives)} {caught} of {positives} expected handoffs handed off" in summary
    assert (f"false-positive rate {percent(false_positives, routine)} {false_positives} of {routine} lines "
            "expected to stay with the bot handed off") in summary
    assert f"accuracy {percent(right, len(expected))} {right} of {len(expected)} lines right" in summary

    # Tags: precision, recall and support per tag, recounted from the printed tags.
    tags = {t for label in labels for t in label["expect_tags"]} | {t for r in run.results for t in r["tags"]}
    for tag in tags:
        support = sum(tag in label["expect_tags"] for label in labels)
        fired = sum(tag in r["tags"] for r in run.results)
        both = sum(tag in label["expect_tags"] and tag in r["tags"]
                   for label, r in zip(labels, run.results, strict=True))
        row = f" {tag} {percent(both, fired)} {percent(both, support)} {support} {fired}\n"
        assert row in summary + "\n", f"no row {row!r} in\n{run.summary}"

    # Mismatches: exactly the lines whose printed outcome differs from their labels, by line number.
    wrong = [n for n, (label, r) in enumerate(zip(labels, run.results, strict=True), start=1)
             if label["expect_handoff"] != r["handoff"] or set(label["expect_tags"]) != set(r["tags"])]
    assert [r["match"] for r in run.results] == [n not in wrong for n in range(1, 13)]
    listed = [int(n) for n in re.findall(r"^ {2}line (\d+): ", run.summary, flags=re.MULTILINE)]
    assert listed == wrong, run.summary
    assert (f"Mismatches: {len(wrong)}" if wrong else "Mismatches: none, every label met") in summary
    # The exit code follows the recall the lines show.
    assert run.code == (0 if caught / positives >= 0.9 else 1), run.stderr


def test_a_wrong_label_is_listed_as_a_mismatch_and_fail_under_exits_1(tmp_path: Path, shipped_index: Path) -> None:
    messages = write_lines(tmp_path / "labelled.jsonl", [
        {"text": "Where can I see my order history?"},  # unlabelled: printed, never scored
        "",
        # Deliberately wrong: a routine delivery question is no legal matter.
        {"text": "How long does delivery to Ireland usually take?", "expect_handoff": True, "expect_tags": ["legal"]},
    ])
    run = dry_run(shipped_index, str(messages), "--fail-under", "90%")

    assert run.code == 1, run.summary + run.stderr
    assert "baton: handoff recall 0.0% is below --fail-under 90.0%" in run.stderr
    assert "expected" not in run.results[0] and "match" not in run.results[0], "an unlabelled line is not scored"
    wrong = run.results[1]
    assert wrong["expected"] == {"handoff": True, "tags": ["legal"]} and wrong["match"] is False
    assert not wrong["handoff"] and "legal" not in wrong["tags"], wrong
    summary = squeeze(run.summary)
    assert "Labelled lines: 1" in summary
    assert "recall 0.0% 0 of 1 expected handoffs handed off" in summary
    assert "Mismatches: 1" in summary
    assert ' line 3: "How long does delivery to Ireland usually take?"\n' in summary
    assert " expected handoff, tags [legal]\n" in summary
    assert f" got no handoff, tags [{', '.join(wrong['tags'])}] (missing: legal" in summary


def test_malformed_labels_exit_2_naming_each_line_and_what_is_wrong(tmp_path: Path, shipped_index: Path) -> None:
    messages = write_lines(tmp_path / "bad.jsonl", [
        {"text": "How do I return a jacket that doesn't fit?", "expect_handoff": False, "expect_tags": []},
        {"text": "Someone sold me a fake watch", "expect_tags": "fraud"},
        {"text": "Someone sold me a fake watch", "expect_handoff": True, "expect_tags": ["fraudd"]},
        {"text": "Can I pay with PayPal?", "expect_handoff": "no"},
        {"text": "Can I pay with PayPal?", "expect_handof": False},
        {"text": "Someone sold me a fake watch", "expect_handoff": False, "expect_tags": ["fraud"]},
        {"text": "Is there a student discount?", "expect_tags": [3]},
        '{"text": "no closing brace"',
    ])
    run = dry_run(shipped_index, str(messages), "--fail-under", "0.9")

    assert run.code == 2, run.stderr
    errors = run.stderr.strip().splitlines()
    assert errors[0] == f'{messages}:2: "expect_tags" must be a list of tag names (strings), e.g. ["fraud"] or [] ' \
                        'for none; got "fraud"'
    assert errors[1].startswith(f"{messages}:3: \"expect_tags\": unknown tag 'fraudd' (did you mean 'fraud'?); "
                                "the known tags are critical, ")
    assert "human-requested" in errors[1] and "escalate" in errors[1]
    assert errors[2] == f'{messages}:4: "expect_handoff" must be true or false, not "no"'
    assert errors[3] == (f"{messages}:5: unknown label 'expect_handof' (did you mean 'expect_handoff'?); "
                         "the labels are expect_handoff, expect_tags")
    assert errors[4] == f"{messages}:6: \"expect_tags\" has the handoff tag 'fraud' but \"expect_handoff\" is false"
    assert errors[5].startswith(f'{messages}:7: "expect_tags" must be a list of tag names')
    assert errors[6].startswith(f"{messages}:8: not JSON")
    assert len(errors) == 7, run.stderr
    # The good line is still decided and scored; the summary says lines were left out.
    assert len(run.results) == 1 and run.results[0]["match"] in (True, False)
    assert "Labelled lines: 1 (7 bad lines skipped, see above)" in run.summary


def test_fail_under_needs_lines_expected_to_hand_off(tmp_path: Path, shipped_index: Path) -> None:
    messages = write_lines(tmp_path / "routine.jsonl", [
        {"text": "How long does delivery to Ireland usually take?", "expect_handoff": False},
    ])
    run = dry_run(shipped_index, str(messages), "--fail-under", "0.9")
    assert run.code == 2
    assert f'baton: --fail-under: no line of {messages} is labelled "expect_handoff": true' in run.stderr
    assert "false-positive rate" in run.summary and "Tags (" not in run.summary, "no tag table without tag labels"


def test_a_fail_under_that_is_not_a_share_is_refused_before_anything_loads(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(check=False, args=[sys.executable, "-m", "bot", "dry-run", str(EXAMPLE), "--fail-under", "90"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "argument --fail-under: '90': expected a share from 0 to 1 (0.9) or a percentage (90%)" in done.stderr
    missing = subprocess.run(check=False, args=[sys.executable, "-m", "bot", "dry-run", str(tmp_path / "absent.jsonl")],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"baton: {tmp_path / 'absent.jsonl'}: cannot read the messages file " \
                                     "(No such file or directory)"


def test_the_documented_command_runs_the_shipped_example() -> None:
    from bot.cli import _parser

    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    command = re.search(r"^\$ python -m bot (dry-run examples/dry-run/labelled\.jsonl[^\n]*)$", docs, re.MULTILINE)
    assert command, "docs/rules.md shows the dry-run of the shipped example"
    args = _parser().parse_args(command.group(1).split())
    assert (ROOT / args.file).is_file() and args.fail_under == 0.9


def test_messages_piped_on_stdin_are_read_like_a_file(shipped_index: Path) -> None:
    """`dry-run -` reads standard input (bench/load.py and admins' scripts pipe their lines in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    env["PYTHONPATH"] = str(ROOT)
    lines = ('{"text": "how long do refunds take to my card?"}\n'
             '{"text": "I want to talk to a real person", "expect_handoff": true}\n')
    done = subprocess.run([sys.executable, "-m", "bot", "dry-run", "-", "--index", str(shipped_index)], cwd=ROOT,
                          env=env, input=lines, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [r["handoff"] for r in results] == [False, True]
