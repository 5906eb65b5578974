"""Order numbers are the marketplace's own (ORDER_NUMBER_PATTERNS), found the same way by the brain
and the saved replies; a bad pattern or an incomplete order-API setting stops the start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.brain.tools import OrderBook, VendorDirectory
from bot.models import Conversation, Message, Participant, StaffMember
from bot.order_numbers import OrderNumberPatternError, OrderNumbers
from bot.replies import SavedReplies, last_order_id
from bot.settings import SettingsError, load_settings
from tests.conftest import ROOT

HARBOR = r"(HM)-?\s?(\d{4,})"
LUMEN_AND_LOOM = r"(LL)-(\d{4})-(\d{4})(?:-(\d{1,2}))?"  # sub-orders: LL-4821-7730-1
BOTH = f"{HARBOR} {LUMEN_AND_LOOM}"

LL_ORDERS = """orders:
  - id: LL-4821-7730
    buyer_id: C-77
    status: in_transit
    items:
      - {name: "Hand-thrown mug", vendor_id: MK-30418, qty: 2}
    parcels:
      - {vendor_id: MK-30418, carrier: CargoLoom, tracking: CL99120, status: in_transit, eta: 2026-12-02}
"""


def said(text: str, author: str = "customer") -> Message:
    return Message(id=text[:8], conversation_id="c", author=author, text=text, ts=1.0)


def run_bot(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "SLACK_", "WEBCHAT_", "REDIS_", "ORDER"))}
    return subprocess.run([sys.executable, "-m", "bot", "web"], check=False, env={**clean, **env}, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_the_default_reads_harbor_numbers_however_they_are_typed() -> None:
    numbers = load_settings().order_numbers
    text = "hm100234 and HM 100237, again HM-100234; not XHM-100240 nor HM-1002451X; LL-4821-7730"
    assert numbers.find(text) == ["HM-100234", "HM-100237"]


def test_a_second_marketplace_numbers_are_found_with_its_pattern() -> None:
    numbers = load_settings(ORDER_NUMBER_PATTERNS=LUMEN_AND_LOOM).order_numbers
    text = "My order ll-4821-7730 and its part LL-4821-7730-2 (not HM-100234, not LL-4821-77301)"
    assert numbers.find(text) == ["LL-4821-7730", "LL-4821-7730-2"]


def test_several_patterns_find_numbers_in_order_of_appearance() -> None:
    numbers = load_settings(ORDER_NUMBER_PATTERNS=BOTH).order_numbers
    assert numbers.find("LL-4821-7730 was fine, HM-100234 was not") == ["LL-4821-7730", "HM-100234"]
    # Overlapping matches: the one that starts first, then the longer one, wins.
    overlapping = OrderNumbers([r"(AB)-(\d{4})", r"AB-\d{4}-\d{2}"])
    assert overlapping.find("order AB-1234-56") == ["AB-1234-56"]


@pytest.mark.parametrize(
    ("patterns", "why"),
    [("(HM-\\d+", "not a valid regular expression"), ("\\d*", "matches an empty text"), ("", "at least one pattern")],
)
def test_an_unusable_pattern_is_refused_naming_the_setting(patterns: str, why: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(ORDER_NUMBER_PATTERNS=patterns)
    assert str(refused.value).startswith("ORDER_NUMBER_PATTERNS: ") and why in str(refused.value)
    with pytest.raises(OrderNumberPatternError):
        OrderNumbers(patterns.split())


def test_a_bad_pattern_stops_the_start_with_one_line_and_exit_2() -> None:
    result = run_bot({"ORDER_NUMBER_PATTERNS": f"{HARBOR} (LL-\\d{{4}}"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("baton: bad setting ORDER_NUMBER_PATTERNS: ")
    assert lines[0].endswith("'(LL-\\d{4}' is not a valid regular expression: missing ), unterminated subpattern at position 0")


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"ORDERS_API_URL": "https://orders.test/api"}, "ORDERS_API_TOKEN"),
        ({"ORDERS_API_TOKEN": "tok-secret-123456"}, "ORDERS_API_URL"),
        ({"ORDERS_API_URL": "orders.test/api", "ORDERS_API_TOKEN": "tok-secret-123456"}, "ORDERS_API_URL"),
        ({"ORDERS_API_URL": "https://orders.test", "ORDERS_API_TOKEN": "tok-secret-123456",
          "ORDERS_API_TIMEOUT": "0"}, "ORDERS_API_TIMEOUT"),
        ({"ORDERS_API_URL": "https://orders.test", "ORDERS_API_TOKEN": "tok-secret-123456",
          "ORDERS_API_CACHE_SECONDS": "soon"}, "ORDERS_API_CACHE_SECONDS"),
    ],
)
def test_an_incomplete_order_api_setting_stops_the_start(env: dict[str, str], variable: str) -> None:
    result = run_bot(env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"baton: bad setting {variable}: ")
    assert "tok-secret-123456" not in result.stderr


def test_the_order_api_token_stays_out_of_reprs() -> None:
    settings = load_settings(ORDERS_API_URL="http://127.0.0.1:9/api/", ORDERS_API_TOKEN="tok-secret-123456")
    assert settings.orders_api_url == "http://127.0.0.1:9/api"
    assert settings.orders_api_token is not None and settings.orders_api_token.get_secret_value() == "tok-secret-123456"
    assert "tok-secret-123456" not in repr(settings) and "tok-secret-123456" not in str(settings.model_dump())
    book = OrderBook.from_settings(settings, VendorDirectory([]), demo_file=Path("missing.yaml"))
    assert "tok-secret-123456" not in repr(book.source) and "127.0.0.1:9" in repr(book.source)


async def test_a_second_marketplace_order_is_looked_up_from_the_customer_message(tmp_path: Path) -> None:
    (tmp_path / "orders.yaml").write_text(LL_ORDERS, encoding="utf-8")
    settings = load_settings(ORDER_NUMBER_PATTERNS=LUMEN_AND_LOOM, BOT_KB_DIR=str(tmp_path))
    book = OrderBook.from_settings(settings, VendorDirectory([]), demo_file=tmp_path / "orders.yaml")
    message = "hi, where is my order ll-4821-7730?"
    assert book.ids_in(message) == ["LL-4821-7730"]

    owner = Participant(role="buyer", account_id="C-77", verified=True)
    mine = await book.lookup(message, owner)
    assert mine.found and mine.full_view and mine.order_id == "LL-4821-7730"
    assert "Hand-thrown mug ×2 from MK-30418: in transit with CargoLoom, tracking CL99120, expected 2026-12-02" in mine.text
    anyone = await book.lookup("LL-4821-7730", Participant(role="buyer"))
    assert anyone.found and "in transit" in anyone.text and "CL99120" not in anyone.text
    harbor = await book.lookup("HM-100234", owner)
    assert not harbor.found and harbor.available and "couldn't find order HM-100234" in harbor.text


def test_saved_replies_fill_in_the_marketplace_order_number(tmp_path: Path) -> None:
    transcript = [said("about LL-4821-7730 and HM-100234"), said("Order HM-100237 is on its way", "bot"),
                  said("sorry, I meant ll-4821-7731 and a tracking number 3SHMKA1002314")]
    assert last_order_id(transcript, OrderNumbers([LUMEN_AND_LOOM])) == "LL-4821-7731"
    assert last_order_id(transcript, OrderNumbers()) == "HM-100234"
    assert last_order_id(transcript[1:], OrderNumbers()) is None  # the bot's words are not the customer's

    replies_file = tmp_path / "replies.yaml"
    replies_file.write_text('replies:\n  - {id: asked, title: Asked, text: "I asked the vendor about {order_id}."}\n')
    replies = SavedReplies(replies_file, order_numbers=load_settings(ORDER_NUMBER_PATTERNS=BOTH).order_numbers)
    conversation = Conversation(id="c", channel="webchat", external_ref="r", participant=Participant(role="buyer"))
    filled = replies.filled("asked", conversation, transcript, StaffMember(id="dana", name="Dana"), "Lumen & Loom")
    assert filled is not None and filled.text == "I asked the vendor about LL-4821-7731."
