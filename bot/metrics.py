"""Prometheus metrics of one Baton process, served at `GET /metrics`."""

from __future__ import annotations

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

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
        self.acknowledge_seconds = Histogram(
            "baton_acknowledge_seconds", "From a handoff to a person claiming the conversation",
            buckets=_ACK_BUCKETS, registry=self.registry,
        )

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)


def add_metrics_route(app: web.Application, metrics: Metrics) -> None:
    """`GET /metrics` for Prometheus."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app.router.add_get("/metrics", handler)
