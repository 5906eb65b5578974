"""A marketplace that writes its brand file in English only still speaks to a Spanish, German or
French customer in their language: Baton's own translations of the texts the marketplace kept as
Baton wrote them (no answer, the handoff, the ask for a rating...), and "when we're back" and "in
4 hours" in the customer's words. A text the marketplace rewrote stays its own words. The real
web chat over a socket, real Redis, the real models, a newcomer's brand.yaml.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.app import Services
from bot.auto_close import duration_text
from bot.brand import Brand
from bot.brand_translations import DEFAULT_TRANSLATIONS
from bot.settings import Settings
from tests.conftest import make_settings
from tests.support.rules import HANDOFF_RULES, HANDOFF_TAG
from tests.support.staff import DANA
from tests.support.webchat_client import ChatClient, base_url
from tests.test_office_hours import at, hours

pytestmark = pytest.mark.timeout(120)

ROOT = Path(__file__).resolve().parents[1]
OWN_CLOSE = "Thanks for chatting with Mercado Nube. Nube is here again if you need anything."
NEWCOMER_BRAND = f"""\
bot_name: Nube
marketplace: Mercado Nube
handoff_closed_message: "{OWN_CLOSE}"
"""


@pytest.fixture
def rules_path(tmp_path: Path) -> Path:
    """The tests' handoff rules with no notice of the tag's own (the brand's handoff text is said)
    and a Spanish way to ask for a person."""
    rules = yaml.safe_load(HANDOFF_RULES.read_text(encoding="utf-8"))
    for tag in rules["tags"]:
        if tag["name"] == HANDOFF_TAG:
            tag.pop("customer_message", None)
            tag["when"]["keywords"].append("hablar con una persona")
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(rules, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def settings(redis_url: str, redis_prefix: str, shipped_index: Path, rules_path: Path, tmp_path: Path) -> Settings:
    """A newcomer marketplace: the shipped help centre, and a brand file in English with no
    `translations:` and one text of its own."""
    brand = tmp_path / "brand.yaml"
    brand.write_text(NEWCOMER_BRAND, encoding="utf-8")
    return make_settings(
        FILES_DIR=str(tmp_path / "files"), REDIS_URL=redis_url, BOT_REDIS_PREFIX=redis_prefix,
        BOT_KB_DIR=str(ROOT / "knowledge_base"), BOT_INDEX_DIR=str(shipped_index), BOT_RULES=str(rules_path),
        BOT_BRAND=str(brand), WEBCHAT_SECRET="test-secret-for-identity-tokens",
    )


async def test_a_spanish_customer_of_a_marketplace_with_an_english_brand_file_reads_spanish(
    bot_server: object, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    spanish = DEFAULT_TRANSLATIONS["es"]
    assert not services.brand.translations, "the marketplace translated nothing itself"
    client = await ChatClient.connect(base_url(bot_server))  # type: ignore[arg-type]
    conversation = client.welcome["conversation"]

    await client.say("¿Me recomiendas una buena receta de paella valenciana para el domingo?")
    answer = await client.expect("message", lambda f: f["author"] == "bot")
    assert spanish["no_answer_message"] in answer["text"]
    assert services.brand.no_answer_message not in answer["text"]

    await client.say("Mi pedido no ha llegado todavía y quiero hablar con una persona, por favor.")
    notice = await client.expect("message", lambda f: f["author"] == "system")
    assert notice["text"].startswith("Te paso con una persona de nuestro equipo; te responderá aquí en un plazo de")

    await services.conversations.reply(conversation, DANA, "Hola, ahora mismo lo miro.")
    await client.expect("message", lambda f: f["author"] == "human")
    await services.conversations.close(conversation, DANA)
    closed = await client.expect("message", lambda f: f["author"] == "system")
    assert closed["text"] == OWN_CLOSE, "the marketplace's own words, which it did not translate"
    rating = await client.expect("rating_request")
    assert rating["text"] == spanish["rating_prompt"]
    await client.close()

    # The marketplace was told at start-up, once per language it serves, which texts stay English.
    warned = sorted(r.getMessage() for r in caplog.get_records("setup") if "BOT_BRAND" in r.getMessage())
    assert [w.split(" translation")[0].rsplit("no ", 1)[1] for w in warned] == [
        "French (fr)", "German (de)", "Spanish (es)"]
    assert all(w.endswith("read them in English: handoff_closed_message (give them under translations."
                          f"{w.split('(')[1][:2]}, docs/configuration.md#translations)") for w in warned), warned


def test_the_shipped_brand_file_leaves_no_rewritten_text_untranslated() -> None:
    brand = Brand.load(ROOT / "config" / "brand.yaml")
    assert brand.untranslated(("en", "es", "de", "fr")) == {}
    rewritten = brand.model_copy(update={"waiting_message": "Hang on, a person from Harbor is on the way."})
    assert rewritten.untranslated(("en", "es")) == {}, "Harbor's own Spanish waiting text stands"
    italian = rewritten.untranslated(("en", "it"))["it"]
    assert "waiting_message" in italian and "email.subject" in italian
    assert "rating_thanks" in italian and "person_button" not in italian, "only the texts Harbor rewrote"


def test_every_text_baton_writes_has_its_spanish_german_and_french_with_the_same_placeholders() -> None:
    written = {name for name in Brand.translatable() if Brand.model_fields[name].get_default()}
    for language, texts in DEFAULT_TRANSLATIONS.items():
        assert set(texts) == written, language
        for name, text in texts.items():
            english = Brand.model_fields[name].get_default()
            assert sorted(_placeholders(text)) == sorted(_placeholders(english)), (language, name)
    Brand(translations=DEFAULT_TRANSLATIONS)  # and each within its text's limits


@pytest.mark.parametrize(("language", "monday", "tomorrow"), [
    ("es", "el lunes a las 09:00 (hora de Europe/Amsterdam)", "mañana a las 09:00 (hora de Europe/Amsterdam)"),
    ("de", "am Montag um 09:00 Uhr (Zeitzone Europe/Amsterdam)", "morgen um 09:00 Uhr (Zeitzone Europe/Amsterdam)"),
    ("fr", "lundi à 09:00 (heure de Europe/Amsterdam)", "demain à 09:00 (heure de Europe/Amsterdam)"),
])
def test_after_hours_the_customer_reads_when_the_team_is_back_in_their_language(
    language: str, monday: str, tomorrow: str
) -> None:
    schedule = hours().default
    localised = Brand().localised(language)
    friday_evening, tuesday_evening = at("2026-12-04T18:00"), at("2026-12-08T20:00")  # closed at weekends
    assert localised.after_hours(friday_evening, schedule) == (
        DEFAULT_TRANSLATIONS[language]["after_hours_message"].format(opens=monday))
    assert tomorrow in localised.after_hours(tuesday_evening, schedule)
    # The marketplace's own English notice, untranslated, keeps "when" in English with it.
    own = Brand(after_hours_message="We're closed; a person replies {opens}.").localised(language)
    assert own.after_hours(friday_evening, schedule) == (
        "We're closed; a person replies Monday at 09:00 (Europe/Amsterdam time).")


@pytest.mark.parametrize(("language", "said"), [
    ("en", "in 4 hours."), ("es", "en 4 horas."), ("de", "in 4 Stunden geschlossen."), ("fr", "dans 4 heures."),
])
def test_the_auto_close_warning_says_how_long_in_the_customers_language(language: str, said: str) -> None:
    assert Brand().localised(language).auto_close_notice(4 * 3600).endswith(said)


def test_durations_read_naturally() -> None:
    cases: list[tuple[float, str, str]] = [
        (3 * 86400, "en", "3 days"), (2 * 86400, "en", "2 days"), (36 * 3600, "en", "36 hours"),
        (5400, "en", "1.5 hours"), (5400, "es", "1,5 horas"), (5400, "fr", "1,5 heure"),
        (3600, "de", "1 Stunde"), (90, "fr", "1,5 minute"), (45, "es", "45 segundos"), (60, "en", "1 minute"),
    ]
    for seconds, language, text in cases:
        assert duration_text(seconds, language) == text, (seconds, language)


def _placeholders(text: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", text)
