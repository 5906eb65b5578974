"""A tiny help centre written by the brain tests into a temporary directory."""

from __future__ import annotations

from pathlib import Path

ARTICLES = {
    "refunds.md": """---
title: When will I get my refund?
audience: buyer
url: https://help.test/refunds
---

## How long refunds take

Once the vendor accepts your return, the refund is issued within 5 business days to your original payment method. Card refunds then take 3 to 10 days to appear on your statement.

## Partial refunds

A vendor may refund part of the price when an item comes back used or incomplete.
""",
    "payouts.md": """---
title: Vendor payouts
audience: vendor
url: https://help.test/payouts
---

## Payout schedule

Your balance is paid out to your bank account every Tuesday. Money from an order becomes available for payout 7 days after delivery.

## Payouts on hold

We hold payouts while your bank account details are being verified.
""",
    "security.md": """---
title: Account security
audience: all
url: https://help.test/security
---

## Two-factor authentication

Turn on two-factor authentication in Account > Security so that a stolen password is not enough to sign in.

## If your account was taken over

Reset your password at once and ask for a person in the chat: we lock the account while we check recent orders.
""",
    "tracking.md": """---
title: Track your order
audience: buyer
url: https://help.test/tracking
---

## Where to find tracking

Open the order under Account > Orders to see each parcel, its carrier, the tracking number and the estimated delivery date.

## When a parcel counts as lost

If the tracking shows no new scan for 7 business days, report the parcel as lost from the order page.
""",
}

VENDORS = """vendors:
  - id: V-1001
    name: Nordlicht Electronics
    contact_email: support@nordlicht.test
    support_hours: "Mon-Sat 08:00-20:00 CET"
    tier: premier
    response_time_hours: 2
"""

ORDERS = """orders:
  - id: HM-100234
    buyer_account: B-2002
    status: partially_shipped
    placed: 2026-11-20
    items:
      - {name: "NL-700 headphones", vendor_id: V-1001, qty: 1, price: 229.00}
    shipments:
      - {vendor_id: V-1001, carrier: DPD, tracking: "01905523411872", status: in_transit, eta: 2026-11-25}
    payment_status: authorised
"""


def write_kb(directory: Path) -> Path:
    """Write the tiny help centre (articles, vendors, orders) and return its directory."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (directory / name).write_text(text, encoding="utf-8")
    (directory / "vendors.yaml").write_text(VENDORS, encoding="utf-8")
    (directory / "orders.yaml").write_text(ORDERS, encoding="utf-8")
    return directory
