"""Chat forms in English, Spanish, German and French are read as the words the rules are written with."""

from __future__ import annotations

from bot.escalation.chat_forms import chat_reading, umlaut_free
from bot.escalation.text import Text

RULE_WORDS = frozenset({"zuruckrufen", "konnen", "steuer", "quelqu"})


def test_a_chat_form_is_read_as_the_words_it_stands_for_and_quoted_as_typed() -> None:
    text = Text("je peux parler a qqn svp, jprefere", language="fr", rule_words=RULE_WORDS)
    assert " parler a quelqu un " in text.padded_corrected
    assert text.corrected_set >= {"quelqu", "un", "je", "prefere"}
    assert text.typed_as("parler a quelqu un") == "parler a qqn"
    assert text.typed_as("je prefere") == "jprefere"
    assert text.as_typed("peux parler") == "peux parler"


def test_each_language_reads_its_own_forms_only() -> None:
    assert Text("es q no me llega", language="es").padded_corrected == " es que no me llega "
    assert Text("q pasa", language="fr").padded_corrected == " q pasa ", "'q' is Spanish chat, not French"
    assert Text("is it here", language="de").padded_corrected == " ist it here "
    assert Text("pls can u check my acct", language="en").padded_corrected == " please can you check my account "
    assert Text("idk wat happened", language="en").padded_corrected == " i don t know what happened "
    assert not Text("q pasa", language="en").has_corrections, "'q' is Spanish chat, not English"
    assert chat_reading(["hola"], "es", RULE_WORDS) is None, "nothing to read: no copy is made"


def test_an_umlaut_written_out_is_read_only_towards_a_word_the_rules_use() -> None:
    assert umlaut_free("zurueckrufen", RULE_WORDS) == "zuruckrufen"
    assert umlaut_free("koennen", RULE_WORDS) == "konnen"
    assert umlaut_free("steuer", RULE_WORDS) is None, "already a rule word: 'eu' is not an umlaut"
    assert umlaut_free("neue", RULE_WORDS) is None, "'neu' is no rule word"
    german = Text("kann mich jemand zurueckrufen", language="de", rule_words=RULE_WORDS)
    assert " jemand zuruckrufen " in german.padded_corrected
    assert german.typed_as("jemand zuruckrufen") == "jemand zurueckrufen"
    spanish = Text("zurueckrufen", language="es", rule_words=RULE_WORDS)
    assert not spanish.has_corrections, "only German messages have their umlauts read"
