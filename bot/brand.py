"""The brand voice from `config/brand.yaml`: the bot's name, tone and the fixed things it says."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import yaml


class BrandError(Exception):
    """brand.yaml is unreadable or has a field of the wrong kind; the message names it."""


@dataclass(frozen=True, slots=True)
class Brand:
    """Everything the brain says in the marketplace's own words (defaults for a missing file or key)."""

    bot_name: str = "Baton"
    marketplace: str = "the marketplace"
    tone: str = "friendly, clear and concise"
    greeting: str = ""
    sign_off: str = ""
    handoff_message: str = "I'm passing you to a member of our team; someone will reply here within {minutes} minutes."
    handoff_closed_message: str = "Our team has closed this conversation. I'm here if you need anything else."
    no_answer_message: str = "I'm sorry, I couldn't find an answer to that in our help centre."
    waiting_message: str = "Thanks for waiting: a member of our team will be with you shortly."
    failed_message: str = "Something went wrong on our side. Your message is saved and our team can see it."

    @classmethod
    def load(cls, path: Path) -> Brand:
        """Read brand.yaml; a missing file gives the defaults, a bad one raises BrandError."""
        if not path.exists():
            return cls()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise BrandError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None
        if not isinstance(data, dict):
            raise BrandError(f"{path}: expected a mapping of brand fields")
        known = {f.name for f in fields(cls)}
        values: dict[str, str] = {}
        for key, value in data.items():
            if key not in known:
                continue  # other parts of Baton may keep their own keys here
            if not isinstance(value, str):
                raise BrandError(f"{path}: '{key}' must be text")
            values[key] = value.strip()
        brand = cls(**values)
        try:
            brand.handoff_message.format(minutes=5)
        except (KeyError, IndexError, ValueError):
            raise BrandError(f"{path}: 'handoff_message' may only use the placeholder {{minutes}}") from None
        return brand

    def handoff(self, minutes: int | float | None = None) -> str:
        """The handoff message with the expected wait filled in (15 minutes when unknown)."""
        return self.handoff_message.format(minutes=max(1, round(minutes)) if minutes else 15)
