"""Escalation: the admins' tag rules, sensitive-data masking, and the weekly report."""

from __future__ import annotations

from bot.escalation.engine import RulesEngine
from bot.escalation.loader import RulesError, check_rules_file

__all__ = ["RulesEngine", "RulesError", "check_rules_file"]
