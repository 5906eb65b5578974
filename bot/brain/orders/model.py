"""An order as every order source hands it over: the JSON contract of docs/orders.md#contract.

The marketplace's order API answers with this object; the demo file's entries are read into the same
model (they may use the older names `buyer_account` and `shipments`). Fields Baton does not know are
ignored, so the marketplace can send more than this.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field


def _as_text(value: object) -> object:
    """Numbers and dates (YAML writes `eta: 2026-11-25` and numeric tracking numbers unquoted) as text."""
    if isinstance(value, bool):
        return value  # left for pydantic to refuse: true is not an id
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


Text = Annotated[str, BeforeValidator(_as_text), Field(min_length=1, max_length=200)]


class Item(BaseModel):
    """One line of the order: what was bought, from which vendor."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: Text
    vendor_id: Text
    qty: int = Field(default=1, ge=0)


class Parcel(BaseModel):
    """One parcel (shipment) of the order: who sent it, with which carrier, where it is."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    status: Text
    vendor_id: Text | None = None
    carrier: Text | None = None
    tracking: Text | None = None
    eta: Text | None = None


class Order(BaseModel):
    """One order: its status, the buyer, the vendors, the items and the parcels."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: Text
    status: Text
    buyer_id: Text = Field(validation_alias=AliasChoices("buyer_id", "buyer_account"))
    vendor_ids: tuple[Text, ...] = ()
    placed: Text | None = None
    payment_status: Text | None = None
    items: tuple[Item, ...] = ()
    parcels: tuple[Parcel, ...] = Field(default=(), validation_alias=AliasChoices("parcels", "shipments"))

    def has_vendor(self, vendor_id: str) -> bool:
        """Whether this vendor sells anything in the order (listed, or named on an item or parcel)."""
        return vendor_id in self.vendor_ids or any(i.vendor_id == vendor_id for i in self.items) or any(
            p.vendor_id == vendor_id for p in self.parcels
        )
