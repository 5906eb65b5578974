"""`python -m bot rules check`: problems in a rules file as `file:line: reason` lines, and how well
each meaning tells its examples from the routine ones (cross-validated)."""

from __future__ import annotations

from bot.escalation.engine import RulesEngine
from bot.escalation.loader import check_rules_file

__all__ = ["check_rules_file", "meaning_table"]


def meaning_table(engine: RulesEngine) -> str:
    """One row per meaning file and model: held-out precision, recall and routine false positives."""
    rows = engine.ruleset.validation()
    if not rows:
        return ""
    out = [
        "meanings, cross-validated (5 folds: each example judged by a fit that never saw it)",
        "| examples | model | examples (n) | routine (n) | precision | recall | routine fired on |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, model, v in rows:
        out.append(f"| {name} | {model} | {v.positives} | {v.negatives} | {v.precision:.2f} | {v.recall:.2f} "
                   f"| {v.false_positive_rate:.1%} |")
    return "\n".join(out)
