"""A customer who writes in Spanish reads Baton's own words in Spanish: the handoff notice (the
rule's, given per language), the brain's "no answer", the close and the ask for a rating (the
brand's `translations`), and an order's status. The real web chat over a socket, real Redis, the real models; the
shipped brand file's Spanish texts. Short replies ("ok") never switch the conversation's language.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.app import Services
from bot.brand import Brand, BrandError
from bot.escalation.loader import RulesError, read_rules
from tests.support.rules import HANDOFF_NOTICE, HANDOFF_RULES, HANDOFF_TAG
from tests.support.staff import DANA
from tests.support.webchat_client import ChatClient, base_url

pytestmark = pytest.mark.timeout(120)

SPANISH_NOTICE = "Una persona de nuestro equipo se encarga a partir de ahora; te responderá en este chat."


@pytest.fixture
def rules_path(tmp_path: Path) -> Path:
    """The tests' handoff rules, the handoff tag's notice given in English and Spanish, and a
    Spanish way to ask for a person."""
    rules = yaml.safe_load(HANDOFF_RULES.read_text(encoding="utf-8"))
    for tag in rules["tags"]:
        if tag["name"] == HANDOFF_TAG:
            tag["customer_message"] = {"en": HANDOFF_NOTICE, "es": SPANISH_NOTICE}
            tag["when"]["keywords"].append("hablar con una persona")
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(rules, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


async def test_a_spanish_customer_reads_the_handoff_the_close_and_the_rating_in_spanish(
    bot_server: object, services: Services
) -> None:
    spanish = services.brand.localised("es")
    client = await ChatClient.connect(base_url(bot_server))  # type: ignore[arg-type]
    conversation = client.welcome["conversation"]
    await client.say("Hola, mi pedido no ha llegado todavía y quiero hablar con una persona, por favor.")
    notice = await client.expect("message", lambda f: f["author"] == "system")
    assert notice["text"] == SPANISH_NOTICE

    await services.conversations.reply(conversation, DANA, "Hola, ahora mismo lo miro.")
    await client.expect("message", lambda f: f["author"] == "human")
    await services.conversations.close(conversation, DANA)
    closed = await client.expect("message", lambda f: f["author"] == "system")
    assert closed["text"] == spanish.handoff_closed_message != services.brand.handoff_closed_message
    rating = await client.expect("rating_request")
    assert rating["text"] == spanish.rating_prompt != services.brand.rating_prompt

    await client.say("ok")  # too short to say which language: the conversation stays Spanish
    await client.expect("message", lambda f: f["author"] == "bot")
    assert (await services.store.get(conversation)).language == "es"

    # A whole sentence in English switches it: the next notices are English again.
    await client.say("Thanks! One more thing: how long does a refund to PayPal take?")
    await client.expect("message", lambda f: f["author"] == "bot")
    assert (await services.store.get(conversation)).language == "en"
    await client.close()


async def test_a_question_the_help_centre_cannot_answer_gets_no_answer_in_spanish(
    bot_server: object, services: Services
) -> None:
    client = await ChatClient.connect(base_url(bot_server))  # type: ignore[arg-type]
    await client.say("¿Me recomiendas una buena receta de paella valenciana para el domingo?")
    answer = await client.expect("message", lambda f: f["author"] == "bot")
    spanish = services.brand.localised("es")
    assert spanish.no_answer_message in answer["text"]
    assert services.brand.no_answer_message not in answer["text"]
    await client.close()


async def test_an_order_number_alone_is_answered_in_the_conversations_language(
    bot_server: object, services: Services
) -> None:
    client = await ChatClient.connect(base_url(bot_server))  # type: ignore[arg-type]
    conversation = client.welcome["conversation"]
    await client.say("Hola, quiero saber cuánto tarda un reembolso a PayPal, por favor.")
    await client.expect("message", lambda f: f["author"] == "bot")
    assert (await services.store.get(conversation)).language == "es"

    await client.say("HM-100234")  # no words to tell the language by: the conversation's is used
    status = await client.expect("message", lambda f: f["author"] == "bot")
    assert "El pedido HM-100234 está enviado en parte." in status["text"]
    assert "Inicia sesión para ver los artículos" in status["text"]
    assert "Order HM-100234" not in status["text"] and "headphones" not in status["text"]
    await client.close()


def test_a_translation_of_an_unknown_text_or_with_a_wrong_placeholder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "brand.yaml"
    for translations, said in (
        ({"es": {"handoff_mesage": "Te paso con una persona."}}, "translations: es.handoff_mesage: not a text"),
        ({"de": {"handoff_message": "Gleich meldet sich {name}."}}, "translations: de.handoff_message: only {minutes}"),
        ({"ES": {"greeting": "Hola"}}, "translations: 'ES' is not a language code"),
        ({"fr": {"person_button": "x" * 81}}, "translations: fr.person_button: at most 80 characters"),
        ({"es": {"email": {"subjet": "Hola"}}}, "translations: es.email.subjet: not an e-mail text (known: subject,"),
        ({"de": {"email": {"hello": "Hallo {vorname}"}}}, "translations: de.email.hello: only {name}, {marketplace}"),
        ({"fr": {"email": "Bonjour"}}, "translations: fr.email: expected the e-mail's texts"),
        ({"es": {"no_answer_message": {"text": "Lo siento"}}}, "translations: es.no_answer_message: expected a text"),
    ):
        path.write_text(yaml.safe_dump({"translations": translations}, allow_unicode=True), encoding="utf-8")
        with pytest.raises(BrandError) as refused:
            Brand.load(path)
        assert str(refused.value).startswith(f"{path}: {said}"), str(refused.value)


def test_a_handoff_message_per_language_needs_language_codes(tmp_path: Path) -> None:
    rules = yaml.safe_load(HANDOFF_RULES.read_text(encoding="utf-8"))
    rules["tags"][0]["customer_message"] = {"English": "A person will reply here."}
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(rules, sort_keys=False), encoding="utf-8")
    with pytest.raises(RulesError) as refused:
        read_rules(path)
    assert "'English' is not a language code like en or es" in str(refused.value)


async def test_the_widgets_language_holds_until_the_customer_writes_a_sentence(
    bot_server: object, services: Services
) -> None:
    brand, store = services.brand, services.store
    spanish_ok, english_ok = brand.courtesy_reply("ok", "es"), brand.courtesy_reply("ok", "en")
    assert spanish_ok != english_ok
    # The widget shows itself in Mexican Spanish and says so: "ok" alone is answered in Spanish.
    client = await ChatClient.connect(base_url(bot_server), hello={"language": "es-MX"})  # type: ignore[arg-type]
    conversation, session = client.welcome["conversation"], client.welcome["session"]
    await client.say("ok")
    reply = await client.expect("message", lambda f: f["author"] == "bot")
    assert spanish_ok in reply["text"] and english_ok not in reply["text"]
    assert (await store.get(conversation)).language == "es"

    # Her first sentence is English: the conversation follows her words, not her browser.
    await client.say("Thanks! One more thing: how long does a refund to PayPal take?")
    await client.expect("message", lambda f: f["author"] == "bot")
    assert (await store.get(conversation)).language == "en"
    await client.close()

    # Back later from a German browser: what her words said stays.
    again = await ChatClient.connect(base_url(bot_server), hello={"language": "de", "session": session})  # type: ignore[arg-type]
    assert again.welcome["conversation"] == conversation
    await again.say("ok")
    await again.expect("message", lambda f: f["author"] == "bot" and english_ok in f["text"])
    assert (await store.get(conversation)).language == "en"
    await again.close()

    # A language the bot doesn't speak, or a malformed one, is ignored: English, as before.
    for language in ("pt-BR", 42, ""):
        other = await ChatClient.connect(base_url(bot_server), hello={"language": language})  # type: ignore[arg-type]
        await other.say("ok")
        answer = await other.expect("message", lambda f: f["author"] == "bot")
        assert english_ok in answer["text"] and spanish_ok not in answer["text"]
        await other.close()
