"""Wiring: builds the store, brain, rules, inbox, router and channels from the settings, and runs them."""

from __future__ import annotations

import asyncio
import logging
import signal
from dataclasses import dataclass, field

from aiohttp import web

from bot.adapters.base import Inbox
from bot.adapters.store_inbox import StoreInbox
from bot.adapters.webchat import WebChat
from bot.brain.base import Brain
from bot.brain.embeddings import LocalEmbedder
from bot.brand import Brand, load_brand
from bot.health import add_health_routes
from bot.router import Conversations
from bot.settings import Settings
from bot.store import Store, connect_redis

log = logging.getLogger(__name__)

SERVICES: web.AppKey[Services] = web.AppKey("services")
WEBCHAT: web.AppKey[WebChat] = web.AppKey("webchat")


@dataclass
class Services:
    """Everything a Baton process runs on, built once from the settings."""

    settings: Settings
    store: Store
    embedder: LocalEmbedder
    brain: Brain
    escalation: object
    inbox: Inbox
    brand: Brand
    conversations: Conversations
    closers: list = field(default_factory=list)

    async def close(self) -> None:
        """Stop background work and close connections."""
        for closer in reversed(self.closers):
            await closer()
        await self.store.redis.aclose()


async def build_services(settings: Settings, embedder: LocalEmbedder | None = None) -> Services:
    """Connect to Redis, load the model (unless given one), index and rules; wire the router."""
    from bot.brain.factory import create_brain
    from bot.escalation.engine import RulesEngine

    store = Store(connect_redis(settings.redis_url), prefix=settings.redis_prefix)
    embedder = embedder or await asyncio.to_thread(LocalEmbedder)
    brand = load_brand(settings.brand_path)
    brain = await create_brain(settings, embedder)
    escalation = await asyncio.to_thread(RulesEngine.from_file, settings.rules_path, embedder)
    inbox: Inbox = StoreInbox(store)
    conversations = Conversations(store, brain, escalation, inbox, brand)
    services = Services(settings, store, embedder, brain, escalation, inbox, brand, conversations)
    await escalation.start(on_error=inbox.alert)
    services.closers.append(escalation.stop)
    if hasattr(brain, "aclose"):
        services.closers.append(brain.aclose)
    return services


def build_web_app(services: Services) -> web.Application:
    """The aiohttp application: web chat, widget, demo page and health checks."""
    app = web.Application(client_max_size=1024 * 1024)
    webchat = WebChat(services.settings, services.store, services.conversations)
    services.conversations.register_channel(webchat)
    webchat.add_routes(app)
    add_health_routes(app, services.store, lambda: True)
    app[SERVICES] = services
    app[WEBCHAT] = webchat
    return app


async def run_web(settings: Settings) -> None:
    """Serve until SIGINT/SIGTERM, then shut down gracefully."""
    services = await build_services(settings)
    app = build_web_app(services)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.bot_host, settings.bot_port)
    await site.start()
    log.info("web chat on http://%s:%s", settings.bot_host, settings.bot_port)
    print(f"Baton is running: open http://{settings.bot_host}:{settings.bot_port}/", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        log.info("shutting down")
        await runner.cleanup()
        await services.close()
