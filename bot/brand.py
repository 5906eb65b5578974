"""The brand voice from `config/brand.yaml`: the bot's name, its tone, and every text a customer reads
that the AI does not write (one place for all channels; docs/configuration.md#brand).

The file is validated strictly when Baton starts: an unknown key (a typo, or a text that moved
here from another file) or a placeholder a text may not use is refused with `file: key: reason`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from bot.brand_translations import DEFAULT_EMAIL_TRANSLATIONS, DEFAULT_TRANSLATIONS
from bot.hours import Schedule, opens_text
from bot.validation import error_reason, error_where
from bot.yaml_errors import yaml_error_text


class BrandError(Exception):
    """brand.yaml is unreadable or invalid; the message names the file and the key."""


ENGLISH_ONLY_NOTICE = {
    "es": "Esta respuesta solo está disponible en inglés:",
    "de": "Diese Antwort gibt es nur auf Englisch:",
    "fr": "Cette réponse n'est disponible qu'en anglais :",
}

SELLER_NOTICE = {
    "en": "That sounds like a seller's question, so here is what our seller help says. To ask about "
          "your own shop, orders or payouts, sign in to your vendor account first.",
    "es": "Parece una pregunta de vendedor, así que esto es lo que dice nuestra ayuda para "
          "vendedores. Para consultar sobre tu tienda, pedidos o pagos, inicia sesión en tu cuenta de vendedor.",
    "de": "Das klingt nach einer Frage von Verkäufern, deshalb hier unsere Hilfe für Verkäufer. Für "
          "Fragen zu Ihrem Shop, Ihren Bestellungen oder Auszahlungen melden Sie sich bitte zuerst in "
          "Ihrem Verkäuferkonto an.",
    "fr": "Cela ressemble à une question de vendeur : voici ce que dit notre aide aux vendeurs. Pour "
          "une question sur votre boutique, vos commandes ou vos virements, connectez-vous d'abord à votre compte vendeur.",
}

# The bot's reply to a message made only of courtesies (bot/brain/courtesy.py), by kind and language.
COURTESY_REPLIES: dict[str, dict[str, str]] = {
    "bot": {"en": "I'm an automated assistant: I answer from our help centre. If you'd rather talk with "
                  "a person from our team, just say so.",
            "es": "Soy un asistente automático: respondo con nuestro centro de ayuda. Si prefieres hablar "
                  "con una persona de nuestro equipo, solo tienes que decirlo.",
            "de": "Ich bin ein automatischer Assistent und antworte aus unserem Hilfe-Center. Wenn Sie lieber "
                  "mit einer Person aus unserem Team sprechen möchten, sagen Sie es einfach.",
            "fr": "Je suis un assistant automatique : je réponds à partir de notre centre d'aide. Si vous "
                  "préférez parler à une personne de notre équipe, dites-le simplement."},
    "hello": {"en": "How can I help you today?", "es": "¿En qué puedo ayudarte hoy?",
              "de": "Wie kann ich Ihnen heute helfen?", "fr": "Comment puis-je vous aider aujourd'hui ?"},
    "thanks": {"en": "You're welcome. Is there anything else I can help with?",
               "es": "De nada. ¿Puedo ayudarte con algo más?",
               "de": "Gern geschehen. Kann ich Ihnen sonst noch helfen?",
               "fr": "Avec plaisir. Puis-je vous aider pour autre chose ?"},
    "praise": {"en": "Thank you, that's lovely to hear. Is there anything else I can help with?",
               "es": "Gracias, da gusto leerlo. ¿Puedo ayudarte con algo más?",
               "de": "Vielen Dank, das freut uns sehr. Kann ich Ihnen sonst noch helfen?",
               "fr": "Merci, ça fait plaisir à lire. Puis-je vous aider pour autre chose ?"},
    "bye": {"en": "Thanks for getting in touch. I'm here whenever you need anything else.",
            "es": "Gracias por escribirnos. Aquí estaré si necesitas algo más.",
            "de": "Danke für Ihre Nachricht. Ich bin hier, wenn Sie noch etwas brauchen.",
            "fr": "Merci de nous avoir écrit. Je reste là si vous avez besoin d'autre chose."},
    "ok": {"en": "Is there anything else I can help with?", "es": "¿Puedo ayudarte con algo más?",
           "de": "Kann ich Ihnen sonst noch helfen?", "fr": "Puis-je vous aider pour autre chose ?"},
}


# The only colours brand.yaml (and so GET /widget/brand.json) may give the widget: nothing but
# "#" and hex digits can reach its styles. The widget checks the same pattern.
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


class WidgetTexts(BaseModel):
    """The web-chat widget's own words from brand.yaml; an empty one leaves the widget's default."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    title: str = Field(default="", max_length=80)  # default: "{marketplace} help", translated
    team: str = Field(default="", max_length=80)  # "Dana · {team} team"; default: the marketplace
    greeting: str = Field(default="", max_length=300)  # the empty chat's line; default: the widget's own


class WidgetBrand(WidgetTexts):
    """`widget:` in brand.yaml: what the web-chat widget shows before anyone writes, and its
    colours (served as `GET /widget/brand.json`; a script tag's data- attributes win over it)."""

    accent: str = ""  # the button, the header, the customer's bubbles
    accent_text: str = ""  # text and icons on the accent colour
    # The texts above in other languages, by language code; a language left out uses the ones above.
    texts: dict[str, WidgetTexts] = Field(default_factory=dict)

    @field_validator("accent", "accent_text", mode="before")
    @classmethod
    def _hex_colour(cls, value: object) -> object:
        if value is None:  # `accent: #0b6e4f` unquoted: YAML reads a comment, so no value at all
            raise ValueError('no colour: write it in quotes, like "#0b6e4f" (an unquoted # starts a YAML comment)')
        if not isinstance(value, str) or not HEX_COLOUR.fullmatch(value.strip()):
            raise ValueError(f'{value!r} is not a hex colour like "#0b6e4f" or "#fff"')
        return value.strip().lower()

    @field_validator("texts")
    @classmethod
    def _language_codes(cls, value: dict[str, WidgetTexts]) -> dict[str, WidgetTexts]:
        for code in value:
            if not LANGUAGE_CODE.fullmatch(code):
                raise ValueError(f"{code!r} is not a language code like es or de (lower case)")
        return value


class EmailBrand(BaseModel):
    """`email:` in brand.yaml: the e-mail a signed-in web-chat customer gets with the staff replies
    they did not see, and the transcript on close (bot/mail/, docs/configuration.md#brand-email).
    `{marketplace}` may be used in every text, `{name}` (the customer's) in `hello` too."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    subject: str = Field(default="New reply from {marketplace} support", min_length=1, max_length=150)
    hello: str = "Hi {name},"  # left out when the token named nobody
    intro: str = Field(default="Our team replied to your chat while you were away:", min_length=1)
    link_text: str = Field(default="Continue the conversation on {marketplace}", min_length=1)
    footer: str = ("You get this e-mail because you chatted with {marketplace} support while signed in. "
                   "Replies to this e-mail are not read: please answer in the chat.")
    transcript_subject: str = Field(default="Your conversation with {marketplace} support", min_length=1,
                                    max_length=150)
    transcript_intro: str = Field(default="Here is a copy of your conversation with our team.", min_length=1)
    you: str = Field(default="You", min_length=1, max_length=40)  # the customer's lines in a transcript

    PLACEHOLDERS: ClassVar[dict[str, tuple[str, ...]]] = {"hello": ("name", "marketplace")}

    @field_validator("*")
    @classmethod
    def _placeholders(cls, value: object, info: ValidationInfo) -> object:
        name = info.field_name or ""
        if not isinstance(value, str):
            return value
        if name.endswith("subject") and any(c in value for c in "\r\n"):
            raise ValueError("a subject is one line")
        allowed = cls.PLACEHOLDERS.get(name, ("marketplace",))
        try:
            value.format(**{p: "x" for p in allowed})
        except (KeyError, IndexError, ValueError) as exc:
            shown = ", ".join(f"{{{p}}}" for p in allowed)
            raise ValueError(f"only {shown} may be used here ({exc.__class__.__name__}: {exc})") from None
        return value


class Brand(BaseModel):
    """Everything Baton says in the marketplace's own words (defaults for a missing file or key)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    bot_name: str = "Baton"
    marketplace: str = "the marketplace"
    tone: str = "friendly, clear and concise"
    greeting: str = ""
    sign_off: str = ""
    handoff_message: str = "I'm passing you to a member of our team; someone will reply here within {minutes} minutes."
    handoff_closed_message: str = "Our team has closed this conversation. I'm here if you need anything else."
    no_answer_message: str = "I'm sorry, I couldn't find an answer to that in our help centre."
    after_hours_message: str = (
        "Our team is away right now. A person will reply here when we're back, {opens}; you don't "
        "need to stay in the chat.")
    waiting_message: str = "Thanks for waiting: a member of our team will be with you shortly."
    failed_message: str = "Something went wrong on our side. Your message is saved and our team can see it."
    not_saved_message: str = "Sorry, I couldn't take that message just now. Please send it again in a minute."
    # A photo or file sent with no words while the bot has the conversation: it is kept, and
    # staff see it if a person takes the conversation.
    file_received_message: str = (
        "Thanks, I've kept your file. Tell me what it's about, or ask for a person: they'll see it too.")
    # Discord: files sent with a message that are not kept (the words and the other files still go
    # through); {name}: the file, {size}: the largest file taken, {count}/{names}: per message.
    file_refused_message: str = "I couldn't take {name}: only photos (JPEG, PNG, GIF, WebP) and PDF files can be sent."
    file_too_large_message: str = "I couldn't take {name}: a file can be at most {size}."
    file_too_many_message: str = "I can take {count} files with one message, so I left out {names}."
    # Discord: a file from our team larger than Discord carries ({name}); the rest of the reply arrives.
    file_not_sent_message: str = (
        "{name} is too large to send on Discord. Ask us here and we'll find another way to get it to you.")
    staff_joined_message: str = "{name} from our support team has joined and will reply here."
    passed_message: str = "I've passed your conversation to a specialist on our team. They'll reply here."
    # Auto-close (AUTO_CLOSE_AFTER): the warning, AUTO_CLOSE_WARNING before a quiet conversation
    # closes ({duration}: "4 hours"; {hours}: the whole hours, at least 1), and the closing notice.
    auto_close_warning: str = Field(default=(
        "Is there anything else we can help you with? If we don't hear from you, this conversation "
        "will close in {duration}."), min_length=1)
    auto_closed_message: str = Field(default=(
        "We haven't heard from you for a while, so this conversation is now closed. I'm here if you "
        "need anything else."), min_length=1)
    staff_signature: str = "**{name}** · support team"
    sources_label: str = "Read more"
    # About how many words an answer from the help centre may have (the sentence that answers
    # the question is always said whole); the greeting comes on top, once per conversation.
    answer_words: int = Field(default=60, ge=15, le=400)
    # Said (in the customer's language) before an answer quoted from an English article to a
    # customer who wrote in another language; by language code.
    english_only_notice: dict[str, str] = Field(default_factory=lambda: dict(ENGLISH_ONLY_NOTICE))
    channel_pointer: str = "I answer questions in {channel}, or send me a direct message."
    # Discord: the button under the bot's answers, and what pressing it says for the customer
    # (it goes through the rules like a typed message, so it must read as asking for a person).
    person_button: str = Field(default="Talk to a person", max_length=80)  # Discord's limit for a label
    person_button_words: str = "I'd like to talk to a person, please."
    person_button_not_yours: str = "Only the customer of this conversation can use this button."
    person_already: str = "A person already has this conversation; they'll reply here."
    # Discord tickets: `/support` and private tickets; {name}: the customer, {thread}: a link to it.
    ticket_welcome: str = (
        "Hi {name}, this is your support ticket. Ask me anything here; I can bring in a person "
        "whenever you need one.")
    ticket_opened: str = "I've opened a ticket for you: {thread}"
    ticket_exists: str = "You already have an open ticket: {thread}"
    private_ticket_pointer: str = "I've opened a private ticket for you: {thread}"
    private_ticket_welcome: str = "Only you and our support team can see this ticket. You asked:"
    # Said (by language code) before a seller article given to a visitor who hasn't signed in and
    # asked a seller's question (bot/brain/audience.py); a language left out keeps the default.
    seller_article_notice: dict[str, str] = Field(default_factory=lambda: dict(SELLER_NOTICE))
    # The reply to a message made only of courtesies: `hello`, `thanks`, `bye` or `ok` (as "ok",
    # "great"), each by language code; a kind or language left out keeps the default.
    courtesy_replies: dict[str, dict[str, str]] = Field(default_factory=dict)
    # After a person closes a conversation, the customer is asked to rate it 1-5 with an optional
    # comment (bot/ratings.py); the thanks, and a second rating refused. Discord: the comment
    # button (also the comment box's title) and the box's label, each at most 45 characters
    # (Discord's limit for a modal's title and labels); a comment pressed before a score.
    rating_prompt: str = "How did our team do? Please rate this conversation from 1 (poor) to 5 (great)."
    rating_thanks: str = "Thank you for your rating. It helps our team get better."
    rating_already: str = "You've already rated this conversation. Thank you!"
    rating_comment_button: str = Field(default="Add a comment", max_length=45)
    rating_comment_label: str = Field(default="Your comment", max_length=45)
    rating_pick_first: str = "Please pick a score from 1 to 5 first; then you can add a comment."
    # The web-chat widget's title, team name, empty-chat greeting and colours.
    widget: WidgetBrand = Field(default_factory=WidgetBrand)
    # The e-mail with staff replies a signed-in web-chat customer did not see (SMTP_URL), and the
    # transcript on close (EMAIL_TRANSCRIPT_ON_CLOSE).
    email: EmailBrand = Field(default_factory=EmailBrand)
    # The texts above in the customers' other languages: language code -> {text key: text}. A
    # conversation's notices (handoff, no answer, closed, rating...) are said in the language its
    # customer last wrote in; a text left out there is said as above.
    translations: dict[str, dict[str, str | dict[str, str]]] = Field(default_factory=dict)
    _localised: dict[str, Brand] = PrivateAttr(default_factory=dict)
    _language: str = PrivateAttr(default="en")  # the language `localised` made this copy for
    _translated: frozenset[str] = PrivateAttr(default=frozenset())  # the texts it translated

    # The placeholders each text may use (any other `{...}` is refused at start-up).
    PLACEHOLDERS: ClassVar[dict[str, tuple[str, ...]]] = {
        "handoff_message": ("minutes",),
        "after_hours_message": ("opens",),
        "staff_joined_message": ("name",),
        "staff_signature": ("name",),
        "channel_pointer": ("channel",),
        "ticket_welcome": ("name",),
        "ticket_opened": ("thread",),
        "ticket_exists": ("thread",),
        "private_ticket_pointer": ("thread",),
        "auto_close_warning": ("duration", "hours"),
        "file_refused_message": ("name",),
        "file_too_large_message": ("name", "size"),
        "file_too_many_message": ("count", "names"),
        "file_not_sent_message": ("name",),
    }
    REQUIRED: ClassVar[frozenset[str]] = frozenset(
        {"bot_name", "handoff_message", "handoff_closed_message", "no_answer_message", "failed_message",
         "not_saved_message", "staff_joined_message", "passed_message", "staff_signature",
         "person_button", "person_button_words", "ticket_opened", "ticket_exists", "private_ticket_pointer",
         "rating_prompt", "rating_thanks", "rating_already", "rating_comment_button", "rating_comment_label",
         "rating_pick_first", "file_received_message", "file_refused_message", "file_too_large_message",
         "file_too_many_message", "file_not_sent_message"})

    # Not translated: names, the tone (a prompt for the model), and the per-language tables.
    UNTRANSLATED: ClassVar[frozenset[str]] = frozenset({"bot_name", "marketplace", "tone"})

    @field_validator("*")
    @classmethod
    def _placeholders(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, str):
            return value
        cls.check_text(info.field_name or "", value)
        return value

    @classmethod
    def check_text(cls, name: str, value: str) -> None:
        """Refuse an empty required text, or a `{placeholder}` this text may not use (ValueError)."""
        if name in cls.REQUIRED and not value:
            raise ValueError("must not be empty")
        allowed = cls.PLACEHOLDERS.get(name, ())
        try:
            value.format(**{p: "x" for p in allowed})
        except (KeyError, IndexError, ValueError) as exc:
            shown = ", ".join(f"{{{p}}}" for p in allowed) or "no {placeholders}"
            raise ValueError(f"only {shown} may be used here ({exc.__class__.__name__}: {exc})") from None

    @classmethod
    def translatable(cls) -> list[str]:
        """The texts `translations` may give in other languages."""
        return [name for name, info in cls.model_fields.items()
                if info.annotation is str and name not in cls.UNTRANSLATED]

    @field_validator("translations")
    @classmethod
    def _translations(cls, translations: dict[str, dict[str, str | dict[str, str]]]
                      ) -> dict[str, dict[str, str | dict[str, str]]]:
        known = cls.translatable()
        for language, texts in translations.items():
            if not LANGUAGE_CODE.fullmatch(language):
                raise ValueError(f"{language!r} is not a language code like es or de (lower case)")
            for name, value in texts.items():
                if name == "email":
                    cls._check_email_translation(language, value)
                    continue
                if name not in known:
                    known_all = ", ".join([*known, "email"])
                    raise ValueError(f"{language}.{name}: not a text that can be translated (known: {known_all})")
                if not isinstance(value, str):
                    raise ValueError(f"{language}.{name}: expected a text")
                limit = next((m.max_length for m in cls.model_fields[name].metadata if hasattr(m, "max_length")), None)
                try:
                    if limit is not None and len(value.strip()) > limit:
                        raise ValueError(f"at most {limit} characters")
                    cls.check_text(name, value.strip())
                except ValueError as exc:
                    raise ValueError(f"{language}.{name}: {exc}") from None
        return translations

    @staticmethod
    def _check_email_translation(language: str, texts: object) -> None:
        """`translations.<language>.email`: some of the e-mail's texts, each checked as `email:`'s."""
        if not isinstance(texts, dict):
            raise ValueError(f"{language}.email: expected the e-mail's texts ({', '.join(EmailBrand.model_fields)})")
        try:
            EmailBrand.model_validate(texts)
        except ValidationError as exc:
            first = exc.errors()[0]
            reason = error_reason(first)
            if first.get("type") == "extra_forbidden":
                reason = f"not an e-mail text (known: {', '.join(EmailBrand.model_fields)})"
            raise ValueError(f"{language}.email.{error_where(first, top='email')}: {reason}") from None

    def localised(self, language: str | None) -> Brand:
        """These texts in `language`: as `translations` gives them, else Baton's own translation of a
        text the marketplace kept as Baton wrote it (this brand itself when neither has any)."""
        code = language or ""
        found = self._localised.get(code)
        if found is not None:
            return found
        defaults = type(self).model_fields
        update: dict[str, object] = {name: text for name, text in DEFAULT_TRANSLATIONS.get(code, {}).items()
                  if getattr(self, name) == defaults[name].get_default()}
        own = self.translations.get(code, {})
        update.update({name: value.strip() for name, value in own.items() if isinstance(value, str)})
        email_fields = type(self.email).model_fields
        email = {name: text for name, text in DEFAULT_EMAIL_TRANSLATIONS.get(code, {}).items()
                 if getattr(self.email, name) == email_fields[name].get_default()}
        own_email = own.get("email")
        if isinstance(own_email, dict):
            email.update({name: text.strip() for name, text in own_email.items()})
        if email:
            update["email"] = self.email.model_copy(update=email)
        found = self
        if update:
            found = self.model_copy(update=update)
            found._language, found._translated = code, frozenset(update)
        self._localised[code] = found
        return found

    def untranslated(self, languages: Sequence[str]) -> dict[str, list[str]]:
        """Per language of `languages` (English aside): the texts this marketplace rewrote and did
        not translate into it, which its customers read in English (the greeting is not said)."""
        fields, email_fields = type(self).model_fields, type(self.email).model_fields
        rewritten = [name for name in self.translatable() if getattr(self, name) != fields[name].get_default()]
        rewritten_email = [name for name in email_fields
                           if getattr(self.email, name) != email_fields[name].get_default()]
        missing: dict[str, list[str]] = {}
        for language in languages:
            if language == "en":
                continue
            own = self.translations.get(language, {})
            own_email = own.get("email")
            names = [name for name in rewritten if name not in own]
            names += [f"email.{name}" for name in rewritten_email
                      if not (isinstance(own_email, dict) and name in own_email)]
            if names:
                missing[language] = names
        return missing

    def said_in(self, name: str) -> str:
        """The language text `name` is written in here: the customer's where this brand was
        localised and the text translated, else English (the main texts')."""
        return self._language if name in self._translated else "en"

    @classmethod
    def load(cls, path: Path) -> Brand:
        """Read brand.yaml; a missing file gives the defaults, a bad one raises BrandError."""
        if not path.exists():
            return cls()
        try:
            text = path.read_text(encoding="utf-8")
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise BrandError(yaml_error_text(path, text, exc)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BrandError(f"{path}: cannot read the file ({exc.__class__.__name__})") from None
        if not isinstance(data, dict):
            raise BrandError(f"{path}: expected a mapping of brand texts")
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise BrandError("\n".join(f"{path}: {_problem(error)}" for error in exc.errors())) from None

    @field_validator("courtesy_replies")
    @classmethod
    def _courtesy_kinds(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for kind, texts in value.items():
            if kind not in COURTESY_REPLIES:
                raise ValueError(f"{kind!r} is not one of {', '.join(COURTESY_REPLIES)}")
            for code, text in texts.items():
                if not LANGUAGE_CODE.fullmatch(code):
                    raise ValueError(f"{kind}: {code!r} is not a language code like es or de (lower case)")
                if not text.strip():
                    raise ValueError(f"{kind}.{code} must not be empty")
        return value

    def greets_in(self, language: str) -> bool:
        """Whether the greeting can be said in this language: English, or one `translations` gives it in."""
        return language == "en" or "greeting" in self.translations.get(language, {})

    def courtesy_reply(self, kind: str, language: str) -> str:
        """The reply to a courtesy of this kind in the customer's language (English where neither
        brand.yaml nor the defaults have that language)."""
        own, default = self.courtesy_replies.get(kind, {}), COURTESY_REPLIES[kind]
        return (own.get(language) or default.get(language) or own.get("en") or default["en"]).strip()

    def seller_notice(self, language: str) -> str:
        """What a visitor who hasn't signed in reads before a seller article, in their language."""
        return (self.seller_article_notice.get(language) or SELLER_NOTICE.get(language)
                or self.seller_article_notice.get("en") or SELLER_NOTICE["en"])

    def auto_close_notice(self, seconds: float) -> str:
        """The auto-close warning for a close `seconds` away, the duration in the warning's language."""
        from bot.auto_close import duration_text

        duration = duration_text(seconds, self.said_in("auto_close_warning"))
        return self.auto_close_warning.format(duration=duration, hours=max(1, round(seconds / 3600)))

    def after_hours(self, at: float, schedule: Schedule) -> str:
        """The after-hours notice at `at`, when the team is back said in the notice's language."""
        return self.after_hours_message.format(opens=opens_text(at, schedule, self.said_in("after_hours_message")))

    def handoff(self, minutes: float | None = None) -> str:
        """The handoff message with the expected wait filled in (15 minutes when unknown)."""
        return self.handoff_message.format(minutes=max(1, round(minutes)) if minutes else 15)


def _problem(error: object) -> str:
    """One pydantic error as `key: reason`."""
    key = error_where(error, top="(file)")
    if isinstance(error, dict) and error.get("type") == "extra_forbidden":
        loc = tuple(error.get("loc", ()))
        if loc[:1] == ("widget",):
            known = WidgetTexts.model_fields if loc[1:2] == ("texts",) else WidgetBrand.model_fields
            return f"{key}: not a widget key (known: {', '.join(known)})"
        if loc[:1] == ("email",):
            return f"{key}: not an email key (known: {', '.join(EmailBrand.model_fields)})"
        return f"{key}: not a brand text (known: {', '.join(Brand.model_fields)})"
    return f"{key}: {error_reason(error)}"
