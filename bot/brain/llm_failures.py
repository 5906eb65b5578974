"""What went wrong with a chat-model call, in a few kinds that logs, metrics and the breaker share."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds that say the model is unreachable or overloaded: they count towards the circuit breaker.
TRIPPING_KINDS = frozenset({"timeout", "server_error", "rate_limited", "connection", "other"})
FAILURE_KINDS: tuple[str, ...] = ("timeout", "server_error", "rate_limited", "connection", "client_error", "other")


@dataclass(frozen=True, slots=True)
class LlmFailure:
    """One failed call: its kind, the HTTP status if the provider answered one, the exception's class."""

    kind: str
    status: int | None
    error: str

    @property
    def trips(self) -> bool:
        """Whether it counts towards opening the circuit breaker (a 4xx other than 429 does not:
        the service is up, and the log line says what it refused)."""
        return self.kind in TRIPPING_KINDS


def http_status(exc: BaseException) -> int | None:
    """The HTTP status an SDK exception carries (openai, anthropic, ollama, httpx), if any."""
    for holder in (exc, getattr(exc, "response", None)):
        status = getattr(holder, "status_code", None)
        if isinstance(status, int):
            return status
    return None


def classify(exc: BaseException) -> LlmFailure:
    """Sort an exception raised while calling the model into a failure kind.

    SDKs differ (openai.APITimeoutError, httpx.ConnectError, anthropic.InternalServerError,
    ollama.ResponseError), so this goes by the HTTP status and the exception's class names
    rather than importing each provider's package.
    """
    name = type(exc).__name__
    names = " ".join(c.__name__ for c in type(exc).__mro__).lower()
    status = http_status(exc)
    if isinstance(exc, TimeoutError) or "timeout" in names:
        kind = "timeout"
    elif status == 429:
        kind = "rate_limited"
    elif status is not None and status >= 500:
        kind = "server_error"
    elif status is not None and 400 <= status < 500:
        kind = "client_error"
    elif isinstance(exc, OSError) or "connect" in names:
        kind = "connection"
    else:
        kind = "other"
    return LlmFailure(kind, status, name)
