"""YAML syntax errors as admins can act on them: `file:line:column: what is wrong`, a hint for the
common mistakes (tabs, a colon in a value, misaligned indentation, an unclosed quote or bracket)
and the offending line with a caret under the column. Every config file loader uses it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

PREFIX = "YAML syntax error"
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")  # what PyYAML counts as a new line
# `key:value` with no space after the colon (a URL's `://` is not one)
_GLUED_KEY = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z0-9_][\w.-]*):(?P<value>[^\s:/][^#]*?)\s*(?:#.*)?$")
_TAB = "→"  # how a tab is shown in the quoted line, one column wide so the caret still lines up


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """One YAML syntax error explained: where (1-based), what, how to fix it, which lines to show."""

    line: int
    column: int
    description: str
    hint: str | None = None
    context_lines: tuple[int, ...] = ()  # other lines worth showing with it (the line it should match)


def yaml_error_text(path: str | Path, text: str, exc: yaml.YAMLError) -> str:
    """`path:line:column: YAML syntax error: description`, then the hint and the quoted line.

    The first line alone is the `file:line:column: reason` form editors and CI annotations read; the
    following lines are indented so logs and alerts keep them together.
    """
    problem = explain(text, exc)
    lines = _split(text)
    out = [f"{path}:{problem.line}:{problem.column}: {PREFIX}: {problem.description}"]
    if problem.hint:
        out.append(f"  hint: {problem.hint}")
    shown = sorted(n for n in {*problem.context_lines, problem.line} if 0 < n <= len(lines))
    if shown:
        width = len(str(shown[-1]))
        previous = 0
        for number in shown:
            if previous and number > previous + 1:
                out.append(f"  {'':>{width}} | ...")
            out.append(f"  {number:>{width}} | {lines[number - 1].replace(chr(9), _TAB)}".rstrip())
            if number == problem.line:
                out.append(f"  {'':>{width}} | {' ' * (problem.column - 1)}^")
            previous = number
        if any("\t" in lines[n - 1] for n in shown):
            out.append(f"  ({_TAB} marks a tab)")
    return "\n".join(out)


def explain(text: str, exc: yaml.YAMLError) -> YamlProblem:
    """Where the error is and what it means, in the admin's words (PyYAML's own words as a fallback)."""
    lines = _split(text)
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(text, exc)
    if not isinstance(exc, yaml.MarkedYAMLError):
        return YamlProblem(1, 1, str(exc).strip() or exc.__class__.__name__)
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    at_line = mark.line + 1 if mark is not None else 1
    at_col = mark.column + 1 if mark is not None else 1
    for explainer in (_tab, _quoted, _closed_too_late, _flow, _glued, _colon_in_value, _block_end, _other_known):
        found = explainer(exc, lines, problem, context)
        if found is not None:
            return found
    words = problem or context or str(exc)
    if context and problem:
        words = f"{problem} ({context}"
        if exc.context_mark is not None and exc.problem_mark is not None \
                and exc.context_mark.line != exc.problem_mark.line:
            words += f" started on line {exc.context_mark.line + 1}"
        words += ")"
    return YamlProblem(at_line, at_col, words)


def _split(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _significant_before(lines: list[str], number: int) -> int | None:
    """The nearest line above `number` that is neither blank nor only a comment."""
    for n in range(number - 1, 0, -1):
        stripped = _line(lines, n).strip()
        if stripped and not stripped.startswith("#"):
            return n
    return None


def _quote(value: str) -> str:
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _tab(exc: yaml.MarkedYAMLError, lines: list[str], problem: str, context: str) -> YamlProblem | None:
    mark = exc.problem_mark
    if mark is None or not ("'\\t'" in problem or "tab" in problem):
        return None
    number = mark.line + 1
    line = _line(lines, number)
    column = line.find("\t") + 1 if "\t" in line else mark.column + 1
    where = "in the indentation" if "\t" in line[: _indent(line)] else "in this line"
    others = [n for n, text in enumerate(lines, start=1) if n != number and "\t" in text[: _indent(text)]]
    hint = "YAML doesn't allow tabs; indent with spaces"
    if others:
        listed = ", ".join(str(n) for n in others[:8]) + (", ..." if len(others) > 8 else "")
        hint += f" (line{'s' if len(others) > 1 else ''} {listed} {'start' if len(others) > 1 else 'starts'} " \
                "with tabs too)"
    return YamlProblem(number, column, f"a tab character {where}", hint)


def _quoted(exc: yaml.MarkedYAMLError, lines: list[str], problem: str, context: str) -> YamlProblem | None:
    if not context.startswith("while scanning a") or "quoted scalar" not in context:
        return None
    if "unknown escape character" in problem and exc.problem_mark is not None:
        number, column = exc.problem_mark.line + 1, exc.problem_mark.column  # the backslash before the letter
        line = _line(lines, number)
        escape = line[column - 1 : column + 1]
        hint = "inside double quotes a backslash starts an escape (\\n, \\t, \\\\); write regular expressions " \
               "in single quotes, where a backslash is just a backslash"
        opening = exc.context_mark
        if opening is not None and opening.line + 1 == number:
            end = line.find('"', column + 1)
            while end > 0 and line[end - 1] == "\\":
                end = line.find('"', end + 1)
            value = line[opening.column + 1 : end] if end > 0 else ""
            if value and "'" not in value:
                hint += f": '{value}'"
        return YamlProblem(number, column, f"`{escape}` is not an escape YAML knows inside double quotes", hint)
    opening = exc.context_mark
    if opening is None:
        return None
    number, column = opening.line + 1, opening.column + 1
    quote = _line(lines, number)[column - 1 : column] or '"'
    kind = "single" if quote == "'" else "double"
    ended = exc.problem_mark.line + 1 if exc.problem_mark is not None else len(lines)
    if "end of stream" in problem:
        what = f"the {kind} quote opened here is never closed"
        if ended > number + 1:
            what += f" (YAML read on to the end of the file, line {ended}, looking for it)"
    else:
        what = f"the {kind}-quoted value opened here ends badly: {problem}"
    return YamlProblem(number, column, what, _close_quote_hint(quote))


_BRACKETS = {"{": "}", "[": "]"}


def _flow(exc: yaml.MarkedYAMLError, lines: list[str], problem: str, context: str) -> YamlProblem | None:
    if not context.startswith("while parsing a flow") or exc.context_mark is None:
        return None
    number, column = exc.context_mark.line + 1, exc.context_mark.column + 1
    opened = _line(lines, number)[column - 1 : column]
    if opened not in _BRACKETS:
        return None
    close = _BRACKETS[opened]
    got = re.search(r"but got '(.+)'$", problem)
    found = got.group(1) if got else "something else"
    where = ""
    if exc.problem_mark is not None:
        end = exc.problem_mark.line + 1
        where = f" on line {end}" if end != number else f" at column {exc.problem_mark.column + 1}"
    shown = {"<block end>": "the end of the block", "<stream end>": "the end of the file"}.get(found, f"`{found}`")
    return YamlProblem(
        number, column,
        f"the `{opened}` opened here is not closed with `{close}`: YAML found {shown}{where}",
        f"close it with `{close}` after its last item, or write the items as indented lines without brackets",
        context_lines=(exc.problem_mark.line + 1,) if exc.problem_mark is not None else (),
    )


def _glued(exc: yaml.MarkedYAMLError, lines: list[str], problem: str, context: str) -> YamlProblem | None:
    """A `key:value` with no space after the colon, which YAML reads as one plain word."""
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        candidates = [exc.context_mark.line + 1]
    elif problem.startswith(("mapping values are not allowed", "expected '<document start>'")) \
            and exc.problem_mark is not None:
        candidates = []
        number = exc.problem_mark.line + 1
        above = _significant_before(lines, number)
        while above is not None and len(candidates) < 3:
            candidates.append(above)
            if _indent(_line(lines, above)) < _indent(_line(lines, number)):
                break
            above = _significant_before(lines, above)
    else:
        return None
    for number in candidates:
        line = _line(lines, number)
        match = _GLUED_KEY.match(line)
        if match is None or ": " in line.split("#", 1)[0]:
            continue
        key, value = match.group("key"), match.group("value")
        return YamlProblem(
            number, match.end("key") + 2,
            f"`{key}:{value}` has no space after the colon, so YAML reads it as one word, not a key and a value",
            f"put a space after the colon: `{key}: {value}`",
        )
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        number = exc.context_mark.line + 1
        return YamlProblem(
            number, exc.context_mark.column + 1,
            f"line {number} is neither `key: value` nor a list item `- ...`",
            "a key needs a colon and a space after it (`key: value`); if the line continues the value above, "
            "put that whole value in quotes",
        )
    return None


def _colon_in_value(exc: yaml.MarkedYAMLError, lines: list[str], problem: str, context: str) -> YamlProblem | None:
    if not problem.startswith("mapping values are not allowed") or exc.problem_mark is None:
        return None
    number, column = exc.problem_mark.line + 1, exc.problem_mark.column + 1
    line = _line(lines, number)
    body = line[_indent(line):]
    offset = _indent(line)
    if body.startswith("- "):
        offset += 2 + _indent(body[2:])
        body = line[offset:]
    first = body.find(": ")
    if 0 <= first and offset + first + 1 < column:
        key = body[:first]
        value = body[first + 2 :].strip()
        return YamlProblem(
            number, column,
            f"the value of `{key}` contains `: `, which YAML reads as the start of another key",
            f"put the value in quotes: {key}: {_quote(value)}",
        )
    above = _significant_before(lines, number)
    if above is None:
        return None
    return YamlProblem(
        number, _indent(line) + 1,
        f"line {number} is indented differently from the lines above it: it is deeper than line {above}, "
        f"so YAML reads it as more of line {above}'s value",
        f"keys of one mapping line up with each other (line {above} starts at column "
        f"{_indent(_line(lines, above)) + 1}); if line {number} continues the text above, put that text in quotes",
        context_lines=(above,),
    )


def _block_end(exc: yaml.MarkedYAMLError, lines: list[str], problem: str, context: str) -> YamlProblem | None:
    if not problem.startswith("expected <block end>") or exc.problem_mark is None:
        return None
    number, column = exc.problem_mark.line + 1, exc.problem_mark.column + 1
    line = _line(lines, number)
    if column - 1 > _indent(line):
        return _stray_after_quote(lines, number, column)
    above = _significant_before(lines, number)
    if above is None:
        return None
    this_col = _indent(line) + 1
    above_line = _line(lines, above)
    if line.lstrip().startswith("-"):
        # The list it was meant for: the item above whose indentation is nearest to this one's.
        items = [n for n in range(number - 1, 0, -1)
                 if _line(lines, n).lstrip().startswith("- ") and _indent(_line(lines, n)) != _indent(line)]
        ref = min(items, key=lambda n: (abs(_indent(_line(lines, n)) - _indent(line)), number - n), default=above)
        hint = (f"list items under a key line up with each other: line {ref}'s `-` is at column "
                f"{_indent(_line(lines, ref)) + 1}, line {number}'s at column {this_col}")
        return YamlProblem(number, this_col, f"line {number} is indented differently from the lines above it",
                           hint, context_lines=(ref,))
    if above_line.lstrip().startswith("- ") and _indent(above_line) == _indent(line):
        first_key = _indent(above_line) + 2 + _indent(above_line.lstrip()[2:]) + 1
        hint = (f"line {number} lines up with the `-` of line {above}; the keys of one list item line up with "
                f"the first key after its `-` (column {first_key})")
    else:
        hint = (f"keys of one mapping line up with each other: line {above} starts at column "
                f"{_indent(above_line) + 1}, line {number} at column {this_col}")
    return YamlProblem(number, this_col, f"line {number} is indented differently from the lines above it",
                       hint, context_lines=(above,))


def _closed_too_late(exc: yaml.MarkedYAMLError, lines: list[str], problem: str, context: str) -> YamlProblem | None:
    """An error just after a quote that closes a value opened lines above: that opening quote was
    never closed on its own line, and YAML read on to the next quote of the same kind."""
    mark = exc.problem_mark
    if mark is None:
        return None
    number, column = mark.line + 1, mark.column + 1
    before = _line(lines, number)[: column - 1].rstrip()
    if not before.endswith(("'", '"')) or before.count(before[-1]) % 2 == 0:
        return None
    quote = before[-1]
    opened = next((n for n in range(number - 1, 0, -1) if _line(lines, n).count(quote) % 2 == 1), None)
    if opened is None:
        return None
    kind = "single" if quote == "'" else "double"
    return YamlProblem(
        opened, _line(lines, opened).index(quote) + 1,
        f"the {kind} quote opened here is never closed on its line, so YAML read on to line {number} "
        "and took the quote there as the closing one",
        _close_quote_hint(quote),
    )


def _stray_after_quote(lines: list[str], number: int, column: int) -> YamlProblem | None:
    """Text straight after a closing quote: an apostrophe that ended a single-quoted value, stray
    words after a quoted value, or the quote of a value opened (and never closed) lines above."""
    line = _line(lines, number)
    before = line[: column - 1].rstrip()
    if not before.endswith(("'", '"')):
        return None
    quote = before[-1]
    kind = "single" if quote == "'" else "double"
    start = before.find(quote)
    key = before[:start].strip().removeprefix("- ").strip().removesuffix(":").strip()
    whole = line[start:].split(" #", 1)[0].strip()
    glued = len(before) == column - 1 and len(before) >= 2 and before[-2].isalnum() and line[column - 1].isalnum()
    if glued:
        word = re.search(r"(\w+)$", before[:-1])
        tail = re.match(r"\w+", line[column - 1 :])
        what = f"the {kind}-quoted value ends early at the {'apostrophe' if quote == chr(39) else 'quote'}"
        if word and tail:
            what += f" in `{word.group(1)}{quote}{tail.group(0)}`"
        inner = whole[1:-1] if whole.endswith(quote) else whole[1:]
        fix = ("write an apostrophe inside single quotes twice ('don''t')" if quote == "'"
               else 'write a double quote inside double quotes as \\"')
        hint = f"{fix}, or put the value in the other kind of quotes: {key}: {_quote(inner)}" if key else fix
        return YamlProblem(number, column - 1, what + "; YAML reads the rest as stray text", hint)
    return YamlProblem(
        number, column,
        "there is text after the closing quote of the value",
        f"put the whole value in quotes: {key}: {_quote(whole)}" if key else "put the whole value in quotes",
    )


def _close_quote_hint(quote: str) -> str:
    hint = f"end the value with {quote} on the same line"
    if quote == "'":
        return hint + "; an apostrophe inside single quotes is written twice ('don''t')"
    return hint + '; a double quote inside double quotes is written \\"'


def _other_known(exc: yaml.MarkedYAMLError, lines: list[str], problem: str, context: str) -> YamlProblem | None:
    mark = exc.problem_mark
    if mark is None:
        return None
    number, column = mark.line + 1, mark.column + 1
    line = _line(lines, number)
    alias = re.match(r"found undefined alias '(.+)'", problem)
    if alias:
        name = alias.group(1)
        return YamlProblem(number, column, f"`*{name}` refers to an anchor `&{name}` that is not defined above it",
                           f"define `&{name}` earlier in the file; if the `*` is meant literally, put the value "
                           "in quotes")
    reserved = re.match(r"found character '(.)' that cannot start any token", problem)
    if reserved:
        char = reserved.group(1)
        value = line[column - 1 :].split(" #", 1)[0].strip()
        before = line[: column - 1].strip()
        return YamlProblem(number, column, f"a value can't start with `{char}` unless it is in quotes",
                           f"put the value in quotes: {before} {_quote(value)}" if before else
                           f"put the value in quotes: {_quote(value)}")
    if problem.startswith("sequence entries are not allowed"):
        return YamlProblem(number, column, "a list item `- ` can't follow a key on the same line",
                           "start each list item on its own line, indented under its key")
    return None


def _reader_problem(text: str, exc: yaml.reader.ReaderError) -> YamlProblem:
    position = max(0, min(exc.position, len(text)))
    before = text[:position]
    breaks = list(_LINE_BREAK.finditer(before))
    number = len(breaks) + 1
    column = position - (breaks[-1].end() if breaks else 0) + 1
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return YamlProblem(number, column, f"the file contains a control character (U+{character:04X}) YAML does not "
                                       "accept", "delete it; it is invisible in most editors and usually pasted in "
                                                 "by accident")
