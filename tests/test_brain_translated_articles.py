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
from bot.settings import load_settings
from tests.support.brain_kb import write_kb

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
