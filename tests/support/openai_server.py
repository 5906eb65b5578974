"""A local OpenAI-compatible chat server for tests: the real langchain-openai client talks to it.

`chat_completions_server(handler)` serves any handler; `FakeChatModel` is a scriptable model
behind it that can call a tool and then answer, hang, fail with an HTTP status, or say whatever
a test needs it to (a long answer, an uncited link, an invented order status).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Body = dict[str, Any]


@contextlib.asynccontextmanager
async def chat_completions_server(handler: Handler, on_close: Callable[[], None] | None = None) -> AsyncIterator[str]:
    """Serve `POST /v1/chat/completions` with `handler` on a loopback port; yields the base URL.

    `on_close` runs before the server stops (e.g. to release handlers that hang on purpose).
    """
    app = web.Application()
    app.router.add_post("/v1/chat/completions", handler)
    runner = web.AppRunner(app, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        if on_close is not None:
            on_close()
        await runner.cleanup()


def completion(message: dict[str, Any], finish: str, number: int = 0) -> web.Response:
    """A chat.completion response carrying one assistant message."""
    return web.json_response({
        "id": f"chatcmpl-{number}", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    })


def tool_call(name: str, arguments: dict[str, Any], number: int = 0) -> web.Response:
    """The model asks for one tool call."""
    call = {"id": f"call_{number}", "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}
    return completion({"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls", number)


def say(text: str, number: int = 0) -> web.Response:
    """The model's final answer."""
    return completion({"role": "assistant", "content": text}, "stop", number)


def error(status: int, message: str = "upstream failure") -> web.Response:
    """An OpenAI-style error response with this HTTP status."""
    return web.json_response({"error": {"message": message, "type": "server_error", "code": None}}, status=status)


def long_answer(words: int, sentence_words: int = 12) -> str:
    """A rambling answer of about `words` words in sentences of `sentence_words` words."""
    sentences = []
    count = 0
    while count < words:
        sentences.append(" ".join(["refunds"] + ["really"] * (sentence_words - 2) + ["matter."]))
        count += sentence_words
    return " ".join(sentences)


class FakeChatModel:
    """A chat model on a local socket, scripted by the test.

    `script(body)` returns the response for one request (the JSON body the client sent); the
    default answers "I don't know.". Helpers set common scripts: `answers(text, after_tool=...)`
    calls a tool first (if given) and then says `text` (a str, or a function of the tool's output),
    `hangs()` never answers, `fails(status)` answers that HTTP status. `requests` records every
    request body.
    """

    def __init__(self) -> None:
        self.requests: list[Body] = []
        self.script: Callable[[Body], Awaitable[web.StreamResponse] | web.StreamResponse] = \
            lambda body: say("I don't know.")
        self._released = asyncio.Event()

    @contextlib.asynccontextmanager
    async def serve(self) -> AsyncIterator[str]:
        """Run the server; yields the base URL for BOT_LLM_BASE_URL."""
        async with chat_completions_server(self.handle, on_close=self._released.set) as base_url:
            yield base_url

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """One `POST /v1/chat/completions`."""
        body = await request.json()
        self.requests.append(body)
        reply = self.script(body)
        if isinstance(reply, Awaitable):
            return await reply
        return reply

    def answers(self, text: str | Callable[[str], str], after_tool: tuple[str, dict[str, Any]] | None = None) -> None:
        """Call `after_tool` (name, arguments) first, if given, then answer `text`."""

        def script(body: Body) -> web.Response:
            last = body["messages"][-1]
            number = len(self.requests)
            if after_tool is not None and last["role"] != "tool":
                return tool_call(*after_tool, number=number)
            content = last["content"] if last["role"] == "tool" else ""
            return say(text(content) if callable(text) else text, number)

        self.script = script

    def hangs(self) -> None:
        """Never answer (until the server stops)."""

        async def script(body: Body) -> web.Response:
            await self._released.wait()
            return error(503)

        self.script = script

    def fails(self, status: int = 500) -> None:
        """Answer every request with this HTTP status."""
        self.script = lambda body: error(status)

    @property
    def system_prompts(self) -> list[str]:
        """The system message of each request."""
        return [m["content"] for b in self.requests for m in b["messages"] if m["role"] == "system"]


async def llm_brain(
    kb_dir: Path, index_dir: Path, base_url: str, *, embedder: Any = None, metrics: Any = None, **settings: Any,
) -> Any:
    """The brain `create_brain` makes with BOT_LLM pointing at a local server (`settings` are more
    environment variables, e.g. BOT_LLM_TIMEOUT="0.5"); an AgentBrain."""
    from bot.brain.embeddings import LocalEmbedder
    from bot.brain.factory import create_brain
    from bot.settings import Settings

    values = {
        "BOT_KB_DIR": str(kb_dir), "BOT_INDEX_DIR": str(index_dir), "BOT_BRAND": str(kb_dir / "no-brand.yaml"),
        "BOT_LLM": "openai:test-model", "BOT_LLM_BASE_URL": base_url, "BOT_LLM_API_KEY": "test-key",
        **settings,
    }
    chosen = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    return await create_brain(chosen, embedder or LocalEmbedder(), metrics=metrics)
