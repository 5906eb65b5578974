"""Short-lived signed links to kept files: `/files/{id}/{name}?e={expiry}&s={signature}`.

Anyone holding a link may fetch that one file until it expires; nobody can make a link to
another file, or stretch one, without the secret (HMAC-SHA256 over the id and the expiry).

The expiry is rounded up to a tenth of the lifetime, so the links made within that tenth are the
same: a page drawn again a few seconds later (the inbox's live refresh) has the same links, its
photos are not fetched again and its unchanged parts need not be redrawn.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from urllib.parse import quote

PREFIX = "/files"


class FileLinks:
    """Makes and checks the signed links; `seconds` is how long a new link works."""

    def __init__(self, secret: bytes, seconds: int) -> None:
        self._secret = secret
        self.seconds = seconds

    def link(self, file_id: str, name: str, *, now: float | None = None, seconds: int | None = None) -> str:
        """A path (relative to the bot's web address) that serves the file for `seconds` (the
        links' lifetime by default) and at most a tenth longer."""
        lifetime = seconds or self.seconds
        step = max(1, lifetime // 10)
        expires = math.ceil(((now if now is not None else time.time()) + lifetime) / step) * step
        return f"{PREFIX}/{file_id}/{quote(name)}?e={expires}&s={self._sign(file_id, expires)}"

    def valid(self, file_id: str, expires: str, signature: str, *, now: float | None = None) -> bool:
        """Whether a link's expiry and signature are this file's and it has not expired."""
        if not expires.isdigit() or int(expires) < (now if now is not None else time.time()):
            return False
        return hmac.compare_digest(self._sign(file_id, int(expires)), signature)

    def _sign(self, file_id: str, expires: int) -> str:
        return hmac.new(self._secret, f"{file_id}:{expires}".encode(), hashlib.sha256).hexdigest()[:32]
