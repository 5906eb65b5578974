"""Baton's settings: read once at start-up from the environment (and `.env`), validated, passed down."""

from __future__ import annotations

import sys
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

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
    inbox_token: str | None = Field(default=None, validation_alias="INBOX_TOKEN")
    inbox_staff_file: Path | None = Field(default=None, validation_alias="INBOX_STAFF_FILE")
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

    @model_validator(mode="after")
    def _check_combinations(self) -> Settings:
        if self.slack_bot_token and not self.slack_signing_secret and not self.slack_app_token:
            raise _combination("SLACK_SIGNING_SECRET", "required with SLACK_BOT_TOKEN in HTTP mode")
        if self.slack_bot_token and not self.slack_inbox_channel:
            raise _combination("SLACK_INBOX_CHANNEL", "required with SLACK_BOT_TOKEN")
        return self

    @property
    def slack_enabled(self) -> bool:
        """Whether the Slack inbox replaces the built-in inbox page."""
        return bool(self.slack_bot_token)

    @property
    def on_loopback(self) -> bool:
        """Whether the web server only listens on this machine."""
        return self.bot_host in ("127.0.0.1", "localhost", "::1")


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
