"""The offline brain on a small real index: audience, typos, off-topic, orders, follow-ups, hot swap."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.brain.answerer import OfflineBrain
from bot.brain.audience import speaks_as_buyer
from bot.brain.embeddings import LocalEmbedder
from bot.brain.factory import create_brain
from bot.brain.index import build_index
from bot.models import Message, Participant
from bot.settings import load_settings
from tests.support.brain_kb import write_kb

BUYER = Participant(role="buyer")
SIGNED_BUYER = Participant(role="buyer", account_id="B-2001", verified=True)
VENDOR = Participant(role="vendor", account_id="V-1001", verified=True)


@pytest.fixture(scope="module")
def embedder() -> LocalEmbedder:
    return LocalEmbedder()


@pytest.fixture
async def brain(tmp_path: Path, embedder: LocalEmbedder) -> OfflineBrain:
    kb = write_kb(tmp_path / "kb")
    brand = tmp_path / "brand.yaml"
    brand.write_text('bot_name: "Testy"\nsign_off: "Anything else?"\nno_answer_message: "Sorry, no idea."\n')
    settings = load_settings(BOT_KB_DIR=str(kb), BOT_INDEX_DIR=str(tmp_path / "index"), BOT_BRAND=str(brand))
    made = await create_brain(settings, embedder)
    assert isinstance(made, OfflineBrain)
    return made


async def test_index_is_built_when_missing_or_stale_and_said_on_stderr(
    tmp_path: Path, embedder: LocalEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = write_kb(tmp_path / "kb")
    settings = load_settings(BOT_KB_DIR=str(kb), BOT_INDEX_DIR=str(tmp_path / "index"))
    await create_brain(settings, embedder)
    err = capsys.readouterr().err
    assert "missing or out of date; building it" in err and "4 articles, 8 chunks" in err
    await create_brain(settings, embedder)
    assert "building" not in capsys.readouterr().err
    (kb / "refunds.md").write_text((kb / "refunds.md").read_text() + "\nOne more sentence.\n")
    await create_brain(settings, embedder)
    assert "re-embedded 1 file(s)" in capsys.readouterr().err


async def test_answer_quotes_the_article_and_cites_it(brain: OfflineBrain) -> None:
    answer = await brain.answer("how long until my refund arrives?", participant=BUYER, history=[])
    assert "refund is issued within 5 business days" in answer.text
    assert answer.text.endswith("Anything else?")
    assert answer.sources[0].url == "https://help.test/refunds"
    assert answer.confidence >= 0.5


async def test_vendors_get_vendor_articles_and_signed_in_buyers_only_for_a_clear_sellers_question(
    brain: OfflineBrain,
) -> None:
    vendor = await brain.answer("when are payouts sent to my bank?", participant=VENDOR, history=[])
    assert vendor.sources[0].url == "https://help.test/payouts"
    assert not vendor.text.startswith("That sounds like a seller's question")
    # A signed-in buyer may be thinking of selling: a question only the seller help answers gets
    # it, with the note to sign in as a seller.
    buyer = await brain.answer("when are payouts sent to my bank?", participant=SIGNED_BUYER, history=[])
    assert buyer.text.startswith("That sounds like a seller's question") and "every Tuesday" in buyer.text
    assert buyer.sources[0].url == "https://help.test/payouts"
    # A question leaning only a little to the seller side is a known buyer's: they get the buyer
    # article, where a visitor who hasn't signed in gets the seller one.
    signed = await brain.answer("when will I get my money?", participant=SIGNED_BUYER, history=[])
    assert signed.sources[0].url == "https://help.test/refunds" and "seller" not in signed.text
    visitor = await brain.answer("when will I get my money?", participant=BUYER, history=[])
    assert visitor.sources[0].url == "https://help.test/payouts"
    assert [s.url for s in visitor.sources].count("https://help.test/refunds") <= 1, "each source once"
    shared = await brain.answer("how do I turn on two-factor authentication", participant=VENDOR, history=[])
    assert shared.sources[0].url == "https://help.test/security"


async def test_a_visitor_who_has_not_signed_in_gets_the_seller_article_for_a_seller_question(
    brain: OfflineBrain,
) -> None:
    seller = await brain.answer("I'm a seller, when are my payouts sent to my bank?", participant=BUYER, history=[])
    assert seller.text.startswith("That sounds like a seller's question")
    assert "sign in to your vendor account" in seller.text
    assert "every Tuesday" in seller.text
    assert seller.sources[0].url == "https://help.test/payouts"
    # The same visitor asking a buyer's question gets the buyer article, with no seller notice.
    buyer = await brain.answer("how long until my refund arrives?", participant=BUYER, history=[])
    assert buyer.sources[0].url == "https://help.test/refunds" and "seller" not in buyer.text


async def test_a_buyer_telling_what_the_seller_did_is_never_sent_to_the_seller_help(brain: OfflineBrain) -> None:
    """"When is the money sent to my bank?" from a visitor reads as a seller's; told with the seller
    acting on the customer, in any of the four languages, only a buyer says it."""
    for question in ("the vendor still hasn't paid me, when is the money sent to my bank?",
                     "vendor says the money is on hold, when will it be paid to my bank?"):
        answer = await brain.answer(question, participant=BUYER, history=[])
        assert not answer.text.startswith("That sounds like a seller's question"), answer.text
        assert answer.sources[0].url == "https://help.test/refunds", (question, answer.sources)
    for question in ("el vendedor no contesta a mi solicitud", "der Verkäufer antwortet nicht",
                     "le vendeur refuse le retour"):
        assert speaks_as_buyer(question), question
    # A seller naming their seller account is still a seller.
    seller = await brain.answer("my seller account is new, when are my payouts sent to my bank?", participant=BUYER,
                                history=[])
    assert seller.text.startswith("That sounds like a seller's question")


async def test_typos_still_find_the_article(brain: OfflineBrain) -> None:
    answer = await brain.answer("wen wil i get my refnud", participant=BUYER, history=[])
    assert answer.sources[0].url == "https://help.test/refunds"


async def test_off_topic_question_gets_low_confidence_and_no_invented_answer(brain: OfflineBrain) -> None:
    answer = await brain.answer("what's the weather like in Lisbon tomorrow?", participant=BUYER, history=[])
    assert answer.confidence < 0.5
    assert answer.text.startswith("Sorry, no idea.")


async def test_order_status_never_shows_another_buyers_order(brain: OfflineBrain) -> None:
    owner = Participant(role="buyer", account_id="B-2002", verified=True)
    mine = await brain.answer("where is HM-100234?", participant=owner, history=[])
    assert "NL-700 headphones" in mine.text and "01905523411872" in mine.text

    stranger = Participant(role="buyer", account_id="B-9999", verified=True)
    theirs = await brain.answer("where is HM-100234?", participant=stranger, history=[])
    assert "couldn't find order HM-100234" in theirs.text
    assert "headphones" not in theirs.text and "01905523411872" not in theirs.text and "in transit" not in theirs.text

    anonymous = await brain.answer("status of hm-100234 please", participant=BUYER, history=[])
    assert "partially shipped" in anonymous.text
    assert "headphones" not in anonymous.text and "01905523411872" not in anonymous.text


async def test_named_vendor_gets_their_contact_card(brain: OfflineBrain) -> None:
    answer = await brain.answer("how can I reach Nordlicht Electronics?", participant=BUYER, history=[])
    assert "support@nordlicht.test" in answer.text
    assert answer.confidence >= 0.5


async def test_earlier_turn_explains_a_short_follow_up(brain: OfflineBrain) -> None:
    history = [Message(id="1", conversation_id="c", author="customer", text="I returned my shoes, when is the refund coming?", ts=1.0)]
    answer = await brain.answer("and partial ones?", participant=BUYER, history=history)
    assert answer.sources[0].url == "https://help.test/refunds"
    assert "refund part of the price" in answer.text


async def test_earlier_turns_never_lend_their_topic_to_an_unrelated_question(brain: OfflineBrain) -> None:
    history = [Message(id="1", conversation_id="c", author="customer", text="I returned my shoes, when is the refund coming?", ts=1.0)]
    for question in ("tell me a joke", "Can you recommend a good recipe for lasagne?"):
        answer = await brain.answer(question, participant=BUYER, history=history)
        assert answer.confidence < 0.5 and answer.offers_person, (question, answer.text)


async def test_rebuilt_index_is_swapped_in_without_restart(brain: OfflineBrain, embedder: LocalEmbedder) -> None:
    search = brain.parts.search
    assert not await brain.reload_if_changed()
    kb = search.index_dir.parent / "kb"
    (kb / "pets.md").write_text("---\ntitle: Selling pet food\naudience: all\nurl: https://help.test/pets\n---\n\n## Pet food rules\n\nPet food must show its ingredients and a best-before date on the listing.\n")
    await asyncio.to_thread(build_index, kb, search.index_dir, embedder)
    assert await brain.reload_if_changed()
    answer = await brain.answer("what must pet food listings show?", participant=BUYER, history=[])
    assert answer.sources[0].url == "https://help.test/pets"


async def test_concurrent_questions_share_embedding_batches(embedder: LocalEmbedder) -> None:
    batches = embedder.batcher.batches
    texts = [f"question number {i} about parcels" for i in range(16)]
    vectors = await asyncio.gather(*(embedder.embed_query(t) for t in texts))
    assert len(vectors) == 16 and all(len(v) == embedder.dimension for v in vectors)
    assert embedder.batcher.batches - batches <= 2


async def test_order_status_and_vendor_cards_are_said_in_the_customers_language(brain: OfflineBrain) -> None:
    owner = Participant(role="buyer", account_id="B-2002", verified=True)
    spanish = await brain.answer("¿Dónde está mi pedido HM-100234?", participant=owner, history=[], language="es")
    assert "El pedido HM-100234 (realizado el 2026-11-20) está enviado en parte; pago autorizado." in spanish.text
    assert ("- NL-700 headphones ×1 de Nordlicht Electronics: en tránsito con DPD, seguimiento 01905523411872, "
            "previsto para 2026-11-25.") in spanish.text
    assert "partially shipped" not in spanish.text and "expected" not in spanish.text

    # Someone who hasn't signed in: the status and the parcel's gender in French, and why no items.
    french = await brain.answer("Où en est la commande HM-100234 ?", participant=BUYER, history=[], language="fr")
    assert "Commande HM-100234 : expédiée en partie." in french.text
    assert "- Colis 1 : en transit, prévu le 2026-11-25." in french.text
    assert "Connectez-vous pour voir les articles" in french.text and "headphones" not in french.text

    german = await brain.answer("Wie erreiche ich Nordlicht Electronics?", participant=BUYER, history=[], language="de")
    assert ("Nordlicht Electronics (V-1001) erreichst du unter support@nordlicht.test, Mon-Sat 08:00-20:00 CET. "
            "Antwort meist innerhalb von 2 Stunden.") in german.text

    # A language Baton has no order sentences for gets English, never an empty line.
    italian = await brain.answer("Dov'è il mio ordine HM-100234?", participant=BUYER, history=[], language="it")
    assert "Order HM-100234 is partially shipped." in italian.text


async def test_a_help_centre_written_with_bold_lead_ins_answers_from_the_section_asked_about(
    tmp_path: Path, embedder: LocalEmbedder
) -> None:
    """Sections written as bold lead-ins ("**Phone support:** We don't have ...") are answered from
    like headed ones: the sentence that answers, without its label said as if part of it."""
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "contact.md").write_text(
        "---\ntitle: Contacting support\naudience: buyer\nurl: https://help.test/contact\n---\n\n"
        "Here's how to reach us.\n\n"
        "**Live chat:** Open Help > Chat with us, Monday to Friday 8:00-20:00.\n\n"
        "**Sundays and public holidays:** The live chat is closed on Sundays.\n\n"
        "**Phone support:** We don't have a phone line for buyers. Using the chat is quicker.\n\n"
        "**Complaints:** Reply to the last message with the word complaint.\n"
    )
    settings = load_settings(BOT_KB_DIR=str(kb), BOT_INDEX_DIR=str(tmp_path / "index"))
    brain = await create_brain(settings, embedder)
    answer = await brain.answer("can I phone support? is there a phone line for buyers?", participant=BUYER, history=[])
    said = answer.text.split("\n\n")[-1]  # after the greeting
    assert said.startswith("We don't have a phone line for buyers."), answer.text
    assert "Phone support:" not in answer.text



async def test_a_row_from_the_second_half_of_a_long_table_is_said_under_its_columns_names(
    tmp_path: Path, embedder: LocalEmbedder
) -> None:
    """A table longer than one passage is cut in two; a row of the second half keeps the table's
    column names, never the first row of its half read as them."""
    kb = tmp_path / "kb"
    kb.mkdir()
    causes = ["Your bank declined it", "Not enough funds", "The security check timed out", "The postcode is wrong",
              "The address is outside our countries", "Gift credit can't be combined with instalments",
              "The instalment provider said no", "Your checkout session expired after 20 minutes",
              "The order is held for a security review", "A duplicate payment was blocked"]
    rows = "".join(f"| PAY-{101 + i} | {cause}, which is explained in more detail on the payments page of this help centre "
                   f"| Follow the steps on screen and contact us if it keeps happening |\n" for i, cause in enumerate(causes))
    (kb / "payment-errors.md").write_text(
        "---\ntitle: Payment error codes\naudience: buyer\nurl: https://help.test/payment-errors\n---\n\n"
        "When a payment fails, checkout shows a code.\n\n| Code | What it means | What to do |\n|---|---|---|\n" + rows)
    brain = await create_brain(load_settings(BOT_KB_DIR=str(kb), BOT_INDEX_DIR=str(tmp_path / "index")), embedder)
    answer = await brain.answer("checkout says PAY-108, what does that mean?", participant=BUYER,
                                history=[Message("1-0", "c", "bot", "hi", 0.0)])
    row = next(line for line in answer.text.splitlines() if "PAY-108" in line)
    assert row.removeprefix("- ").startswith("PAY-108 — What it means: Your checkout session expired after 20 minutes"), answer.text
