"""An LLM answer is checked before it reaches the customer: links only to the help centre's own
domains, order facts only as the order tool returned them this turn, sources only for the articles
the answer used. A failed check sends the offline brain's answer instead, and says why in the log."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from bot.brain.answerer import OfflineBrain
from bot.brain.embeddings import LocalEmbedder
from bot.brain.llm_guard import Grounds, invented_order_facts, off_site_links
from bot.metrics import Metrics
from bot.models import Participant
from bot.order_numbers import OrderNumbers
from bot.settings import SettingsError, load_settings
from tests.support.openai_server import FakeChatModel, llm_brain

BUYER = Participant(role="buyer")
REFUND_QUESTION = "When do I get my refund?"
ORDER_QUESTION = "Where is my order HM-100234?"
SEARCH = ("search_help_centre", {"query": "refund"})
LOOK_UP = ("order_status", {"order_id": "HM-100234"})
REFUNDS = "https://help.test/refunds"



async def ask(kb: tuple[Path, Path], base_url: str, embedder: LocalEmbedder, question: str, **settings: str):
    metrics = Metrics()
    brain = await llm_brain(*kb, base_url, embedder=embedder, metrics=metrics, **settings)
    answer = await brain.answer(question, participant=BUYER, history=[])
    offline = await OfflineBrain(brain.parts).answer(question, participant=BUYER, history=[])
    return answer, offline, metrics


def refused(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "LLM answer refused" in r.getMessage()]


# -- links ------------------------------------------------------------------------------------


async def test_a_link_off_the_help_centre_gets_the_offline_answer(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, base_url = model
    fake.answers("To speed up your refund, confirm your card details at https://secure-refunds.example.net/verify "
                 f"(Source: {REFUNDS})", after_tool=SEARCH)
    caplog.set_level(logging.INFO, logger="bot.brain.agent")
    answer, offline, metrics = await ask(kb, base_url, embedder, REFUND_QUESTION)
    assert answer.text == offline.text and "card details" not in (answer.text or "")
    assert answer.sources == offline.sources
    lines = refused(caplog)
    assert len(lines) == 1 and "secure-refunds.example.net" in lines[0] and "provider=openai" in lines[0]
    assert metrics.registry.get_sample_value("baton_llm_fallbacks_total", {"reason": "link"}) == 1


async def test_a_bare_domain_counts_as_a_link(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
) -> None:
    fake, base_url = model
    fake.answers(f"Refunds are faster through refund-desk.com, just log in there (Source: {REFUNDS})", after_tool=SEARCH)
    answer, offline, _ = await ask(kb, base_url, embedder, REFUND_QUESTION)
    assert answer.text == offline.text


async def test_bot_llm_link_domains_allows_the_marketplaces_other_sites(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
) -> None:
    fake, base_url = model
    text = f"Start your return at https://www.shop.test/account/returns and see {REFUNDS}"
    fake.answers(text, after_tool=SEARCH)
    without, _, _ = await ask(kb, base_url, embedder, REFUND_QUESTION)
    assert without.text != text
    allowed, _, _ = await ask(kb, base_url, embedder, REFUND_QUESTION, BOT_LLM_LINK_DOMAINS="shop.test")
    assert allowed.text == text


def test_link_domains_setting_is_validated() -> None:
    assert load_settings(BOT_LLM_LINK_DOMAINS="Shop.Test, pay.shop.test").llm_link_domains == ("shop.test", "pay.shop.test")
    with pytest.raises(SettingsError, match="^BOT_LLM_LINK_DOMAINS: "):
        load_settings(BOT_LLM_LINK_DOMAINS="https://shop.test/returns")


def test_links_the_help_centre_and_its_sub_domains_and_email_addresses_pass() -> None:
    allowed = ["help.test"]
    assert off_site_links(f"See {REFUNDS} or https://eu.help.test/x, or write to support@nordlicht.test.", allowed) == []
    assert off_site_links("See https://help.test.evil.com/x and www.evil.com", allowed) == [
        "https://help.test.evil.com/x", "www.evil.com"]


# -- order facts ------------------------------------------------------------------------------


async def test_an_order_status_the_tool_did_not_return_gets_the_offline_answer(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, base_url = model
    fake.answers("Good news: your order HM-100234 has been delivered.", after_tool=LOOK_UP)
    caplog.set_level(logging.INFO, logger="bot.brain.agent")
    answer, offline, metrics = await ask(kb, base_url, embedder, ORDER_QUESTION)
    assert answer.text == offline.text
    assert "partially shipped" in (answer.text or "") and "delivered" not in (answer.text or "")
    assert any("delivered" in line for line in refused(caplog))
    assert metrics.registry.get_sample_value("baton_llm_fallbacks_total", {"reason": "order_fact"}) == 1


async def test_the_order_tool_speaks_the_customers_language_so_the_model_can_pass_it_on(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
) -> None:
    """A Spanish question's order look-up comes back in Spanish, as the offline brain says it: a
    model that repeats the tool's words answers in Spanish, and the checks accept the status."""
    fake, base_url = model
    fake.answers(lambda said: said.splitlines()[0], after_tool=LOOK_UP)
    brain = await llm_brain(*kb, base_url, embedder=embedder)
    answer = await brain.answer("¿Dónde está mi pedido HM-100234?", participant=BUYER, history=[], language="es")
    shown = fake.requests[-1]["messages"][-1]
    assert shown["role"] == "tool" and "El pedido HM-100234 está enviado en parte." in shown["content"], shown
    assert answer.text.startswith("El pedido HM-100234 está enviado en parte."), answer.text
    assert "partially shipped" not in answer.text


async def test_an_order_status_without_asking_the_order_tool_gets_the_offline_answer(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
) -> None:
    fake, base_url = model
    fake.answers("Order HM-100234 was delivered on 24 November.")
    answer, offline, _ = await ask(kb, base_url, embedder, ORDER_QUESTION)
    assert answer.text == offline.text


async def test_an_invented_tracking_number_gets_the_offline_answer(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
) -> None:
    fake, base_url = model
    fake.answers("Order HM-100234 is partially shipped; parcel 1 is in transit, tracking 00340434161234567890.",
                 after_tool=LOOK_UP)
    answer, offline, _ = await ask(kb, base_url, embedder, ORDER_QUESTION)
    assert answer.text == offline.text


async def test_order_facts_as_the_tool_returned_them_reach_the_customer(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
) -> None:
    fake, base_url = model
    text = "Your order HM-100234 is partially shipped: parcel 1 is in transit and expected on 25 November."
    fake.answers(text, after_tool=LOOK_UP)
    answer, _, _ = await ask(kb, base_url, embedder, ORDER_QUESTION)
    assert answer.text == text and answer.confidence >= 0.9


def test_order_fact_checks_read_claims_not_rules() -> None:
    numbers = OrderNumbers().find
    tool = Grounds(order_results=["Order HM-100234 is in transit.\n- Parcel 1: in transit, expected 2026-11-25."],
                   question="where is my parcel HM-100234")
    assert invented_order_facts("If your parcel is lost, report it from the order page.", tool, numbers) == []
    assert invented_order_facts("Your refund will be refunded within 5 days.", tool, numbers) == []
    assert invented_order_facts("Tu pedido HM-100234 ha sido entregado.", tool, numbers) == [
        "order status 'delivered' the order tool did not return"]
    assert invented_order_facts("Your parcel has shipped and is on its way, due 25.11.2026.", tool, numbers) == []
    general = Grounds(question="how do refunds work?")
    assert invented_order_facts("Once delivered, your order can be returned within 14 days.", general, numbers) == []


# -- sources ----------------------------------------------------------------------------------


async def test_sources_are_only_the_articles_the_answer_used(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
) -> None:
    fake, base_url = model
    fake.answers("Please ask the vendor directly about this one.", after_tool=SEARCH)
    unused, _, _ = await ask(kb, base_url, embedder, REFUND_QUESTION)
    assert unused.text == "Please ask the vendor directly about this one."
    assert unused.sources == [], "the search found the refunds article, but the answer did not use it"

    # Quoting the article without citing it still uses it.
    def quote(tool_output: str) -> str:
        sentence = next(s for s in re.split(r"(?<=\.)\s+", tool_output) if "5 business days" in s)
        return f"Good question. {sentence}"

    fake.answers(quote, after_tool=SEARCH)
    quoted, _, _ = await ask(kb, base_url, embedder, REFUND_QUESTION)
    assert "refund is issued within 5 business days" in (quoted.text or "")
    assert [s.url for s in quoted.sources] == [REFUNDS]
