"""Web-chat adapter: the `/chat/ws` protocol of docs/architecture.md#wire-protocol, the widget and the demo page.

Translates frames into `Inbound` messages for the router and delivers the router's messages to
every socket open on a conversation. It decides nothing about the conversation itself.

Anyone can open the chat, so each client (its address: `client_address`) has budgets: open
sockets per process, new conversations and messages per minute (in Redis, across replicas). A
conversation nobody has written in yet expires after `UNUSED_TTL` unless a message keeps it.
Photos and PDFs come first to `POST /chat/upload` (`uploads.py`); a `message` frame then names them.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import json
import logging
import time
import uuid
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable, Callable, Sequence
from importlib import resources
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from redis.exceptions import RedisError

from bot.adapters.webchat.uploads import UploadGate, UploadRefused, Uploads
from bot.brand import Brand
from bot.files import ALLOWED_TYPES, Files
from bot.identity import BadToken, Identity, read_identity
from bot.language import app_language
from bot.models import Attachment, Conversation, Inbound, Message, Participant, Rating
from bot.ratings import COMMENT_MAX, SCORES, RatingRefused
from bot.router import Accepted, Conversations, NotTheirs
from bot.settings import Settings
from bot.store import ConversationNotFound, RateLimit, RateLimited, Store, is_message_id

log = logging.getLogger(__name__)

CHANNEL = "webchat"
MAX_FRAME_BYTES = 64 * 1024  # a bigger frame closes the socket with 1009 (message too big)
MAX_CLIENT_ID = 128
MAX_FILE_ID = 64
HELLO_TIMEOUT = 15.0
SEND_QUEUE = 512
QUEUED_IDS_KEPT = 1024  # message ids a socket remembers having been sent, to send each once
SESSION_TTL = 30 * 24 * 3600
CLOSE_BAD_TOKEN = 4401
CLOSE_NO_HELLO = 4400
CLOSE_TRY_AGAIN = 1013  # the store is unreachable: the widget reconnects and resends
CLOSE_TOO_MANY = 4429  # this client's sockets or new conversations are used up: reconnect later
UNUSED_TTL = 3600  # a conversation nobody has written in expires this long after its last hello
UNAVAILABLE = "we could not save your message just now; it is sent again when the chat reconnects"
TOO_MANY_SOCKETS = "too many chat connections from your network; close other chat tabs or try again shortly"
TOO_MANY_CONVERSATIONS = "too many new chats from your network; try again in a minute"
CLIENT_RATE_LIMITED = "too many messages from your network; wait a moment and try again"
WARNED_PEERS = 256  # proxies warned about (forwarded headers not trusted), at most, per process
REFUSALS_LOGGED = 1024  # (address, code) pairs whose refusals were logged this minute, at most
BRAND_PATH = "/widget/brand.json"
STATIC_MAX_AGE = 300  # seconds browsers keep widget.js and brand.json before asking again
MAX_LINK_IDS = 50  # files one `file_links` frame may ask fresh links for
LINKS_EVERY = 2.0  # seconds: a socket's `file_links` frames closer together than this are ignored
HEARTBEAT = 25  # seconds between pings; a socket whose pong does not come within half that closes (1006)
# A staff reply written to a socket that then ended may never have been on screen: those written in
# the last seconds before a close (a tab closed: 1000/1001), or a heartbeat and a half before a lost
# connection, are taken back from the delivery receipts (e-mail follow-ups: bot/mail/followups.py).
UNSURE_BEFORE_CLOSE = 2.0
UNSURE_BEFORE_LOSS = HEARTBEAT * 1.5
Network = IPv4Network | IPv6Network


class FrameError(Exception):
    """A client frame we refuse: becomes an `error` frame with this code and message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class StoreUnavailable(Exception):
    """Redis could not be reached while handling a frame; the client was told and will resend."""


class _Client:
    """One open socket: frames go through a bounded queue and one writer task."""

    def __init__(self, ws: web.WebSocketResponse, address: str = "unknown") -> None:
        self.ws = ws
        self.address = address  # the client these budgets count for (`client_address`)
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(SEND_QUEUE)
        self.writer = asyncio.create_task(self._write())
        self.conversation_id: str | None = None
        self.session = ""  # the session token this socket's conversation is bound to
        self.unused = False  # nobody had written in the conversation when this socket said hello
        self.language: str | None = None  # the widget's language (`hello`), among the bot's
        self.shown_state: dict[str, Any] | None = None  # the last state frame queued for it
        self._held: list[dict[str, Any]] | None = None
        # Told of each staff reply written to this socket (with e-mail follow-ups on), and those kept.
        self.on_written: Callable[[str], Awaitable[None]] | None = None
        self.written: deque[tuple[float, str]] = deque(maxlen=64)
        self.links_asked_at = -LINKS_EVERY  # monotonic time of its last `file_links` frame
        # Message ids already queued for it: delivery is at least once (a fan-out retried, two
        # replicas), so the same message may be handed over twice; the customer sees it once.
        self._queued_ids: dict[str, None] = {}

    def hold(self) -> None:
        """Keep live frames back while the transcript is replayed (they go out after it)."""
        self._held = []

    def release(self, replayed: set[str]) -> None:
        """Send the frames held back, except messages the replay already carried."""
        held, self._held = self._held or [], None
        for frame in held:
            if not (frame.get("type") == "message" and frame.get("id") in replayed):
                self.push(frame)

    def deliver(self, frame: dict[str, Any]) -> None:
        """A live frame for this socket (held back during a replay)."""
        if self._held is not None:
            self._held.append(frame)
        else:
            self.push(frame)

    def push(self, frame: dict[str, Any]) -> None:
        """Queue a frame, a message only once; a client too slow to keep up is disconnected and will resume."""
        if frame.get("type") == "message":
            if frame["id"] in self._queued_ids:
                return
            self._queued_ids[frame["id"]] = None
            if len(self._queued_ids) > QUEUED_IDS_KEPT:
                del self._queued_ids[next(iter(self._queued_ids))]
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            log.warning("web-chat client too slow; closing so it resumes")
            asyncio.create_task(self.ws.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"slow"))

    async def _write(self) -> None:
        while (frame := await self.queue.get()) is not None:
            if self.ws.closed:
                return
            try:
                await self.ws.send_str(json.dumps(frame))
            except (ConnectionError, RuntimeError):
                return
            if self.on_written is not None and frame.get("type") == "message" and frame.get("author") == "human":
                self.written.append((time.monotonic(), frame["id"]))
                await self.on_written(frame["id"])

    async def finish(self) -> None:
        """Flush what is queued, then stop the writer."""
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(None)
        with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(self.writer, 5)


class WebChat:
    """The web-chat channel: WebSocket endpoint, widget, demo page; delivers router messages."""

    name = CHANNEL

    def __init__(self, settings: Settings, store: Store, conversations: Conversations, files: Files) -> None:
        self.settings = settings
        self.store = store
        self.conversations = conversations
        self.files = files
        self._demo: str | None = None  # the demo page, rendered once with the brand
        self._brand_json = json.dumps(widget_brand(conversations.brand, settings, files), ensure_ascii=False)
        self._brand_etag = f'"{hashlib.sha256(self._brand_json.encode()).hexdigest()[:32]}"'
        self._clients: defaultdict[str, set[_Client]] = defaultdict(set)
        self._sockets: Counter[str] = Counter()  # open sockets per client address, this process
        self._warned: set[str] = set()
        self._refusals: dict[tuple[str, str], int] = {}  # refused this minute, per (address, code)
        self._refusals_minute = 0

    def add_routes(self, app: web.Application) -> None:
        """Mount `/`, `/widget.js`, `/widget/brand.json`, `/chat/ws` and `/chat/upload` on the bot's web app."""
        app.router.add_get("/", self.demo_page)
        app.router.add_get("/widget.js", self.widget)
        app.router.add_get(BRAND_PATH, self.widget_brand)
        app.router.add_get("/chat/ws", self.socket)
        gate = UploadGate(self._origin_allowed, self._client_of, self._upload_conversation)
        Uploads(self.files, self.store, gate, self.settings.webchat_client_rate).add_routes(app)
        app.on_shutdown.append(self._on_shutdown)

    # -- static ----------------------------------------------------------------------------

    async def widget(self, request: web.Request) -> web.Response:
        """The embeddable widget script."""
        return web.Response(
            text=_static("widget.js"), content_type="application/javascript",
            headers={"Cache-Control": f"public, max-age={STATIC_MAX_AGE}"},
        )

    async def widget_brand(self, request: web.Request) -> web.Response:
        """What the widget shows before anyone writes, from brand.yaml (docs/widget.md#brand).

        Public and cacheable (ETag; a matching If-None-Match gets 304). Pages on another origin
        may read it only when they may open the chat (`_origin_allowed`, as for the socket)."""
        headers = {
            "Cache-Control": f"public, max-age={STATIC_MAX_AGE}",
            "ETag": self._brand_etag,
            "Vary": "Origin",  # the CORS header differs by origin: a shared cache must not mix them
        }
        origin = request.headers.get("Origin")
        if origin is not None and self._origin_allowed(request):
            headers["Access-Control-Allow-Origin"] = origin
        wanted = request.headers.get("If-None-Match", "")
        if wanted.strip() == "*" or self._brand_etag in (tag.strip().removeprefix("W/") for tag in wanted.split(",")):
            return web.Response(status=304, headers=headers)
        return web.Response(text=self._brand_json, content_type="application/json", headers=headers)

    async def demo_page(self, request: web.Request) -> web.Response:
        """A demo storefront page with the widget embedded, under the brand's marketplace name."""
        if self._demo is None:
            self._demo = _static("demo.html").replace(DEMO_MARKETPLACE, html.escape(self.conversations.brand.marketplace))
        return web.Response(text=self._demo, content_type="text/html")

    # -- channel ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Nothing to connect: the sockets come to the web app (`add_routes`)."""

    async def stop(self) -> None:
        """Nothing to disconnect: the web app closes the sockets on shutdown."""

    async def send(self, conversation: Conversation, message: Message) -> None:
        """Deliver a transcript message to every socket open on the conversation (the ask for a
        rating as a `rating_request` frame)."""
        if message.rating_request:
            self._broadcast(conversation.id, _rating_request(message, open_=True))
        else:
            self._broadcast(conversation.id, message.to_wire(link=self.files.link))

    async def state_changed(self, conversation: Conversation) -> None:
        """Tell open sockets the conversation's state (and who holds it) when that changed for
        them: a change they cannot see (internal tags) sends nothing."""
        frame = _state_frame(conversation)
        for client in list(self._clients.get(conversation.id, ())):
            if client.shown_state != frame:
                client.shown_state = frame
                client.deliver(frame)

    async def typing(self, conversation: Conversation) -> None:
        """Show the typing indicator."""
        self._broadcast(conversation.id, {"type": "typing"})

    def holds(self, conversation_id: str) -> bool:
        """Whether a socket for the conversation is open on this process (for fan-out delivery)."""
        return conversation_id in self._clients

    def _broadcast(self, conversation_id: str, frame: dict[str, Any], skip: _Client | None = None) -> None:
        for client in list(self._clients.get(conversation_id, ())):
            if client is not skip:
                client.deliver(frame)

    # -- the socket ----------------------------------------------------------------------------

    async def socket(self, request: web.Request) -> web.StreamResponse:
        """One customer's WebSocket, from `hello` to close."""
        if not self._origin_allowed(request):
            log.warning("web-chat origin refused: %s", request.headers.get("Origin"))
            raise web.HTTPForbidden(text="origin not allowed")
        address = self._client_of(request)
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=MAX_FRAME_BYTES)
        await ws.prepare(request)
        client = _Client(ws, address)
        if self._sockets[address] >= self.settings.webchat_max_sockets:
            self._refused(address, "too_many_sockets")
            await _refuse(ws, client, "too_many_sockets", TOO_MANY_SOCKETS, CLOSE_TOO_MANY)
            return ws
        self._sockets[address] += 1
        try:
            return await self._serve(ws, client)
        finally:
            self._sockets[address] -= 1
            if self._sockets[address] <= 0:
                del self._sockets[address]

    async def _serve(self, ws: web.WebSocketResponse, client: _Client) -> web.WebSocketResponse:
        try:
            try:
                conversation = await self._hello(ws, client)
            except RedisError as exc:
                log.warning("web-chat hello failed, the store is unreachable: %s", exc)
                await _refuse(ws, client, "unavailable", "the chat is briefly unavailable; reconnecting",
                              CLOSE_TRY_AGAIN)
                return ws
            if conversation is None:
                return ws
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    try:
                        await self._on_text(client, conversation, frame.data)
                    except StoreUnavailable:
                        await client.finish()
                        await ws.close(code=CLOSE_TRY_AGAIN, message=b"unavailable")
                        break
                elif frame.type == WSMsgType.BINARY:
                    client.push(_error("bad_frame", "send JSON text frames, not binary"))
                elif frame.type == WSMsgType.ERROR:
                    log.info("web-chat socket closed with error: %s", ws.exception())
                    break
        finally:
            if (conversation_id := client.conversation_id) is not None:
                self._clients[conversation_id].discard(client)
                if not self._clients[conversation_id]:
                    self._clients.pop(conversation_id, None)
            await client.finish()
            await self._unsure(client)
        return ws

    async def _hello(self, ws: web.WebSocketResponse, client: _Client) -> Conversation | None:
        try:
            first = await ws.receive(timeout=HELLO_TIMEOUT)
        except TimeoutError:
            await _refuse(ws, client, "hello_required", "send a hello frame first", CLOSE_NO_HELLO)
            return None
        if first.type != WSMsgType.TEXT:
            if first.type not in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                await _refuse(ws, client, "hello_required", "send a hello frame first", CLOSE_NO_HELLO)
            return None
        try:
            hello = _parse(first.data)
            if hello.get("type") != "hello":
                raise FrameError("hello_required", "the first frame must be a hello")
            identity = self._identity(hello.get("token"))
            participant = identity.participant
        except FrameError as exc:
            close_code = CLOSE_BAD_TOKEN if exc.code == "bad_token" else CLOSE_NO_HELLO
            await _refuse(ws, client, exc.code, exc.message, close_code)
            return None

        client.language = app_language(hello.get("language"), self.settings.languages)
        session = hello.get("session")
        conversation: Conversation | None = None
        if isinstance(session, str) and session:
            conversation = await self._resume(session[:256], participant, client)
        resumed = conversation is not None
        if conversation is None:
            budget = self.settings.webchat_new_conversations
            if await self.store.hit_rate_limit(f"webchat-new:{client.address}", budget):
                self._refused(client.address, "too_many_conversations")
                await _refuse(ws, client, "too_many_conversations", TOO_MANY_CONVERSATIONS, CLOSE_TOO_MANY)
                return None
            conversation, session = await self._start(participant)
            client.session, client.unused = session, True
        await self._follow_up(client, conversation, identity)
        # Registered before the replay is read, so nothing sent meanwhile is missed; live frames
        # wait until the replay is out, so the customer sees everything once and in order. A
        # state change arriving meanwhile is newer than the one read above: it goes out after it.
        client.hold()
        client.shown_state = _state_frame(conversation)
        client.conversation_id = conversation.id
        self._clients[conversation.id].add(client)
        client.push({
            "type": "welcome",
            "conversation": conversation.id,
            "session": session,
            "state": conversation.state,
        })
        replayed: set[str] = set()
        if resumed:
            last_seen = hello.get("last_seen")
            after = last_seen if is_message_id(last_seen) else None
            given: dict[str, Rating] | None = None
            for message in await self.store.transcript(conversation.id, after=after):
                if message.rating_request:  # answered already, or still open (the latest close's)
                    given = given if given is not None else await self.conversations.ratings.given(conversation.id)
                    rating = given.get(message.rating_request)
                    client.push(_rating_request(
                        message, open_=rating is None and message.rating_request == conversation.rating_request,
                        rating=rating, thanks=self.conversations.brand.rating_thanks))
                else:
                    client.push(message.to_wire(link=self.files.link))
                replayed.add(message.id)
        client.push(_state_frame(conversation))
        client.release(replayed)
        return conversation

    async def _start(self, participant: Participant) -> tuple[Conversation, str]:
        # Nothing is written in it yet: it expires unless its first message comes within the hour.
        conversation, _ = await self.store.find_or_create(
            CHANNEL, uuid.uuid4().hex, participant, known_new=True, unused_ttl=UNUSED_TTL)
        session = await self.store.create_session(conversation.id, UNUSED_TTL)
        return conversation, session

    async def _resume(self, session: str, participant: Participant, client: _Client) -> Conversation | None:
        conversation_id = await self.store.session_conversation(session, SESSION_TTL)
        if conversation_id is None:
            client.push(_error("unknown_session", "that session has expired; starting a new conversation"))
            return None
        try:
            conversation = await self.conversations.resume(conversation_id, participant)
        except NotTheirs:
            client.push(_error("session_refused", "that conversation belongs to another account"))
            return None
        except ConversationNotFound:  # nobody wrote in it, and it expired
            await self.store.forget_session(session)
            client.push(_error("unknown_session", "that session has expired; starting a new conversation"))
            return None
        client.session = session
        # Still empty: another hour from now (its session too), not the 30 days of a real one.
        client.unused = await self.store.extend_unused(conversation, session, UNUSED_TTL)
        return conversation

    async def _follow_up(self, client: _Client, conversation: Conversation, identity: Identity) -> None:
        """With e-mail follow-ups on (SMTP_URL): keep the address the signed token gave, and report
        each staff reply written to this socket, so that only replies the customer's chat did not
        get are e-mailed (docs/architecture.md#email)."""
        followups = self.conversations.followups
        if followups is None:
            return
        if identity.email:
            await followups.address_known(conversation.id, identity.email)
        conversation_id = conversation.id

        async def written(message_id: str) -> None:
            await followups.reached(conversation_id, message_id)

        client.on_written = written

    async def _unsure(self, client: _Client) -> None:
        """The socket ended: the staff replies written to it just before may never have been seen."""
        followups = self.conversations.followups
        if followups is None or client.conversation_id is None or not client.written:
            return
        clean = client.ws.close_code in (WSCloseCode.OK, WSCloseCode.GOING_AWAY)
        since = time.monotonic() - (UNSURE_BEFORE_CLOSE if clean else UNSURE_BEFORE_LOSS)
        for at, message_id in client.written:
            if at >= since:
                await followups.reached(client.conversation_id, message_id, reached=False)

    def _identity(self, token: object) -> Identity:
        if token is None or token == "":
            return Identity(Participant(role="buyer"))
        if not self.settings.webchat_secret:
            raise FrameError("bad_token", "this site does not accept identity tokens")
        if not isinstance(token, str):
            raise FrameError("bad_token", "token must be a string")
        try:
            return read_identity(self.settings.webchat_secret, token)
        except BadToken as exc:
            raise FrameError("bad_token", str(exc)) from None

    async def _on_text(self, client: _Client, conversation: Conversation, data: str) -> None:
        try:
            frame = _parse(data)
            kind = frame.get("type")
            if kind == "hello":
                raise FrameError("unexpected_hello", "already said hello on this connection")
            if kind == "rating":
                await self._on_rating(conversation, frame, client)
                return
            if kind == "file_links":
                await self._on_file_links(conversation, frame, client)
                return
            if kind != "message":
                raise FrameError("unknown_type", f"unknown frame type {str(kind)[:40]!r}")
            client_id, text, file_ids = self._validate_message(frame)
            attachments = await self._attachments(conversation, file_ids)
            # The widget's language holds until the customer's words tell (only a first message can set it).
            inbound = Inbound(CHANNEL, conversation.external_ref, client_id, conversation.participant, text,
                              attachments=attachments, language=client.language if client.unused else None)
            accepted = await self._receive(client, conversation, inbound)
        except RateLimited as exc:
            if exc.bucket == _client_bucket(client):
                self._refused(client.address, "client_rate_limited")
                client.push(_for_frame(_error("client_rate_limited", CLIENT_RATE_LIMITED), data))
            else:
                client.push(_for_frame(_error("rate_limited", "too many messages; wait a moment and try again"), data))
            return
        except FrameError as exc:
            client.push(_for_frame(_error(exc.code, exc.message), data))
            return
        except (RedisError, ConversationNotFound) as exc:
            log.warning("web-chat message not stored conversation=%s: %s", conversation.id,
                        exc if isinstance(exc, RedisError) else "the conversation is gone")
            client.push(_for_frame(_error("unavailable", UNAVAILABLE), data))
            raise StoreUnavailable from exc
        if client.unused:  # its first message kept the conversation: its session lasts 30 days again
            client.unused = False
            try:
                await self.store.session_conversation(client.session, SESSION_TTL)
            except RedisError as exc:  # refreshed again on the next resume
                log.warning("web-chat session not refreshed conversation=%s: %s", conversation.id, exc)
        wire = accepted.message.to_wire(link=self.files.link)
        ack = {"type": "ack", "client_id": client_id, "id": accepted.message.id, "text": accepted.message.text}
        if "attachments" in wire:
            ack["attachments"] = wire["attachments"]
        client.push(ack)
        if accepted.is_new:  # (other processes' sockets got it with the message: see accept)
            self._broadcast(conversation.id, wire, skip=client)

    async def _on_file_links(self, conversation: Conversation, frame: dict[str, Any], client: _Client) -> None:
        """Fresh signed links for files of this conversation that the client still shows: a link
        works for FILES_LINK_SECONDS, a chat can stay open for longer. Ids of other conversations'
        files, or of files no longer kept, are left out of the answer; a socket asking again
        within LINKS_EVERY seconds is ignored (the widget asks again later)."""
        ids = frame.get("ids")
        if (not isinstance(ids, list) or not 0 < len(ids) <= MAX_LINK_IDS
                or not all(isinstance(i, str) and 0 < len(i) <= MAX_FILE_ID for i in ids)):
            raise FrameError("bad_file_links", f"ids must be a list of 1 to {MAX_LINK_IDS} file ids")
        now = time.monotonic()
        if now - client.links_asked_at < LINKS_EVERY:
            return
        client.links_asked_at = now
        links: dict[str, str] = {}
        for file_id in dict.fromkeys(ids):
            found = await self.files.of_conversation([file_id], conversation.id)
            if found:
                links[file_id] = self.files.link(found[0])
        client.push({"type": "file_links", "links": links})

    async def _on_rating(self, conversation: Conversation, frame: dict[str, Any], client: _Client) -> None:
        """A `rating` frame: the customer's rating of the close its `request` names; every socket of
        the conversation here is told (`rated`), or this one why not (`error` naming the request)."""
        request = frame.get("request")
        try:
            rating = await self.conversations.ratings.rate(
                conversation.id, request, frame.get("score"), frame.get("comment"))
        except RatingRefused as exc:
            client.push(_for_rating(_error(exc.code, exc.text), request))
            return
        except (RedisError, ConversationNotFound) as exc:
            log.warning("web-chat rating not stored conversation=%s: %s", conversation.id, exc)
            client.push(_for_rating(_error("unavailable", UNAVAILABLE), request))
            raise StoreUnavailable from exc
        self._broadcast(conversation.id, {
            "type": "rated", "request": rating.request, "score": rating.score, "comment": rating.comment,
            "text": self.conversations.brand.rating_thanks,
        })

    async def _receive(self, client: _Client, conversation: Conversation, inbound: Inbound) -> Accepted:
        """Hand the message to the router within this conversation's and this client's limits."""
        rate = RateLimit(f"webchat:{conversation.id}", self.settings.webchat_rate,
                         also=(RateLimit(_client_bucket(client), self.settings.webchat_client_rate),))
        try:
            return await self.conversations.receive(inbound, conversation, rate=rate)
        except ConversationNotFound:
            if not client.unused:
                raise
        # Nobody had written in it for an hour while this chat stayed open, so it expired: it is
        # stored again as it was (same id and session), and this first message keeps it.
        log.info("web-chat conversation=%s expired unused while open; stored again", conversation.id)
        await self.store.restore_unused(conversation, client.session, UNUSED_TTL)
        return await self.conversations.receive(inbound, conversation, rate=rate)

    def _validate_message(self, frame: dict[str, Any]) -> tuple[str, str, list[str]]:
        """The client id, the text and the named file ids of a `message` frame; the text may be empty
        when files come with it."""
        client_id, text, file_ids = frame.get("client_id"), frame.get("text", ""), frame.get("attachments")
        file_ids = [] if file_ids is None else file_ids
        if not isinstance(client_id, str) or not client_id or len(client_id) > MAX_CLIENT_ID:
            raise FrameError("bad_message", f"client_id must be a string of 1 to {MAX_CLIENT_ID} characters")
        if not isinstance(file_ids, list) or not all(
                isinstance(i, str) and 0 < len(i) <= MAX_FILE_ID for i in file_ids):
            raise FrameError("bad_message", "attachments must be a list of file ids from /chat/upload")
        file_ids = list(dict.fromkeys(file_ids))  # one file named twice is attached once
        if not isinstance(text, str) or not (text.strip() or file_ids):
            raise FrameError("bad_message", "text must be a non-empty string (or files must come with it)")
        if len(text) > self.settings.webchat_max_chars:
            raise FrameError(
                "too_long", f"messages are limited to {self.settings.webchat_max_chars} characters"
            )
        if len(file_ids) > self.files.limits.per_message:
            raise FrameError("too_many_attachments",
                             f"at most {self.files.limits.per_message} files can come with one message")
        return client_id, text.strip(), file_ids

    async def _attachments(self, conversation: Conversation, file_ids: list[str]) -> tuple[Attachment, ...]:
        """The files a message names: each must have been uploaded in this conversation."""
        if not file_ids:
            return ()
        found = await self.files.of_conversation(file_ids, conversation.id)
        if found is None:
            raise FrameError("bad_attachment", "a file named in attachments is unknown or not of this conversation; "
                                               "upload it again")
        return tuple(found)

    async def _upload_conversation(self, session: str, token: object) -> Conversation:
        """The conversation an upload (`uploads.py`) is for: the one its session is bound to, for
        whoever may resume it (the same identity rules as `hello`), or UploadRefused."""
        try:
            participant = self._identity(token or None).participant
        except FrameError as exc:
            raise UploadRefused(403, exc.code, exc.message) from None
        expired = UploadRefused(403, "unknown_session", "that session has expired; reopen the chat")
        conversation_id = await self.store.session_conversation(session[:256], SESSION_TTL)
        if conversation_id is None:
            raise expired
        try:
            conversation = await self.conversations.resume(conversation_id, participant)
        except NotTheirs:
            raise UploadRefused(403, "session_refused", "that conversation belongs to another account") from None
        except ConversationNotFound:  # nobody wrote in it, and it expired
            await self.store.forget_session(session[:256])
            raise expired from None
        # Still empty: its session keeps the hour it had, not the 30 days the look-up gave it.
        await self.store.extend_unused(conversation, session[:256], UNUSED_TTL)
        return conversation

    def _origin_allowed(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser: nothing can be hijacked cross-site
        origin = origin.rstrip("/")
        if self.settings.webchat_origins:
            return origin in self.settings.webchat_origins
        scheme, host = request.scheme, request.host
        if _is_trusted(request.remote, self.settings.webchat_trusted_proxies):
            # A TLS proxy in front: the page was served as the proxy says (https, its host name).
            proto = _first(request.headers.get("X-Forwarded-Proto")).lower()
            if proto in ("http", "https"):
                scheme = proto
            host = _first(request.headers.get("X-Forwarded-Host")) or host
        return origin.lower() == f"{scheme}://{_without_default_port(scheme, host.lower())}"

    def _refused(self, address: str, code: str) -> None:
        """Log a client's budget refusal: the first of each minute per address and code only, so
        that a flood of refusals is not a flood of log lines."""
        minute = int(time.time() // 60)
        if minute != self._refusals_minute:
            for (who, what), count in self._refusals.items():
                if count > 1:
                    log.warning("web-chat: %s refused %s %d times in a minute", who, what, count)
            self._refusals, self._refusals_minute = {}, minute
        key = (address, code)
        if key in self._refusals:
            self._refusals[key] += 1
        elif len(self._refusals) < REFUSALS_LOGGED:
            self._refusals[key] = 1
            log.warning("web-chat: %s refused %s (a per-client budget is used up)", address, code)

    def _client_of(self, request: web.Request) -> str:
        """The client budgets count for: the peer, or whom a trusted proxy forwards for."""
        trusted = self.settings.webchat_trusted_proxies
        forwarded = ",".join(request.headers.getall("X-Forwarded-For", ())) or None
        if forwarded and not _is_trusted(request.remote, trusted) and len(self._warned) < WARNED_PEERS:
            peer = request.remote or "unknown"
            if peer not in self._warned:
                self._warned.add(peer)
                log.warning("web-chat: X-Forwarded-For from %s ignored, it is not in WEBCHAT_TRUSTED_PROXIES; "
                            "if it is your proxy, every client behind it shares one budget", peer)
        return client_address(request.remote, forwarded, trusted)

    async def _on_shutdown(self, app: web.Application) -> None:
        await self.conversations.drain()  # answers being prepared reach the sockets first
        for clients in list(self._clients.values()):
            for client in list(clients):
                await client.finish()
                await client.ws.close(code=WSCloseCode.GOING_AWAY, message=b"server restarting")


def _parse(data: str) -> dict[str, Any]:
    try:
        frame = json.loads(data)
    except ValueError:
        raise FrameError("bad_json", "frames must be JSON objects") from None
    if not isinstance(frame, dict):
        raise FrameError("bad_json", "frames must be JSON objects")
    return frame


def _client_id_of(data: str) -> object:
    try:
        frame = json.loads(data)
    except ValueError:
        return None
    return frame.get("client_id") if isinstance(frame, dict) else None


def _error(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "code": code, "message": message}


def _for_frame(error: dict[str, Any], data: str) -> dict[str, Any]:
    """An error frame naming the client_id of the frame it answers, when it had one."""
    if isinstance(client_id := _client_id_of(data), str):
        error["client_id"] = client_id
    return error


def _for_rating(error: dict[str, Any], request: object) -> dict[str, Any]:
    """An error frame naming the rating request it answers, when the frame named one."""
    if isinstance(request, str) and request:
        error["request"] = request[:MAX_CLIENT_ID]
    return error


def _rating_request(message: Message, *, open_: bool, rating: Rating | None = None, thanks: str = "") -> dict[str, Any]:
    """The `rating_request` frame of the ask in the transcript (docs/webchat-protocol.md): `open`
    while a rating is taken for it; `rating` (and the brand's thanks) once given."""
    frame: dict[str, Any] = {
        "type": "rating_request", "id": message.id, "request": message.rating_request, "text": message.text,
        "ts": message.ts, "scale": len(SCORES), "comment_max": COMMENT_MAX, "open": open_,
    }
    if rating is not None:
        frame["rating"] = {"score": rating.score, "comment": rating.comment}
        frame["thanks"] = thanks
    return frame


def _state_frame(conversation: Conversation) -> dict[str, Any]:
    """What the customer may know: the state, and the staff member's name while one holds it.
    Never the tags (they may say `fraud`), the route or the inbox's handle."""
    frame: dict[str, Any] = {"type": "state", "state": conversation.state}
    if conversation.state == "human" and conversation.assignee:
        frame["assignee"] = conversation.assignee
    return frame


def _client_bucket(client: _Client) -> str:
    return f"webchat-client:{client.address}"


def client_address(peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """Who a web-chat client is, for its budgets: the peer's address, or, when the peer is a
    trusted proxy, the nearest address in `X-Forwarded-For` (read from the right) that is not
    one; what the client itself wrote further left is not believed. An IPv6 client is its /64
    (one host usually has all of it); "unknown" when there is no peer address."""
    current = _address(peer)
    if current is None:
        return "unknown"
    hops = [h.strip() for h in (forwarded_for or "").split(",") if h.strip()]
    while hops and _in(current, trusted):
        hop = _address(hops.pop())
        if hop is None:
            break  # unreadable: the nearest address we know stands for the client
        current = hop
    if isinstance(current, IPv6Address):
        return str(IPv6Network((int(current) >> 64 << 64, 64)))
    return str(current)


def _address(value: str | None) -> IPv4Address | IPv6Address | None:
    """An address from a peer or a forwarded hop (`1.2.3.4`, `1.2.3.4:5678`, `[::1]:5678`)."""
    if not value:
        return None
    text = value.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ip_address(text)
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _in(address: IPv4Address | IPv6Address, networks: Sequence[Network]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def _is_trusted(peer: str | None, trusted: Sequence[Network]) -> bool:
    address = _address(peer)
    return address is not None and _in(address, trusted)


def _first(header: str | None) -> str:
    """The first (the client-facing proxy's) of a comma-separated forwarded header's values."""
    return (header or "").split(",")[0].strip()


def _without_default_port(scheme: str, host: str) -> str:
    default = {"http": ":80", "https": ":443"}.get(scheme, "")
    return host.removesuffix(default) if default and host.endswith(default) else host


async def _refuse(ws: web.WebSocketResponse, client: _Client, code: str, message: str, close_code: int) -> None:
    client.push(_error(code, message))
    await client.finish()
    await ws.close(code=close_code, message=code.encode())


def widget_brand(brand: Brand, settings: Settings, files: Files) -> dict[str, Any]:
    """The body of `GET /widget/brand.json` (docs/widget.md#brand): brand.yaml's `widget:` texts and
    colours, the names, the languages the bot speaks, the message limit and what files it takes. A
    text brand.yaml leaves out is null: the widget then shows its own, in the visitor's language."""
    look = brand.widget
    named = brand.marketplace != Brand.model_fields["marketplace"].default  # the generic default is no name
    marketplace = brand.marketplace if named else None
    return {
        "bot_name": brand.bot_name,
        "marketplace": marketplace,
        "title": look.title or None,
        "team": look.team or marketplace,
        "greeting": look.greeting or None,
        "texts": {code: texts.model_dump(exclude_defaults=True) for code, texts in look.texts.items()},
        "colors": {"accent": look.accent or None, "accent_text": look.accent_text or None},
        "languages": list(settings.languages),
        "max_chars": settings.webchat_max_chars,
        # For the widget's quick check before an upload; the server judges every file itself.
        "files": {"max_bytes": files.limits.max_bytes, "per_message": files.limits.per_message,
                  "types": list(ALLOWED_TYPES)},
    }


DEMO_MARKETPLACE = "Harbor Market"  # the name demo.html is written with; replaced by the brand's


def _static(name: str) -> str:
    return resources.files("bot.adapters.webchat").joinpath("static", name).read_text(encoding="utf-8")
