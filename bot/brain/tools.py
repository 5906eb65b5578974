"""The brain's tools over marketplace data: order status (never another buyer's) and vendor contacts."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from bot.brain.data_files import DataFileError, read_records
from bot.brain.orders.connect import open_order_source
from bot.brain.orders.demo_file import OrderFile
from bot.brain.orders.model import Order, Parcel
from bot.brain.orders.source import OrderSource, OrdersUnavailable
from bot.brain.orders.texts import OrderTexts, order_texts
from bot.models import Participant
from bot.order_numbers import OrderNumbers
from bot.settings import Settings

__all__ = ["DataFileError", "OrderBook", "OrderLookup", "Vendor", "VendorDirectory"]

_WORD = re.compile(r"[^\W_]+")  # letters and digits: an id is one to three of these
_ID_SEPARATORS = frozenset("-_./ ")  # what may stand between them ("V-1001", "sell_204", "KW 7")

@dataclass(frozen=True, slots=True)
class Vendor:
    """A vendor's public contact card."""

    id: str
    name: str
    contact_email: str
    support_hours: str
    tier: str
    response_time_hours: float | None = None

    def describe(self, language: str = "en") -> str:
        """The contact card as a sentence for the customer, in their language (bot/brain/orders/texts.py)."""
        says = order_texts(language)
        text = says.vendor_card.format(name=self.name, id=self.id, email=self.contact_email, hours=self.support_hours)
        if self.response_time_hours is not None:
            text += says.vendor_replies.format(hours=f"{self.response_time_hours:g}")
        return text


class VendorDirectory:
    """The vendors in vendors.yaml, found by id or by name in a message."""

    def __init__(self, vendors: list[Vendor]) -> None:
        self._by_id = {v.id.upper(): v for v in vendors}
        # Ids as customers type them: any case, with or without the marketplace's separators
        # ("v1001", "V 1001" and "V-1001" are one vendor), whatever the marketplace's id format.
        self._by_key = {key: v for v in vendors if (key := id_key(v.id))}

    @classmethod
    def load(cls, path: Path) -> VendorDirectory:
        """Read vendors.yaml (a missing file is an empty directory)."""
        vendors = []
        for record in read_records(path, "vendors"):
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
        """The vendor with this id (`V-1001`, also written `v1001` or `V 1001`), if any."""
        return self._by_id.get(vendor_id.strip().upper()) or self._by_key.get(id_key(vendor_id))

    def _named_ids(self, text: str) -> list[Vendor]:
        """Vendors whose id the text contains as a whole: one to three runs of letters and digits
        with at most one separator between them."""
        runs = list(_WORD.finditer(text))
        found: list[Vendor] = []
        for i in range(len(runs)):
            key = ""
            for j in range(i, min(i + 3, len(runs))):
                if j > i:
                    gap = text[runs[j - 1].end():runs[j].start()]
                    if len(gap) > 1 or (gap and gap not in _ID_SEPARATORS):
                        break
                key += runs[j].group().upper()
                vendor = self._by_key.get(key)
                if vendor is not None and vendor not in found:
                    found.append(vendor)
        return found

    def find(self, text: str) -> list[Vendor]:
        """Vendors a message names, by id or by name (tolerating small misspellings of the name)."""
        found = self._named_ids(text)
        lowered = text.lower()
        for vendor in self._by_id.values():
            if vendor in found:
                continue
            name = vendor.name.lower()
            # partial_ratio looks for the shorter text inside the longer: only a message at least
            # as long as the name may hold a misspelling of it ("ok" is inside "brightpage books").
            close = len(lowered) >= len(name) >= 8 and fuzz.partial_ratio(name, lowered) >= 90
            if name in lowered or close:
                found.append(vendor)
        return found

    def lookup(self, query: str, language: str = "en") -> str:
        """Contact details for the vendor named or numbered in `query`, as text for the customer."""
        vendors = self.find(query)
        if not vendors:
            return order_texts(language).no_vendor.format(query=repr(query.strip()))
        return "\n".join(v.describe(language) for v in vendors)


def id_key(vendor_id: str) -> str:
    """A vendor id as it is compared: its letters and digits, upper case ("v-1001" -> "V1001")."""
    return "".join(_WORD.findall(vendor_id)).upper()


@dataclass(frozen=True, slots=True)
class OrderLookup:
    """The result of looking up one order for one participant.

    `available` is False when the order system could not be asked (then `found` is False too, and the
    text says the details can't be checked right now, never that the order does not exist).
    """

    order_id: str
    found: bool
    text: str
    full_view: bool = False
    available: bool = True


class OrderBook:
    """Orders from an order source (the marketplace's API or the demo file), shown only as far as the
    asking participant may see them.

    - A buyer whose verified account owns the order sees everything (items, tracking numbers).
    - A vendor (verified, account id = vendor id) sees only their own items and parcels.
    - Anyone else who quotes a real order number sees its status and parcel ETAs only: no items,
      prices, vendors or tracking numbers. An account that does not own the order (or a vendor
      with nothing in it) is told the order was not found, exactly as for a wrong number.
    """

    def __init__(self, source: OrderSource, vendors: VendorDirectory, numbers: OrderNumbers | None = None) -> None:
        self.source = source
        self.numbers = numbers if numbers is not None else OrderNumbers()
        self._vendors = vendors

    @classmethod
    def load(cls, path: Path, vendors: VendorDirectory, numbers: OrderNumbers | None = None) -> OrderBook:
        """The orders listed in a demo orders.yaml (a missing file has none)."""
        return cls(OrderFile.load(path), vendors, numbers)

    @classmethod
    def from_settings(cls, settings: Settings, vendors: VendorDirectory, demo_file: Path) -> OrderBook:
        """The order book these settings ask for: ORDERS_API_URL's API, else `demo_file`; their order numbers."""
        return cls(open_order_source(settings, demo_file), vendors, settings.order_numbers)

    def ids_in(self, text: str) -> list[str]:
        """The order numbers a message mentions, normalised (`HM-100234`), in order of appearance."""
        return self.numbers.find(text)

    async def lookup(self, order_id: str, participant: Participant, language: str = "en") -> OrderLookup:
        """What this participant may learn about the order, as text for them in their language."""
        says = order_texts(language)
        key = self.numbers.first(order_id)
        if key is None:  # not one of the marketplace's numbers: nothing to ask the order system
            shown = " ".join(order_id.split())[:40] or "(no number)"
            return OrderLookup(shown, False, says.not_found.format(order=shown))
        not_found = OrderLookup(key, False, says.not_found.format(order=key))
        try:
            order = await self.source.get(key)
        except OrdersUnavailable:  # the source logged why
            return OrderLookup(key, False, says.unavailable.format(order=key), available=False)
        if order is None:
            return not_found
        account = participant.account_id
        if account and order.buyer_id != account and participant.role == "buyer":
            return not_found
        if participant.role == "vendor" and account:
            if not order.has_vendor(account):
                return not_found
            if participant.verified:
                return OrderLookup(key, True, self._vendor_view(key, order, account, says), full_view=True)
            return OrderLookup(key, True, self._status_view(key, order, says))
        if account and participant.verified:
            return OrderLookup(key, True, self._buyer_view(key, order, says), full_view=True)
        return OrderLookup(key, True, self._status_view(key, order, says))

    async def lookup_all(
        self, order_ids: Sequence[str], participant: Participant, language: str = "en"
    ) -> list[OrderLookup]:
        """Several look-ups at once (a slow order system costs one wait, not one per order)."""
        return list(await asyncio.gather(*(self.lookup(i, participant, language) for i in order_ids)))

    def _vendor_name(self, vendor_id: str) -> str:
        vendor = self._vendors.get(vendor_id)
        return vendor.name if vendor else vendor_id

    @staticmethod
    def _placed(order: Order, says: OrderTexts) -> str:
        return says.placed.format(date=order.placed) if order.placed else ""

    def _status_view(self, key: str, order: Order, says: OrderTexts) -> str:
        lines = [says.order_is.format(order=key, placed="", status=says.status(order.status), payment="")]
        for number, parcel in enumerate(order.parcels, 1):
            text = says.parcel_status(parcel.status)
            if parcel.eta and parcel.status != "delivered":
                text += says.expected.format(eta=parcel.eta)
            lines.append(says.parcel.format(number=number, text=text))
        lines.append(says.sign_in)
        return "\n".join(lines)

    @staticmethod
    def _parcel_text(parcel: Parcel, says: OrderTexts) -> str:
        text = says.parcel_status(parcel.status)
        if parcel.carrier:
            text += says.with_carrier.format(carrier=parcel.carrier)
        if parcel.tracking:
            text += says.tracking.format(tracking=parcel.tracking)
        if parcel.eta:
            when = says.delivered_on if parcel.status == "delivered" else says.expected
            text += when.format(eta=parcel.eta)
        return text

    def _parcel_line(self, order: Order, vendor_id: str, says: OrderTexts) -> str:
        for parcel in order.parcels:
            if parcel.vendor_id == vendor_id:
                return self._parcel_text(parcel, says)
        return says.not_shipped

    def _buyer_view(self, key: str, order: Order, says: OrderTexts) -> str:
        payment = says.payment.format(status=says.payment_status(order.payment_status)) if order.payment_status else ""
        lines = [says.order_is.format(
            order=key, placed=self._placed(order, says), status=says.status(order.status), payment=payment
        )]
        for item in order.items:
            lines.append(says.item.format(
                name=item.name, qty=item.qty, vendor=self._vendor_name(item.vendor_id),
                parcel=self._parcel_line(order, item.vendor_id, says),
            ))
        if not order.items:  # the order system lists parcels only
            lines.extend(
                says.parcel.format(number=n, text=self._parcel_text(p, says)) for n, p in enumerate(order.parcels, 1)
            )
        return "\n".join(lines)

    def _vendor_view(self, key: str, order: Order, vendor_id: str, says: OrderTexts) -> str:
        lines = [says.vendor_part.format(order=key, placed=self._placed(order, says))]
        mine = [i for i in order.items if i.vendor_id == vendor_id]
        for item in mine:
            lines.append(says.vendor_item.format(
                name=item.name, qty=item.qty, parcel=self._parcel_line(order, vendor_id, says)
            ))
        if not mine:  # listed as the order's vendor without item lines: their parcels
            parcels = [p for p in order.parcels if p.vendor_id == vendor_id]
            lines.extend(
                says.parcel.format(number=n, text=self._parcel_text(p, says)) for n, p in enumerate(parcels, 1)
            )
            if not parcels:
                lines.append(says.nothing_shipped)
        return "\n".join(lines)
