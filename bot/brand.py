"""The marketplace's brand voice (`config/brand.yaml`): names, tone and the fixed customer texts."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict


class Brand(BaseModel):
    """Words the bot says to customers in the marketplace's voice."""

    model_config = ConfigDict(extra="ignore")

    bot_name: str = "Harbor Helper"
    marketplace: str = "Harbor Market"
    tone: str = "Warm, clear and brief."
    greeting: str = "Hi! How can I help?"
    sign_off: str = ""
    handoff_message: str = "I've passed this to a teammate, who will reply here within about {minutes} minutes."
    handoff_closed_message: str = "Our teammate has closed this conversation. I'm back if you need anything else."
    no_answer_message: str = "I'm not sure about that one. I can pass you to a teammate if you like."
    waiting_message: str = "Thanks, I've added that to your conversation; a teammate will see it."

    def handoff_text(self, minutes: float | None) -> str:
        """The handoff message with the expected reply time filled in."""
        shown = int(minutes) if minutes else 30
        try:
            return self.handoff_message.format(minutes=shown)
        except (KeyError, IndexError, ValueError):
            return self.handoff_message


def load_brand(path: Path) -> Brand:
    """Read the brand file; a missing file gives the defaults."""
    if not path.exists():
        return Brand()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Brand.model_validate(data)
