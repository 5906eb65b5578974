"""The brain's tools over marketplace data: order status (never another buyer's) and vendor contacts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from bot.models import Participant

ORDER_ID = re.compile(r"\bHM-?\s?(\d{4,})\b", re.IGNORECASE)
VENDOR_ID = re.compile(r"\bV-?(\d{3,})\b", re.IGNORECASE)

_STATUS = {
    "processing": "being prepared by the vendor",
    "shipped": "shipped",
    "in_transit": "in transit",
    "delivered": "delivered",
    "delayed": "delayed",
    "cancelled": "cancelled",
    "refunded": "refunded",
    "partially_shipped": "partially shipped",
    "lost": "reported lost",
}


class DataFileError(Exception):
    """orders.yaml or vendors.yaml is malformed; the message names the file and the entry."""


def order_ids_in(text: str) -> list[str]:
    """Order numbers mentioned in a message, normalised to `HM-123456`, in order of appearance."""
    seen: list[str] = []
    for match in ORDER_ID.finditer(text):
        order_id = f"HM-{match.group(1)}"
        if order_id not in seen:
            seen.append(order_id)
    return seen


def _status(value: object) -> str:
    return _STATUS.get(str(value), str(value).replace("_", " "))


def _records(path: Path, key: str) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None
    if isinstance(data, dict):
        data = data.get(key)
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise DataFileError(f"{path}: expected a list of {key} (or a mapping with '{key}:')")
    for number, record in enumerate(data, 1):
        if not record.get("id"):
            raise DataFileError(f"{path}: {key} entry {number} has no 'id'")
    return data


@dataclass(frozen=True, slots=True)
class Vendor:
    """A vendor's public contact card."""

    id: str
    name: str
    contact_email: str
    support_hours: str
    tier: str
    response_time_hours: float | None = None

    def describe(self) -> str:
        """The contact card as a sentence for the customer."""
        text = f"{self.name} ({self.id}) can be reached at {self.contact_email}, {self.support_hours}."
        if self.response_time_hours is not None:
            text += f" They usually reply within {self.response_time_hours:g} hours."
        return text


class VendorDirectory:
    """The vendors in vendors.yaml, found by id or by name in a message."""

    def __init__(self, vendors: list[Vendor]) -> None:
        self._by_id = {v.id.upper(): v for v in vendors}

    @classmethod
    def load(cls, path: Path) -> VendorDirectory:
        """Read vendors.yaml (a missing file is an empty directory)."""
        vendors = []
        for record in _records(path, "vendors"):
            try:
                vendors.append(
                    Vendor(
                        id=str(record["id"]),
                        name=str(record["name"]),
                        contact_email=str(record["contact_email"]),
                        support_hours=str(record.get("support_hours") or "see the vendor's shop page"),
                        tier=str(record.get("tier") or "standard"),
                        response_time_hours=record.get("response_time_hours"),
                    )
                )
            except KeyError as exc:
                raise DataFileError(f"{path}: vendor {record['id']} has no {exc.args[0]!r}") from None
        return cls(vendors)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, vendor_id: str) -> Vendor | None:
        """The vendor with this id (`V-1001`), if any."""
        return self._by_id.get(vendor_id.strip().upper())

    def find(self, text: str) -> list[Vendor]:
        """Vendors a message names, by id or by name (tolerating small misspellings of the name)."""
        found: list[Vendor] = []
        for match in VENDOR_ID.finditer(text):
            vendor = self.get(f"V-{match.group(1)}")
            if vendor and vendor not in found:
                found.append(vendor)
        lowered = text.lower()
        for vendor in self._by_id.values():
            if vendor in found:
                continue
            name = vendor.name.lower()
            if name in lowered or (len(name) >= 8 and fuzz.partial_ratio(name, lowered) >= 90):
                found.append(vendor)
        return found

    def lookup(self, query: str) -> str:
        """Contact details for the vendor named or numbered in `query`, as text for the customer."""
        vendors = self.find(query)
        if not vendors:
            return f"I couldn't find a vendor matching {query.strip()!r} in the vendor directory."
        return "\n".join(v.describe() for v in vendors)


@dataclass(frozen=True, slots=True)
class OrderLookup:
    """The result of looking up one order for one participant."""

    order_id: str
    found: bool
    text: str
    full_view: bool = False


class OrderBook:
    """Orders from orders.yaml, shown only as far as the asking participant may see them.

    - A buyer whose verified account owns the order sees everything (items, tracking numbers).
    - A vendor (verified, account id = vendor id) sees only their own items and parcels.
    - Anyone else who quotes a real order number sees its status and parcel ETAs only: no items,
      prices, vendors or tracking numbers. An account that does not own the order (or a vendor
      with nothing in it) is told the order was not found, exactly as for a wrong number.
    """

    def __init__(self, orders: list[dict[str, Any]], vendors: VendorDirectory) -> None:
        self._orders = {str(o["id"]).upper(): o for o in orders}
        self._vendors = vendors

    @classmethod
    def load(cls, path: Path, vendors: VendorDirectory) -> OrderBook:
        """Read orders.yaml (a missing file is an empty order book)."""
        return cls(_records(path, "orders"), vendors)

    def __len__(self) -> int:
        return len(self._orders)

    def lookup(self, order_id: str, participant: Participant) -> OrderLookup:
        """What this participant may learn about the order, as text for them."""
        ids = order_ids_in(order_id)
        key = ids[0] if ids else order_id.strip().upper()
        order = self._orders.get(key)
        not_found = OrderLookup(
            key, False, f"I couldn't find order {key}. Please check the number (it looks like HM-100234)."
        )
        if order is None:
            return not_found
        account = participant.account_id
        if account and str(order.get("buyer_account")) != account and participant.role == "buyer":
            return not_found
        if participant.role == "vendor" and account:
            mine = [i for i in order.get("items") or [] if str(i.get("vendor_id")) == account]
            if not mine:
                return not_found
            if participant.verified:
                return OrderLookup(key, True, self._vendor_view(key, order, account), full_view=True)
            return OrderLookup(key, True, self._status_view(key, order))
        if account and participant.verified:
            return OrderLookup(key, True, self._buyer_view(key, order), full_view=True)
        return OrderLookup(key, True, self._status_view(key, order))

    def _vendor_name(self, vendor_id: object) -> str:
        vendor = self._vendors.get(str(vendor_id))
        return vendor.name if vendor else str(vendor_id)

    def _status_view(self, key: str, order: dict[str, Any]) -> str:
        lines = [f"Order {key} is {_status(order.get('status'))}."]
        for number, parcel in enumerate(order.get("shipments") or [], 1):
            line = f"- Parcel {number}: {_status(parcel.get('status'))}"
            if parcel.get("eta") and parcel.get("status") != "delivered":
                line += f", expected {parcel['eta']}"
            lines.append(line + ".")
        lines.append("Sign in to see the items and tracking numbers.")
        return "\n".join(lines)

    def _parcel_line(self, order: dict[str, Any], vendor_id: object) -> str:
        for parcel in order.get("shipments") or []:
            if str(parcel.get("vendor_id")) == str(vendor_id):
                text = f"{_status(parcel.get('status'))} with {parcel.get('carrier')}, tracking {parcel.get('tracking')}"
                if parcel.get("eta"):
                    word = "delivered" if parcel.get("status") == "delivered" else "expected"
                    text += f", {word} {parcel['eta']}"
                return text
        return "not shipped yet (the vendor is preparing it)"

    def _buyer_view(self, key: str, order: dict[str, Any]) -> str:
        lines = [
            (
                f"Order {key} (placed {order.get('placed')}) is {_status(order.get('status'))}; "
                f"payment {_status(order.get('payment_status'))}."
            )
        ]
        for item in order.get("items") or []:
            vendor_id = item.get("vendor_id")
            lines.append(
                f"- {item.get('name')} ×{item.get('qty', 1)} from {self._vendor_name(vendor_id)}: "
                f"{self._parcel_line(order, vendor_id)}."
            )
        return "\n".join(lines)

    def _vendor_view(self, key: str, order: dict[str, Any], vendor_id: str) -> str:
        lines = [f"Order {key} (placed {order.get('placed')}), your part:"]
        for item in order.get("items") or []:
            if str(item.get("vendor_id")) == vendor_id:
                lines.append(f"- {item.get('name')} ×{item.get('qty', 1)}: {self._parcel_line(order, vendor_id)}.")
        return "\n".join(lines)
