"""`python -m bot rules check`: problems in a rules file as `file:line: reason` lines."""

from __future__ import annotations

from bot.escalation.loader import check_rules_file

__all__ = ["check_rules_file"]
