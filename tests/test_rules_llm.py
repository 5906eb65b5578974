"""Optional LLM tagging: with BOT_LLM set, a tag's description is judged by the chat model (a local
OpenAI-compatible server here, through the real langchain-openai client), with the model's reason;
a slow or broken model never holds up or loses a handoff."""

from __future__ import annotations

import asyncio
import json
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.brain.agent import make_model
from bot.escalation.base import RuleInput
from bot.escalation.engine import RulesEngine
from bot.escalation.llm_tagger import LlmTagger
from bot.escalation.loader import check_rules_file
from bot.models import Participant
from tests.support.openai_server import chat_completions_server

RULES = """\
tags:
  - name: warranty-claim
    description: The customer says a product broke within its warranty and wants it repaired or replaced.
    handoff: true
    route: repairs
    when:
      llm: true
  - name: refunds
    handoff: true
    when:
      keywords: [refund]
"""


class FakeChatModel:
    """Plays a chat model that labels messages; `delay` makes it slow, `broken` makes it fail."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.delay = 0.0
        self.broken = False

    async def completions(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.broken:
            return web.json_response({"error": {"message": "overloaded"}}, status=500)
        message = body["messages"][-1]["content"].lower()
        labels = [{"name": "warranty-claim", "reason": "the kettle stopped working after 3 months"}] \
            if "stopped working" in message else []
        if "made-up" in message:
            labels = [{"name": "not-a-tag", "reason": "invented"}]
        content = json.dumps({"labels": labels})
        return web.json_response({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "test-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        })


@pytest.fixture
async def chat_model() -> AsyncIterator[tuple[FakeChatModel, str]]:
    fake = FakeChatModel()
    async with chat_completions_server(fake.completions) as base_url:
        yield fake, base_url


def engine_for(tmp_path: Path, base_url: str, timeout: float = 5.0) -> RulesEngine:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    model = make_model("openai:test-model", base_url, "test-key")
    return RulesEngine.from_file(path, None, llm=LlmTagger(model, timeout=timeout))


async def decide(engine: RulesEngine, text: str) -> Any:
    return await engine.evaluate(RuleInput(text=text, participant=Participant(), channel="webchat"))


async def test_the_chat_model_applies_a_tag_from_its_description_with_its_reason(
    tmp_path: Path, chat_model: tuple[FakeChatModel, str]
) -> None:
    fake, base_url = chat_model
    engine = engine_for(tmp_path, base_url)
    decision = await decide(engine, "My kettle stopped working after three months, what now?")
    assert decision.handoff and decision.tags == ["warranty-claim"] and decision.route == "repairs"
    assert [str(r) for r in decision.reasons] == [
        'warranty-claim: the chat model: "the kettle stopped working after 3 months"']
    prompt = fake.requests[0]["messages"][0]["content"]
    assert "- warranty-claim: The customer says a product broke within its warranty" in prompt
    assert "refunds" not in prompt  # only tags that ask for the model are described to it
    # The second pass of the same message (with the brain's confidence) asks the model nothing.
    await decide(engine, "My kettle stopped working after three months, what now?")
    assert len(fake.requests) == 1
    assert (await decide(engine, "How long is the warranty on kettles?")).tags == []
    assert (await decide(engine, "a made-up label please")).tags == []  # names it invents are ignored


async def test_a_slow_or_failing_model_leaves_the_other_conditions_to_decide(
    tmp_path: Path, chat_model: tuple[FakeChatModel, str]
) -> None:
    fake, base_url = chat_model
    fake.delay = 2.0
    engine = engine_for(tmp_path, base_url, timeout=0.3)
    started = asyncio.get_running_loop().time()
    decision = await decide(engine, "my kettle stopped working and I want a refund")
    assert asyncio.get_running_loop().time() - started < 1.5
    assert decision.tags == ["refunds"] and decision.handoff
    fake.delay, fake.broken = 0.0, True
    assert (await decide(engine, "the toaster stopped working, refund please")).tags == ["refunds"]


def test_an_llm_condition_needs_a_description(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(textwrap.dedent("""\
        tags:
          - name: vague
            handoff: true
            when:
              llm: true
        """), encoding="utf-8")
    assert check_rules_file(path) == [
        f"{path}:5: tags[0] (vague).when.llm: `llm` judges the message against the tag's `description`: write one"]
