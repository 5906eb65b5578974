"""Reads a rules file: YAML with line marks, pydantic validation, errors as `file:line: reason`."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bot.escalation.meaning import Examples, parse_examples
from bot.escalation.schema import (
    CONDITION_KEYS,
    Condition,
    RulesFile,
    RulesSettings,
    Tag,
)
from bot.validation import error_reason
from bot.yaml_errors import yaml_error_text

Loc = tuple[str | int, ...]
_ALL_KEYS = sorted(set(CONDITION_KEYS) | set(Tag.model_fields) | set(RulesSettings.model_fields)
                   | set(RulesFile.model_fields) | {"words", "patterns", "typos", "examples", "min_similarity",
                                                   "times", "bot_answers", "threshold"})


class RulesError(Exception):
    """A rules file that cannot be used; `lines` are `file:line: reason`, one per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass(slots=True)
class LoadedRules:
    """A validated rules file, with the account lists and example files it names already read."""

    path: Path
    rules: RulesFile
    accounts: dict[Path, frozenset[str]] = field(default_factory=dict)
    examples: dict[Path, Examples] = field(default_factory=dict)  # meaning files, by resolved path
    routine_files: list[Examples] = field(default_factory=list)  # settings.routine_examples, in order

    @property
    def routine(self) -> Examples | None:
        """Every routine example of the files together (the first of any repeated text)."""
        if not self.routine_files:
            return None
        if len(self.routine_files) == 1:
            return self.routine_files[0]
        texts: dict[str, tuple[str, int]] = {}
        for found in self.routine_files:
            for text, line in zip(found.texts, found.lines, strict=True):
                texts.setdefault(text.casefold(), (text, line))
        first = self.routine_files[0]
        return Examples(path=first.path, name=" + ".join(f.name for f in self.routine_files),
                        texts=tuple(t for t, _ in texts.values()), lines=tuple(n for _, n in texts.values()))

    @property
    def watched_files(self) -> set[Path]:
        """Files whose change must reload the rules: the rules file, account lists, example files."""
        extra = [*self.accounts, *self.examples, *(f.path for f in self.routine_files)]
        return {self.path.resolve(), *(p.resolve() for p in extra)}


def check_rules_file(path: Path) -> list[str]:
    """Problems in a rules file as `file:line: reason` lines; empty when the file is fine."""
    try:
        read_rules(path)
    except RulesError as exc:
        return exc.lines
    return []


def read_rules(path: Path) -> LoadedRules:
    """Parse and validate `path`; raise RulesError listing every problem with its line."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError([f"{name}:1: cannot read the rules file: {exc}"]) from None
    root, data = _parse_yaml(name, text)
    problems = list(_duplicate_keys(name, root))
    if problems:
        raise RulesError(problems)
    if not isinstance(data, dict):
        raise RulesError([f"{name}:{_line(root)}: expected a mapping with `settings:` and `tags:`"])
    try:
        rules = RulesFile.model_validate(data, context={"words": data.get("words")})
    except ValidationError as exc:
        raise RulesError(_validation_lines(name, root, exc)) from None
    problems = []
    seen: dict[str, int] = {}
    for i, tag in enumerate(rules.tags):
        if tag.name in seen:
            problems.append(_at(name, root, ("tags", i, "name"),
                                f"tag {tag.name!r} is defined twice (first at tags[{seen[tag.name]}])"))
        seen.setdefault(tag.name, i)
    for loc, condition in _conditions(rules):
        if condition.llm and not rules.tags[int(loc[1])].description.strip():
            problems.append(_at(name, root, (*loc, "llm"),
                                "`llm` judges the message against the tag's `description`: write one"))
    accounts: dict[Path, frozenset[str]] = {}
    for loc, condition in _conditions(rules):
        if condition.accounts_file is None:
            continue
        file = (path.parent / condition.accounts_file).resolve()
        try:
            accounts[file] = read_accounts(file)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(_at(name, root, (*loc, "accounts_file"),
                                f"cannot read accounts file {condition.accounts_file!r}: {exc.__class__.__name__}: "
                                f"{getattr(exc, 'strerror', None) or exc}"))
    examples, routine, example_problems = _read_meaning_files(name, root, rules, path.parent)
    problems.extend(example_problems)
    if problems:
        raise RulesError(sorted(problems, key=lambda p: (not p.startswith(name + ":"), _line_number(name, p))))
    return LoadedRules(path=path, rules=rules, accounts=accounts, examples=examples, routine_files=routine)


def _read_meaning_files(
    name: str, root: yaml.Node | None, rules: RulesFile, base: Path
) -> tuple[dict[Path, Examples], list[Examples], list[str]]:
    """The example files the `meaning` conditions name, and the routine negatives; problems as lines."""
    problems: list[str] = []
    examples: dict[Path, Examples] = {}
    uses: list[Loc] = []
    for loc, condition in _conditions(rules):
        if condition.meaning is None:
            continue
        uses.append((*loc, "meaning"))
        for named in condition.meaning.files:
            file = (base / named).resolve()
            if file in examples:
                continue
            examples[file], found = parse_examples(file, str(base / named))
            problems.extend(found)
    routine: list[Examples] = []
    for setting in rules.settings.routine_files:
        read, found = parse_examples((base / setting).resolve(), str(base / setting))
        routine.append(read)
        problems.extend(found)
    if not routine and uses:
        problems.append(_at(name, root, uses[0], "`meaning` needs `settings.routine_examples`: a file of "
                                                  "routine messages every meaning is told apart from"))
    for negatives in routine:
        routine_texts = {t.casefold(): t for t in negatives.texts}
        for tagged in examples.values():
            for text, line in zip(tagged.texts, tagged.lines, strict=True):
                twin = routine_texts.get(text.casefold())
                if twin is not None:
                    problems.append(f"{tagged.name}:{line}: also a routine example "
                                    f"({negatives.name}:{negatives.line_of(twin)}); an example can't be both")
    return examples, routine, problems



def _line_number(name: str, problem: str) -> int:
    try:
        return int(problem[len(name) + 1 :].split(":", 1)[0])
    except ValueError:
        return 0


def read_accounts(path: Path) -> frozenset[str]:
    """Account ids from a text file, one per line; blank lines and `#` comments are ignored."""
    ids = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(i for i in ids if i)


def _parse_yaml(name: str, text: str) -> tuple[yaml.Node | None, Any]:
    try:
        loader = yaml.SafeLoader(text)  # checks the characters already
    except yaml.YAMLError as exc:
        raise RulesError([yaml_error_text(name, text, exc)]) from None
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        raise RulesError([yaml_error_text(name, text, exc)]) from None
    finally:
        loader.dispose()
    if root is None:
        raise RulesError([f"{name}:1: the file is empty; expected `tags:` with at least one tag"])
    return root, data


def _duplicate_keys(name: str, node: yaml.Node | None) -> Iterator[str]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    yield f"{name}:{key.start_mark.line + 1}: key `{key.value}` appears twice in the same mapping"
                seen.add(key.value)
            yield from _duplicate_keys(name, value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(name, item)


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _walk(root: yaml.Node | None, loc: Loc) -> tuple[yaml.Node | None, list[str | int], bool]:
    """The YAML node a pydantic location points at, the path as written, and whether the last key was found."""
    node = root
    shown: list[str | int] = []
    found_last = True
    for part in loc:
        found_last = False
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    node, found_last = value, True
                    shown.append(part)
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node, found_last = node.value[part], True
            shown.append(part)
    return node, shown, found_last


def _format_path(shown: list[str | int], root: yaml.Node | None) -> str:
    out = ""
    for part in shown:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    # Name the tag too: "tags[3] (fraud)" is easier to find than "tags[3]".
    if len(shown) >= 2 and shown[0] == "tags" and isinstance(shown[1], int):
        tag_node, _, _ = _walk(root, ("tags", shown[1], "name"))
        if isinstance(tag_node, yaml.ScalarNode):
            prefix = f"tags[{shown[1]}]"
            out = out.replace(prefix, f"{prefix} ({tag_node.value})", 1)
    return out


def _at(name: str, root: yaml.Node | None, loc: Loc, reason: str) -> str:
    node, shown, _ = _walk(root, loc)
    where = _format_path(shown, root)
    return f"{name}:{_line(node)}: {where + ': ' if where else ''}{reason}"


def _validation_lines(name: str, root: yaml.Node | None, exc: ValidationError) -> list[str]:
    lines: list[str] = []
    seen: set[tuple[int, str]] = set()
    for error in exc.errors(include_url=False):
        loc = tuple(error.get("loc", ()))
        node, shown, found_last = _walk(root, loc)
        kind = error.get("type", "")
        reason = error_reason(error)
        if kind == "extra_forbidden" and loc:
            key = str(loc[-1])
            shown = shown[:-1] if found_last and shown else shown
            hint = difflib.get_close_matches(key, _ALL_KEYS, n=1)
            reason = f"unknown key `{key}`" + (f" (did you mean `{hint[0]}`?)" if hint else "")
        elif kind == "missing" and loc:
            reason = f"missing `{loc[-1]}`"
        line = _line(node)
        where = _format_path(shown, root)
        place = (line, where)
        if place in seen:  # a value that fits none of a union's shapes reports once per shape
            continue
        seen.add(place)
        lines.append(f"{name}:{line}: {where + ': ' if where else ''}{reason}")
    return lines


def _conditions(rules: RulesFile) -> Iterator[tuple[Loc, Condition]]:
    for i, tag in enumerate(rules.tags):
        yield from _condition_tree(("tags", i, "when"), tag.when)


def _condition_tree(loc: Loc, condition: Condition) -> Iterator[tuple[Loc, Condition]]:
    yield loc, condition
    for key, children in (("all", condition.all_), ("any", condition.any_)):
        for j, child in enumerate(children or ()):
            yield from _condition_tree((*loc, key, j), child)
    if condition.not_ is not None:
        yield from _condition_tree((*loc, "not"), condition.not_)


def model_keys(model: type[BaseModel]) -> list[str]:
    """The keys a schema model accepts (aliases where set), for messages and docs."""
    return [(f.alias or n) for n, f in model.model_fields.items()]
