"""Hands one e-mail to the SMTP server (`SMTP_URL`) with aiosmtplib: asyncio all the way, a
timeout on every step, and errors that say whether trying again can help, never with the password."""

from __future__ import annotations

import asyncio
import logging
from email.message import EmailMessage

import aiosmtplib

from bot.mail.config import SmtpTarget

log = logging.getLogger(__name__)

SEND_TIMEOUT = 30.0  # seconds for each SMTP step (connect, TLS, login, data)
WHOLE_SEND = 90.0  # seconds for all of them (bot/mail/followups.py holds its timer longer)


class MailError(Exception):
    """The SMTP server did not take the e-mail. `permanent`: it refused it for good (the
    recipient or the content), so sending it again cannot help."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class Mailer:
    """Sends e-mail through one SMTP server, a new connection each time (e-mails are rare)."""

    def __init__(self, target: SmtpTarget, *, timeout: float = SEND_TIMEOUT) -> None:
        self.target = target
        self.timeout = timeout

    async def send(self, message: EmailMessage) -> None:
        """Deliver `message` to the server (its From, To); raises MailError."""
        target = self.target
        try:
            async with asyncio.timeout(WHOLE_SEND):
                await aiosmtplib.send(
                    message,
                    hostname=target.host,
                    port=target.port,
                    username=target.username,
                    password=target.password,
                    use_tls=target.security == "tls",
                    start_tls=target.security == "starttls",  # required for smtp://, never tried for smtp+plain://
                    timeout=self.timeout,
                )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            final = all(500 <= r.code < 600 for r in exc.recipients)  # 4xx: a full mailbox, greylisting
            raise MailError(self._safe(f"the server refused the recipient: {exc}"), permanent=final) from None
        except aiosmtplib.SMTPResponseException as exc:
            # 5xx for the recipient or the message is final; a refused login or sender is the
            # operator's to fix (tried again meanwhile), and a 4xx is the server asking to try later.
            final = 500 <= exc.code < 600 and isinstance(exc, (aiosmtplib.SMTPDataError, aiosmtplib.SMTPRecipientRefused))
            raise MailError(self._safe(f"{exc.__class__.__name__} {exc.code}: {exc.message}"), permanent=final) from None
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise MailError(self._safe(f"{exc.__class__.__name__}: {exc}")) from None

    def _safe(self, text: str) -> str:
        """An error's text for the logs: one line, and the password blanked should a server echo it."""
        text = " ".join(text.split())[:300]
        if self.target.password:
            text = text.replace(self.target.password, "[redacted]")
        return text
