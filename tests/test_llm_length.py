"""LLM answers are short: the model is asked for at most BOT_LLM_MAX_TOKENS tokens, and whatever it
says is cut to the brand's answer length at a sentence boundary."""

from __future__ import annotations

from pathlib import Path

from bot.brain.embeddings import LocalEmbedder
from bot.brain.llm_guard import cap_words, word_count
from bot.models import Participant
from tests.support.brain_kb import write_kb
from tests.support.openai_server import FakeChatModel, llm_brain, long_answer

BUYER = Participant(role="buyer")
SEARCH = ("search_help_centre", {"query": "refund"})



async def test_the_model_is_asked_for_at_most_max_tokens(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
) -> None:
    fake, base_url = model
    fake.answers("Refunds take 5 business days (Source: https://help.test/refunds)", after_tool=SEARCH)
    brain = await llm_brain(*kb, base_url, embedder=embedder, BOT_LLM_MAX_TOKENS="300")
    await brain.answer("When do I get my refund?", participant=BUYER, history=[])
    assert fake.requests
    for body in fake.requests:
        assert body.get("max_tokens", body.get("max_completion_tokens")) == 300


async def test_an_828_word_answer_is_cut_to_the_brands_length_at_a_sentence_end(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
) -> None:
    fake, base_url = model
    rambling = "Refunds are issued within 5 business days. " + long_answer(828)
    fake.answers(rambling, after_tool=SEARCH)
    brain = await llm_brain(*kb, base_url, embedder=embedder)
    answer = await brain.answer("When do I get my refund?", participant=BUYER, history=[])
    text = answer.text or ""
    assert text.startswith("Refunds are issued within 5 business days.")
    assert word_count(text) <= brain.word_limit == round(60 * 1.6), "the default brand's answer_words, stretched"
    assert word_count(text) >= brain.word_limit - 12, "whole sentences up to the limit"
    assert text.endswith("."), "cut at a sentence end"
    assert any(f"at most {brain.word_limit} words" in p for p in fake.system_prompts)


async def test_a_brand_with_shorter_answers_gets_shorter_llm_answers(
    tmp_path: Path, model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
) -> None:
    fake, base_url = model
    fake.answers(long_answer(300), after_tool=SEARCH)
    kb = write_kb(tmp_path / "kb")
    (kb / "brand.yaml").write_text("bot_name: Shorty\nanswer_words: 20\n", encoding="utf-8")
    brain = await llm_brain(kb, tmp_path / "index", base_url, embedder=embedder, BOT_BRAND=str(kb / "brand.yaml"))
    answer = await brain.answer("When do I get my refund?", participant=BUYER, history=[])
    assert word_count(answer.text or "") <= 32


def test_cap_words_keeps_whole_sentences_and_cuts_one_long_sentence_with_an_ellipsis() -> None:
    assert cap_words("One two three. Four five six seven. Eight nine ten.", 8) == "One two three. Four five six seven."
    assert cap_words("Short enough.", 8) == "Short enough."
    assert cap_words("- first item\n- second item here\n- third", 8) == "- first item\n- second item here"
    assert cap_words(" ".join(["word"] * 30), 10) == " ".join(["word"] * 10) + "…"
