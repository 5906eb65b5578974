"""The e-mails themselves: brand.yaml's `email:` texts, the staff replies (or the transcript) as
plain text and simple, escaped HTML, and the link back to the chat (docs/configuration.md#brand-email)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from bot.brand import Brand
from bot.markup import h, to_html
from bot.models import Message


@dataclass(frozen=True, slots=True)
class Letter:
    """One e-mail to write: to whom, about which conversation, and its messages."""

    to: str
    conversation_id: str
    messages: Sequence[Message]
    name: str | None = None  # the customer's name from their token, for `hello`
    transcript: bool = False  # the whole conversation on close, not only staff replies
    language: str | None = None  # the conversation's: the brand's words are said in it where translated


def compose(letter: Letter, brand: Brand, sender: str, link: str) -> EmailMessage:
    """The e-mail for `letter`: plain text, with an HTML alternative; all customer-facing words from
    the brand; every message text escaped in the HTML (Markdown rendered by `bot.markup.to_html`,
    the allow-listed subset the inbox page shows)."""
    brand = brand.localised(letter.language)
    texts = brand.email
    marketplace = brand.marketplace
    team = brand.widget.team or marketplace
    subject = (texts.transcript_subject if letter.transcript else texts.subject).format(marketplace=marketplace)
    hello = texts.hello.format(name=letter.name, marketplace=marketplace) if letter.name and texts.hello else ""
    intro = (texts.transcript_intro if letter.transcript else texts.intro).format(marketplace=marketplace)
    link_text = texts.link_text.format(marketplace=marketplace)
    footer = texts.footer.format(marketplace=marketplace)

    plain: list[str] = [hello, ""] if hello else []
    plain += [intro, ""]
    for message in letter.messages:
        who = _who(message, brand, team)
        plain += [f"{who}:" if who else "", message.text.strip(), ""]
    plain += [f"{link_text}: {link}", "", "-- ", footer]

    html_parts = ['<!DOCTYPE html><html><body style="font-family: sans-serif; line-height: 1.45; color: #222;">']
    if hello:
        html_parts.append(f"<p>{h(hello)}</p>")
    html_parts.append(f"<p>{h(intro)}</p>")
    for message in letter.messages:
        who = _who(message, brand, team)
        html_parts.append('<div style="margin: 0 0 1em; padding-left: .8em; border-left: 3px solid #ccc;">')
        if who:
            html_parts.append(f'<p style="margin: 0; color: #555;"><strong>{h(who)}</strong></p>')
        html_parts.append(to_html(message.text) if message.author in ("bot", "human") else f"<p>{h(message.text)}</p>")
        html_parts.append("</div>")
    html_parts.append(f'<p><a href="{h(link)}">{h(link_text)}</a></p>')
    html_parts.append(f'<p style="color: #777; font-size: small;">{h(footer)}</p></body></html>')

    email = EmailMessage()
    email["From"] = sender
    email["To"] = Address(addr_spec=letter.to)
    email["Subject"] = subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = message_id(letter, sender)
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: auto-responders must not answer it
    email.set_content("\n".join(plain).strip() + "\n")
    email.add_alternative("".join(html_parts), subtype="html")
    return email


def message_id(letter: Letter, sender: str) -> str:
    """The same Message-ID for the same replies, so a send repeated after a crash is one e-mail in
    clients that de-duplicate by it."""
    last = letter.messages[-1].id if letter.messages else "none"
    kind = "transcript" if letter.transcript else "replies"
    digest = hashlib.sha256(f"{letter.conversation_id}|{kind}|{last}".encode()).hexdigest()[:32]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "baton.invalid"
    return f"<{digest}@{domain}>"


def _who(message: Message, brand: Brand, team: str) -> str:
    if message.author == "human":
        return f"{message.name} · {team}" if message.name else team
    if message.author == "bot":
        return message.name or brand.bot_name
    return brand.email.you if message.author == "customer" else ""  # system notices: no author
