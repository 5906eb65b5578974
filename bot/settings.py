"""Baton's settings: read once at start-up from the environment (and `.env`), validated, passed down."""

from __future__ import annotations

import os
import re
import sys
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.mail.config import SmtpTarget, check_sender, parse_duration, parse_smtp_url
from bot.order_numbers import DEFAULT_ORDER_NUMBER_PATTERNS, OrderNumbers
from bot.validation import error_reason


class SettingsError(Exception):
    """A setting has a bad value; the message is one line naming the variable."""


class Settings(BaseSettings):
    """Every environment variable Baton reads (docs/architecture.md#settings). Nothing else reads the environment."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    redis_url: str | None = Field(default=None, validation_alias="REDIS_URL")
    redis_prefix: str = Field(default="baton:", validation_alias="BOT_REDIS_PREFIX")
    bot_host: str = Field(default="127.0.0.1", validation_alias="BOT_HOST")
    bot_port: int = Field(default=8080, ge=0, le=65535, validation_alias="BOT_PORT")
    rules_path: Path = Field(default=Path("config/rules.yaml"), validation_alias="BOT_RULES")
    brand_path: Path = Field(default=Path("config/brand.yaml"), validation_alias="BOT_BRAND")
    hours_path: Path = Field(default=Path("config/hours.yaml"), validation_alias="BOT_HOURS")
    replies_path: Path = Field(default=Path("config/replies.yaml"), validation_alias="BOT_REPLIES")
    kb_dir: Path = Field(default=Path("knowledge_base"), validation_alias="BOT_KB_DIR")
    index_dir: Path = Field(default=Path("var/index"), validation_alias="BOT_INDEX_DIR")
    # The embedding model's ONNX export and the rules' example vectors, made once and reused.
    model_cache: Path = Field(default=Path("var/models"), validation_alias="BOT_MODEL_CACHE")
    embedding_precision: Literal["auto", "onnx", "int8", "fp32", "bf16"] = Field(
        default="auto", validation_alias="BOT_EMBEDDING_PRECISION"
    )
    embedding_model: Literal["minilm", "e5-small"] = Field(default="minilm", validation_alias="BOT_EMBEDDING_MODEL")
    meaning_model: Literal["reader", "multilingual"] = Field(default="multilingual", validation_alias="BOT_MEANING_MODEL")
    languages: Annotated[tuple[str, ...], NoDecode] = Field(
        default=("en", "es", "de", "fr"), validation_alias="BOT_LANGUAGES"
    )
    llm: str | None = Field(default=None, validation_alias="BOT_LLM")
    llm_base_url: str | None = Field(default=None, validation_alias="BOT_LLM_BASE_URL")
    llm_api_key: str | None = Field(default=None, validation_alias="BOT_LLM_API_KEY")
    llm_timeout: float = Field(default=15.0, gt=0, le=300, validation_alias="BOT_LLM_TIMEOUT")
    llm_max_tokens: int = Field(default=500, ge=16, le=32000, validation_alias="BOT_LLM_MAX_TOKENS")
    llm_breaker_failures: int = Field(default=3, ge=1, le=100, validation_alias="BOT_LLM_BREAKER_FAILURES")
    llm_breaker_seconds: float = Field(default=30.0, gt=0, le=3600, validation_alias="BOT_LLM_BREAKER_SECONDS")
    llm_link_domains: Annotated[tuple[str, ...], NoDecode] = Field(default=(), validation_alias="BOT_LLM_LINK_DOMAINS")
    webchat_secret: str | None = Field(default=None, validation_alias="WEBCHAT_SECRET")
    webchat_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="WEBCHAT_ORIGINS"
    )
    webchat_max_chars: int = Field(default=4000, ge=1, validation_alias="WEBCHAT_MAX_CHARS")
    webchat_rate: int = Field(default=20, ge=1, validation_alias="WEBCHAT_RATE_PER_MINUTE")
    webchat_trusted_proxies: Annotated[tuple[IPv4Network | IPv6Network, ...], NoDecode] = Field(
        default=(), validation_alias="WEBCHAT_TRUSTED_PROXIES"
    )
    webchat_max_sockets: int = Field(default=20, ge=1, validation_alias="WEBCHAT_MAX_SOCKETS_PER_CLIENT")
    webchat_new_conversations: int = Field(
        default=10, ge=1, validation_alias="WEBCHAT_NEW_CONVERSATIONS_PER_MINUTE"
    )
    webchat_client_rate: int = Field(default=60, ge=1, validation_alias="WEBCHAT_CLIENT_RATE_PER_MINUTE")
    slack_bot_token: str | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias="SLACK_API_URL")
    slack_inbox_channel: str | None = Field(default=None, validation_alias="SLACK_INBOX_CHANNEL")
    slack_routes: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=dict, validation_alias="SLACK_ROUTES"
    )
    slack_note_prefix: str = Field(default="note:", min_length=1, validation_alias="SLACK_NOTE_PREFIX")
    slack_staff_group: str | None = Field(default=None, pattern=r"^S[A-Z0-9]{6,}$", validation_alias="SLACK_STAFF_GROUP")
    discord_token: str | None = Field(default=None, validation_alias="DISCORD_TOKEN")
    discord_config_path: Path = Field(default=Path("config/discord.yaml"), validation_alias="DISCORD_CONFIG")
    discord_api_url: str = Field(default="https://discord.com/api/v10", validation_alias="DISCORD_API_URL")
    inbox_token: str | None = Field(default=None, validation_alias="INBOX_TOKEN")
    inbox_staff_file: Path | None = Field(default=None, validation_alias="INBOX_STAFF_FILE")
    order_number_patterns: Annotated[tuple[str, ...], NoDecode] = Field(
        default=DEFAULT_ORDER_NUMBER_PATTERNS, validation_alias="ORDER_NUMBER_PATTERNS"
    )
    orders_api_url: str | None = Field(default=None, validation_alias="ORDERS_API_URL")
    orders_api_token: SecretStr | None = Field(default=None, validation_alias="ORDERS_API_TOKEN")
    orders_api_timeout: float = Field(default=3.0, gt=0, le=60, validation_alias="ORDERS_API_TIMEOUT")
    orders_api_cache_seconds: float = Field(default=60.0, ge=0, le=3600, validation_alias="ORDERS_API_CACHE_SECONDS")
    # Seconds; 0 = off. Written as durations (48h, 2d, 90m): docs/configuration.md#auto-close.
    auto_close_after: float = Field(default=0.0, validation_alias="AUTO_CLOSE_AFTER")
    auto_close_warning: float = Field(default=4 * 3600.0, validation_alias="AUTO_CLOSE_WARNING")
    # E-mail to signed-in web-chat customers who left (bot/mail/; docs/configuration.md#email): off without SMTP_URL.
    smtp_url: SecretStr | None = Field(default=None, validation_alias="SMTP_URL")
    email_from: str | None = Field(default=None, validation_alias="EMAIL_FROM")
    email_unseen_after: float = Field(default=300.0, ge=1, le=7 * 86400, validation_alias="EMAIL_UNSEEN_AFTER")
    email_link_url: str | None = Field(default=None, validation_alias="EMAIL_LINK_URL")
    email_transcript_on_close: bool = Field(default=False, validation_alias="EMAIL_TRANSCRIPT_ON_CLOSE")
    # Photos and PDFs customers and staff send (bot/files/; docs/configuration.md#files).
    files_dir: Path = Field(default=Path("var/files"), validation_alias="FILES_DIR")
    files_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=100 * 1024 * 1024,
                                 validation_alias="FILES_MAX_BYTES")
    files_link_seconds: int = Field(default=3600, ge=60, le=7 * 86400, validation_alias="FILES_LINK_SECONDS")
    files_secret: SecretStr | None = Field(default=None, min_length=16, validation_alias="FILES_SECRET")
    # FILES_S3_BUCKET: the files in S3-compatible object storage instead of FILES_DIR (bot/files/s3.py).
    files_s3_bucket: str | None = Field(default=None, validation_alias="FILES_S3_BUCKET")
    files_s3_endpoint_url: str | None = Field(default=None, validation_alias="FILES_S3_ENDPOINT_URL")
    files_s3_region: str | None = Field(default=None, validation_alias="FILES_S3_REGION")
    files_s3_prefix: str = Field(default="", validation_alias="FILES_S3_PREFIX")
    files_s3_access_key_id: SecretStr | None = Field(default=None, validation_alias="FILES_S3_ACCESS_KEY_ID")
    files_s3_secret_access_key: SecretStr | None = Field(default=None, validation_alias="FILES_S3_SECRET_ACCESS_KEY")
    log_level: str = Field(default="INFO", validation_alias="LOG_LEVEL")
    log_format: Literal["text", "json"] = Field(default="text", validation_alias="LOG_FORMAT")

    @field_validator("webchat_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [o.strip().rstrip("/") for o in value.split(",") if o.strip()]
        return value

    @field_validator("webchat_origins")
    @classmethod
    def _check_origins(cls, value: list[str]) -> list[str]:
        for origin in value:
            if not origin.startswith(("http://", "https://")):
                raise ValueError(f"{origin!r} is not an origin like https://shop.example")
        return value

    @field_validator("webchat_trusted_proxies", mode="before")
    @classmethod
    def _parse_trusted_proxies(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        networks = []
        for item in filter(None, (p.strip() for p in value.split(","))):
            try:
                networks.append(ip_network(item, strict=False))
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or network like 10.0.0.0/8") from None
        return tuple(networks)

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(code.strip().lower() for code in value.split(",") if code.strip())
        return value

    @field_validator("languages")
    @classmethod
    def _check_languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from bot.language import LanguageDetector

        if not value:
            raise ValueError("name at least one language, e.g. en,es,de,fr")
        try:
            LanguageDetector(value).check()
        except ValueError as exc:
            raise ValueError(f"{exc} (ISO 639-1 codes such as en, es, de, fr)") from None
        return value

    @field_validator("slack_routes", mode="before")
    @classmethod
    def _parse_routes(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        routes: dict[str, str] = {}
        for pair in filter(None, (p.strip() for p in value.split(","))):
            name, sep, channel = pair.partition("=")
            if not sep or not name.strip() or not channel.strip():
                raise ValueError(f"{pair!r} is not route=CHANNEL_ID (e.g. payments=C0123456789)")
            routes[name.strip()] = channel.strip()
        return routes

    @field_validator("slack_routes")
    @classmethod
    def _check_routes(cls, value: dict[str, str]) -> dict[str, str]:
        for name, channel in value.items():
            if channel[:1] not in ("C", "G") or not channel.isalnum():
                raise ValueError(f"route {name!r}: {channel!r} is not a Slack channel id like C0123456789")
        return value

    @field_validator("llm")
    @classmethod
    def _check_llm(cls, value: str | None) -> str | None:
        if value is not None and value.strip() == "":
            return None
        if value is not None and ":" not in value:
            raise ValueError("expected provider:model, e.g. openai:gpt-4o-mini")
        return value

    @field_validator("llm_link_domains", mode="before")
    @classmethod
    def _split_link_domains(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(d.strip().lower().rstrip(".") for d in value.split(",") if d.strip())
        return value

    @field_validator("llm_link_domains")
    @classmethod
    def _check_link_domains(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for domain in value:
            if not re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,}", domain):
                raise ValueError(f"{domain!r} is not a domain like shop.example (no scheme, no path)")
        return value

    @field_validator("redis_url")
    @classmethod
    def _check_redis_url(cls, value: str | None) -> str | None:
        if value is not None and value.strip() == "":
            return None
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("expected redis://host:port/db, rediss://… or unix://…")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _check_slack_api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an http(s) URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("discord_api_url")
    @classmethod
    def _check_discord_api_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or not parts.path.endswith("/api/v10"):
            raise ValueError("expected Discord's REST API base, e.g. https://discord.com/api/v10 "
                             "(http(s), ending in /api/v10)")
        return value

    @field_validator("order_number_patterns", mode="before")
    @classmethod
    def _split_order_number_patterns(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(value.split())  # separated by spaces: write a space inside a pattern as \s
        return value

    @field_validator("order_number_patterns")
    @classmethod
    def _check_order_number_patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        OrderNumbers(value)  # an OrderNumberPatternError (a ValueError) quotes the bad pattern
        return value

    @field_validator("orders_api_url")
    @classmethod
    def _check_orders_api_url(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        if not value.startswith(("http://", "https://")) or not urlsplit(value).hostname:
            raise ValueError("expected the order API's base URL, e.g. https://shop.example/api")
        return value.rstrip("/")

    @field_validator("orders_api_token", mode="before")
    @classmethod
    def _blank_orders_api_token(cls, value: object) -> object:
        return None if isinstance(value, str) and value.strip() == "" else value

    @field_validator("auto_close_after", "auto_close_warning", mode="before")
    @classmethod
    def _parse_duration(cls, value: object) -> object:
        from bot.auto_close import parse_duration

        if isinstance(value, str):
            return parse_duration(value)
        if isinstance(value, int | float) and value < 0:
            raise ValueError("must not be negative")
        return value

    @field_validator("smtp_url", mode="before")
    @classmethod
    def _check_smtp_url(cls, value: object) -> object:
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            return None
        if isinstance(raw, str):
            parse_smtp_url(raw)  # its ValueError says what is wrong, never the URL (it holds the password)
        return raw

    @field_validator("email_from", "email_link_url", mode="before")
    @classmethod
    def _blank_email_texts(cls, value: object) -> object:
        return None if isinstance(value, str) and value.strip() == "" else value

    @field_validator("email_from")
    @classmethod
    def _check_email_from(cls, value: str | None) -> str | None:
        return check_sender(value) if value is not None else None

    @field_validator("email_unseen_after", mode="before")
    @classmethod
    def _parse_unseen_after(cls, value: object) -> object:
        return parse_duration(value) if isinstance(value, str) else value

    @field_validator("email_link_url")
    @classmethod
    def _check_email_link_url(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith(("http://", "https://")) or not urlsplit(value).hostname):
            raise ValueError("expected the page of your site where the chat runs, e.g. https://shop.example/help")
        return value

    @field_validator("files_s3_bucket", "files_s3_endpoint_url", "files_s3_region", "files_s3_access_key_id",
                     "files_s3_secret_access_key", mode="before")
    @classmethod
    def _blank_s3_settings(cls, value: object) -> object:
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        return None if isinstance(raw, str) and raw.strip() == "" else value

    @field_validator("files_s3_bucket")
    @classmethod
    def _check_s3_bucket(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if (not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", value) or ".." in value
                or re.fullmatch(r"\d+\.\d+\.\d+\.\d+", value)):
            raise ValueError(f"{value[:80]!r} is not a bucket name: 3-63 lowercase letters, digits, dots and "
                             "hyphens, starting and ending with a letter or digit (e.g. harbor-support-files)")
        return value

    @field_validator("files_s3_endpoint_url")
    @classmethod
    def _check_s3_endpoint_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.username is not None or parts.password is not None:  # never echo it: it holds a key
            raise ValueError("must not hold credentials: set FILES_S3_ACCESS_KEY_ID and FILES_S3_SECRET_ACCESS_KEY")
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ValueError("expected the S3 server's http(s) URL, e.g. http://minio.internal:9000 or "
                             "https://<account>.r2.cloudflarestorage.com")
        return value.strip().rstrip("/")

    @field_validator("files_s3_region")
    @classmethod
    def _check_s3_region(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", value.strip()):
            raise ValueError("expected a region name like eu-central-1 (R2: auto)")
        return value.strip() if value is not None else None

    @field_validator("files_s3_prefix")
    @classmethod
    def _check_s3_prefix(cls, value: str) -> str:
        value = value.strip().strip("/")
        if not value:
            return ""
        if (len(value) > 200 or not value.isprintable()
                or any(part in ("", ".", "..") for part in value.split("/"))):
            raise ValueError("expected a key prefix like baton/files (at most 200 characters; no empty, '.' or "
                             "'..' parts)")
        return value + "/"

    @model_validator(mode="after")
    def _check_combinations(self) -> Settings:
        if self.auto_close_after and self.auto_close_warning >= self.auto_close_after:
            raise _combination("AUTO_CLOSE_WARNING", "must be shorter than AUTO_CLOSE_AFTER (the warning "
                                                     "comes that long before the close), or 0 for no warning")
        if self.smtp_url is not None:
            if not self.email_from:
                raise _combination("EMAIL_FROM", "required with SMTP_URL, e.g. 'Harbor Market <support@harbormarket.example>'")
            if not self.webchat_secret:
                raise _combination("WEBCHAT_SECRET", "required with SMTP_URL: e-mail goes only to customers "
                                                     "whose signed identity token gives their address")
            if not self.email_link_url and not self.webchat_origins:
                raise _combination("EMAIL_LINK_URL", "required with SMTP_URL unless WEBCHAT_ORIGINS is set: the "
                                                     "page of your site where a customer's chat resumes")
        if self.slack_bot_token and not self.slack_signing_secret and not self.slack_app_token:
            raise _combination("SLACK_SIGNING_SECRET", "required with SLACK_BOT_TOKEN in HTTP mode")
        if self.slack_bot_token and not self.slack_inbox_channel:
            raise _combination("SLACK_INBOX_CHANNEL", "required with SLACK_BOT_TOKEN")
        if self.llm:  # its LangChain package and API key, so that the model cannot fail at start-up
            from bot.brain.llm_providers import llm_problem

            if problem := llm_problem(self.llm, self.llm_api_key, os.environ):
                raise _combination("BOT_LLM", problem)
        if self.orders_api_url and self.orders_api_token is None:
            raise _combination("ORDERS_API_TOKEN", "required with ORDERS_API_URL")
        if self.orders_api_token is not None and not self.orders_api_url:
            raise _combination("ORDERS_API_URL", "required with ORDERS_API_TOKEN (without it the demo orders.yaml is used)")
        if self.files_s3_access_key_id is not None and self.files_s3_secret_access_key is None:
            raise _combination("FILES_S3_SECRET_ACCESS_KEY", "required with FILES_S3_ACCESS_KEY_ID (both or neither: "
                                                             "without them the AWS credential chain applies)")
        if self.files_s3_secret_access_key is not None and self.files_s3_access_key_id is None:
            raise _combination("FILES_S3_ACCESS_KEY_ID", "required with FILES_S3_SECRET_ACCESS_KEY (both or neither: "
                                                         "without them the AWS credential chain applies)")
        s3_without_bucket = [name for name, value in (
            ("FILES_S3_ENDPOINT_URL", self.files_s3_endpoint_url), ("FILES_S3_REGION", self.files_s3_region),
            ("FILES_S3_PREFIX", self.files_s3_prefix), ("FILES_S3_ACCESS_KEY_ID", self.files_s3_access_key_id),
        ) if value]
        if s3_without_bucket and not self.files_s3_bucket:
            raise _combination("FILES_S3_BUCKET", f"required with {s3_without_bucket[0]} (without a bucket the "
                                                  "files are kept in FILES_DIR and the S3 settings do nothing)")
        return self

    @property
    def slack_enabled(self) -> bool:
        """Whether the Slack inbox replaces the built-in inbox page."""
        return bool(self.slack_bot_token)

    @property
    def smtp(self) -> SmtpTarget | None:
        """Where e-mail is sent (SMTP_URL), or None: e-mail is off."""
        return parse_smtp_url(self.smtp_url.get_secret_value()) if self.smtp_url is not None else None

    @property
    def email_link(self) -> str:
        """The link e-mails carry back to the chat: EMAIL_LINK_URL, else the first WEBCHAT_ORIGINS."""
        return self.email_link_url or (f"{self.webchat_origins[0]}/" if self.webchat_origins else "")

    @property
    def on_loopback(self) -> bool:
        """Whether the web server only listens on this machine."""
        return self.bot_host in ("127.0.0.1", "localhost", "::1")

    @property
    def order_numbers(self) -> OrderNumbers:
        """The marketplace's order-number patterns (ORDER_NUMBER_PATTERNS), compiled."""
        return OrderNumbers(self.order_number_patterns)


class _CombinationError(ValueError):
    def __init__(self, variable: str, reason: str) -> None:
        super().__init__(reason)
        self.variable = variable


def _combination(variable: str, reason: str) -> _CombinationError:
    return _CombinationError(variable, reason)


def _alias_of(field_name: str) -> str:
    field = Settings.model_fields.get(field_name)
    alias = field.validation_alias if field else None
    return str(alias) if alias else field_name.upper()


def load_settings(**overrides: object) -> Settings:
    """Build and validate the settings; raise SettingsError with one line naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        ctx_error = (error.get("ctx") or {}).get("error")
        if isinstance(ctx_error, _CombinationError):
            raise SettingsError(f"{ctx_error.variable}: {ctx_error}") from None
        loc = error.get("loc") or ("?",)
        variable = _alias_of(str(loc[0]))
        raise SettingsError(f"{variable}: {error_reason(error)}") from None


def settings_or_exit(**overrides: object) -> Settings:
    """Settings for a process entry point: on a bad value print one line and exit with code 2."""
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        print(f"baton: bad setting {exc}", file=sys.stderr)
        raise SystemExit(2) from None
