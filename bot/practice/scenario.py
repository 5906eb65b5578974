"""Practice scenarios (`config/practice/*.yaml`, docs/practice.md#scenarios): who the customer is,
what they write before the handoff, the tags the handoff should carry, and the scripted answers
to staff replies. Strictly validated; a bad file is refused as one `file:line: key: reason` line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.models import Participant
from bot.validation import error_reason
from bot.yaml_errors import yaml_error_text

SCENARIO_DIR = Path("config/practice")
MAX_TEXT = 4000  # WEBCHAT_MAX_CHARS' default: a scripted message as long as a customer may write


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message is one line naming the file and the line."""


def _texts(values: list[str], what: str) -> list[str]:
    cleaned = [v.strip() for v in values]
    if any(not v for v in cleaned):
        raise ValueError(f"an empty {what}")
    return cleaned


class Customer(BaseModel):
    """Who the scripted customer is: a buyer, or a vendor with an account (and a tier)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["buyer", "vendor"]
    name: str = Field(min_length=1, max_length=80)
    account: str | None = Field(default=None, min_length=1, max_length=64)
    tier: str | None = Field(default=None, min_length=1, max_length=40)

    @model_validator(mode="after")
    def _vendor_account(self) -> Customer:
        if self.role == "vendor" and not self.account:
            raise ValueError("a vendor needs `account` (their vendor id, e.g. V-1001)")
        if self.role == "buyer" and self.tier:
            raise ValueError("`tier` is for vendors only")
        return self

    def participant(self) -> Participant:
        """The customer as the core sees them: signed in (verified) when they have an account."""
        return Participant(role=self.role, account_id=self.account, display_name=self.name,
                           tier=self.tier, verified=self.account is not None)

    def describe(self) -> str:
        """`Mira Jansen, buyer, account B-2001`."""
        bits = [self.name, self.role]
        if self.account:
            bits.append(f"account {self.account}")
        if self.tier:
            bits.append(f"tier {self.tier}")
        return ", ".join(bits)


class ScriptedAnswer(BaseModel):
    """One answer of the customer to a staff reply: said when the reply contains one of `when`'s
    words (at the start of a word, any case), or, without `when`, as the next answer in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    when: list[str] | None = Field(default=None, min_length=1)
    say: str = Field(min_length=1, max_length=MAX_TEXT)

    @field_validator("when")
    @classmethod
    def _words(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _texts(value, "word")

    @field_validator("say")
    @classmethod
    def _said(cls, value: str) -> str:
        return _texts([value], "answer")[0]

    def fits(self, reply: str) -> bool:
        """Whether a staff reply contains one of this answer's words."""
        folded = reply.casefold()
        return any(re.search(r"(?<!\w)" + re.escape(word.casefold()), folded) for word in self.when or ())


class Scenario(BaseModel):
    """A practice escalation: the customer, their opening messages, the tags the handoff should
    carry, and their scripted answers until staff close the conversation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")
    title: str = Field(min_length=1, max_length=120)
    goal: str | None = Field(default=None, max_length=1000)
    customer: Customer
    opening: list[str] = Field(min_length=1, max_length=10)
    expect_tags: list[str] = Field(min_length=1)
    replies: list[ScriptedAnswer] = Field(min_length=1)
    fallback: str = Field(min_length=1, max_length=MAX_TEXT)

    @field_validator("opening")
    @classmethod
    def _opening(cls, value: list[str]) -> list[str]:
        cleaned = _texts(value, "message")
        if any(len(text) > MAX_TEXT for text in cleaned):
            raise ValueError(f"a message longer than {MAX_TEXT} characters")
        return cleaned

    @field_validator("expect_tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        cleaned = _texts(value, "tag")
        twice = sorted({t for t in cleaned if cleaned.count(t) > 1})
        if twice:
            raise ValueError(f"tags listed twice: {', '.join(twice)}")
        return cleaned


_KEYS = sorted({*Scenario.model_fields, *Customer.model_fields, *ScriptedAnswer.model_fields})


@dataclass(frozen=True, slots=True)
class ScenarioFile:
    """A validated scenario and where it came from (for errors found later, such as unknown tags)."""

    path: Path
    scenario: Scenario
    expect_tags_line: int

    def unknown_tags(self, known: Sequence[str]) -> str | None:
        """The error line when `expect_tags` names a tag the rules don't have, else None."""
        missing = [t for t in self.scenario.expect_tags if t not in known]
        if not missing:
            return None
        close = difflib.get_close_matches(missing[0], known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return (f"{self.path}:{self.expect_tags_line}: expect_tags: the rules have no tag {missing[0]!r}{hint}; "
                f"their tags are {', '.join(known)}")


def load_scenario(path: Path) -> ScenarioFile:
    """Read and validate one scenario file; raises ScenarioError (one line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        shown = yaml_error_text(path, text, exc).splitlines()
        hint = next((line.strip() for line in shown[1:] if line.strip().startswith("hint:")), "")
        raise ScenarioError(shown[0] + (f" ({hint})" if hint else "")) from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}:1: expected a mapping with name, title, customer, opening, expect_tags, "
                            "replies and fallback")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ScenarioError(_error_line(path, root, errors[0]) + more) from None
    if scenario.name != path.stem:
        raise ScenarioError(f"{path}:{_line_of(root, ('name',))}: name: {scenario.name!r} must be the file's "
                            f"name ({path.stem!r}), so that `--scenario {path.stem}` finds it")
    return ScenarioFile(path, scenario, _line_of(root, ("expect_tags",)))


def scenario_paths(folder: Path) -> list[Path]:
    """The scenario files in `folder`, by name."""
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_all(folder: Path) -> list[ScenarioFile]:
    """Every scenario in `folder`; raises ScenarioError for the first bad one (or none at all)."""
    paths = scenario_paths(folder)
    if not paths:
        raise ScenarioError(f"{folder}: no scenarios (*.yaml) here")
    return [load_scenario(path) for path in paths]


def find_scenario(folder: Path, name: str) -> ScenarioFile:
    """The scenario called `name` in `folder`; raises ScenarioError naming the ones there are."""
    path = folder / f"{name}.yaml"
    if not path.is_file():
        there = ", ".join(p.stem for p in scenario_paths(folder)) or "none"
        raise ScenarioError(f"--scenario: no scenario {name!r} in {folder} (there are: {there})")
    return load_scenario(path)


class Script:
    """The scripted customer after the handoff: one answer per staff reply, each used once."""

    def __init__(self, scenario: Scenario) -> None:
        self._left = list(scenario.replies)
        self._fallback = scenario.fallback

    def answer(self, reply: str) -> str:
        """The customer's answer to a staff reply: the first unused answer whose words it contains,
        else the next unused answer without words, else the scenario's fallback."""
        chosen = next((a for a in self._left if a.when and a.fits(reply)), None)
        if chosen is None:
            chosen = next((a for a in self._left if not a.when), None)
        if chosen is None:
            return self._fallback
        self._left.remove(chosen)
        return chosen.say


def _error_line(path: Path, root: yaml.Node | None, error: Any) -> str:
    loc = tuple(error.get("loc", ()))
    kind = error.get("type", "")
    reason = error_reason(error)
    where_loc = loc
    if kind == "extra_forbidden" and loc:
        key = str(loc[-1])
        hint = difflib.get_close_matches(key, _KEYS, n=1)
        reason = f"unknown key `{key}`" + (f" (did you mean `{hint[0]}`?)" if hint else "")
        where_loc = loc[:-1]
        line = _key_line(root, loc) or _line_of(root, where_loc)
    elif kind == "missing" and loc:
        reason = f"missing `{loc[-1]}`"
        where_loc = loc[:-1]
        line = _line_of(root, where_loc)
    else:
        line = _line_of(root, loc)
    where = _where(where_loc)
    return f"{path}:{line}: {where + ': ' if where else ''}{reason}"


def _where(loc: tuple[Any, ...]) -> str:
    """A location as written in the file: `replies[1].when`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _node(root: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    node = root
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            return node
        node = child
    return node


def _line_of(root: yaml.Node | None, loc: tuple[Any, ...]) -> int:
    """The line of the YAML node a location points at (or of its nearest parent)."""
    node = _node(root, loc)
    return node.start_mark.line + 1 if node is not None else 1


def _key_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The line of the key `loc[-1]` in the mapping at `loc[:-1]` (an unknown key's own line)."""
    parent = _node(root, loc[:-1])
    if isinstance(parent, yaml.MappingNode):
        for key, _ in parent.value:
            if getattr(key, "value", None) == loc[-1]:
                return key.start_mark.line + 1
    return None
