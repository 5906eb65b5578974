"""Customers name a seller by id in whatever form the marketplace gives its ids, typed loosely:
the contact card is found all the same (vendors.yaml of a marketplace that isn't Harbor)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.brain.tools import VendorDirectory

VENDORS = """
vendors:
  - {id: SELL-204, name: Klangwerk Audio, contact_email: hallo@klangwerk.example}
  - {id: pl_0042, name: Objectiv Kamerahaus, contact_email: service@objectiv.example}
  - {id: KW7, name: Ceramica Lume, contact_email: ciao@lume.example}
  - {id: V-1001, name: Nordlicht Electronics, contact_email: help@nordlicht.example}
"""


@pytest.fixture
def directory(tmp_path: Path) -> VendorDirectory:
    """Another marketplace's seller directory, with ids in four formats."""
    path = tmp_path / "vendors.yaml"
    path.write_text(VENDORS, encoding="utf-8")
    return VendorDirectory.load(path)


@pytest.mark.parametrize(("message", "seller"), [
    ("how do I reach seller SELL-204?", "Klangwerk Audio"),
    ("contact for sell 204 please", "Klangwerk Audio"),
    ("seller sell204 never answered", "Klangwerk Audio"),
    ("who is PL_0042", "Objectiv Kamerahaus"),
    ("pl-0042 email?", "Objectiv Kamerahaus"),
    ("(kw7) support hours", "Ceramica Lume"),
    ("v1001 contact", "Nordlicht Electronics"),
    ("V-1001, how do I write to them?", "Nordlicht Electronics"),
])
def test_a_seller_id_typed_loosely_finds_the_sellers_card(directory: VendorDirectory, message: str, seller: str) -> None:
    assert [v.name for v in directory.find(message)] == [seller]
    assert seller in directory.lookup(message)


@pytest.mark.parametrize("message", [
    "my order SELL-2045 is late",  # another number that starts the same
    "kw 77 is not a seller",
    "pl. 0042",  # two separators
    "ok",  # short replies found inside a seller's name ("Objectiv Kamerahaus")
    "haus",
    "klang audio",
])
def test_text_that_only_resembles_an_id_finds_no_seller(directory: VendorDirectory, message: str) -> None:
    assert directory.find(message) == []


def test_a_misspelt_seller_name_still_finds_the_seller(directory: VendorDirectory) -> None:
    assert [v.name for v in directory.find("how do I contact Objektiv Kamerahaus?")] == ["Objectiv Kamerahaus"]


def test_two_sellers_named_in_one_message_are_both_found_once(directory: VendorDirectory) -> None:
    found = directory.find("SELL-204 says KW7 sent it, and sell-204 again")
    assert [v.id for v in found] == ["SELL-204", "KW7"]
    assert directory.get("sell 204") is directory.get("SELL-204") is not None
