"""The order connector for a real marketplace: `GET {ORDERS_API_URL}/orders/{id}` with a bearer token.

The contract the marketplace implements is docs/orders.md#contract. Answers are cached briefly; a
slow, unreachable or confused API makes the look-up raise OrdersUnavailable (logged here, without the
token), never "no such order".
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from urllib.parse import quote, urlsplit

import aiohttp
from pydantic import ValidationError

from bot.brain.orders.cache import TtlCache
from bot.brain.orders.model import Order
from bot.brain.orders.source import OrdersUnavailable
from bot.validation import error_reason, error_where

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 3.0  # seconds for the whole request: connecting, the answer and its body
DEFAULT_CACHE_SECONDS = 60.0
MAX_CACHED_ORDERS = 1024
MAX_BODY_BYTES = 256 * 1024  # an order is a few kilobytes; anything far bigger is not one
NOT_FOUND_ERROR = "not_found"  # the `error` of a 404 that means "no such order"


class OrdersApi:
    """An OrderSource over the marketplace's own order API (found orders and "no such order" are cached)."""

    def __init__(
        self,
        url: str,
        token: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        cache_seconds: float = DEFAULT_CACHE_SECONDS,
        max_cached: int = MAX_CACHED_ORDERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._headers = {
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "User-Agent": "Baton order look-up",
        }
        self._cache: TtlCache[Order | None] = TtlCache(cache_seconds, max_cached, clock)
        parts = urlsplit(self.url)
        self._where = f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"

    def __repr__(self) -> str:
        return f"OrdersApi({self._where!r}, timeout={self.timeout:g})"

    async def get(self, order_id: str) -> Order | None:
        """The order, None when the API says there is no such order; OrdersUnavailable otherwise."""
        key = order_id.strip().upper()
        cached, order = self._cache.get(key)
        if cached:
            return order
        order = await self._fetch(key)
        self._cache.put(key, order)
        return order

    async def _fetch(self, order_id: str) -> Order | None:
        # One session per look-up: the brain has no shutdown hook to close a pooled one, and a
        # look-up is rare (one per order number a customer writes, then cached).
        url = f"{self.url}/orders/{quote(order_id, safe='')}"
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout, headers=self._headers) as session,
                session.get(url, allow_redirects=False) as response,
            ):
                status = response.status
                body = await _read_body(response)
        except TimeoutError:
            raise self._unavailable(order_id, f"no answer within {self.timeout:g}s") from None
        except aiohttp.ClientError as exc:
            raise self._unavailable(order_id, f"cannot reach it ({exc.__class__.__name__})") from None
        if status == 404 and _error_code(body) == NOT_FOUND_ERROR:
            return None
        if status != 200:
            hint = {401: ": check ORDERS_API_TOKEN", 403: ": check ORDERS_API_TOKEN",
                    404: f' without {{"error": "{NOT_FOUND_ERROR}"}}: check ORDERS_API_URL'}.get(status, "")
            raise self._unavailable(order_id, f"answered HTTP {status}{hint}")
        return self._parse(order_id, body)

    def _parse(self, order_id: str, body: bytes | None) -> Order:
        if body is None:
            raise self._unavailable(order_id, f"answered more than {MAX_BODY_BYTES} bytes")
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise self._unavailable(order_id, "answered something that is not JSON") from None
        try:
            order = Order.model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            raise self._unavailable(
                order_id, f"answered an order Baton cannot read ({error_where(error)}: {error_reason(error)})"
            ) from None
        if _loose(order.id) != _loose(order_id):
            raise self._unavailable(order_id, f"answered order {order.id!r} instead")
        return order

    def _unavailable(self, order_id: str, reason: str) -> OrdersUnavailable:
        message = f"orders API {self._where} {reason}"
        log.warning("order look-up failed order=%s: %s", order_id, message)
        return OrdersUnavailable(message)


async def _read_body(response: aiohttp.ClientResponse) -> bytes | None:
    """The response body, or None when it is longer than MAX_BODY_BYTES."""
    body = bytearray()
    async for chunk in response.content.iter_chunked(64 * 1024):
        body.extend(chunk)
        if len(body) > MAX_BODY_BYTES:
            return None
    return bytes(body)


def _error_code(body: bytes | None) -> object:
    """The `error` of a JSON object body, if it is one."""
    try:
        data = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    return data.get("error") if isinstance(data, dict) else None


def _loose(order_id: str) -> str:
    """An order number's letters and digits only, upper-cased (`hm-100234` and `HM100234` agree)."""
    return re.sub(r"[^0-9A-Z]", "", order_id.upper())
