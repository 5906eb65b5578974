"""A web-chat customer for tests: a real aiohttp WebSocket client speaking docs/architecture.md#wire-protocol."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import aiohttp


class ChatClient:
    """One customer's widget connection, with helpers to wait for the frames a user would see."""

    def __init__(self, session: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.session = session
        self.ws = ws
        self.frames: list[dict[str, Any]] = []
        self.welcome: dict[str, Any] = {}

    @classmethod
    async def connect(
        cls, base_url: str, *, hello: dict[str, Any] | None = None, headers: dict[str, str] | None = None,
    ) -> ChatClient:
        """Open `/chat/ws`, send hello (default anonymous) and wait for the welcome."""
        session = aiohttp.ClientSession()
        ws = await session.ws_connect(f"{base_url}/chat/ws", headers=headers or {}, max_msg_size=0)
        client = cls(session, ws)
        await client.send({"type": "hello", **(hello or {})})
        client.welcome = await client.expect("welcome")
        return client

    async def send(self, frame: dict[str, Any]) -> None:
        """Send one JSON frame."""
        await self.ws.send_str(json.dumps(frame))

    async def say(self, text: str, client_id: str | None = None) -> dict[str, Any]:
        """Send a customer message and return its ack."""
        client_id = client_id or uuid.uuid4().hex
        await self.send({"type": "message", "client_id": client_id, "text": text})
        return await self.expect("ack", lambda f: f["client_id"] == client_id)

    async def next_frame(self, timeout: float = 20.0) -> dict[str, Any]:
        """The next frame from the server (fails on close or timeout)."""
        message = await self.ws.receive(timeout=timeout)
        if message.type != aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"socket ended: {message.type} {message.data!r} {message.extra!r}")
        frame = json.loads(message.data)
        self.frames.append(frame)
        return frame

    async def expect(self, kind: str, match: Any = None, timeout: float = 20.0) -> dict[str, Any]:
        """Wait for the next frame of `kind` (and matching `match`), skipping others."""
        async with asyncio.timeout(timeout):
            while True:
                frame = await self.next_frame(timeout)
                if frame["type"] == kind and (match is None or match(frame)):
                    return frame

    async def reply(self, author: str = "bot", timeout: float = 20.0) -> dict[str, Any]:
        """Wait for the next message frame by `author`."""
        return await self.expect("message", lambda f: f["author"] == author, timeout)

    async def quiet_for(self, seconds: float) -> list[dict[str, Any]]:
        """Frames that arrive within `seconds` (to show that nothing else was sent)."""
        seen: list[dict[str, Any]] = []
        try:
            async with asyncio.timeout(seconds):
                while True:
                    seen.append(await self.next_frame(seconds))
        except (TimeoutError, asyncio.TimeoutError):
            return seen

    async def close(self) -> None:
        """Hang up."""
        await self.ws.close()
        await self.session.close()


def base_url(server: Any) -> str:
    """`http://127.0.0.1:PORT` of a running aiohttp TestServer."""
    return str(server.make_url("")).rstrip("/")
