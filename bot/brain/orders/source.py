"""Where orders come from: the contract every order source (connector) implements."""

from __future__ import annotations

from typing import Protocol

from bot.brain.orders.model import Order


class OrdersUnavailable(Exception):
    """The order system could not say whether the order exists (down, slow, refused us, answered garbage).

    The message is for the log: it never holds a credential.
    """


class OrderSource(Protocol):
    """A marketplace's orders, by order number. Access rules are not the source's job (OrderBook's)."""

    async def get(self, order_id: str) -> Order | None:
        """The order with this normalised number (`HM-100234`), or None when there is no such order.

        Raises OrdersUnavailable when the answer is not known right now.
        """
        ...
