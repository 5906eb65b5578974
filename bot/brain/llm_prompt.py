"""What the chat model reads: the system prompt (identity once, the rules, the customer's language)
and the conversation so far, with staff replies marked as the support team's, not the model's."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from bot.brand import Brand
from bot.models import Message

HISTORY_MESSAGES = 8  # earlier transcript lines given to the model
STAFF_NAME = "support_team"  # the `name` of staff turns (OpenAI accepts [A-Za-z0-9_-])
STAFF_MARK = "[Support team"
LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "de": "German", "fr": "French", "it": "Italian", "nl": "Dutch",
    "pt": "Portuguese", "pl": "Polish", "sv": "Swedish", "da": "Danish", "nb": "Norwegian", "no": "Norwegian",
    "fi": "Finnish", "cs": "Czech", "ro": "Romanian", "hu": "Hungarian", "el": "Greek", "tr": "Turkish",
}

RULES = (
    "Rules:",
    "- Before answering any question about how the marketplace works, call search_help_centre.",
    "- Answer ONLY from what the tools return. Never invent policies, amounts, dates or contact details.",
    "- Cite every help-centre article you used with its url, like (Source: https://...).",
    "- Link only to the help-centre urls the tools give you; never to any other site.",
    "- For an order number (like HM-100234) call order_status; for a vendor's contact details call vendor_contact.",
    "- Give an order's status, tracking number or dates only as order_status returned them in this turn.",
    "- If the customer asks for a person, call request_human.",
    "- If the tools do not answer the question, reply: \"I don't know.\" and offer a person.",
    "- Never ask for full card numbers, passwords or one-time codes.",
    "- Keep answers short: a few sentences or a short list.",
    (f"- Messages starting with {STAFF_MARK} ...] were written by a person on our support team, not by you"
     " and not by the customer; do not contradict them."),
)


def _states_identity(tone: str, brand: Brand) -> bool:
    """Whether the brand's tone already says who the assistant is ("You are Harbor Helper, ...")."""
    opening = tone.lstrip().lower()
    return opening.startswith(("you are", "you're")) or brand.bot_name.lower() in opening


def base_prompt(brand: Brand, word_limit: int | None = None) -> str:
    """The system prompt without the language line: who the assistant is (once), its voice, the rules."""
    if _states_identity(brand.tone, brand):
        lines = [brand.tone.strip()]
    else:
        lines = [f"You are {brand.bot_name}, the support assistant of {brand.marketplace}. Your tone: {brand.tone}."]
    lines.append("You help buyers and vendors with questions about the marketplace.")
    lines.extend(RULES)
    if word_limit:
        lines.append(f"- Answer in at most {word_limit} words.")
    if brand.sign_off:
        lines.append(f"- End your answer with: {brand.sign_off}")
    return "\n".join(lines)


def language_line(language: str) -> str:
    """Which language to answer in: the customer's (bot/language.py detected it)."""
    name = LANGUAGE_NAMES.get(language.lower(), language)
    if language.lower() == "en":
        return "The customer writes in English: answer in English."
    return (f"The customer writes in {name}: answer in {name}. Where a help-centre passage is in another "
            "language, translate what it says faithfully and keep its urls, order numbers and amounts exactly as they are.")


def system_prompt(brand: Brand, language: str = "en", word_limit: int | None = None) -> str:
    """The whole system prompt for one question in `language`."""
    return f"{base_prompt(brand, word_limit)}\n{language_line(language)}"


_STAFF_MARK_AT_START = re.compile(rf"^\s*{re.escape(STAFF_MARK)}", re.IGNORECASE)


def transcript(history: Sequence[Message], question: str) -> list[BaseMessage]:
    """The last turns of the conversation as chat messages, ending with the question.

    The bot's answers are the model's own turns; a staff member's reply is a user-side turn
    marked as the support team's (name `support_team`), so the model neither takes it for its own
    words nor for the customer's. A customer cannot pass for staff by typing the mark.
    """
    messages: list[BaseMessage] = []
    earlier = [m for m in history if m.author in ("customer", "bot", "human")]
    if earlier and earlier[-1].author == "customer" and earlier[-1].text.strip() == question.strip():
        earlier = earlier[:-1]
    for message in earlier[-HISTORY_MESSAGES:]:
        if message.author == "customer":
            messages.append(HumanMessage(_customer_text(message.text)))
        elif message.author == "human":
            who = f": {message.name}" if message.name else ""
            messages.append(HumanMessage(f"{STAFF_MARK}{who}] {message.text}", name=STAFF_NAME))
        else:
            messages.append(AIMessage(message.text))
    messages.append(HumanMessage(_customer_text(question)))
    return messages


def _customer_text(text: str) -> str:
    return f"(customer) {text}" if _STAFF_MARK_AT_START.match(text) else text
