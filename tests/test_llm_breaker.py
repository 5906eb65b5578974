"""An LLM outage costs little: one retry at most, one log line per failure (provider, HTTP status,
conversation), a metric by kind, and after a run of failures the circuit breaker skips the model
for a cool-down, then lets one probe through."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from pathlib import Path

import pytest
from aiohttp import web

from bot.brain.answerer import OfflineBrain
from bot.brain.circuit import CircuitBreaker
from bot.brain.embeddings import LocalEmbedder
from bot.brain.llm_context import answering
from bot.metrics import Metrics
from bot.models import Participant
from tests.support.openai_server import FakeChatModel, llm_brain

BUYER = Participant(role="buyer")
QUESTION = "When do I get my refund?"


class Clock:
    """A hand-moved clock for the breaker."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_breaker_opens_after_n_failures_in_a_row_and_a_success_resets_the_count() -> None:
    clock = Clock()
    breaker = CircuitBreaker(3, 30.0, clock=clock)
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state == "closed" and breaker.allow()
    breaker.record_failure()
    assert breaker.state == "open"
    assert not breaker.allow()
    clock.now += 29.9
    assert not breaker.allow(), "still cooling down"


def test_breaker_lets_one_probe_through_after_the_cool_down() -> None:
    clock = Clock()
    changes: list[tuple[str, str]] = []
    breaker = CircuitBreaker(2, 30.0, clock=clock, on_change=lambda a, b: changes.append((a, b)))
    breaker.record_failure()
    breaker.record_failure()
    clock.now += 30
    assert breaker.allow(), "the probe"
    assert breaker.state == "half_open"
    assert not breaker.allow(), "only one probe at a time"
    breaker.record_failure()  # the probe failed: another cool-down
    assert breaker.state == "open" and not breaker.allow()
    clock.now += 30
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == "closed" and breaker.allow() and breaker.allow()
    assert changes == [("closed", "open"), ("open", "half_open"), ("half_open", "open"),
                       ("open", "half_open"), ("half_open", "closed")]


def test_a_cancelled_probe_lets_the_next_call_probe() -> None:
    clock = Clock()
    breaker = CircuitBreaker(1, 5.0, clock=clock)
    breaker.record_failure()
    clock.now += 5
    assert breaker.allow()
    breaker.release()
    assert breaker.allow()



def sample(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


async def test_an_outage_retries_once_then_opens_the_breaker_and_a_probe_closes_it(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, base_url = model
    fake.fails(500)
    metrics = Metrics()
    brain = await llm_brain(*kb, base_url, embedder=embedder, metrics=metrics,
                            BOT_LLM_BREAKER_FAILURES="2", BOT_LLM_BREAKER_SECONDS="1")
    caplog.set_level(logging.INFO, logger="bot.brain.agent")
    offline = await OfflineBrain(brain.parts).answer(QUESTION, participant=BUYER, history=[])

    answering("conv-outage-1")
    first = await brain.answer(QUESTION, participant=BUYER, history=[])
    assert first.text == offline.text
    assert len(fake.requests) == 2, "one attempt and at most one retry"
    failures = [r.getMessage() for r in caplog.records if "LLM server_error" in r.getMessage()]
    assert len(failures) == 1, "one log line per failure"
    assert "provider=openai" in failures[0] and "status=500" in failures[0] and "conversation=conv-outage-1" in failures[0]

    answering("conv-outage-2")
    await brain.answer(QUESTION, participant=BUYER, history=[])
    assert sample(metrics, "baton_llm_failures_total", kind="server_error") == 2
    assert sample(metrics, "baton_llm_circuit", baton_llm_circuit="open") == 1
    assert any("circuit open" in r.getMessage() for r in caplog.records)

    # Open: the model is not asked at all, and the offline answer comes at once.
    asked = len(fake.requests)
    started = time.monotonic()
    skipped = await brain.answer(QUESTION, participant=BUYER, history=[])
    assert skipped.text == offline.text and len(fake.requests) == asked
    assert time.monotonic() - started < 0.5
    assert sample(metrics, "baton_llm_fallbacks_total", reason="circuit_open") == 1

    # After the cool-down one probe goes to the (recovered) model; it closes the breaker.
    fake.answers("Refunds are issued within 5 business days (Source: https://help.test/refunds)",
                 after_tool=("search_help_centre", {"query": "refund"}))
    await asyncio.sleep(1.05)
    probed = await brain.answer(QUESTION, participant=BUYER, history=[])
    assert probed.text is not None and probed.text.startswith("Refunds are issued within 5 business days")
    assert sample(metrics, "baton_llm_circuit", baton_llm_circuit="closed") == 1


async def test_an_unreachable_model_is_a_connection_failure(
    kb: tuple[Path, Path], embedder: LocalEmbedder, caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    metrics = Metrics()
    brain = await llm_brain(*kb, f"http://127.0.0.1:{port}/v1", embedder=embedder, metrics=metrics)
    caplog.set_level(logging.INFO, logger="bot.brain.agent")
    answer = await brain.answer(QUESTION, participant=BUYER, history=[])
    assert answer.text and answer.sources
    assert sample(metrics, "baton_llm_failures_total", kind="connection") == 1
    lines = [r.getMessage() for r in caplog.records if "LLM connection" in r.getMessage()]
    assert len(lines) == 1 and "status=-" in lines[0] and "conversation=" in lines[0]


async def test_a_refused_request_is_logged_with_its_status_and_does_not_open_the_breaker(
    kb: tuple[Path, Path], model: tuple[FakeChatModel, str], embedder: LocalEmbedder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, base_url = model
    fake.script = lambda body: web.json_response({"error": {"message": "bad key"}}, status=401)
    metrics = Metrics()
    brain = await llm_brain(*kb, base_url, embedder=embedder, metrics=metrics, BOT_LLM_BREAKER_FAILURES="1")
    caplog.set_level(logging.INFO, logger="bot.brain.agent")
    await brain.answer(QUESTION, participant=BUYER, history=[])
    await brain.answer(QUESTION, participant=BUYER, history=[])
    assert len(fake.requests) == 2, "a 401 is not retried, and the breaker stays closed"
    assert sample(metrics, "baton_llm_failures_total", kind="client_error") == 2
    assert any("status=401" in r.getMessage() for r in caplog.records)
