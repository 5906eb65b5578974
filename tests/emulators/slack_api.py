"""A local Slack Web API for tests: an aiohttp app on a loopback port that plays slack.com/api.

It answers the methods Baton calls with payloads shaped like Slack's own (see
tests/fixtures/slack/), keeps every channel's messages and threads, records every call, checks
Slack's size limits (so a message Slack would refuse is refused here too), and can answer
429 with `Retry-After` or 500 on demand. It also serves Socket Mode (`apps.connections.open`
and the WebSocket) so the Socket Mode path can be driven end to end.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "slack"

# Slack's documented limits, enforced so that an oversized post fails the test as it would in Slack.
MAX_TEXT = 40_000
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3_000
MAX_BUTTON_TEXT = 75
MAX_ACTION_VALUE = 2_000


def load_fixture(name: str) -> Any:
    """A recorded Slack payload from tests/fixtures/slack/."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@dataclass
class ApiCall:
    """One request the bot made: method, its arguments, the HTTP status we answered."""

    method: str
    args: dict[str, Any]
    status: int
    ok: bool
    at: float


@dataclass
class _Fault:
    status: int
    times: int
    retry_after: int | None


@dataclass
class SlackApiEmulator:
    """The emulated workspace: its bot token, users, channels' messages and recorded calls."""

    bot_token: str = "xoxb-test-token"
    app_token: str = "xapp-test-token"
    calls: list[ApiCall] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    ephemeral: list[dict[str, Any]] = field(default_factory=list)
    usergroups: dict[str, list[str]] = field(default_factory=dict)  # user group id -> member ids
    usergroup_handles: dict[str, str] = field(default_factory=dict)  # user group id -> its @handle

    def __post_init__(self) -> None:
        self.auth = load_fixture("auth_test.json")
        self.users: dict[str, dict[str, Any]] = {u["id"]: u for u in load_fixture("users.json")}
        self._faults: dict[str, list[_Fault]] = defaultdict(list)
        self._hangs: dict[str, int] = defaultdict(int)
        # Indexes over `messages`, so lookups stay cheap with tens of thousands of posts (bench/load.py).
        self._by_ts: dict[tuple[str, str], dict[str, Any]] = {}
        self._roots: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        self._threads: defaultdict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self._released = asyncio.Event()
        self._clock = itertools.count(1)
        self._epoch = int(time.time())
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.base_url = ""

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> str:
        """Listen on a free loopback port; returns the API base URL (`http://127.0.0.1:P/api/`)."""
        app = web.Application()
        app.router.add_post("/api/{method}", self._handle)
        app.router.add_get("/api/{method}", self._handle)
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}/api/"
        return self.base_url

    async def close(self) -> None:
        """Stop listening."""
        self._released.set()
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- controls for tests --------------------------------------------------------------

    def fail_next(self, method: str, status: int, *, times: int = 1, retry_after: int | None = None) -> None:
        """Answer the next `times` calls of `method` with `status` (429 carries `Retry-After`)."""
        self._faults[method].append(_Fault(status, times, retry_after))

    def hang_next(self, method: str, *, times: int = 1) -> None:
        """Carry out the next `times` calls of `method` but never answer them (until `close`):
        the caller cannot know that Slack took the message, as when it dies mid-request."""
        self._hangs[method] += times

    def calls_to(self, method: str, *, ok_only: bool = True) -> list[ApiCall]:
        """Recorded calls of one method, in order (by default only those that succeeded)."""
        return [c for c in self.calls if c.method == method and (c.ok or not ok_only)]

    def roots(self, channel: str) -> list[dict[str, Any]]:
        """Top-level messages of a channel, oldest first."""
        return list(self._roots[channel])

    def replies(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        """Replies in a thread (without the root), oldest first."""
        return list(self._threads.get((channel, thread_ts), ()))

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        """One message as it is now (after any chat.update)."""
        message = self._by_ts.get((channel, ts))
        if message is None:
            raise KeyError(f"no message {ts} in {channel}")
        return message

    def posted(self, channel: str, message: dict[str, Any]) -> None:
        """Called for every message the bot posts (a hook for the load benchmark)."""

    async def wait_for(self, check: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until `check()` returns something truthy (re-checked on every API call); return it."""
        async with asyncio.timeout(timeout):
            async with self._changed:
                while True:
                    value = check()
                    if value:
                        return value
                    try:
                        await asyncio.wait_for(self._changed.wait(), 0.2)
                    except TimeoutError:
                        pass

    async def socket_send(self, envelope: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Deliver a Socket Mode envelope to the connected app; return its acknowledgement."""
        await self.wait_for(lambda: self._sockets, timeout)
        envelope_id = envelope.setdefault("envelope_id", uuid.uuid4().hex)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._socket_acks[envelope_id] = future
        await self._sockets[-1].send_str(json.dumps(envelope))
        return await asyncio.wait_for(future, timeout)

    # -- the API -------------------------------------------------------------------------

    def next_ts(self) -> str:
        """A message ts like Slack's: epoch seconds, a dot, six digits; strictly increasing."""
        return f"{self._epoch}.{next(self._clock):06d}"

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _arguments(request)
        faults = self._faults.get(method)
        if faults:
            fault = faults[0]
            fault.times -= 1
            if fault.times <= 0:
                faults.pop(0)
            await self._record(method, args, fault.status, False)
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            body = {"ok": False, "error": "ratelimited" if fault.status == 429 else "internal_error"}
            return web.json_response(body, status=fault.status, headers=headers)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        token = token or str(args.get("token", ""))
        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        if token != expected:
            await self._record(method, args, 200, False)
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = getattr(self, "_api_" + method.replace(".", "_"), None)
        if handler is None:
            await self._record(method, args, 200, False)
            return web.json_response({"ok": False, "error": "unknown_method"})
        body = handler(args, request)
        await self._record(method, args, 200, bool(body.get("ok")))
        if self._hangs.get(method):
            self._hangs[method] -= 1
            await self._released.wait()
        return web.json_response(body)

    async def _record(self, method: str, args: dict[str, Any], status: int, ok: bool) -> None:
        self.calls.append(ApiCall(method, args, status, ok, time.monotonic()))
        async with self._changed:
            self._changed.notify_all()

    def _api_auth_test(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        return self.auth

    def _api_usergroups_users_list(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        group = str(args.get("usergroup"))
        if group not in self.usergroups:
            return {"ok": False, "error": "no_such_subteam"}
        return {"ok": True, "users": list(self.usergroups[group])}

    def _api_usergroups_list(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        groups = set(self.usergroups) | set(self.usergroup_handles)
        return {"ok": True, "usergroups": [
            {"id": group, "handle": self.usergroup_handles.get(group, group.lower()), "name": group,
             "user_count": len(self.usergroups.get(group, []))}
            for group in sorted(groups)
        ]}

    def _api_users_info(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        user = self.users.get(str(args.get("user")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": user}

    def _api_chat_postMessage(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        error = _check_message(args)
        if error:
            return {"ok": False, "error": error}
        channel = str(args["channel"])
        thread_ts = args.get("thread_ts")
        if thread_ts and (channel, thread_ts) not in self._by_ts:
            return {"ok": False, "error": "thread_not_found"}
        message = {
            "type": "message",
            "user": self.auth["user_id"],
            "bot_id": self.auth["bot_id"],
            "app_id": "A0BATON001",
            "team": self.auth["team_id"],
            "text": args.get("text", ""),
            "ts": self.next_ts(),
        }
        if args.get("blocks"):
            message["blocks"] = _decoded(args["blocks"])
        if thread_ts:
            message["thread_ts"] = thread_ts
        if args.get("metadata"):
            metadata = args["metadata"]
            message["metadata"] = json.loads(metadata) if isinstance(metadata, str) else dict(metadata)
        self.messages[channel].append(message)
        self._by_ts[(channel, message["ts"])] = message
        if thread_ts:
            self._threads[(channel, thread_ts)].append(message)
        else:
            self._roots[channel].append(message)
        self.posted(channel, message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    def _api_chat_update(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        error = _check_message(args)
        if error:
            return {"ok": False, "error": error}
        channel = str(args.get("channel"))
        try:
            message = self.message(channel, str(args.get("ts")))
        except KeyError:
            return {"ok": False, "error": "message_not_found"}
        message["text"] = args.get("text", "")
        if "blocks" in args:
            message["blocks"] = _decoded(args["blocks"])
        message["edited"] = {"user": self.auth["user_id"], "ts": self.next_ts()}
        return {"ok": True, "channel": channel, "ts": message["ts"], "text": message["text"], "message": message}

    def _api_chat_postEphemeral(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        if not args.get("user") or not args.get("channel"):
            return {"ok": False, "error": "invalid_arguments"}
        error = _check_message(args)
        if error:
            return {"ok": False, "error": error}
        ts = self.next_ts()
        self.ephemeral.append({**args, "message_ts": ts})
        return {"ok": True, "message_ts": ts}

    def _api_conversations_replies(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        channel, ts = str(args.get("channel")), str(args.get("ts"))
        root = self._by_ts.get((channel, ts))
        if root is None:
            return {"ok": False, "error": "thread_not_found"}
        thread = [root, *self.replies(channel, ts)]
        return {"ok": True, "messages": _with_metadata(thread, args), "has_more": False}

    def _api_conversations_history(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        """Top-level messages, newest first, after `oldest` (exclusive), like Slack's."""
        channel = str(args.get("channel"))
        oldest = float(args.get("oldest") or 0)
        limit = int(args.get("limit") or 100)
        roots = [m for m in self._roots[channel] if float(m["ts"]) > oldest]
        newest_first = list(reversed(roots))[:limit]
        return {"ok": True, "messages": _with_metadata(newest_first, args), "has_more": len(roots) > limit}

    def _api_apps_connections_open(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        host = request.host
        return {"ok": True, "url": f"ws://{host}/link?ticket={uuid.uuid4()}&app_id=A0BATON001"}

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({
            "type": "hello", "num_connections": 1,
            "debug_info": {"host": "applink-emulator", "approximate_connection_time": 18060},
            "connection_info": {"app_id": "A0BATON001"},
        }))
        async with self._changed:
            self._changed.notify_all()
        try:
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    continue
                data = json.loads(frame.data)
                future = self._socket_acks.pop(data.get("envelope_id", ""), None)
                if future is not None and not future.done():
                    future.set_result(data)
        finally:
            self._sockets.remove(ws)
        return ws


async def _arguments(request: web.Request) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return args
    if request.content_type == "application/json":
        args.update(await request.json())
    else:
        args.update(dict(await request.post()))
    return args


def _with_metadata(messages: list[dict[str, Any]], args: dict[str, Any]) -> list[dict[str, Any]]:
    """Slack returns message metadata only when `include_all_metadata` is asked for."""
    if str(args.get("include_all_metadata", "")).lower() in ("1", "true"):
        return messages
    return [{k: v for k, v in m.items() if k != "metadata"} for m in messages]


def _decoded(blocks: Any) -> list[dict[str, Any]]:
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def _check_message(args: dict[str, Any]) -> str | None:
    """Slack's answer to a message it would refuse, or None."""
    if not args.get("channel"):
        return "channel_not_found"
    text = str(args.get("text") or "")
    blocks = _decoded(args["blocks"]) if args.get("blocks") else []
    if not text and not blocks:
        return "no_text"
    if len(text) > MAX_TEXT:
        return "msg_too_long"
    if len(blocks) > MAX_BLOCKS:
        return "invalid_blocks"
    for block in blocks:
        texts = [block.get("text")] + list(block.get("fields") or [])
        for item in texts:
            if item and len(item.get("text", "")) > MAX_SECTION_TEXT:
                return "invalid_blocks"
        for element in block.get("elements") or []:
            if element.get("type") == "mrkdwn" and len(element.get("text", "")) > MAX_SECTION_TEXT:
                return "invalid_blocks"
            if element.get("type") != "button":
                continue
            if len(element["text"]["text"]) > MAX_BUTTON_TEXT or len(element.get("value", "")) > MAX_ACTION_VALUE:
                return "invalid_blocks"
    return None
