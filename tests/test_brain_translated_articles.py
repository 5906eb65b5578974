"""A help centre with some articles in more than one language: a customer who writes in Spanish
is answered from the Spanish article where there is one (no "only in English" notice), and from the
English one, with the notice, where there is not. Real models, real indexes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.brain.answerer import OfflineBrain
from bot.brain.embeddings import LocalEmbedder
from bot.brain.encoders import TextEncoders, shared_multilingual
from bot.brain.factory import create_brain
from bot.brain.knowledge import Chunk, KnowledgeBaseError, load_article
from bot.brain.retrieval import translations
from bot.brand import ENGLISH_ONLY_NOTICE
from bot.language import LanguageDetector
from bot.models import Participant
from bot.settings import Settings, load_settings
from tests.support.brain_kb import write_kb
from tests.support.openai_server import FakeChatModel

BUYER = Participant(role="buyer")

SPANISH_REFUNDS = """---
title: ¿Cuándo recibiré mi reembolso?
audience: buyer
url: https://help.test/es/reembolsos
---

## Cuánto tardan los reembolsos

Cuando el vendedor acepta tu devolución, el reembolso se emite en un plazo de 5 días hábiles a tu método de pago original. Los reembolsos a tarjeta tardan después entre 3 y 10 días en aparecer en tu extracto.

## Reembolsos parciales

Un vendedor puede reembolsar parte del precio cuando un artículo vuelve usado o incompleto.
"""


@pytest.fixture
async def brain(tmp_path: Path, embedder: LocalEmbedder) -> OfflineBrain:
    kb = write_kb(tmp_path / "kb")
    (kb / "refunds.es.md").write_text(SPANISH_REFUNDS, encoding="utf-8")  # no `language:`: read from the text
    encoders = TextEncoders(main=embedder, multilingual=shared_multilingual(), detector=LanguageDetector())
    settings = load_settings(BOT_KB_DIR=str(kb), BOT_INDEX_DIR=str(tmp_path / "index"))
    made = await create_brain(settings, embedder, encoders)
    assert isinstance(made, OfflineBrain)
    return made


async def test_a_spanish_question_gets_the_spanish_article_without_the_english_only_notice(
    brain: OfflineBrain,
) -> None:
    answer = await brain.answer("¿Cuánto tarda el reembolso a mi tarjeta?", participant=BUYER, history=[],
                                language="es")
    assert answer.sources and answer.sources[0].url == "https://help.test/es/reembolsos", answer.sources
    assert "entre 3 y 10 días" in answer.text
    assert ENGLISH_ONLY_NOTICE["es"] not in answer.text


async def test_without_a_spanish_article_the_english_one_is_quoted_with_the_notice(brain: OfflineBrain) -> None:
    answer = await brain.answer("¿Dónde veo el número de seguimiento de mi paquete?", participant=BUYER, history=[],
                                language="es")
    assert answer.sources and answer.sources[0].url == "https://help.test/tracking", answer.sources
    assert ENGLISH_ONLY_NOTICE["es"] in answer.text


async def test_a_german_customer_never_reads_the_spanish_translation(brain: OfflineBrain) -> None:
    answer = await brain.answer("Wie lange dauert die Erstattung auf meine Karte?", participant=BUYER, history=[],
                                language="de")
    assert answer.sources and answer.sources[0].url == "https://help.test/refunds", answer.sources
    assert "3 to 10 days" in answer.text and ENGLISH_ONLY_NOTICE["de"] in answer.text
    assert all("/es/" not in source.url for source in answer.sources)


async def test_an_english_question_keeps_the_english_article(brain: OfflineBrain) -> None:
    answer = await brain.answer("How long does a refund to my card take?", participant=BUYER, history=[])
    assert answer.sources and answer.sources[0].url == "https://help.test/refunds", answer.sources
    assert "3 to 10 days" in answer.text


async def test_with_a_language_model_a_spanish_question_is_searched_in_spanish_too(
    tmp_path: Path, embedder: LocalEmbedder
) -> None:
    """With BOT_LLM set, the help-centre tool hands the model the Spanish article for a Spanish
    question, as the offline brain quotes it, and the answer cites it."""
    kb = write_kb(tmp_path / "kb")
    (kb / "refunds.es.md").write_text(SPANISH_REFUNDS, encoding="utf-8")
    fake = FakeChatModel()
    question = "¿Cuánto tarda el reembolso a mi tarjeta?"
    fake.answers(lambda passages: "El reembolso tarda entre 3 y 10 días. (https://help.test/es/reembolsos)",
                 after_tool=("search_help_centre", {"query": question}))
    encoders = TextEncoders(main=embedder, multilingual=shared_multilingual(), detector=LanguageDetector())
    async with fake.serve() as base_url:
        settings = Settings(_env_file=None, BOT_KB_DIR=str(kb), BOT_INDEX_DIR=str(tmp_path / "index"),  # type: ignore[call-arg]
                            BOT_BRAND=str(kb / "no-brand.yaml"), BOT_LLM="openai:test-model",
                            BOT_LLM_BASE_URL=base_url, BOT_LLM_API_KEY="test-key")
        brain = await create_brain(settings, embedder, encoders)
        answer = await brain.answer(question, participant=BUYER, history=[], language="es")
    shown = fake.requests[-1]["messages"][-1]
    assert shown["role"] == "tool" and "https://help.test/es/reembolsos" in shown["content"], shown
    assert "entre 3 y 10 días" in shown["content"]
    assert [s.url for s in answer.sources] == ["https://help.test/es/reembolsos"], answer.sources


def test_an_articles_language_is_its_front_matter_else_read_from_its_text(tmp_path: Path) -> None:
    spanish = tmp_path / "reembolsos.md"
    spanish.write_text(SPANISH_REFUNDS, encoding="utf-8")
    assert load_article(spanish).language == "es"
    spanish.write_text(SPANISH_REFUNDS.replace("audience: buyer", "audience: buyer\nlanguage: ES"), encoding="utf-8")
    assert load_article(spanish).language == "es"
    spanish.write_text(SPANISH_REFUNDS.replace("audience: buyer", "audience: buyer\nlanguage: Spanish"),
                       encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"reembolsos\.md: language must be a language code"):
        load_article(spanish)


def test_a_translation_is_named_after_its_original_and_written_in_another_language() -> None:
    def chunk(slug: str, language: str) -> Chunk:
        return Chunk(id=f"{slug}#0", slug=slug, title=slug, url=f"https://help.test/{slug}", audience="buyer",
                     headings=(), text="text", language=language)

    found = translations([
        chunk("refunds", "en"), chunk("refunds.es", "es"), chunk("refunds.de", "de"),
        chunk("faq.old", "en"),  # same language as faq: an article of its own
        chunk("faq", "en"),
        chunk("envios.es", "es"),  # no original: an article of its own
    ])
    assert found == {"refunds": {"es": "refunds.es", "de": "refunds.de"}}
