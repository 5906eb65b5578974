"""A local stand-in for Discord: the REST API routes Baton uses, and a feed of gateway dispatches.

`DiscordAPI` is an aiohttp app on loopback that answers like https://discord.com/api/v10 (same
paths, payload shapes, error codes, 404 for unknown channels, nonce enforcement for
`nonce_seconds` or until `forget_nonces()`, 429s with `retry_after` and `X-RateLimit-*` headers,
per route or global) and records what the bot posted (files included), and every request that
came before a 429's `retry_after` was over (`ignored_limits`). Point discord.py at it by
patching `discord.http.Route.BASE` to `api.base_url`.

Slash commands: the bot's registrations (`PUT .../commands`, global or per server) are kept in
`commands`; `slash_command(...)` builds the `INTERACTION_CREATE` Discord would send when someone
runs a registered command (push it over the gateway), and the bot's answers to it
(`POST /interactions/{id}/{token}/callback`, ephemeral or not) land in `interaction_replies`.
Threads can be archived and locked (`PATCH /channels/{thread}`).

Edits and reactions: the bot's posts can be edited (`PATCH /channels/{id}/messages/{id}`: content,
embeds, components; each edit noted in `edits`) and reacted to (`PUT …/reactions/{emoji}/@me`, in
`reactions`); `component_press(...)` builds the INTERACTION_CREATE of a button press or a select
menu pick (type 3 with `values`) on a message as someone had it open.

Buttons: a message's `components` are kept with it (`Posted.components`); `button_press(...)`
builds the `INTERACTION_CREATE` (type 3, the button's `custom_id`) Discord sends when someone
presses one. Deferred answers (types 5 and 6) are recorded too, and follow-ups
(`POST /webhooks/{app}/{token}`) land in `interaction_replies` with `followup=True`.

Tickets: threads without a message (`POST /channels/{id}/threads`, public type 11 or private
type 12 with `invitable`), members added to them (`PUT /channels/{thread}/thread-members/{user}`,
in `thread_members`), deleted messages (`DELETE /channels/{id}/messages/{id}`, in `deleted`);
`visible_in(channel)` is what anyone reading a channel sees: customers' messages not deleted and
the bot's posts.

Files: a message with attachments is a multipart `POST /channels/{id}/messages` (`payload_json` and
`files[n]`, as discord.py sends it); the bytes of each land in `Posted.uploads` (`files` has them
as text, for transcripts). More than 10 files is a 400, a file over `upload_limit` (Discord's
10 MiB without boosts) a 413 (40005). `attachment(channel, name, bytes)` describes a file someone
attached, for a MESSAGE_CREATE's `attachments`: its `url` is this emulator's CDN route
(`GET /attachments/{channel}/{id}/{name}?ex=…`, no token, as Discord's CDN), which serves the bytes
until `expire_links()` expires them (Discord's signed links last about a day).

It also serves a small gateway at `api.gateway_url`, named by `GET /gateway/bot` (HELLO, IDENTIFY -> READY + GUILD_CREATE,
heartbeats, RESUME, RECONNECT, close codes) for tests of the connection itself; point discord.py
at it by patching `discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`, or run the real process with
`DISCORD_API_URL=api.base_url`: it finds the gateway through `GET /gateway/bot` (tests/test_discord_process.py).

`GatewayFeed` hands gateway dispatch payloads (`GUILD_CREATE`, `MESSAGE_CREATE`...) to a
discord.py client's own parsers, exactly as its websocket reader would, without a socket.
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

import discord
import yarl
from aiohttp import WSMsgType, web

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "discord"
DISCORD_EPOCH_MS = 1420070400000
MAX_CONTENT = 2000
GUILD_ID = "1100000000000000001"  # the server in guild_create.json
T = TypeVar("T")


def payload(fixture: str, /, **changes: Any) -> dict[str, Any]:
    """A recorded payload from tests/fixtures/discord/<fixture>.json, with top-level fields replaced."""
    data = json.loads((FIXTURES / f"{fixture}.json").read_text(encoding="utf-8"))
    data.update(changes)
    return data


def iso(ts: float | None = None) -> str:
    """A Discord timestamp (ISO 8601 with microseconds and offset)."""
    return datetime.fromtimestamp(ts if ts is not None else time.time(), tz=timezone.utc).isoformat()


class Snowflakes:
    """Discord-shaped ids: milliseconds since 2015 in the high bits, increasing."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> str:
        value = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(value, self._last + 1)
        return str(self._last)


@dataclass
class _Fault:
    method: str
    path: re.Pattern[str]
    status: int
    times: int
    retry_after: float = 0.0
    after_effect: bool = False  # apply the request, then fail (a lost response)
    is_global: bool = False  # a 429 of the global limit (every route waits), not this route's
    after: int = 0  # matching requests let through before the fault starts


@dataclass
class Posted:
    """One message the bot posted."""

    id: str
    channel_id: str
    content: str
    embeds: list[dict[str, Any]]
    nonce: str | None
    allowed_mentions: dict[str, Any] | None
    reference: dict[str, Any] | None
    files: list[tuple[str, str]] = field(default_factory=list)  # (filename, text) of each attachment
    uploads: list[tuple[str, bytes]] = field(default_factory=list)  # (filename, bytes) of each, as uploaded
    components: list[dict[str, Any]] = field(default_factory=list)  # action rows of buttons


@dataclass
class InteractionReply:
    """The bot's answer to an interaction (a slash command)."""

    interaction_id: str
    type: int  # 4: a message; 5: "thinking…" (a message follows); 6: acknowledged, nothing shown
    content: str
    ephemeral: bool
    embeds: list[dict[str, Any]]
    followup: bool = False  # a follow-up message after a deferred answer
    data: dict[str, Any] = field(default_factory=dict)  # the callback's data as sent (a modal's: custom_id, components)


@dataclass
class DiscordAPI:
    """Discord's REST API on 127.0.0.1, recording posts, threads, typing and DM channels."""

    token: str = "test-bot-token"
    bot_user: dict[str, Any] = field(default_factory=lambda: payload("user_me"))
    posted: list[Posted] = field(default_factory=list)
    threads: dict[str, dict[str, Any]] = field(default_factory=dict)
    typing: list[str] = field(default_factory=list)
    dm_channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    members: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    channel_guilds: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str, int]] = field(default_factory=list)
    identifies: list[dict[str, Any]] = field(default_factory=list)
    resumes: list[dict[str, Any]] = field(default_factory=list)
    refuse_identify_with: int | None = None  # a gateway close code, e.g. 4014 (disallowed intents)
    ignored_limits: list[tuple[str, str]] = field(default_factory=list)  # requests sent before a 429 was over
    # How long a nonce is remembered (Discord: a few minutes); None: for the emulator's lifetime.
    nonce_seconds: float | None = None
    commands: dict[str | None, list[dict[str, Any]]] = field(default_factory=dict)  # server (None: global) -> commands
    interaction_replies: list[InteractionReply] = field(default_factory=list)
    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (channel, id) -> customer message
    thread_members: dict[str, list[str]] = field(default_factory=dict)  # thread -> user ids the bot added
    deleted: list[tuple[str, str]] = field(default_factory=list)  # (channel, message) the bot deleted
    edits: list[tuple[str, str]] = field(default_factory=list)  # (channel, message) of each edit of a bot post
    reactions: list[tuple[str, str, str]] = field(default_factory=list)  # (channel, message, emoji) the bot added
    # Files: the largest upload taken (Discord's default without boosts); the CDN's files by path.
    upload_limit: int = discord.utils.DEFAULT_FILE_SIZE_LIMIT_BYTES
    cdn: dict[str, bytes] = field(default_factory=dict)
    cdn_expired: set[str] = field(default_factory=set)  # CDN paths whose links have expired

    def __post_init__(self) -> None:
        self.ids = Snowflakes()
        self._faults: list[_Fault] = []
        self._nonces: dict[str, tuple[float, Posted]] = {}  # nonce -> (when posted, the message)
        self._limited_until: dict[str, float] = {}  # route path -> when its last 429 is over
        self._global_until = 0.0
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._socket: web.WebSocketResponse | None = None
        self._sequence = 0
        self.base_url = ""
        self.gateway_url = yarl.URL()

    # -- control --------------------------------------------------------------------------

    async def start(self) -> str:
        """Listen on a free loopback port; returns the API base URL (…/api/v10)."""
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        routes = [
            ("GET", "/api/v10/users/@me", self._me),
            ("GET", "/api/v10/oauth2/applications/@me", self._application),
            ("GET", "/api/v10/gateway/bot", self._gateway_bot),
            ("POST", "/api/v10/channels/{channel}/messages", self._post_message),
            ("POST", "/api/v10/channels/{channel}/typing", self._typing),
            ("POST", "/api/v10/channels/{channel}/messages/{message}/threads", self._thread_from_message),
            ("GET", "/api/v10/channels/{channel}", self._get_channel),
            ("POST", "/api/v10/users/@me/channels", self._open_dm),
            ("GET", "/api/v10/guilds/{guild}/members/{user}", self._get_member),
            ("GET", "/api/v10/channels/{channel}/messages/{message}", self._get_message),
            ("PATCH", "/api/v10/channels/{channel}", self._edit_channel),
            ("PUT", "/api/v10/applications/{app}/commands", self._put_commands),
            ("PUT", "/api/v10/applications/{app}/guilds/{guild}/commands", self._put_commands),
            ("POST", "/api/v10/interactions/{interaction}/{token}/callback", self._interaction_callback),
            ("POST", "/api/v10/webhooks/{app}/{token}", self._followup),
            ("POST", "/api/v10/channels/{channel}/threads", self._thread_without_message),
            ("PUT", "/api/v10/channels/{channel}/thread-members/{user}", self._add_thread_member),
            ("DELETE", "/api/v10/channels/{channel}/messages/{message}", self._delete_message),
            ("PATCH", "/api/v10/channels/{channel}/messages/{message}", self._edit_message),
            ("PUT", "/api/v10/channels/{channel}/messages/{message}/reactions/{emoji}/@me", self._add_reaction),
            ("GET", "/attachments/{channel}/{attachment}/{filename}", self._cdn_file),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, path, handler)
        app.router.add_get("/gateway/", self._gateway)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}/api/v10"
        self.gateway_url = yarl.URL(f"ws://127.0.0.1:{port}/gateway/")
        return self.base_url

    async def close(self) -> None:
        if self._socket is not None and not self._socket.closed:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def fail(self, method: str, path: str, status: int, *, times: int = 1,
             retry_after: float = 0.0, after_effect: bool = False, is_global: bool = False,
             after: int = 0) -> None:
        """Make the next `times` matching requests fail with `status` (path is a regex on the URL path),
        once `after` matching requests have gone through.

        A 429 carries `retry_after` in its body and headers as Discord's does; `is_global` makes
        it the global limit. Requests that come before a 429 is over are noted in `ignored_limits`.
        """
        self._faults.append(_Fault(method, re.compile(path), status, times, retry_after, after_effect, is_global,
                                   after))

    def clear_faults(self) -> None:
        """Discord works again: no more injected failures."""
        self._faults.clear()

    def forget_nonces(self) -> None:
        """Discord's nonce memory ran out: a repeated nonce posts a new message again."""
        self._nonces.clear()

    def add_member(self, guild_id: str, member: dict[str, Any]) -> None:
        """Someone in a server, for GET /guilds/{guild}/members/{user}."""
        self.members[(guild_id, member["user"]["id"])] = member

    def sent_to(self, channel_id: int | str) -> list[Posted]:
        """What the bot posted in one channel, in order."""
        return [p for p in self.posted if p.channel_id == str(channel_id)]

    async def wait_for(self, check: Callable[[], T], timeout: float = 15.0) -> T:
        """Wait until `check()` returns something truthy (re-checked on every request); return it."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            result = check()
            if result:
                return result
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(f"timed out; requests so far: {self.requests[-12:]}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.5))
            except asyncio.TimeoutError:
                pass

    # -- gateway --------------------------------------------------------------------------

    async def push(self, event: str, data: dict[str, Any]) -> None:
        """Send one dispatch (op 0) to the connected client."""
        assert self._socket is not None and not self._socket.closed, "no gateway connection"
        self._sequence += 1
        await self._socket.send_str(json.dumps({"op": 0, "t": event, "s": self._sequence, "d": data}))

    async def ask_to_reconnect(self) -> None:
        """Op 7 RECONNECT, as Discord sends before moving a session: the client must RESUME."""
        assert self._socket is not None
        await self._socket.send_str(json.dumps({"op": 7, "d": None, "s": None, "t": None}))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._socket = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None}))
        try:
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    continue
                message = json.loads(frame.data)
                if message["op"] == 1:
                    await ws.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
                elif message["op"] == 2:
                    self.identifies.append(message["d"])
                    if self.refuse_identify_with is not None:
                        await ws.close(code=self.refuse_identify_with, message=b"Disallowed intent(s).")
                        break
                    if message["d"].get("token") != self.token:
                        await ws.close(code=4004, message=b"Authentication failed.")
                        break
                    await self.push("READY", {
                        "v": 10, "user": self.bot_user, "session_id": "emulated-session",
                        "resume_gateway_url": str(self.gateway_url), "session_type": "normal",
                        "guilds": [{"id": GUILD_ID, "unavailable": True}], "private_channels": [],
                        "relationships": [], "presences": [], "guild_join_requests": [],
                        "geo_ordered_rtc_regions": ["rotterdam"], "shard": [0, 1],
                        "application": {"id": self.bot_user["id"], "flags": 8953856},
                    })
                    await self.push("GUILD_CREATE", payload("guild_create"))
                elif message["op"] == 6:
                    self.resumes.append(message["d"])
                    await self.push("RESUMED", {})
                self._changed.set()
        finally:
            self._changed.set()
        return ws

    # -- plumbing -------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        self.requests.append((request.method, request.path))
        now = time.monotonic() + 0.01  # asyncio's clock may wake a sleeper a hair early
        if now < max(self._global_until, self._limited_until.get(request.path, 0.0)):
            self.ignored_limits.append((request.method, request.path))
        try:
            # Interaction callbacks and follow-ups are authorised by their token in the path, not the bot token.
            if request.path.startswith("/api/") \
                    and not request.path.startswith(("/api/v10/interactions/", "/api/v10/webhooks/")) \
                    and request.headers.get("Authorization") != f"Bot {self.token}":
                return _error(401, 0, "401: Unauthorized")
            fault = self._take_fault(request)
            if fault is not None and not fault.after_effect:
                return self._fault_response(request, fault)
            response = await handler(request)
            if fault is not None:
                return self._fault_response(request, fault)
            return response
        finally:
            self._changed.set()

    def _take_fault(self, request: web.Request) -> _Fault | None:
        for fault in self._faults:
            if fault.times > 0 and fault.method == request.method and fault.path.search(request.path):
                if fault.after > 0:
                    fault.after -= 1
                    continue
                fault.times -= 1
                return fault
        return None

    def _fault_response(self, request: web.Request, fault: _Fault) -> web.Response:
        self.rejected.append((request.method, request.path, fault.status))
        if fault.status == 429:
            until = time.monotonic() + fault.retry_after
            # Discord's 429s come through its proxy (discord.py checks for the Via header).
            headers = {"Via": "1.1 google", "Retry-After": str(fault.retry_after)}
            if fault.is_global:
                self._global_until = max(self._global_until, until)
                headers |= {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"}
            else:
                self._limited_until[request.path] = max(self._limited_until.get(request.path, 0.0), until)
                headers |= {"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0",
                            "X-RateLimit-Reset": f"{time.time() + fault.retry_after:.3f}",
                            "X-RateLimit-Reset-After": f"{fault.retry_after:.3f}",
                            "X-RateLimit-Bucket": "emulated-bucket", "X-RateLimit-Scope": "user"}
            return _json({"message": "You are being rate limited.", "retry_after": fault.retry_after,
                          "global": fault.is_global}, status=429, headers=headers)
        if fault.status == 403:
            return _error(403, 50013, "Missing Permissions")
        if fault.status == 404:
            return _error(404, 10003, "Unknown Channel")
        return web.Response(status=fault.status, text="upstream connect error", content_type="text/plain")

    def _known_channel(self, channel_id: str) -> bool:
        """A server channel, a thread or a DM channel Discord has; anything else is 404 Unknown Channel."""
        return (channel_id in self.channel_guilds or channel_id in self.threads
                or any(dm["id"] == channel_id for dm in self.dm_channels.values()))

    # -- routes ---------------------------------------------------------------------------

    async def _me(self, request: web.Request) -> web.Response:
        return _json(self.bot_user)

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        """Where the gateway is (GET /gateway/bot, as discord.py's sharded client and Baton ask)."""
        return _json({"url": str(self.gateway_url), "shards": 1, "session_start_limit": {
            "total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1}})

    async def _application(self, request: web.Request) -> web.Response:
        return _json(payload("application"))

    async def _post_message(self, request: web.Request) -> web.Response:
        channel_id = request.match_info["channel"]
        if not self._known_channel(channel_id):
            return _error(404, 10003, "Unknown Channel")
        uploads: list[tuple[str, bytes]] = []
        if request.content_type.startswith("multipart/"):  # a message with attachments: files[n] + payload_json
            form = await request.post()
            body = json.loads(str(form["payload_json"]))
            for name, value in form.items():
                if name.startswith("files[") and isinstance(value, web.FileField):
                    uploads.append((value.filename, value.file.read()))
        else:
            body = await request.json()
        if len(uploads) > 10:
            return _error(400, 50035, "Invalid Form Body",
                          {"files": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                                                  "message": "Must be 10 or fewer in length."}]}})
        if any(len(data) > self.upload_limit for _, data in uploads):
            return _error(413, 40005, "Request entity too large")
        files = [(name, data.decode("utf-8", errors="replace")) for name, data in uploads]
        content = body.get("content") or ""
        if len(content) > MAX_CONTENT:
            return _error(400, 50035, "Invalid Form Body",
                          {"content": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                                                    "message": "Must be 2000 or fewer in length."}]}})
        if not content and not body.get("embeds") and not files:
            return _error(400, 50006, "Cannot send an empty message")
        nonce = body.get("nonce")
        remembered = self._nonces.get(str(nonce)) if nonce is not None else None
        if remembered is not None and self.nonce_seconds is not None \
                and time.monotonic() - remembered[0] > self.nonce_seconds:
            remembered = None  # forgotten, as Discord forgets nonces after a few minutes
        if remembered is not None and body.get("enforce_nonce"):
            return _json(self._message_payload(remembered[1]))
        posted = Posted(
            id=self.ids.next(), channel_id=channel_id, content=content, embeds=body.get("embeds") or [],
            nonce=str(nonce) if nonce is not None else None,
            allowed_mentions=body.get("allowed_mentions"), reference=body.get("message_reference"), files=files,
            uploads=uploads, components=body.get("components") or [],
        )
        self.posted.append(posted)
        if posted.nonce is not None:
            self._nonces[posted.nonce] = (time.monotonic(), posted)
        return _json(self._message_payload(posted))

    def _message_payload(self, posted: Posted) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": posted.id, "type": 19 if posted.reference else 0, "channel_id": posted.channel_id,
            "author": self.bot_user, "content": posted.content, "embeds": posted.embeds,
            "timestamp": iso(), "edited_timestamp": None, "tts": False, "mention_everyone": False,
            "mentions": [], "mention_roles": [], "pinned": False, "flags": 0,
            "attachments": [self.attachment(posted.channel_id, name, data) for name, data in posted.uploads],
            "components": posted.components, "nonce": posted.nonce,
        }
        guild_id = self.channel_guilds.get(posted.channel_id)
        if guild_id:
            data["guild_id"] = guild_id
        if posted.reference:
            data["message_reference"] = {"type": 0, "channel_id": posted.channel_id, **posted.reference}
        return data

    def attachment(self, channel_id: str, filename: str, data: bytes, *, size: int | None = None,
                   content_type: str | None = None) -> dict[str, Any]:
        """An attachment as Discord describes it in a message (`attachments[]`), its bytes served by
        this emulator's CDN route at its signed, expiring `url`. `size` is what Discord says the
        file weighs (its real size unless given)."""
        attachment_id = self.ids.next()
        path = f"/attachments/{channel_id}/{attachment_id}/{filename}"
        self.cdn[path] = data
        expires = int(time.time()) + 86400
        signed = f"?ex={expires:x}&is={int(time.time()):x}&hm={attachment_id[-8:]}&"
        base = self.base_url.removesuffix("/api/v10")
        found: dict[str, Any] = {
            "id": attachment_id, "filename": filename, "size": len(data) if size is None else size,
            "url": f"{base}{path}{signed}", "proxy_url": f"{base}{path}{signed}",
        }
        if content_type is not None:
            found["content_type"] = content_type
        return found

    def expire_links(self) -> None:
        """A day has passed: every CDN link handed out so far has expired (later ones still work)."""
        self.cdn_expired.update(self.cdn)

    async def _cdn_file(self, request: web.Request) -> web.Response:
        """cdn.discordapp.com: the file behind an attachment's link, until the link expires."""
        data = self.cdn.get(request.path)
        expires = request.query.get("ex", "")
        if data is None or request.path in self.cdn_expired or not expires or int(expires, 16) < time.time():
            return web.Response(status=404, text="This content is no longer available.", content_type="text/plain")
        return web.Response(body=data, content_type="application/octet-stream")

    async def _typing(self, request: web.Request) -> web.Response:
        if not self._known_channel(request.match_info["channel"]):
            return _error(404, 10003, "Unknown Channel")
        self.typing.append(request.match_info["channel"])
        return web.Response(status=204)

    async def _thread_from_message(self, request: web.Request) -> web.Response:
        channel_id, message_id = request.match_info["channel"], request.match_info["message"]
        if message_id in self.threads:
            return _error(400, 160004, "A thread has already been created for this message")
        body = await request.json()
        name = body.get("name") or ""
        if not 1 <= len(name) <= 100:
            return _error(400, 50035, "Invalid Form Body",
                          {"name": {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH",
                                                 "message": "Must be between 1 and 100 in length."}]}})
        guild_id = self.channel_guilds.get(channel_id, "")
        now = iso()
        thread = {
            "id": message_id, "type": 11, "guild_id": guild_id, "parent_id": channel_id,
            "owner_id": self.bot_user["id"], "name": name, "last_message_id": None,
            "rate_limit_per_user": 0, "message_count": 0, "member_count": 1, "total_message_sent": 0,
            "flags": 0,
            "thread_metadata": {"archived": False, "auto_archive_duration": body.get("auto_archive_duration", 1440),
                                "archive_timestamp": now, "locked": False, "create_timestamp": now},
            "member": {"id": message_id, "user_id": self.bot_user["id"], "join_timestamp": now, "flags": 0},
        }
        self.threads[message_id] = thread
        self.channel_guilds[message_id] = guild_id
        return _json(thread, status=201)

    async def _get_channel(self, request: web.Request) -> web.Response:
        thread = self.threads.get(request.match_info["channel"])
        if thread is None:
            return _error(404, 10003, "Unknown Channel")
        return _json(thread)

    async def _open_dm(self, request: web.Request) -> web.Response:
        recipient = str((await request.json())["recipient_id"])
        if recipient not in self.dm_channels:
            self.existing_dm(recipient, self.ids.next())
        return _json(self.dm_channels[recipient])

    def existing_dm(self, user_id: str, channel_id: str) -> None:
        """The DM channel between the bot and a user (Discord keeps one per user: opening a DM
        with that user again returns it)."""
        user = next((m["user"] for (_, uid), m in self.members.items() if uid == user_id),
                    {"id": user_id, "username": f"user{user_id[-4:]}", "global_name": None,
                     "discriminator": "0", "avatar": None, "public_flags": 0})
        self.dm_channels[user_id] = {"id": channel_id, "type": 1, "last_message_id": None,
                                     "recipients": [user], "flags": 0}

    async def _get_member(self, request: web.Request) -> web.Response:
        member = self.members.get((request.match_info["guild"], request.match_info["user"]))
        if member is None:
            return _error(404, 10007, "Unknown Member")
        return _json(member)

    # -- messages customers wrote, threads, slash commands ------------------------------------

    def customer_message(self, data: dict[str, Any]) -> dict[str, Any]:
        """Keep a MESSAGE_CREATE payload as Discord keeps the message (GET .../messages/{id}); returns it."""
        self.messages[(data["channel_id"], data["id"])] = data
        return data

    async def _get_message(self, request: web.Request) -> web.Response:
        message = self.messages.get((request.match_info["channel"], request.match_info["message"]))
        if message is None:
            return _error(404, 10008, "Unknown Message")
        return _json(message)

    async def _edit_channel(self, request: web.Request) -> web.Response:
        thread = self.threads.get(request.match_info["channel"])
        if thread is None:
            return _error(404, 10003, "Unknown Channel")
        body = await request.json()
        for key in ("archived", "locked", "auto_archive_duration"):
            if key in body:
                thread["thread_metadata"][key] = body[key]
        if "name" in body:
            thread["name"] = body["name"]
        return _json(thread)

    async def _put_commands(self, request: web.Request) -> web.Response:
        """Bulk overwrite of the application's commands, global or in one server."""
        guild_id = request.match_info.get("guild")
        registered = []
        for command in await request.json():
            known = next((c for c in self.commands.get(guild_id, []) if c["name"] == command["name"]), None)
            registered.append({
                "type": 1, "description": "", "options": [], "default_member_permissions": None, "nsfw": False,
                **command, "id": known["id"] if known else self.ids.next(),
                "application_id": request.match_info["app"], "version": self.ids.next(),
                **({"guild_id": guild_id} if guild_id else {}),
            })
        self.commands[guild_id] = registered
        return _json(registered)

    def slash_command(self, name: str, *, user: dict[str, Any], channel: dict[str, Any],
                      guild_id: str | None = None, roles: list[str] | None = None,
                      locale: str = "en-US") -> dict[str, Any]:
        """The INTERACTION_CREATE Discord sends when `user` runs `/name` in `channel` (a DM channel,
        or a server's channel or thread when `guild_id` is given, as a member with `roles`), their
        Discord app set to `locale`. Only a command the bot registered for that place can be run."""
        context = 0 if guild_id else 1  # 0: a server, 1: the bot's DM
        candidates = (self.commands.get(guild_id, []) if guild_id else []) + self.commands.get(None, [])
        command = next((c for c in candidates if c["name"] == name
                        and context in (c.get("contexts") or [0, 1, 2])), None)
        assert command is not None, f"/{name} is not registered for {'server ' + guild_id if guild_id else 'DMs'}"
        interaction_id = self.ids.next()
        data: dict[str, Any] = {
            "id": interaction_id, "application_id": self.bot_user["id"], "type": 2,
            "token": f"interaction-token-{interaction_id}", "version": 1,
            "data": {"id": command["id"], "name": name, "type": 1,
                     **({"guild_id": command["guild_id"]} if "guild_id" in command else {})},
            "channel_id": channel["id"], "channel": channel, "locale": locale, "entitlements": [],
            "app_permissions": "326417632256", "context": context,
            "authorizing_integration_owners": {"0": guild_id} if guild_id else {"1": user["id"]},
            "attachment_size_limit": 10485760,
        }
        if guild_id:
            data |= {"guild_id": guild_id, "guild_locale": "en-US", "member": {
                "user": user, "roles": roles or [], "joined_at": iso(), "deaf": False, "mute": False,
                "flags": 0, "nick": None, "avatar": None, "pending": False, "permissions": "1071698660929"}}
        else:
            data["user"] = user
        return data

    def button_press(self, posted: Posted, *, user: dict[str, Any], channel: dict[str, Any],
                     guild_id: str | None = None, roles: list[str] | None = None,
                     custom_id: str | None = None) -> dict[str, Any]:
        """The INTERACTION_CREATE Discord sends when `user` presses a button of the bot's message
        `posted` (its only button unless `custom_id` says which) in `channel`."""
        buttons = [c for row in posted.components for c in row.get("components", []) if c.get("type") == 2]
        button = next((b for b in buttons if custom_id is None or b.get("custom_id") == custom_id), None)
        assert button is not None, f"message {posted.id} has no such button: {buttons}"
        interaction_id = self.ids.next()
        message = self._message_payload(posted)
        message["components"] = [{**row, "id": n + 1} for n, row in enumerate(message["components"])]
        data: dict[str, Any] = {
            "id": interaction_id, "application_id": self.bot_user["id"], "type": 3,
            "token": f"interaction-token-{interaction_id}", "version": 1,
            "data": {"custom_id": button["custom_id"], "component_type": 2, "id": 2},
            "message": message, "channel_id": channel["id"], "channel": channel, "locale": "en-US",
            "entitlements": [], "app_permissions": "326417632256", "context": 0 if guild_id else 1,
            "authorizing_integration_owners": {"0": guild_id} if guild_id else {"1": user["id"]},
            "attachment_size_limit": 10485760,
        }
        if guild_id:
            data |= {"guild_id": guild_id, "guild_locale": "en-US", "member": {
                "user": user, "roles": roles or [], "joined_at": iso(), "deaf": False, "mute": False,
                "flags": 0, "nick": None, "avatar": None, "pending": False, "permissions": "1071698660929"}}
        else:
            data["user"] = user
        return data

    def component_press(self, posted: Posted, custom_id: str, *, user: dict[str, Any], channel: dict[str, Any],
                        guild_id: str, roles: list[str] | None = None,
                        values: list[str] | None = None) -> dict[str, Any]:
        """The INTERACTION_CREATE Discord sends when `user` presses the button `custom_id` of the
        bot's message `posted`, or picks `values` in its select menu `custom_id`, as the message
        was when they had it open: the component need not be on the message any more (someone
        else's action removed it meanwhile), and a value need not be one the menu offered (a
        crafted request)."""
        interaction_id = self.ids.next()
        message = self._message_payload(posted)
        message["components"] = [{**row, "id": n + 1} for n, row in enumerate(message["components"])]
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2, "id": 2}
        if values is not None:
            data = {"custom_id": custom_id, "component_type": 3, "values": values, "id": 3}
        return {
            "id": interaction_id, "application_id": self.bot_user["id"], "type": 3,
            "token": f"interaction-token-{interaction_id}", "version": 1, "data": data,
            "message": message, "channel_id": channel["id"], "channel": channel, "locale": "en-US",
            "entitlements": [], "app_permissions": "326417632320", "context": 0,
            "authorizing_integration_owners": {"0": guild_id}, "attachment_size_limit": 10485760,
            "guild_id": guild_id, "guild_locale": "en-US", "member": {
                "user": user, "roles": roles or [], "joined_at": iso(), "deaf": False, "mute": False,
                "flags": 0, "nick": None, "avatar": None, "pending": False, "permissions": "1071698660929"},
        }

    def modal_submit(self, modal: InteractionReply, values: dict[str, str], *, user: dict[str, Any],
                     channel: dict[str, Any], guild_id: str | None = None,
                     roles: list[str] | None = None) -> dict[str, Any]:
        """The INTERACTION_CREATE Discord sends when `user` submits the modal the bot opened with
        `modal` (an interaction reply of type 9), its text inputs filled in from `values` (custom_id
        -> text; inputs left out are sent empty)."""
        assert modal.type == 9, f"not a modal: interaction reply of type {modal.type}"
        rows = []
        for row in modal.data.get("components") or []:
            inputs = row.get("components") or ([row["component"]] if "component" in row else [])
            for field_ in inputs:
                if field_.get("type") == 4:
                    rows.append({"type": 1, "components": [
                        {"type": 4, "custom_id": field_["custom_id"], "value": values.get(field_["custom_id"], "")}]})
        interaction_id = self.ids.next()
        data: dict[str, Any] = {
            "id": interaction_id, "application_id": self.bot_user["id"], "type": 5,
            "token": f"interaction-token-{interaction_id}", "version": 1,
            "data": {"custom_id": modal.data["custom_id"], "components": rows},
            "channel_id": channel["id"], "channel": channel, "locale": "en-US", "entitlements": [],
            "app_permissions": "326417632256", "context": 0 if guild_id else 1,
            "authorizing_integration_owners": {"0": guild_id} if guild_id else {"1": user["id"]},
            "attachment_size_limit": 10485760,
        }
        if guild_id:
            data |= {"guild_id": guild_id, "guild_locale": "en-US", "member": {
                "user": user, "roles": roles or [], "joined_at": iso(), "deaf": False, "mute": False,
                "flags": 0, "nick": None, "avatar": None, "pending": False, "permissions": "1071698660929"}}
        else:
            data["user"] = user
        return data

    def message(self, channel_id: str, message_id: str) -> Posted:
        """The bot's post as it is now (after any edits)."""
        found = next((p for p in self.posted if (p.channel_id, p.id) == (str(channel_id), str(message_id))), None)
        assert found is not None, f"the bot posted no message {message_id} in {channel_id}"
        return found

    async def _edit_message(self, request: web.Request) -> web.Response:
        """An edit of one of the bot's posts: its content, embeds and components, as given."""
        channel_id, message_id = request.match_info["channel"], request.match_info["message"]
        posted = next((p for p in self.posted if (p.channel_id, p.id) == (channel_id, message_id)), None)
        if posted is None:
            return _error(404, 10008, "Unknown Message")
        body = await request.json()
        if "content" in body:
            posted.content = body["content"] or ""
        if "embeds" in body:
            posted.embeds = body["embeds"] or []
        if "components" in body:
            posted.components = body["components"] or []
        self.edits.append((channel_id, message_id))
        return _json(self._message_payload(posted))

    async def _add_reaction(self, request: web.Request) -> web.Response:
        channel_id, message_id = request.match_info["channel"], request.match_info["message"]
        if not self._known_channel(channel_id):
            return _error(404, 10003, "Unknown Channel")
        reaction = (channel_id, message_id, request.match_info["emoji"])
        if reaction not in self.reactions:
            self.reactions.append(reaction)
        return web.Response(status=204)

    async def _followup(self, request: web.Request) -> web.Response:
        """A follow-up message to an interaction (after a deferred answer)."""
        body = await request.json()
        interaction_id = request.match_info["token"].removeprefix("interaction-token-")
        ephemeral = bool((body.get("flags") or 0) & 64)
        self.interaction_replies.append(InteractionReply(
            interaction_id, 4, body.get("content") or "", ephemeral, body.get("embeds") or [], followup=True))
        return _json({
            "id": self.ids.next(), "type": 0, "channel_id": "0", "author": self.bot_user,
            "content": body.get("content") or "", "embeds": body.get("embeds") or [], "timestamp": iso(),
            "edited_timestamp": None, "tts": False, "mention_everyone": False, "mentions": [],
            "mention_roles": [], "attachments": [], "pinned": False, "flags": body.get("flags") or 0,
            "components": [], "webhook_id": request.match_info["app"],
        })

    async def _thread_without_message(self, request: web.Request) -> web.Response:
        """A thread the bot opens in a channel without a message: public (11) or private (12)."""
        channel_id = request.match_info["channel"]
        if channel_id not in self.channel_guilds:
            return _error(404, 10003, "Unknown Channel")
        body = await request.json()
        name = body.get("name") or ""
        if not 1 <= len(name) <= 100:
            return _error(400, 50035, "Invalid Form Body",
                          {"name": {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH",
                                                 "message": "Must be between 1 and 100 in length."}]}})
        kind = int(body.get("type") or 12)  # Discord's default here is a private thread
        thread_id, now = self.ids.next(), iso()
        metadata: dict[str, Any] = {"archived": False, "locked": False, "create_timestamp": now,
                                    "auto_archive_duration": body.get("auto_archive_duration", 1440),
                                    "archive_timestamp": now}
        if kind == 12:
            metadata["invitable"] = bool(body.get("invitable", True))
        thread = {
            "id": thread_id, "type": kind, "guild_id": self.channel_guilds[channel_id], "parent_id": channel_id,
            "owner_id": self.bot_user["id"], "name": name, "last_message_id": None, "rate_limit_per_user": 0,
            "message_count": 0, "member_count": 1, "total_message_sent": 0, "flags": 0,
            "thread_metadata": metadata,
            "member": {"id": thread_id, "user_id": self.bot_user["id"], "join_timestamp": now, "flags": 0},
        }
        self.threads[thread_id] = thread
        self.channel_guilds[thread_id] = self.channel_guilds[channel_id]
        return _json(thread, status=201)

    async def _add_thread_member(self, request: web.Request) -> web.Response:
        thread = self.threads.get(request.match_info["channel"])
        if thread is None:
            return _error(404, 10003, "Unknown Channel")
        members = self.thread_members.setdefault(thread["id"], [])
        if request.match_info["user"] not in members:
            members.append(request.match_info["user"])
        return web.Response(status=204)

    async def _delete_message(self, request: web.Request) -> web.Response:
        key = (request.match_info["channel"], request.match_info["message"])
        if self.messages.pop(key, None) is None:
            return _error(404, 10008, "Unknown Message")
        self.deleted.append(key)
        return web.Response(status=204)

    def visible_in(self, channel_id: str) -> list[str]:
        """The texts anyone reading the channel sees: customers' messages still there, the bot's posts."""
        customers = [m.get("content") or "" for (channel, _), m in self.messages.items() if channel == channel_id]
        return customers + [p.content for p in self.sent_to(channel_id)]

    async def _interaction_callback(self, request: web.Request) -> web.Response:
        interaction_id = request.match_info["interaction"]
        body = await request.json()
        message = body.get("data") or {}
        ephemeral = bool((message.get("flags") or 0) & 64)
        self.interaction_replies.append(InteractionReply(
            interaction_id, body["type"], message.get("content") or "", ephemeral, message.get("embeds") or [],
            data=message))
        response: dict[str, Any] = {"interaction": {
            "id": interaction_id, "type": 2, "response_message_loading": body["type"] == 5,
            "response_message_ephemeral": ephemeral}}
        if body["type"] == 4:
            message_id = self.ids.next()
            response["interaction"]["response_message_id"] = message_id
            response["resource"] = {"type": 4, "message": {
                "id": message_id, "type": 20, "channel_id": "0", "author": self.bot_user,
                "content": message.get("content") or "", "embeds": message.get("embeds") or [],
                "timestamp": iso(), "edited_timestamp": None, "tts": False, "mention_everyone": False,
                "mentions": [], "mention_roles": [], "attachments": [], "pinned": False,
                "flags": message.get("flags") or 0, "components": []}}
        return _json(response)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON as Discord sends it: discord.py only decodes an exact `application/json` content type."""
    return web.Response(body=json.dumps(data).encode(), status=status,
                        headers={**(headers or {}), "Content-Type": "application/json"})


def _error(status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return _json(body, status=status)


class GatewayFeed:
    """Delivers gateway dispatches to a discord.py client as its websocket would (same parsers)."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Parse one dispatch (`t` = event, `d` = data); the client's on_* handlers run as tasks."""
        self.client._connection.parsers[event](copy.deepcopy(data))  # type: ignore[attr-defined]
