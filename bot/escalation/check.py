"""`python -m bot rules check`: problems in a rules file as `file:line: reason` lines, each meaning's
threshold and how well it tells its examples from the routine ones (cross-validated), and with
`--compare` what an edit moved."""

from __future__ import annotations

from collections import Counter

from bot.escalation.engine import MeaningFigures, RulesEngine
from bot.escalation.loader import check_rules_file

__all__ = ["check_rules_file", "meaning_changes", "meaning_table"]

def _fires_at(row: MeaningFigures) -> str:
    return f"{row.threshold:.2f}" + (" (set)" if row.fixed else "")


def meaning_table(engine: RulesEngine) -> str:
    """One row per meaning condition and model: the tag, the probability it fires at (chosen by
    cross-validation, or set in the rules), and its held-out precision, recall and routine false
    positives."""
    rows = engine.ruleset.validation()
    if not rows:
        return ""
    out = [
        "meanings, cross-validated (5 folds: each example judged by a fit that never saw it)",
        "| tag | examples | model | examples (n) | routine (n) | fires at | precision | recall | routine fired on |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        v = row.validation
        out.append(f"| {row.tag} | {row.shown} | {row.model} | {v.positives} | {v.negatives} | {_fires_at(row)} "
                   f"| {v.precision:.2f} | {v.recall:.2f} | {v.false_positive_rate:.1%} |")
    return "\n".join(out)


def _keyed(rows: list[MeaningFigures]) -> dict[tuple[str, str, str, int], MeaningFigures]:
    """Rows by (tag, examples as the rules name them, model, how many such came before): the same
    condition in two versions of a rules file that live in different folders."""
    seen: Counter[tuple[str, str, str]] = Counter()
    keyed = {}
    for row in rows:
        key = (row.tag, row.examples, row.model)
        keyed[(*key, seen[key])] = row
        seen[key] += 1
    return keyed


def _moved(before: float, after: float, shown: str) -> str:
    """`after` as the table shows it, or `before → after` where the two read differently."""
    was, now = format(before, shown), format(after, shown)
    return now if was == now else f"{was} → {now}"


def meaning_changes(before: list[MeaningFigures], after: list[MeaningFigures]) -> str:
    """What an edit moved: one row per meaning condition and model whose threshold, recall or
    routine false positives changed, or that is new or gone. A tag's examples are the other tags'
    weak negatives, so an edit to one tag's file can nudge another's figures."""
    old, new = _keyed(before), _keyed(after)
    out = []
    for key, row in new.items():
        was = old.get(key)
        v = row.validation
        if was is None:
            out.append(f"| {row.tag} | {row.examples} | {row.model} | new: {_fires_at(row)} | {v.recall:.2f} "
                       f"| {v.false_positive_rate:.1%} |")
            continue
        w = was.validation
        cells = [_moved(was.threshold, row.threshold, ".2f"), _moved(w.recall, v.recall, ".2f"),
                 _moved(w.false_positive_rate, v.false_positive_rate, ".1%")]
        if not any("→" in cell for cell in cells):
            continue  # nothing moved at the precision the table shows
        fires = cells[0] + (" (set)" if row.fixed else "")
        out.append(f"| {row.tag} | {row.examples} | {row.model} | {fires} | {cells[1]} | {cells[2]} |")
    for key, was in old.items():
        if key not in new:
            out.append(f"| {was.tag} | {was.examples} | {was.model} | gone (was {_fires_at(was)}) | | |")
    if not out:
        return "compared: no meaning's threshold, recall or routine false positives moved"
    return "\n".join([
        "compared with the other rules file: what moved (before → after)",
        "| tag | examples | model | fires at | recall | routine fired on |",
        "| --- | --- | --- | ---: | ---: | ---: |",
        *out,
    ])
