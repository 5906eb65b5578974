"""The brain: answers from the help centre with sources and a confidence (see docs/brain.md)."""

from __future__ import annotations

from typing import Any

__all__ = ["BrainSetupError", "build_index_cli", "create_brain"]


def __getattr__(name: str) -> Any:
    # Lazy, so that importing `bot.brain.base` does not load FAISS, scikit-learn and friends.
    if name in __all__:
        from bot.brain import factory

        return getattr(factory, name)
    raise AttributeError(name)
