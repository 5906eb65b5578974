"""Order sources (connectors): the marketplace's order API, or the demo file (docs/orders.md)."""

from __future__ import annotations

from bot.brain.orders.api import OrdersApi
from bot.brain.orders.demo_file import OrderFile
from bot.brain.orders.model import Item, Order, Parcel
from bot.brain.orders.source import OrderSource, OrdersUnavailable

__all__ = ["Item", "Order", "OrderFile", "OrderSource", "OrdersApi", "OrdersUnavailable", "Parcel"]
