"""Wiring: builds the store, brain, rules, inbox, router and channels from the settings, and runs them."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.adapters.inbox.inbox import StoreInbox
from bot.adapters.slack.inbox import SlackInbox
from bot.adapters.webchat.channel import WebChat
from bot.auto_close import policy_from
from bot.brain.base import Brain
from bot.brain.embeddings import LocalEmbedder
from bot.brain.encoders import TextEncoders, load_encoders
from bot.brand import Brand, BrandError
from bot.contracts import Inbox, InboxError
from bot.files import Files
from bot.files.http import add_file_routes
from bot.files.setup import files_from_settings
from bot.files.storage import FileStorageError
from bot.health import add_health_routes
from bot.hours import HoursError, OfficeHours
from bot.language import language_name
from bot.mail.followups import FollowUps
from bot.metrics import Metrics, add_metrics_route
from bot.router import Conversations
from bot.settings import Settings
from bot.store import Store, connect_redis
from bot.tasks import stop_task

if TYPE_CHECKING:
    from bot.adapters.discord.channel import DiscordChannel
    from bot.escalation.llm_tagger import LlmTagger

log = logging.getLogger(__name__)

SERVICES: web.AppKey[Services] = web.AppKey("services")
WEBCHAT: web.AppKey[WebChat] = web.AppKey("webchat")


class StartupError(Exception):
    """A part could not start for a reason the operator must fix (one line, exit code 2)."""


@dataclass
class Services:
    """Everything a Baton process runs on, built once from the settings."""

    settings: Settings
    store: Store
    embedder: LocalEmbedder
    encoders: TextEncoders
    brain: Brain
    escalation: object
    inbox: Inbox
    brand: Brand
    conversations: Conversations
    files: Files
    closers: list = field(default_factory=list)

    async def close(self) -> None:
        """Stop background work and close connections."""
        for closer in reversed(self.closers):
            await closer()
        await self.store.close()


async def load_settings_encoders(settings: Settings, main: LocalEmbedder | None = None) -> TextEncoders:
    """The embedding models these settings ask for (reusing `main` when given), loaded off the loop."""
    return await asyncio.to_thread(
        load_encoders, settings.embedding_model, settings.embedding_precision, settings.languages,
        model_cache=settings.model_cache, main=main, meaning_by=settings.meaning_model,
    )


def llm_tagger(settings: Settings) -> LlmTagger | None:
    """The chat model that judges `llm: true` tags, when BOT_LLM is set (the brain's model)."""
    if not settings.llm:
        return None
    from bot.brain.agent import make_model
    from bot.escalation.llm_tagger import LlmTagger

    return LlmTagger(make_model(settings.llm, settings.llm_base_url, settings.llm_api_key))


async def build_services(settings: Settings, embedder: LocalEmbedder | None = None) -> Services:
    """Connect to Redis, load the models (reusing `embedder` when given), index and rules; wire the router."""
    from bot.brain.factory import BrainSetupError, create_brain
    from bot.escalation.engine import RULES_REFUSED, RulesEngine
    from bot.escalation.loader import RulesError

    store = Store(connect_redis(settings.redis_url), prefix=settings.redis_prefix)
    try:  # first: a wrong bucket or key stops the start at once, not after the models load
        files = await files_from_settings(settings, store)  # photos and PDFs (FILES_DIR or FILES_S3_BUCKET)
    except FileStorageError as exc:
        await store.close()
        raise StartupError(str(exc)) from exc
    metrics = Metrics()  # one registry for the process: the router's counters and the brain's LLM ones
    encoders = await load_settings_encoders(settings, embedder)
    embedder = encoders.main
    try:
        brand = Brand.load(settings.brand_path)  # once: every part says things in the same words
    except BrandError as exc:
        raise StartupError(f"BOT_BRAND: {exc}") from exc
    for language, names in brand.untranslated(settings.languages).items():
        log.warning("BOT_BRAND %s: texts you rewrote have no %s translation, so customers writing in it read "
                    "them in English: %s (give them under translations.%s, docs/configuration.md#translations)",
                    settings.brand_path, language_name(language), ", ".join(names), language)
    try:
        brain = await create_brain(settings, embedder, encoders, brand, metrics)
    except BrainSetupError as exc:
        raise StartupError(str(exc)) from exc
    try:
        escalation = await asyncio.to_thread(RulesEngine.from_file, settings.rules_path, encoders,
                                             llm=llm_tagger(settings))
    except RulesError as exc:
        raise StartupError(f"BOT_RULES: {exc}") from exc
    try:
        hours = OfficeHours.load(settings.hours_path)
    except HoursError as exc:
        raise StartupError(f"BOT_HOURS: {exc}") from exc
    conversations = Conversations(store, brain, escalation, brand, hours=hours, metrics=metrics,
                                  auto_close=policy_from(settings.auto_close_after, settings.auto_close_warning))
    try:
        inbox: Inbox | None = None
        if settings.discord_token:  # staff who live in Discord: `staff_channel` in DISCORD_CONFIG
            from bot.adapters.discord.staff_inbox import discord_staff_inbox

            inbox = discord_staff_inbox(settings, store, conversations, brand, files)
        if inbox is None:
            inbox = (SlackInbox(settings, store, conversations, bot_name=brand.bot_name,
                                marketplace=brand.marketplace, files=files)
                     if settings.slack_enabled else StoreInbox(settings, store, conversations, brand, files))
        await inbox.start()  # Slack: the outbox, and Socket Mode when SLACK_APP_TOKEN is set
    except InboxError as exc:
        raise StartupError(str(exc)) from exc
    conversations.register_inbox(inbox)
    await conversations.start()  # SLA reminders, and answering what a dead process left
    services = Services(settings, store, embedder, encoders, brain, escalation, inbox, brand, conversations, files)
    services.closers.append(files.close)
    sweeper = asyncio.create_task(files.run_sweeper())  # files kept but never sent are deleted

    async def stop_sweeper() -> None:
        await stop_task(sweeper)

    services.closers.append(stop_sweeper)
    services.closers.append(inbox.stop)  # closers run last first: answers drain, then the inbox stops
    services.closers.append(conversations.aclose)
    followups = FollowUps.from_settings(settings, store, brand)  # SMTP_URL: e-mail for customers who left
    if followups is not None:
        conversations.register_followups(followups)
        await followups.start()
        services.closers.append(followups.stop)
    await escalation.start(on_error=inbox.notify, on_recovered=lambda: inbox.all_clear(
        RULES_REFUSED, "The rules file is accepted again: its rules are live."))
    services.closers.append(escalation.stop)
    reloader = asyncio.create_task(brain.run_reloader())  # type: ignore[attr-defined]

    async def stop_reloader() -> None:
        await stop_task(reloader)

    services.closers.append(stop_reloader)
    return services


def build_web_app(services: Services) -> web.Application:
    """The aiohttp application: web chat, widget, demo page and health checks."""
    app = web.Application(client_max_size=1024 * 1024)
    webchat = WebChat(services.settings, services.store, services.conversations, services.files)
    services.conversations.register_channel(webchat)
    webchat.add_routes(app)
    try:
        services.inbox.add_routes(app)  # Slack's event endpoints, or the built-in /inbox pages
    except InboxError as exc:
        raise StartupError(str(exc)) from exc
    add_file_routes(app, services.files)  # /files/{id}/{name}: signed links to kept files
    add_health_routes(app, services.store, lambda: True, services.files.ready)
    add_metrics_route(app, services.conversations.metrics)
    app[SERVICES] = services
    app[WEBCHAT] = webchat
    return app


async def start_discord(services: Services) -> DiscordChannel | None:
    """Connect to Discord when DISCORD_TOKEN is set (registered with the router, stopped on close)."""
    if not services.settings.discord_token:
        return None
    import discord

    from bot.adapters.discord.channel import DiscordChannel
    from bot.adapters.discord.config import DiscordConfigError
    from bot.adapters.discord.endpoint import GatewayNotFoundAt, use_api

    use_api(services.settings.discord_api_url)  # DISCORD_API_URL: another server that answers like Discord
    channel = DiscordChannel(
        services.settings, services.conversations, services.store, services.brand,
        services.settings.discord_config_path, files=services.files,  # photos and PDFs, copied in and sent
    )
    services.conversations.register_channel(channel)
    # An auto-closed Discord conversation ends like a /close: the thread archived and locked.
    services.conversations.auto_close.when_closed(channel.name, channel.close_command.auto_closed)
    from bot.adapters.discord.staff_inbox import DiscordInbox

    if isinstance(services.inbox, DiscordInbox):
        services.inbox.attach(channel)  # staff's presses and thread replies come over this gateway
    try:
        await channel.start()
    except (DiscordConfigError, discord.LoginFailure) as exc:
        raise StartupError(f"DISCORD_TOKEN/DISCORD_CONFIG: {exc}") from exc
    except GatewayNotFoundAt as exc:
        raise StartupError(str(exc)) from exc
    services.closers.append(channel.stop)
    return channel


async def run(settings: Settings, *, web_chat: bool = True, discord_chat: bool = True) -> None:
    """Run the configured parts in one process until SIGINT/SIGTERM, then shut down gracefully.

    Every process also runs the background work that is safe to share (SLA timers, the Slack
    outbox, answering messages a dead process left); with neither part it is the `worker`.
    """
    services = await build_services(settings)
    # The model, index and rules are ~200,000 objects that live as long as the process: moved out
    # of the collector's sight, a full collection takes a few ms instead of stalling every
    # conversation for up to ~180 ms (the tail of answer times under load).
    gc.collect()
    gc.freeze()
    runner: web.AppRunner | None = None
    waits: set[asyncio.Task[Any]] = set()
    try:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        waits.add(asyncio.create_task(stop.wait()))
        if discord_chat:
            channel = await start_discord(services)
            if channel is None and not web_chat:
                raise StartupError("DISCORD_TOKEN: required for `python -m bot discord`")
            if channel is not None:
                waits.add(asyncio.create_task(channel.wait()))
        if web_chat:
            runner = web.AppRunner(build_web_app(services), access_log=None)
            await runner.setup()
            await web.TCPSite(runner, settings.bot_host, settings.bot_port).start()
            log.info("web chat on http://%s:%s", settings.bot_host, settings.bot_port)
            print(f"Baton is running: open http://{settings.bot_host}:{settings.bot_port}/", flush=True)
        if not web_chat and not discord_chat:
            log.info("worker running: SLA timers, Slack outbox, takeover of unanswered messages")
        done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            task.result()  # a part that ended with an error ends the process with it
    finally:
        log.info("shutting down")
        for task in waits:
            task.cancel()
        if runner is not None:
            await runner.cleanup()
        await services.close()
