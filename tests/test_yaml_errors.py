"""A YAML slip in a config file tells the admin where it is and how to fix it: `file:line:column:`,
a plain description, a hint for the usual mistakes (tabs, a colon in a value, misaligned
indentation, an unclosed quote), and the line itself with a caret under the column. The same for
the rules file (`rules check`, start-up, hot reload), brand.yaml, hours.yaml, replies.yaml and
discord.yaml; a running bot still keeps the last good rules live when an edit breaks the file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.adapters.discord.config import DiscordConfigError, load_discord_config
from bot.brand import Brand, BrandError
from bot.escalation.base import RuleInput
from bot.escalation.engine import RULES_REFUSED, RulesEngine
from bot.escalation.loader import check_rules_file
from bot.hours import HoursError, OfficeHours
from bot.models import Participant
from bot.replies import RepliesError, parse_replies
from tests.support.waiting import eventually

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_RULES = ROOT / "config" / "rules.yaml"


def line_index(lines: list[str], pattern: str, nth: int = 0) -> int:
    """Index of the `nth` line matching `pattern`, so the edits follow the shipped file's wording."""
    found = [i for i, line in enumerate(lines) if re.match(pattern, line)]
    assert len(found) > nth, f"no {pattern!r} line #{nth} in the shipped file"
    return found[nth]


def broken_copy(tmp_path: Path, source: Path, edit: Callable[[list[str]], int]) -> tuple[Path, int]:
    """A copy of `source` with one line broken by `edit`; returns the copy and the broken line's number."""
    lines = source.read_text(encoding="utf-8").split("\n")
    number = edit(lines) + 1
    path = tmp_path / source.name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, number


def assert_points_at(message: str, path: Path, line: int, column: int) -> None:
    """The message starts `path:line:column: YAML syntax error:` and quotes that line with a caret
    under that column."""
    first, *rest = message.split("\n")
    assert first.startswith(f"{path}:{line}:{column}: YAML syntax error: "), message
    quoted = next(i for i, text in enumerate(rest) if re.match(rf"^\s+{line} \| ", text))
    gutter = rest[quoted].index("| ") + 2
    caret = rest[quoted + 1]
    assert caret.rstrip().endswith("^") and caret.index("^") == gutter + column - 1, message


# -- the shipped rules file with the common mistakes ------------------------------------------


def tab_indent(lines: list[str]) -> int:
    i = line_index(lines, r"^    priority: \d+$", 2)
    lines[i] = "\t" + lines[i].lstrip(" ")
    return i


def colon_in_value(lines: list[str]) -> int:
    i = line_index(lines, r"^    description: ", 2)
    lines[i] = "    description: Fraud: scams, fake goods and charges nobody made"
    return i


def no_space_after_colon(lines: list[str]) -> int:
    i = line_index(lines, r"^    handoff: true$", 2)
    lines[i] = "    handoff:true"
    return i


def list_item_out_of_line(lines: list[str]) -> int:
    i = line_index(lines, r"^  - name: ", 3)
    lines[i] = " " + lines[i].lstrip(" ")
    return i


def key_indented_deeper(lines: list[str]) -> int:
    i = line_index(lines, r"^    priority: ", 2)
    lines[i] = "  " + lines[i]
    return i


def unclosed_quote(lines: list[str]) -> int:
    i = line_index(lines, r'^    mention: ".*"$', 2)
    lines[i] = lines[i].rstrip('"')
    return i


def test_a_tab_in_the_indentation_says_to_indent_with_spaces(tmp_path: Path) -> None:
    path, line = broken_copy(tmp_path, SHIPPED_RULES, tab_indent)
    [message] = check_rules_file(path)
    assert_points_at(message, path, line, 1)
    assert "a tab character in the indentation" in message
    assert "hint: YAML doesn't allow tabs; indent with spaces" in message
    assert "(→ marks a tab)" in message, "the tab is visible in the quoted line"


def test_a_colon_in_a_value_says_to_quote_the_value(tmp_path: Path) -> None:
    path, line = broken_copy(tmp_path, SHIPPED_RULES, colon_in_value)
    [message] = check_rules_file(path)
    assert_points_at(message, path, line, len("    description: Fraud:"))
    assert "the value of `description` contains `: `" in message
    assert "hint: put the value in quotes: description: 'Fraud: scams, fake goods and charges nobody made'" in message


def test_a_missing_space_after_a_colon_shows_the_key_and_value_apart(tmp_path: Path) -> None:
    path, line = broken_copy(tmp_path, SHIPPED_RULES, no_space_after_colon)
    [message] = check_rules_file(path)
    assert_points_at(message, path, line, len("    handoff:") + 1)
    assert "`handoff:true` has no space after the colon" in message
    assert "hint: put a space after the colon: `handoff: true`" in message


def test_a_list_item_out_of_line_names_the_item_it_should_line_up_with(tmp_path: Path) -> None:
    path, line = broken_copy(tmp_path, SHIPPED_RULES, list_item_out_of_line)
    [message] = check_rules_file(path)
    assert_points_at(message, path, line, 2)
    assert f"line {line} is indented differently from the lines above it" in message
    hint = re.search(r"hint: list items under a key line up with each other: line (\d+)'s `-` is at column 3, "
                     rf"line {line}'s at column 2", message)
    assert hint, message
    assert SHIPPED_RULES.read_text(encoding="utf-8").split("\n")[int(hint.group(1)) - 1].startswith("  - name: ")


def test_a_key_indented_deeper_than_its_neighbours_is_an_indentation_problem(tmp_path: Path) -> None:
    path, line = broken_copy(tmp_path, SHIPPED_RULES, key_indented_deeper)
    [message] = check_rules_file(path)
    assert_points_at(message, path, line, 7)
    assert f"line {line} is indented differently from the lines above it: it is deeper than line {line - 1}" in message
    assert f"keys of one mapping line up with each other (line {line - 1} starts at column 5)" in message


def test_an_unclosed_quote_points_at_the_quote_not_where_yaml_gave_up(tmp_path: Path) -> None:
    path, line = broken_copy(tmp_path, SHIPPED_RULES, unclosed_quote)
    [message] = check_rules_file(path)
    assert_points_at(message, path, line, len("    mention: ") + 1)
    assert "the double quote opened here is never closed on its line" in message
    assert 'hint: end the value with " on the same line' in message


def test_a_control_character_is_an_error_with_its_line_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("tags:\n  - name: a\n    when: {keywords: [x\x07]}\n", encoding="utf-8")
    [message] = check_rules_file(path)
    assert message.startswith(f"{path}:3:24: YAML syntax error: the file contains a control character (U+0007)")


def test_rules_check_prints_the_hint_and_the_caret(tmp_path: Path) -> None:
    path, line = broken_copy(tmp_path, SHIPPED_RULES, colon_in_value)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(check=False, args=[sys.executable, "-m", "bot", "rules", "check", "--no-fit", str(path)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 1
    out = done.stdout.splitlines()
    assert out[0].startswith(f"{path}:{line}:23: YAML syntax error: the value of `description` contains")
    assert out[1].startswith("  hint: put the value in quotes: ")
    assert out[2] == f"  {line} |     description: Fraud: scams, fake goods and charges nobody made"
    assert out[3] == f"  {' ' * len(str(line))} | {' ' * 22}^"


# -- hot reload: the last good rules stay live, the refusal carries the new text ---------------

GOOD = """\
tags:
  - name: refunds
    handoff: true
    when:
      keywords: [refund]
  - name: legal
    handoff: true
    when:
      keywords: [lawyer]
"""


async def test_a_broken_edit_is_refused_with_the_hint_and_the_last_good_rules_stay_live(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(GOOD, encoding="utf-8")
    engine = RulesEngine.from_file(path, None)
    refusals: list[str] = []
    recovered: list[int] = []

    async def on_error(message: str) -> None:
        refusals.append(message)

    async def on_recovered() -> None:
        recovered.append(len(refusals))

    async def tags(text: str) -> list[str]:
        decision = await engine.evaluate(RuleInput(text=text, participant=Participant(), channel="webchat"))
        return decision.tags

    await engine.start(on_error=on_error, on_recovered=on_recovered)
    try:
        # An admin adds a tag and indents its `when:` with a tab.
        path.write_text(GOOD + "  - name: vip\n    handoff: true\n\twhen:\n      keywords: [vip]\n", encoding="utf-8")
        await eventually(lambda: refusals, 3.0, what="the broken edit refused")
        message = refusals[0]
        assert message.startswith(RULES_REFUSED + ", the last good rules stay live:\n")
        assert f"{path}:12:1: YAML syntax error: a tab character in the indentation" in message
        assert "hint: YAML doesn't allow tabs; indent with spaces" in message
        assert "  12 | →when:" in message
        assert await tags("my lawyer wants a vip refund") == ["refunds", "legal"], "the last good rules answer"

        path.write_text(GOOD + "  - name: vip\n    handoff: true\n    when:\n      keywords: [vip]\n", encoding="utf-8")

        async def vip_live() -> bool:
            return "vip" in await tags("my lawyer wants a vip refund")

        await eventually(vip_live, 3.0, what="the fixed file live")
        assert recovered == [len(refusals)], "the fix was announced once"
    finally:
        await engine.stop()


# -- the other config files -------------------------------------------------------------------


def test_brand_yaml_colon_in_a_text(tmp_path: Path) -> None:
    path = tmp_path / "brand.yaml"
    path.write_text("bot_name: Helper\nhandoff_message: Good news: a person will reply within {minutes} minutes\n",
                    encoding="utf-8")
    with pytest.raises(BrandError) as error:
        Brand.load(path)
    message = str(error.value)
    assert_points_at(message, path, 2, len("handoff_message: Good news:"))
    assert "hint: put the value in quotes: handoff_message: 'Good news: a person will reply within {minutes} " \
           "minutes'" in message


def test_hours_yaml_with_a_tab(tmp_path: Path) -> None:
    def tab(lines: list[str]) -> int:
        i = line_index(lines, r"^  tue: ")
        lines[i] = "\t" + lines[i].lstrip(" ")
        return i

    path, line = broken_copy(tmp_path, ROOT / "config" / "hours.example.yaml", tab)
    with pytest.raises(HoursError) as error:
        OfficeHours.load(path)
    assert_points_at(str(error.value), path, line, 1)
    assert "hint: YAML doesn't allow tabs; indent with spaces" in str(error.value)


def test_replies_yaml_with_a_list_item_out_of_line(tmp_path: Path) -> None:
    def shift(lines: list[str]) -> int:
        i = line_index(lines, r"^  - id: ", 1)
        lines[i] = "   " + lines[i]
        return i

    path, line = broken_copy(tmp_path, ROOT / "config" / "replies.yaml", shift)
    with pytest.raises(RepliesError) as error:
        parse_replies(path)
    message = str(error.value)
    assert_points_at(message, path, line, 6)
    assert f"line {line} is indented differently from the lines above it" in message
    assert "list items under a key line up with each other" in message


def test_discord_yaml_with_no_space_after_a_colon(tmp_path: Path) -> None:
    def glue(lines: list[str]) -> int:
        i = line_index(lines, r"^guild_id: ")
        lines[i] = lines[i].replace(": ", ":", 1)
        return i

    path, line = broken_copy(tmp_path, ROOT / "config" / "discord.yaml", glue)
    with pytest.raises(DiscordConfigError) as error:
        load_discord_config(path)
    message = str(error.value)
    assert_points_at(message, path, line, len("guild_id:") + 1)
    assert "hint: put a space after the colon: `guild_id: " in message
