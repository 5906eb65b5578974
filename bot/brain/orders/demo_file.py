"""The demo order source: orders listed in the knowledge base's orders.yaml, read once at start-up."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.brain.data_files import DataFileError, read_records
from bot.brain.orders.model import Order
from bot.validation import error_reason, error_where


class OrderFile:
    """Orders kept in memory, as the demo file lists them (an OrderSource that is never unavailable)."""

    def __init__(self, orders: Iterable[Order]) -> None:
        self._by_id = {order.id.upper(): order for order in orders}

    @classmethod
    def load(cls, path: Path) -> OrderFile:
        """Read orders.yaml (a missing file has no orders); DataFileError names a bad entry."""
        return cls(parse_orders(read_records(path, "orders"), path))

    def __len__(self) -> int:
        return len(self._by_id)

    def __repr__(self) -> str:
        return f"OrderFile({len(self)} orders)"

    async def get(self, order_id: str) -> Order | None:
        """The order with this number, if the file lists it."""
        return self._by_id.get(order_id.strip().upper())


def parse_orders(records: list[dict[str, Any]], path: Path) -> list[Order]:
    """The file's records as orders; DataFileError with `file: order ID: field: reason` on the first bad one."""
    orders = []
    for record in records:
        try:
            orders.append(Order.model_validate(record))
        except ValidationError as exc:
            error = exc.errors()[0]
            raise DataFileError(f"{path}: order {record['id']}: {error_where(error)}: {error_reason(error)}") from None
    return orders
