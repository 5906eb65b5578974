"""Handoff by meaning: a tag learns from example messages kept in git, in the customer's language,
explains why it fired, refuses a bad example file with its line, and picks up edits while running."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.brain.embeddings import LocalEmbedder
from bot.brain.encoders import TextEncoders, shared_multilingual
from bot.escalation import meaning as meaning_module
from bot.escalation.base import RuleInput
from bot.escalation.check import meaning_changes, meaning_table
from bot.escalation.engine import RulesEngine
from bot.escalation.loader import RulesError, check_rules_file, read_rules
from bot.escalation.meaning import NEIGHBOUR_SLACK, FittedMeaning, neighbour_gap
from bot.identity import sign_identity, verify_identity
from bot.language import LanguageDetector
from bot.models import Decision, Participant
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
BUYER = Participant(role="buyer", account_id="b-1")

REFUND_EXCEPTIONS = """\
# Customers who want an exception to the returns policy for their own order.
I know it's past the 30 days but could you still take the jacket back?
The return window closed yesterday, please make an exception, I was in hospital
Can you accept my return even though it's a week late?
my refund period ran out while I was travelling, any chance you'd still refund me
Please let me send the boots back after the deadline, just this once
I missed the return deadline by two days, can someone approve it anyway
The shop says it's too late to return but I'd like you to allow it as a one-off
Would you bend the rules and let me return this late? It never fit
Sé que pasó el plazo de devolución, ¿podéis aceptarla igualmente?
Die Rückgabefrist ist abgelaufen, könnt ihr bitte eine Ausnahme machen?
Le délai de retour est dépassé, pouvez-vous faire une exception ?
"""

ROUTINE = """\
# Routine questions the help centre answers.
How long is the return window?
how do I return an item
Where is my parcel?
When will my refund arrive?
Can I pay with PayPal?
how do I change my delivery address
Do you ship to Austria?
What does the buyer protection cover?
How do I print a return label?
is the return free?
what are your opening hours
how do I reset my password
Can I cancel my order?
How do I contact a seller?
Where do I find my invoice?
do gift cards expire
What happens after I send a return?
how long do refunds take to PayPal
Which items can't be returned?
How do I track my order?
¿Cuánto tiempo tengo para devolver un artículo?
Wie lange dauert die Erstattung?
Comment suivre ma commande ?
"""

RULES = """\
settings:
  routine_examples: meaning/routine.txt
  high_value_tiers: [Gold, platinum]
tags:
  - name: policy-exception
    handoff: true
    route: returns-team
    when:
      meaning: meaning/exceptions.txt
  - name: spanish-speaker
    route: support-es
    when:
      language: es
  - name: key-account
    handoff: true
    when:
      all:
        - high_value: true
        - confidence_below: 0.9
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    write(tmp_path / "meaning" / "exceptions.txt", REFUND_EXCEPTIONS)
    write(tmp_path / "meaning" / "routine.txt", ROUTINE)
    write(tmp_path / "rules.yaml", RULES)
    return tmp_path


@pytest.fixture(scope="session")
def encoders(embedder: LocalEmbedder) -> TextEncoders:
    """MiniLM reads English, the multilingual model the rest (as a process with default settings)."""
    return TextEncoders(main=embedder, multilingual=shared_multilingual(), detector=LanguageDetector())


async def decide(engine: RulesEngine, text: str, who: Participant = BUYER, confidence: float | None = None) -> Decision:
    masked, kinds = engine.mask(text)
    return await engine.evaluate(RuleInput(text=masked, participant=who, channel="webchat",
                                           confidence=confidence, sensitive_found=kinds))


async def test_a_tag_learns_its_meaning_from_examples_and_says_why(rules_dir: Path, encoders: TextEncoders) -> None:
    engine = RulesEngine.from_file(rules_dir / "rules.yaml", encoders)
    asked = await decide(engine, "The 14 days for returns are over, but could you make an exception for my lamp?")
    assert asked.handoff and asked.tags == ["policy-exception"] and asked.route == "returns-team"
    reason = asked.reasons[0]
    assert reason.condition == "meaning"
    assert "meaning/exceptions.txt" in reason.detail and "nearest example:" in reason.detail
    # The same topic asked as a question the help centre answers stays with the bot.
    for routine in ("How many days do I have to return something?", "how do returns work"):
        assert not (await decide(engine, routine, confidence=0.9)).handoff, routine


async def test_a_spanish_message_is_read_by_the_multilingual_model_and_can_be_routed(
    rules_dir: Path, encoders: TextEncoders
) -> None:
    engine = RulesEngine.from_file(rules_dir / "rules.yaml", encoders)
    decision = await decide(engine, "Ya pasó el plazo para devolver la lámpara, ¿me hacéis una excepción por favor?")
    assert decision.tags == ["policy-exception", "spanish-speaker"]
    assert decision.route == "returns-team"  # the handoff tag routes; the language tag labels
    assert any(r.condition == "language" and r.detail == "language es" for r in decision.reasons)
    english = await decide(engine, "Where is my parcel? It should have arrived on Monday.", confidence=0.9)
    assert english.tags == []


def test_languages_are_told_apart_on_short_chat_messages() -> None:
    detector = LanguageDetector()
    assert detector.detect("¿Dónde está mi pedido? Lo compré hace una semana") == "es"
    assert detector.detect("Wo bleibt mein Paket, es sollte gestern kommen") == "de"
    assert detector.detect("Bonjour, je n'ai toujours pas reçu mon remboursement") == "fr"
    assert detector.detect("Where is my parcel, it should have come yesterday") == "en"
    assert detector.detect("ok") == "en"  # too short to tell: the default language


def test_the_cross_validated_figures_are_shown_per_meaning(rules_dir: Path, encoders: TextEncoders) -> None:
    engine = RulesEngine.from_file(rules_dir / "rules.yaml", encoders)
    table = meaning_table(engine)
    rows = [line for line in table.splitlines() if "exceptions.txt" in line]
    assert len(rows) == 2  # one per model
    # Every cell after the counts is a figure; the multilingual model fits all 11 examples.
    assert any("| 11 | 23 |" in row for row in rows)


def test_the_table_names_each_meanings_tag_and_the_probability_it_fires_at(rules_dir: Path,
                                                                           encoders: TextEncoders) -> None:
    write(rules_dir / "rules.yaml", RULES.replace("meaning: meaning/exceptions.txt",
                                                  "meaning: {examples: meaning/exceptions.txt, threshold: 0.7}"))
    engine = RulesEngine.from_file(rules_dir / "rules.yaml", encoders)
    rows = [line for line in meaning_table(engine).splitlines() if "exceptions.txt" in line]
    assert len(rows) == 2 and all(row.startswith("| policy-exception | ") and "| 0.70 (set) |" in row for row in rows)


def test_compare_says_which_thresholds_an_edit_moved(rules_dir: Path, encoders: TextEncoders, tmp_path: Path) -> None:
    """An admin adding one routine line sees every meaning it moved, not only the tag they edited."""
    before = RulesEngine.from_file(rules_dir / "rules.yaml", encoders).ruleset.validation()
    assert meaning_changes(before, before) == "compared: no meaning's threshold, recall or routine false positives moved"
    edited = tmp_path / "edited"
    write(edited / "meaning" / "exceptions.txt", REFUND_EXCEPTIONS)
    # Routine questions that sit close to the exceptions: held out, they fire, so the threshold rises.
    write(edited / "meaning" / "routine.txt", ROUTINE + "Can I return it after 30 days?\n"
          "what happens if the return deadline has passed\nIs a late return ever accepted?\n")
    write(edited / "rules.yaml", RULES)
    after = RulesEngine.from_file(edited / "rules.yaml", encoders).ruleset.validation()
    changes = meaning_changes(before, after).splitlines()
    moved = [line for line in changes if line.startswith("| policy-exception | meaning/exceptions.txt | ")]
    assert moved, changes
    old = {(f.model, round(f.threshold, 2)) for f in before}
    for line in moved:
        fires_at = line.split(" | ")[3]
        if "→" in fires_at:
            first, second = (float(x) for x in fires_at.split(" → "))
            assert first < second and any(round(first, 2) == t for _, t in old)
    assert any("→" in line.split(" | ")[3] for line in moved), "the threshold moved for at least one model"


def test_a_meaning_that_fires_among_routine_examples_does_not_hold() -> None:
    """A linear boundary may put a message on the tag's side while it sits among routine
    questions; the tag holds only where its own examples are about as near as the routine ones."""
    axes = np.eye(4, dtype=np.float32)
    tag_examples = np.stack([axes[0], (axes[0] + 0.2 * axes[1]) / np.linalg.norm(axes[0] + 0.2 * axes[1]), axes[1]])
    routine = np.stack([axes[2], axes[3], (axes[2] + axes[3]) / np.sqrt(2)])
    fitted = FittedMeaning(weights=np.ones(4, dtype=np.float32), bias=0.0, threshold=0.5, examples=("a", "b", "c"),
                           example_vectors=tag_examples, validation=None, routine_vectors=routine)  # type: ignore[arg-type]
    near_tag = (axes[0] + 0.1 * axes[2]) / np.linalg.norm(axes[0] + 0.1 * axes[2])
    near_routine = (axes[2] + 0.1 * axes[0]) / np.linalg.norm(axes[2] + 0.1 * axes[0])
    assert fitted.probability(near_tag) > 0.5 and fitted.probability(near_routine) > 0.5, "both on the tag's side"
    assert not fitted.among_routine(near_tag)
    assert fitted.among_routine(near_routine)
    assert neighbour_gap(near_routine, tag_examples, routine) > NEIGHBOUR_SLACK


def test_a_bad_example_file_is_refused_with_its_lines(rules_dir: Path) -> None:
    examples = rules_dir / "meaning" / "exceptions.txt"
    write(examples, REFUND_EXCEPTIONS + "can you accept my return even though it's a week LATE?\nHow long is the return window?\n")
    lines = check_rules_file(rules_dir / "rules.yaml")
    shown = str(rules_dir / "meaning" / "exceptions.txt")
    assert lines == [
        f"{shown}:13: the same example as line 4",
        f"{shown}:14: also a routine example ({rules_dir / 'meaning' / 'routine.txt'}:2); an example can't be both",
    ]
    write(examples, "# too few\nplease make an exception\n")
    assert check_rules_file(rules_dir / "rules.yaml") == [
        f"{shown}:1: 1 example(s); a meaning needs at least 8 (20-50 is good)"]
    examples.unlink()
    [missing] = check_rules_file(rules_dir / "rules.yaml")
    assert missing.startswith(f"{shown}:1: cannot read the examples file")


def test_a_meaning_without_routine_examples_names_the_condition(rules_dir: Path) -> None:
    write(rules_dir / "rules.yaml", RULES.replace("  routine_examples: meaning/routine.txt\n", ""))
    with pytest.raises(RulesError) as caught:
        RulesEngine.from_file(rules_dir / "rules.yaml", None)
    assert caught.value.lines == [
        f"{rules_dir / 'rules.yaml'}:8: tags[0] (policy-exception).when.meaning: `meaning` needs "
        "`settings.routine_examples`: a file of routine messages every meaning is told apart from"]


async def test_the_vendor_tier_comes_from_the_signed_identity(rules_dir: Path, encoders: TextEncoders) -> None:
    engine = RulesEngine.from_file(rules_dir / "rules.yaml", encoders)
    token = sign_identity("secret", account_id="V-9", role="vendor", tier="platinum")
    platinum = verify_identity("secret", token)
    unsure = await decide(engine, "how do I set holiday mode", platinum, confidence=0.7)
    assert unsure.tags == ["key-account"]
    assert unsure.reasons[0].detail == "vendor tier platinum is high-value"
    assert not (await decide(engine, "how do I set holiday mode", platinum, confidence=0.95)).handoff
    bronze = verify_identity("secret", sign_identity("secret", account_id="V-8", role="vendor", tier="bronze"))
    assert not (await decide(engine, "how do I set holiday mode", bronze, confidence=0.7)).handoff
    # A buyer claiming a tier is not a vendor.
    buyer = Participant(role="buyer", account_id="B-1", tier="platinum", verified=True)
    assert not (await decide(engine, "how do I set holiday mode", buyer, confidence=0.7)).handoff


async def test_an_added_example_is_live_within_seconds(rules_dir: Path, encoders: TextEncoders) -> None:
    engine = RulesEngine.from_file(rules_dir / "rules.yaml", encoders)
    new_example = "our parrot shredded the parcel 40 days ago, please take the return after the deadline anyway"
    await engine.start()
    try:
        examples = rules_dir / "meaning" / "exceptions.txt"
        examples.write_text(examples.read_text(encoding="utf-8") + new_example + "\n", encoding="utf-8")
        started = time.monotonic()
        while time.monotonic() - started < 10:
            if new_example in engine.ruleset.meanings[0].texts:
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the edited examples file was not reloaded within 10 s")
        # The reloaded meaning is fitted before it goes live, and names the new example.
        decision = await decide(engine, new_example)
        assert decision.tags[:1] == ["policy-exception"]
        assert f'nearest example: "{new_example}" (1.00)' in decision.reasons[0].detail
    finally:
        await engine.stop()


async def test_without_the_models_only_the_conditions_that_need_none_fire(rules_dir: Path, encoders: TextEncoders) -> None:
    """How a message written after the handoff is read (`models=False`): no embedding, so a
    meaning does not fire, while conditions on the words and the identity still do."""
    engine = RulesEngine.from_file(rules_dir / "rules.yaml", encoders)
    late = "The 14 days for returns are over, but could you make an exception for my lamp?"
    masked, kinds = engine.mask(late)
    rule_input = RuleInput(text=masked, participant=BUYER, channel="webchat", sensitive_found=kinds)
    assert (await engine.evaluate(rule_input)).tags == ["policy-exception"]
    assert (await engine.evaluate(rule_input, models=False)).tags == []
    spanish = RuleInput(text="¿Podéis aceptar la devolución aunque pasó el plazo?", participant=BUYER,
                        channel="webchat")
    assert (await engine.evaluate(spanish, models=False)).tags == ["spanish-speaker"]


def near_rules(rules_dir: Path, encoders: TextEncoders, strict_when: str) -> RulesEngine:
    """Rules with a meaning too strict to fire (`strict_when`) and a handoff for an unanswered
    message near a meaning; Gold vendors are high-value."""
    write(rules_dir / "rules.yaml", f"""\
        settings:
          routine_examples: meaning/routine.txt
          high_value_tiers: [Gold]
        tags:
          - name: strict-exception
            handoff: true
            when: {strict_when}
          - name: unsure-and-near
            handoff: true
            when:
              all:
                - confidence_below: 0.5
                - meaning_near: 0.5
        """)
    return RulesEngine.from_file(rules_dir / "rules.yaml", encoders)


async def test_meaning_near_tells_an_unanswered_message_near_a_meaning_from_a_routine_one(
    rules_dir: Path, encoders: TextEncoders
) -> None:
    """`meaning_near` fires within a share of a meaning's threshold; here the meaning itself is set
    too strict to fire, so only its closeness shows."""
    engine = near_rules(rules_dir, encoders, "{meaning: {examples: meaning/exceptions.txt, threshold: 0.999}}")
    near = await decide(engine, "it's a few days past the return window, could you still take my lamp back?",
                        confidence=0.2)
    assert near.tags == ["unsure-and-near"], [str(r) for r in near.reasons]
    detail = next(r.detail for r in near.reasons if r.condition == "meaning_near")
    assert detail.startswith("closest meaning meaning/exceptions.txt:") and "of its threshold" in detail
    assert not (await decide(engine, "it's a few days past the return window, could you still take my lamp back?",
                             confidence=0.9)).handoff, "answered with confidence: no handoff"
    routine = await decide(engine, "what are your opening hours on Sundays?", confidence=0.2)
    assert routine.tags == [], "unanswered but nothing like a meaning: the bot offers a person instead"


async def test_a_meaning_kept_for_high_value_vendors_is_not_near_for_a_buyer(
    rules_dir: Path, encoders: TextEncoders
) -> None:
    """A buyer's unanswered question is not handed off for coming near a meaning that only a
    high-value vendor's message can fire; the same message from a Gold vendor is."""
    engine = near_rules(rules_dir, encoders, "{all: [{high_value: true}, "
                                             "{meaning: {examples: meaning/exceptions.txt, threshold: 0.999}}]}")
    late_return = "it's a few days past the return window, could you still take my lamp back?"
    buyer = await decide(engine, late_return, confidence=0.2)
    assert buyer.tags == [], [str(r) for r in buyer.reasons]
    gold = Participant(role="vendor", account_id="V-1", tier="Gold", verified=True)
    vendor = await decide(engine, late_return, who=gold, confidence=0.2)
    assert vendor.tags == ["unsure-and-near"], [str(r) for r in vendor.reasons]
    detail = next(r.detail for r in vendor.reasons if r.condition == "meaning_near")
    assert detail.startswith("closest meaning meaning/exceptions.txt:")


def test_routine_examples_can_be_several_files(rules_dir: Path) -> None:
    """A marketplace keeps the shipped routine file and adds its own questions in a second one."""
    own = write(rules_dir / "our_routine.txt", "\n".join(
        ["When does the Tuesday payout reach my bank?", "Which couriers collect bikes?",
         "how do I download my invoice", "what does Gold seller level give me",
         "can I pay with Klarna", "where do I enter a voucher", "how long do refunds take",
         "do you ship to the UK"]) + "\n")
    rules = (rules_dir / "rules.yaml").read_text(encoding="utf-8").replace(
        "routine_examples: meaning/routine.txt", "routine_examples: [meaning/routine.txt, our_routine.txt]")
    write(rules_dir / "rules.yaml", rules)
    loaded = read_rules(rules_dir / "rules.yaml")
    assert loaded.routine is not None and "Which couriers collect bikes?" in loaded.routine.texts
    assert "How long is the return window?" in loaded.routine.texts
    assert own.resolve() in loaded.watched_files, "an edit to the marketplace's own file reloads the rules"
    write(own, own.read_text(encoding="utf-8") + "can I pay with Klarna\n")
    assert check_rules_file(rules_dir / "rules.yaml") == [
        f"{rules_dir / 'our_routine.txt'}:9: the same example as line 5"]


def test_the_example_vectors_are_kept_where_bot_model_cache_says(
    rules_dir: Path, encoders: TextEncoders, tmp_path: Path
) -> None:
    # An operator whose working folder is read-only points BOT_MODEL_CACHE at a writable volume.
    settings = Settings(_env_file=None, BOT_MODEL_CACHE=str(tmp_path / "models"))  # type: ignore[call-arg]
    RulesEngine.from_file(rules_dir / "rules.yaml", replace(encoders, model_cache=settings.model_cache))
    kept = sorted(p.name for p in (tmp_path / "models").iterdir() if p.name != "meaning-fits")
    assert kept == sorted(f"examples-{e.model_name}.npz" for e in encoders.all), kept


def figures(engine: RulesEngine) -> list[tuple[str, str, float, object]]:
    """Each meaning's tag, model, threshold and cross-validated figures."""
    return [(row.tag, row.model, row.threshold, row.validation) for row in engine.ruleset.validation()]


def test_the_meanings_are_fitted_once_and_read_back_after_a_restart(
    rules_dir: Path, encoders: TextEncoders, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cached = replace(encoders, model_cache=tmp_path / "models")
    meaning_module._FITS.clear()  # as in a process that has fitted nothing yet
    first = RulesEngine.from_file(rules_dir / "rules.yaml", cached)
    stored = sorted((tmp_path / "models" / "meaning-fits").glob("*.npz"))
    assert len(stored) == len(first.ruleset.validation()) == 2, "one fit per meaning and model"
    written = [p.stat().st_mtime_ns for p in stored]
    meaning_module._FITS.clear()  # a restart
    again = RulesEngine.from_file(rules_dir / "rules.yaml", cached)
    assert figures(again) == figures(first)
    assert [p.stat().st_mtime_ns for p in stored] == written, "read back, not fitted and written again"
    stored[0].write_bytes(b"half a file")
    meaning_module._FITS.clear()
    with caplog.at_level(logging.WARNING, logger="bot.escalation.meaning"):
        repaired = RulesEngine.from_file(rules_dir / "rules.yaml", cached)
    assert "unreadable" in caplog.text and figures(repaired) == figures(first)


def test_fits_no_rules_use_any_more_are_deleted_after_a_month_and_those_in_use_are_kept(
    rules_dir: Path, encoders: TextEncoders, tmp_path: Path
) -> None:
    """Every edit of the examples makes new fits: the folder must not grow for ever, nor lose a
    fit the rules still use (another process, with other rules, keeps its own fits fresh)."""
    cached = replace(encoders, model_cache=tmp_path / "models")
    meaning_module._FITS.clear()
    RulesEngine.from_file(rules_dir / "rules.yaml", cached)
    folder = tmp_path / "models" / "meaning-fits"
    ours = sorted(folder.glob("*.npz"))
    assert len(ours) == 2
    month_and_more = time.time() - 40 * 86_400
    for path in ours:  # the rules' own fits, written long ago and read back from memory since
        os.utime(path, (month_and_more, month_and_more))
    forgotten = folder / ("0" * 64 + ".npz")  # a fit of examples edited away long ago
    forgotten.write_bytes(ours[0].read_bytes())
    os.utime(forgotten, (month_and_more, month_and_more))
    recent = folder / ("1" * 64 + ".npz")  # another process's, used last week
    recent.write_bytes(ours[0].read_bytes())
    week = time.time() - 7 * 86_400
    os.utime(recent, (week, week))
    RulesEngine.from_file(rules_dir / "rules.yaml", cached)  # a reload in the same process
    assert not forgotten.exists(), "a fit unused for a month is deleted"
    assert recent.exists(), "a fit used within the month is kept"
    assert all(p.exists() and time.time() - p.stat().st_mtime < 60 for p in ours), "the fits in use are renewed"


def test_a_model_cache_it_cannot_write_costs_only_the_fit_and_one_warning(
    rules_dir: Path, encoders: TextEncoders, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "meaning-fits").write_text("a file where the folder should be")
    meaning_module._FITS.clear()
    with caplog.at_level(logging.WARNING, logger="bot.escalation.meaning"):
        engine = RulesEngine.from_file(rules_dir / "rules.yaml", replace(encoders, model_cache=tmp_path / "models"))
    assert len(figures(engine)) == 2
    said = [r.getMessage() for r in caplog.records if "meanings' fits" in r.getMessage()]
    assert len(said) == 1 and str(tmp_path / "models" / "meaning-fits") in said[0], said


def test_a_new_routine_line_leaves_the_other_meanings_thresholds_where_they_were(tmp_path: Path,
                                                                                  encoders: TextEncoders) -> None:
    """Each example keeps its cross-validation fold when others are added, so one line added to the
    shipped routine file moves at most one of the 26 thresholds (a shuffled split moved 12 and 6)."""
    shutil.copytree(ROOT / "config", tmp_path / "config")
    routine = tmp_path / "config" / "meaning" / "routine.txt"
    shipped = routine.read_text(encoding="utf-8")
    before = figures(RulesEngine.from_file(tmp_path / "config" / "rules.yaml", encoders))
    for extra in ("Do you sell gift cards for the holidays?", "Wie lange dauert der Versand nach Österreich?"):
        write(routine, shipped + extra + "\n")
        after = figures(RulesEngine.from_file(tmp_path / "config" / "rules.yaml", encoders))
        moved = [(tag, model, round(was, 3), round(now, 3))
                 for (tag, model, was, _), (_, _, now, _) in zip(before, after, strict=True) if abs(now - was) >= 0.01]
        assert len(moved) <= 1, (extra, moved)


PAYOUT_REQUESTS = """\
# Sellers asking for money staff must release.
Can you release my payout early this week? Rent is due.
Please pay out my held funds now, the orders were all delivered
I need this week's payout before Friday, can you push it through
my balance has been on hold for 30 days, release it please
Could you send my earnings today instead of Tuesday?
Please lift the hold on my payouts, I've shipped everything
Können Sie meine Auszahlung bitte früher freigeben?
¿Podéis liberar mi pago retenido antes del martes?
Pouvez-vous débloquer mon versement dès aujourd'hui ?
"""


async def test_several_files_make_one_meaning_that_names_the_file_of_its_nearest_example(
    rules_dir: Path, encoders: TextEncoders
) -> None:
    """A catch-all tag reads every handoff file as one meaning: it fires where no single tag is
    sure (here both are set too strict to fire) and says which file the message came near."""
    write(rules_dir / "meaning" / "payouts.txt", PAYOUT_REQUESTS)
    write(rules_dir / "rules.yaml", """\
        settings:
          routine_examples: meaning/routine.txt
        tags:
          - name: policy-exception
            handoff: true
            when:
              meaning: {examples: meaning/exceptions.txt, threshold: 0.999}
          - name: payout-release
            handoff: true
            when:
              meaning: {examples: meaning/payouts.txt, threshold: 0.999}
          - name: needs-a-person
            handoff: true
            when:
              meaning:
                examples: [meaning/exceptions.txt, meaning/payouts.txt]
                false_positive_rate: 0.05
        """)
    engine = RulesEngine.from_file(rules_dir / "rules.yaml", encoders)
    payout = await decide(engine, "Is there any way you could release my money before next Tuesday? I need it.")
    assert payout.tags == ["needs-a-person"], [str(r) for r in payout.reasons]
    detail = payout.reasons[0].detail
    assert "meaning/exceptions.txt and 1 more" in detail and detail.endswith(", meaning/payouts.txt)")
    late = await decide(engine, "Ya pasó el plazo de devolución, ¿me la aceptáis igualmente?")
    assert late.tags == ["needs-a-person"] and late.reasons[0].detail.endswith(", meaning/exceptions.txt)")
    for routine in ("When will my refund arrive?", "how do payouts work", "¿Cómo sigo mi pedido?"):
        assert not (await decide(engine, routine, confidence=0.9)).handoff, routine
    rows = [line for line in meaning_table(engine).splitlines() if "+ payouts.txt" in line]
    assert len(rows) == 2 and all("| 20 | 23 |" in row for row in rows if "e5" in row)


def test_a_file_named_twice_in_one_meaning_is_refused(rules_dir: Path) -> None:
    write(rules_dir / "rules.yaml", RULES.replace(
        "meaning: meaning/exceptions.txt",
        "meaning: {examples: [meaning/exceptions.txt, meaning/exceptions.txt]}"))
    assert check_rules_file(rules_dir / "rules.yaml") == [
        f"{rules_dir / 'rules.yaml'}:9: tags[0] (policy-exception).when.meaning.examples: "
        "the same examples file is named twice"]


async def test_a_meaning_written_only_in_other_languages_loads_and_fires_on_them(
    rules_dir: Path, encoders: TextEncoders
) -> None:
    """The English-only model has nothing to learn from a file of Spanish and German examples: the
    rules still load, and the multilingual model judges the messages in those languages."""
    write(rules_dir / "meaning" / "exceptions-es-de.txt", """\
        Sé que pasó el plazo de devolución, ¿podéis aceptarla igualmente?
        Se me pasó el plazo por dos días, ¿me aceptáis la devolución igualmente?
        ¿Podéis hacer una excepción? Estuve en el hospital y no pude devolverlo a tiempo
        Ya no entra en los 30 días pero os pido que me dejéis devolverlo, solo esta vez
        Die Rückgabefrist ist abgelaufen, könnt ihr bitte eine Ausnahme machen?
        Könnt ihr die Rücksendung trotz abgelaufener Frist ausnahmsweise annehmen?
        Ich war im Urlaub und habe die Frist verpasst, bitte nehmt es trotzdem zurück
        Die 14 Tage sind um, aber geht da noch eine Rückgabe als Kulanz?
        """)
    write(rules_dir / "rules.yaml", RULES.replace("meaning/exceptions.txt", "meaning/exceptions-es-de.txt"))
    engine = RulesEngine.from_file(rules_dir / "rules.yaml", encoders)
    late = await decide(engine, "El plazo de devolución terminó ayer, ¿podéis hacer una excepción conmigo?")
    assert late.tags[:1] == ["policy-exception"], [str(r) for r in late.reasons]
    assert not (await decide(engine, "¿Cuánto tiempo tengo para devolver un artículo?", confidence=0.9)).handoff
