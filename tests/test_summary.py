"""The handoff summary: the customer's own words and the bot's last answer, cut short."""

from __future__ import annotations

from bot.models import Message, Source
from bot.summary import NOTHING_TOLD, summarise

GREETING = "Hi, I'm Harbor Helper."


def said(author: str, text: str, sources: list[Source] | None = None) -> Message:
    return Message(id=f"{len(text)}-0", conversation_id="c", author=author, text=text, ts=0.0,  # type: ignore[arg-type]
                   sources=sources or [])


def test_the_customers_latest_real_message_and_the_bots_last_answer_without_its_greeting() -> None:
    summary = summarise([
        said("customer", "where is my parcel HM-100234? it was due on monday"),
        said("bot", f"{GREETING}\n\nOrder HM-100234 is in transit, expected 2026-11-25.",
             [Source("Track your order", "https://help.example/track")]),
        said("customer", "that is not good enough, I need it for a birthday on friday and I want a person"),
        said("system", "I'm bringing in a member of the team."),
    ], greeting=GREETING)
    assert summary.wants == "that is not good enough, I need it for a birthday on friday and I want a person"
    assert summary.told == "Order HM-100234 is in transit, expected 2026-11-25. (from “Track your order”)"


def test_a_short_last_word_comes_with_the_message_it_answers_and_long_text_is_cut() -> None:
    long_question = "my vendor " + "really " * 40 + "never answered"
    summary = summarise([said("customer", long_question), said("customer", "human please")], words=12)
    assert summary.wants.startswith("my vendor really") and summary.wants.endswith("… … human please")
    assert summary.told == NOTHING_TOLD
