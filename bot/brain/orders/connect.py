"""Which order source the settings ask for: the marketplace's API, or the demo file."""

from __future__ import annotations

from pathlib import Path

from bot.brain.orders.api import OrdersApi
from bot.brain.orders.demo_file import OrderFile
from bot.brain.orders.source import OrderSource
from bot.settings import Settings


def open_order_source(settings: Settings, demo_file: Path) -> OrderSource:
    """The order API when ORDERS_API_URL is set, else the orders listed in `demo_file` (read now)."""
    if settings.orders_api_url and settings.orders_api_token is not None:
        return OrdersApi(
            settings.orders_api_url,
            settings.orders_api_token.get_secret_value(),
            timeout=settings.orders_api_timeout,
            cache_seconds=settings.orders_api_cache_seconds,
        )
    return OrderFile.load(demo_file)
