"""Safe editing: `rules check` names the line of every problem; the running bot reloads good files
within two seconds and refuses bad ones while the last good rules stay live.

Every file here is the test's own; tests/test_rules_shipped.py checks the shipped config/rules.yaml."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from bot.escalation.base import RuleInput
from bot.escalation.engine import RulesEngine
from bot.escalation.loader import RulesError, check_rules_file
from bot.models import Participant
from tests.support.rules import HANDOFF_RULES
from tests.support.waiting import eventually

ROOT = Path(__file__).resolve().parent.parent
RELOAD_WITHIN = 2.0  # seconds: the running bot uses an edited rules file this soon (docs/rules.md)

GOOD = """\
tags:
  - name: refunds
    handoff: true
    when:
      keywords: [refund]
"""

CHANGED = """\
tags:
  - name: refunds
    handoff: true
    when:
      keywords: [refund]
  - name: legal
    handoff: true
    route: C-LEGAL
    when:
      keywords: [lawyer]
"""


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


async def tags_for(engine: RulesEngine, text: str) -> list[str]:
    decision = await engine.evaluate(RuleInput(text=text, participant=Participant(), channel="webchat"))
    return decision.tags


def test_a_valid_file_has_no_problems(tmp_path: Path) -> None:
    assert check_rules_file(write(tmp_path / "good.yaml", CHANGED)) == []
    assert check_rules_file(HANDOFF_RULES) == []


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "r.yaml", "tags:\n  - name: a\n    when: {keywords: [x]\n  - name: b\n")
    lines = check_rules_file(path)
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:3:11: YAML syntax error")


def test_validation_errors_map_to_their_lines_with_a_readable_path(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.yaml",
        """\
        settings:
          confidence_threshold: 2
        tags:
          - name: fraud
            priority: high
            when:
              any:
                - keywords: [scam]
                - regex: '(unclosed'
                - keywordz: [fraud]
          - name: fraud
            acknowledge_within: -5
            when: {role: admin}
          - name: Bad Name
        """,
    )
    lines = check_rules_file(path)
    p = str(path)
    assert f"{p}:2: settings.confidence_threshold: Input should be less than or equal to 1" in lines
    assert f"{p}:5: tags[0] (fraud).priority: Input should be a valid integer, unable to parse string as an integer" in lines
    assert any(line.startswith(f"{p}:9: tags[0] (fraud).when.any[1].regex: bad regular expression '(unclosed'")
               for line in lines)
    assert f"{p}:10: tags[0] (fraud).when.any[2]: unknown key `keywordz` (did you mean `keywords`?)" in lines
    assert f"{p}:12: tags[1] (fraud).acknowledge_within: Input should be greater than 0" in lines
    assert f"{p}:13: tags[1] (fraud).when.role: Input should be 'buyer' or 'vendor'" in lines
    assert any(line.startswith(f"{p}:14: tags[2] (Bad Name).name: tag name 'Bad Name'") for line in lines)
    assert f"{p}:14: tags[2] (Bad Name): missing `when`" in lines


def test_duplicate_tags_keys_and_missing_account_files_are_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.yaml",
        """\
        tags:
          - name: a
            when: {accounts_file: nowhere.txt}
          - name: a
            when: {keywords: [x]}
        """,
    )
    lines = check_rules_file(path)
    assert lines[0] == f"{path}:3: tags[0] (a).when.accounts_file: cannot read accounts file 'nowhere.txt': " \
                       "FileNotFoundError: No such file or directory"
    assert lines[1] == f"{path}:4: tags[1] (a).name: tag 'a' is defined twice (first at tags[0])"
    dup = write(tmp_path / "d.yaml", "tags:\n  - name: a\n    name: b\n    when: {keywords: [x]}\n")
    assert check_rules_file(dup) == [f"{dup}:3: key `name` appears twice in the same mapping"]
    empty = write(tmp_path / "e.yaml", "# nothing yet\n")
    assert check_rules_file(empty) == [f"{empty}:1: the file is empty; expected `tags:` with at least one tag"]


def test_from_file_raises_with_the_same_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "r.yaml", "tags:\n  - name: a\n")
    try:
        RulesEngine.from_file(path, None)
    except RulesError as exc:
        assert exc.lines == [f"{path}:2: tags[0] (a): missing `when`"]
    else:
        raise AssertionError("a bad file must not load")


def test_rules_check_command_exits_1_with_the_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "r.yaml", "tags:\n  - name: a\n    when: {rol: vendor}\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    bad = subprocess.run([sys.executable, "-m", "bot", "rules", "check", str(path)],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert bad.returncode == 1
    assert f"{path}:3: tags[0] (a).when: unknown key `rol` (did you mean `role`?)" in bad.stdout
    fixed = write(tmp_path / "fixed.yaml", "tags:\n  - name: a\n    when: {role: vendor}\n")
    good = subprocess.run([sys.executable, "-m", "bot", "rules", "check", "--no-fit", str(fixed)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert good.returncode == 0, good.stdout + good.stderr


def test_rules_check_compare_refuses_a_broken_other_version_with_its_lines(tmp_path: Path) -> None:
    good = write(tmp_path / "rules.yaml", "tags:\n  - name: a\n    when: {role: vendor}\n")
    broken = write(tmp_path / "old.yaml", "tags:\n  - name: a\n    when: {rol: vendor}\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    compared = subprocess.run([sys.executable, "-m", "bot", "rules", "check", str(good), "--compare", str(broken)],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert compared.returncode == 2
    assert f"{good}: ok" in compared.stdout, "this version's own check still reads"
    assert f"--compare: {broken} has problems" in compared.stderr
    assert f"{broken}:3: tags[0] (a).when: unknown key `rol`" in compared.stderr
    unfitted = subprocess.run([sys.executable, "-m", "bot", "rules", "check", "--no-fit", str(good), "--compare", str(good)],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert unfitted.returncode == 2 and "cannot be used with --no-fit" in unfitted.stderr


async def test_a_good_edit_is_live_within_two_seconds_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "rules.yaml", GOOD)
    engine = RulesEngine.from_file(path, None)
    errors: list[str] = []

    async def on_error(message: str) -> None:
        errors.append(message)

    recovered: list[int] = []

    async def on_recovered() -> None:
        recovered.append(len(errors))

    await engine.start(on_error=on_error, on_recovered=on_recovered)
    try:
        assert await tags_for(engine, "my lawyer wants a refund") == ["refunds"]
        write(path, CHANGED)

        async def legal_live() -> bool:
            return await tags_for(engine, "my lawyer wants a refund") == ["refunds", "legal"]

        await eventually(legal_live, RELOAD_WITHIN, what="the edited rules live")

        write(path, CHANGED.replace("keywords: [lawyer]", "keywords: [lawyer"))

        async def refused() -> bool:
            return bool(errors)

        await eventually(refused, RELOAD_WITHIN, what="the broken file refused")
        assert errors[0].startswith("rules file refused, the last good rules stay live:")
        assert f"{path}:" in errors[0] and "YAML syntax error" in errors[0]
        assert await tags_for(engine, "my lawyer wants a refund") == ["refunds", "legal"]

        # Fixing the file brings the new rules in; an account list the file names is watched too.
        write(tmp_path / "vip.txt", "v-1\n")
        write(path, GOOD + "  - name: vip\n    when: {accounts_file: vip.txt}\n")

        async def vip_live() -> bool:
            d = await engine.evaluate(RuleInput(text="hi", participant=Participant(account_id="v-2"), channel="web"))
            return d.tags == [] and engine.rules.tags[-1].name == "vip"

        await eventually(vip_live, RELOAD_WITHIN, what="the fixed file live")
        assert recovered == [len(errors)], "the fix was announced once, after the refusals (the alert clears)"
        write(tmp_path / "vip.txt", "v-1\nv-2\n")

        async def v2_live() -> bool:
            d = await engine.evaluate(RuleInput(text="hi", participant=Participant(account_id="v-2"), channel="web"))
            return d.tags == ["vip"]

        await eventually(v2_live, RELOAD_WITHIN, what="the edited account list live")
    finally:
        await engine.stop()
