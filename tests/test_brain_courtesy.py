"""A customer's "hi", "thanks!", "ok" or "adiós" gets a short reply in their language, as a support
agent would give: not "I couldn't find an answer", not a person called in, not the last article again."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.brain.answerer import OfflineBrain
from bot.brain.embeddings import LocalEmbedder
from bot.brain.encoders import TextEncoders, shared_multilingual
from bot.brain.factory import create_brain
from bot.brand import COURTESY_REPLIES, Brand
from bot.decide import Outcome, decide
from bot.escalation.base import RuleInput
from bot.escalation.engine import RulesEngine
from bot.language import LanguageDetector
from bot.models import Message, Participant
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
BUYER = Participant(role="buyer", account_id="b-77")


@pytest.fixture(scope="module")
def encoders(embedder: LocalEmbedder) -> TextEncoders:
    return TextEncoders(main=embedder, multilingual=shared_multilingual(), detector=LanguageDetector())


@pytest.fixture(scope="module")
def engine(encoders: TextEncoders) -> RulesEngine:
    """The shipped rules, as the bot runs them."""
    return RulesEngine.from_file(ROOT / "config" / "rules.yaml", encoders)


@pytest.fixture
async def brain(shipped_index: Path, embedder: LocalEmbedder, encoders: TextEncoders) -> OfflineBrain:
    """The offline brain over the shipped help centre, with Harbor's brand.yaml."""
    settings = load_settings(BOT_KB_DIR=str(ROOT / "knowledge_base"), BOT_INDEX_DIR=str(shipped_index),
                             BOT_BRAND=str(ROOT / "config" / "brand.yaml"))
    made = await create_brain(settings, embedder, encoders)
    assert isinstance(made, OfflineBrain)
    return made


async def whole_decision(brain: OfflineBrain, engine: RulesEngine, text: str,
                         history: list[Message] | None = None) -> Outcome:
    """Rules, the brain, rules again: what the customer's message gets (as the router does it)."""
    masked, kinds = engine.mask(text)
    return await decide(brain, engine, RuleInput(text=masked, participant=BUYER, channel="webchat",
                                                 history=history or [], sensitive_found=kinds))


@pytest.mark.parametrize(("text", "kind", "language"), [
    ("hi", "hello", "en"),
    ("hello, anyone there?", "hello", "en"),
    ("how are you today?", "hello", "en"),  # was handed off to a person as unsure
    ("thanks, that helped!", "thanks", "en"),
    ("ok", "ok", "en"),  # was answered with a seller's contact card
    ("bye", "bye", "en"),
    ("muchas gracias", "thanks", "es"),  # was handed off to a person as unsure
    ("ok gracias, adiós", "bye", "es"),
    ("danke schön!", "thanks", "de"),
    ("Danke, das war's schon, schönen Tag noch!", "bye", "de"),  # was handed off to a person as unsure
    ("gracias, que tengas buen día", "bye", "es"),
    ("Bonjour !", "hello", "fr"),  # too short to detect: the greeting itself says French
    ("are you a bot?", "bot", "en"),  # was handed off as asking for a person
    ("hi, is this an AI?", "bot", "en"),  # was offered a person: no article answers it
    ("¿eres un robot?", "bot", "es"),
    ("bist du ein Bot?", "bot", "de"),
    ("Es-tu un robot ?", "bot", "fr"),
    ("Bist du ein Bot? Nur neugierig", "bot", "de"),  # was handed off as unsure
    ("mil gracias majos, me habéis salvado la tarde", "thanks", "es"),  # was handed off as unsure
    ("buenas noches, solo quería decir que me encanta la web jaja", "thanks", "es"),  # was handed off as unsure
    ("merci, vous êtes top !", "thanks", "fr"),
    # praise for someone of the team: was answered with a refund article, or offered a person
    ("Kudos to Omar from customer service, my replacement arrived today.", "praise", "en"),
    ("Mil gracias a Rocío del equipo de atención, me solucionó lo del cambio de talla.", "praise", "es"),
    ("Danke an Frau Keller vom Kundendienst, die Gutschrift ist heute angekommen.", "praise", "de"),
    ("Merci beaucoup à Julie du service client, tout est réglé.", "praise", "fr"),
])
async def test_a_courtesy_gets_a_short_reply_in_the_customers_language_and_stays_with_the_bot(
    brain: OfflineBrain, engine: RulesEngine, text: str, kind: str, language: str
) -> None:
    outcome = await whole_decision(brain, engine, text)
    assert not outcome.decision.handoff and outcome.decision.tags == [], outcome.decision.tags
    answer = outcome.answer
    assert answer is not None and not answer.offers_person and answer.sources == []
    brand = brain.parts.brand
    greeting, reply = answer.text.split("\n\n")
    assert greeting == brand.localised(language).greeting  # the bot's first word in this chat
    assert reply == COURTESY_REPLIES[kind][language]


async def test_thanks_after_an_answer_does_not_bring_the_article_back(
    brain: OfflineBrain, engine: RulesEngine
) -> None:
    question = "how long do refunds take to PayPal?"
    first = await whole_decision(brain, engine, question)
    assert first.answer is not None and first.answer.sources, "the question itself is answered"
    history = [Message("1", "c", "customer", question, 0.0), Message("2", "c", "bot", first.answer.text, 1.0)]
    thanks = await whole_decision(brain, engine, "great, thank you so much!", history)
    assert thanks.answer is not None and thanks.answer.sources == []
    assert thanks.answer.text == COURTESY_REPLIES["thanks"]["en"], "no second greeting, no article"
    assert not thanks.decision.handoff


async def test_a_spanish_conversation_is_thanked_in_spanish_whatever_word_they_use(brain: OfflineBrain) -> None:
    history = [Message("1", "c", "customer", "¿cuánto tarda el reembolso?", 0.0),
               Message("2", "c", "bot", "Hola, soy Harbor Helper...", 1.0)]
    answer = await brain.answer("thanks!", participant=BUYER, history=history, language="es")
    assert answer.text == COURTESY_REPLIES["thanks"]["es"]


@pytest.mark.parametrize("text", [
    "thanks, and how long do refunds take to PayPal?",
    "hi, how long do refunds take to PayPal?",
    "thanks to Sam from support, but how long do refunds take to PayPal",  # praise, then a question
    "thanks to Sam from support. Now the refund to PayPal, how long does it take",  # praise, then something new
])
async def test_a_courtesy_with_a_question_in_it_is_answered_as_a_question(
    brain: OfflineBrain, engine: RulesEngine, text: str
) -> None:
    outcome = await whole_decision(brain, engine, text)
    assert outcome.answer is not None
    assert [s.title for s in outcome.answer.sources][:1] == ["When will I get my refund?"], outcome.answer.sources
    assert "1 business day" in outcome.answer.text


def test_brand_yaml_words_the_replies_and_a_wrong_kind_is_refused() -> None:
    brand = Brand(courtesy_replies={"thanks": {"en": "Anytime! Anything else?"}})
    assert brand.courtesy_reply("thanks", "en") == "Anytime! Anything else?"
    assert brand.courtesy_reply("thanks", "de") == COURTESY_REPLIES["thanks"]["de"], "a language left out keeps the default"
    assert brand.courtesy_reply("bye", "it") == COURTESY_REPLIES["bye"]["en"]
    with pytest.raises(ValidationError, match="'thank_you' is not one of bot, hello, thanks, praise, bye, ok"):
        Brand(courtesy_replies={"thank_you": {"en": "x"}})


async def test_asking_whether_a_person_is_there_still_brings_one(brain: OfflineBrain, engine: RulesEngine) -> None:
    """Only "what are you?" gets the bot's reply; "am I talking to a real person?" wants one."""
    outcome = await whole_decision(brain, engine, "am I talking to a real person?")
    assert outcome.decision.handoff and "human-requested" in outcome.decision.tags
