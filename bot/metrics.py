"""Prometheus metrics of one Baton process, served at `GET /metrics`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Enum,
    Gauge,
    Histogram,
    generate_latest,
)

from bot.practice import is_practice

log = logging.getLogger(__name__)

Probe = Callable[[], Awaitable[None]]
PROBE_SECONDS = 2.0

_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
_ACK_BUCKETS = (10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 86400)


class Metrics:
    """The counters and histograms the router updates; one registry per process (or per test)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages_in = Counter(
            "baton_messages_in_total", "Customer messages stored, by channel",
            ["channel"], registry=self.registry,
        )
        self.messages_out = Counter(
            "baton_messages_out_total", "Messages sent to customers, by channel and author",
            ["channel", "author"], registry=self.registry,
        )
        self.answers = Counter(
            "baton_answers_total", "Answers from the brain, by whether it found something",
            ["found"], registry=self.registry,
        )
        self.handoffs = Counter(
            "baton_handoffs_total", "Conversations handed to a person, by tag",
            ["tag"], registry=self.registry,
        )
        self.tags = Counter(
            "baton_tags_total", "Tags fired (with or without a handoff), by tag",
            ["tag"], registry=self.registry,
        )
        self.answer_seconds = Histogram(
            "baton_answer_seconds", "From a customer message stored to the bot's answer sent",
            buckets=_LATENCY_BUCKETS, registry=self.registry,
        )
        self.first_answer_seconds = Histogram(
            "baton_first_answer_seconds", "From a conversation's first message to the bot's first answer",
            buckets=_LATENCY_BUCKETS, registry=self.registry,
        )
        self.outbox_depth = Gauge(
            "baton_outbox_depth", "Outbound messages written but not yet delivered, by outbox",
            ["outbox"], registry=self.registry,
        )
        self.unanswered = Gauge(
            "baton_unanswered_messages", "Customer messages stored and not yet answered or handed off",
            registry=self.registry,
        )
        # LLM mode (BOT_LLM): failed model calls, answers the offline brain gave instead, the breaker.
        self.llm_failures = Counter(
            "baton_llm_failures_total", "Chat-model calls that failed, by kind (timeout, server_error, "
            "rate_limited, connection, client_error, other)", ["kind"], registry=self.registry,
        )
        self.llm_fallbacks = Counter(
            "baton_llm_fallbacks_total", "LLM-mode answers given by the offline brain instead, by reason "
            "(a failure kind, circuit_open, link, order_fact)", ["reason"], registry=self.registry,
        )
        self.llm_circuit = Enum(
            "baton_llm_circuit", "The chat model's circuit breaker", states=["closed", "open", "half_open"],
            registry=self.registry,
        )
        self._probes: list[Probe] = []
        self._uncounted: Metrics | None = None
        self.acknowledge_seconds = Histogram(
            "baton_acknowledge_seconds", "From a handoff to a person claiming the conversation",
            buckets=_ACK_BUCKETS, registry=self.registry,
        )

    def of(self, channel: str) -> Metrics:
        """The metrics a conversation on `channel` counts in: these, or for a practice run
        (docs/practice.md) a registry nobody scrapes, so training never shows in the figures."""
        if not is_practice(channel):
            return self
        if self._uncounted is None:
            self._uncounted = Metrics()
        return self._uncounted

    def add_probe(self, probe: Probe) -> None:
        """Run `probe` (which sets gauges from Redis) before each scrape."""
        self._probes.append(probe)

    async def collect(self) -> bytes:
        """Refresh the gauges (a probe that fails or hangs leaves its last value) and render."""
        for probe in self._probes:
            try:
                await asyncio.wait_for(probe(), PROBE_SECONDS)
            except Exception as exc:  # a scrape must not fail because Redis is slow
                log.warning("metrics probe failed: %s", exc or type(exc).__name__)
        return self.render()

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)


def add_metrics_route(app: web.Application, metrics: Metrics) -> None:
    """`GET /metrics` for Prometheus."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=await metrics.collect(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app.router.add_get("/metrics", handler)
