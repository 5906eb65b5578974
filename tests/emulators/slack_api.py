"""A local Slack Web API for tests: an aiohttp app on a loopback port that plays slack.com/api.

It answers the methods Baton calls with payloads shaped like Slack's own (see
tests/fixtures/slack/), keeps every channel's messages and threads, records every call, checks
Slack's size limits (so a message Slack would refuse is refused here too), and can answer
429 with `Retry-After` or 500 on demand. It also serves Socket Mode (`apps.connections.open`
and the WebSocket) so the Socket Mode path can be driven end to end.

Modals: it plays the Slack client too. A staff member's message shortcut, a pick in an open
modal and a modal's submission are delivered to the app as Slack delivers them (form-encoded
`payload=`, signed with the signing secret, to `interactivity_url`; or over Socket Mode when no
URL is set), with trigger ids that expire after 3 seconds and are good for one `views.open`.
`views.open` / `views.update` keep each open modal as Slack does: with its hash, and keeping what
the user typed into an input only while the new view has an input of the same block and action
id.

Files: the bot's uploads go through `files.getUploadURLExternal`, a POST of the bytes to the
upload URL it returns and `files.completeUploadExternal`, which shares them in the named channel
or thread (`thread_files` gives them back with their bytes). A staff member's file share in a
thread is delivered to the app as a signed Events API `message` event with `files`
(`staff_shares_files`), whose `url_private_download` serves the bytes only to the bot token (any
other caller gets Slack's sign-in page, as from slack.com).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import mimetypes
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp
from aiohttp import WSMsgType, web

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "slack"

# Slack's documented limits, enforced so that an oversized post fails the test as it would in Slack.
MAX_TEXT = 40_000
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3_000
MAX_BUTTON_TEXT = 75
MAX_ACTION_VALUE = 2_000
TRIGGER_SECONDS = 3.0  # a trigger_id opens one modal within this long
MAX_VIEW_TITLE = 24
MAX_VIEW_BLOCKS = 100
MAX_METADATA = 3_000
MAX_OPTIONS = 100
MAX_OPTION_TEXT = 75
MAX_INPUT = 3_000  # plain_text_input's max_length (and so its initial_value)
REQUIRED = "Please complete this required field."  # what the Slack client says itself
MAX_UPLOAD = 50 * 1024 * 1024  # bytes this emulator takes at an upload URL
SIGN_IN_PAGE = "<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>"


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
    error: str | None = None


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
    # Where interactions (shortcuts, picks in modals, submissions) go: the app's request URL and
    # the signing secret; without a URL they go over the Socket Mode connection.
    interactivity_url: str = ""
    signing_secret: str = ""
    views: dict[str, dict[str, Any]] = field(default_factory=dict)  # open modals by view id
    closed_views: list[str] = field(default_factory=list)  # modals closed by a submission
    view_errors: dict[str, dict[str, str]] = field(default_factory=dict)  # view id -> block id -> error shown
    events_url: str = ""  # where Events API deliveries go (signed); without it, over Socket Mode
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # file id -> Slack's file object
    file_bytes: dict[str, bytes] = field(default_factory=dict)  # file id -> its content
    downloads: list[tuple[str, bool]] = field(default_factory=list)  # (file id, with the bot token?)

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
        self._triggers: dict[str, tuple[str, float]] = {}  # trigger id -> (user, issued at)
        self._used_triggers: set[str] = set()  # each opens one modal
        self._typed: dict[str, dict[tuple[str, str], Any]] = {}  # view id -> what the user entered
        self._uploads: dict[str, dict[str, Any]] = {}  # upload URL key -> file id, name, length, bytes
        self.base_url = ""

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> str:
        """Listen on a free loopback port; returns the API base URL (`http://127.0.0.1:P/api/`)."""
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_post("/upload/v1/{key}", self._receive_upload)
        app.router.add_get("/files-pri/{ref}/{rest:.*}", self._serve_file)
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

    def fail_next(self, method: str, status: int, *, times: int = 1, retry_after: int | None = None,
                  error: str | None = None) -> None:
        """Answer the next `times` calls of `method` with `status` (429 carries `Retry-After`);
        `error` is the error code Slack names (e.g. status 200 with `not_in_channel`)."""
        self._faults[method].append(_Fault(status, times, retry_after, error))

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

    # -- the Slack client: shortcuts and modals -----------------------------------------

    def user_posts(self, channel: str, user: str, text: str, thread_ts: str | None = None) -> dict[str, Any]:
        """A person's message as Slack stores it (the bot is not told: no event is sent)."""
        message = {"type": "message", "user": user, "team": self.auth["team_id"], "text": text, "ts": self.next_ts()}
        if thread_ts:
            message.update(thread_ts=thread_ts, parent_user_id=self.message(channel, thread_ts).get("user"))
        self._store(channel, message)
        return message

    async def message_shortcut(self, callback_id: str, *, user: str, channel: str, ts: str) -> int:
        """`user` picks the app's message shortcut on the message `ts` in `channel`: a
        `message_action` payload with a fresh trigger id is delivered; returns the HTTP status."""
        payload = load_fixture("message_action.json")
        message = {k: v for k, v in self.message(channel, ts).items() if k != "metadata"}
        payload.update(callback_id=callback_id, trigger_id=self.new_trigger(user), action_ts=f"{time.time():.6f}",
                       message_ts=ts, message=message, user=self._user_ref(user))
        payload["channel"]["id"] = channel
        status, _ = await self.deliver(payload)
        return status

    async def pick(self, view_id: str, action_id: str, value: str, *, user: str) -> int:
        """`user` picks the option `value` of a select in an open modal: Slack shows it chosen and
        sends `block_actions` with the view as it is now; returns the HTTP status."""
        view = self.views[view_id]
        block, element = _element_of(view, action_id)
        option = next(o for o in element["options"] if o["value"] == value)
        self._typed.setdefault(view_id, {})[(block["block_id"], action_id)] = option
        payload = load_fixture("block_actions_view.json")
        payload.update(user=self._user_ref(user), trigger_id=self.new_trigger(user), view=self._as_sent(view_id))
        payload["container"]["view_id"] = view_id
        payload["actions"] = [{"type": element["type"], "action_id": action_id, "block_id": block["block_id"],
                               "selected_option": option, "placeholder": element.get("placeholder"),
                               "action_ts": f"{time.time():.6f}"}]
        status, _ = await self.deliver(payload)
        return status

    def type_into(self, view_id: str, action_id: str, text: str) -> None:
        """`user` replaces what the text input `action_id` of an open modal holds with `text`."""
        block, _ = _element_of(self.views[view_id], action_id)
        self._typed.setdefault(view_id, {})[(block["block_id"], action_id)] = text

    def shown_text(self, view_id: str, action_id: str) -> str:
        """What the text input `action_id` of an open modal shows now."""
        block, element = _element_of(self.views[view_id], action_id)
        typed = self._typed.get(view_id, {}).get((block["block_id"], action_id))
        return str(typed if typed is not None else element.get("initial_value", ""))

    async def submit(self, view_id: str, *, user: str) -> dict[str, Any]:
        """`user` presses the modal's submit button. A required input left empty is refused by the
        Slack client itself; otherwise `view_submission` is delivered and the app's answer applied
        (nothing: the modal closes; `errors`: shown under their inputs; `update`: the new view).
        Returns the app's answer (or the client's refusal, as `errors`)."""
        view = self.views[view_id]
        empty = {b["block_id"]: REQUIRED for b in view["blocks"]
                 if b["type"] == "input" and not b.get("optional") and not self._value_of(view_id, b)}
        if empty:
            self.view_errors[view_id] = empty
            return {"response_action": "errors", "errors": empty}
        payload = load_fixture("view_submission.json")
        payload.update(user=self._user_ref(user), trigger_id=self.new_trigger(user), view=self._as_sent(view_id))
        status, answer = await self.deliver(payload)
        if status != 200:
            self.view_errors[view_id] = {"": f"the app answered {status}"}
            return {"status": status}
        action = answer.get("response_action")
        if action == "errors":
            self.view_errors[view_id] = dict(answer.get("errors") or {})
        elif action == "update":
            self._replace(view_id, answer["view"])
        else:
            self.views.pop(view_id, None)
            self.closed_views.append(view_id)
        return answer

    def new_trigger(self, user: str) -> str:
        """A trigger id like Slack's, good for one views.open by the app within 3 seconds."""
        trigger = f"{int(time.time() * 1000)}.{self._epoch}.{uuid.uuid4().hex}"
        self._triggers[trigger] = (user, time.monotonic())
        return trigger

    async def deliver(self, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Send an interaction payload to the app as Slack does; its HTTP status and JSON answer."""
        if not self.interactivity_url:
            ack = await self.socket_send({"type": "interactive", "payload": payload, "accepts_response_payload": True})
            return 200, dict(ack.get("payload") or {})
        body = urlencode({"payload": json.dumps(payload)})
        stamp = str(int(time.time()))
        digest = hmac.new(self.signing_secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": f"v0={digest}"}
        async with aiohttp.ClientSession() as http, http.post(self.interactivity_url, data=body.encode(),
                                                              headers=headers) as response:
            text = await response.text()
            answer = json.loads(text) if text.strip().startswith("{") else {}
            return response.status, answer

    def _user_ref(self, user: str) -> dict[str, Any]:
        name = self.users[user]["name"] if user in self.users else user
        return {"id": user, "username": name, "name": name, "team_id": self.auth["team_id"]}

    def _value_of(self, view_id: str, block: dict[str, Any]) -> Any:
        element = block.get("element") or block.get("accessory") or {}
        typed = self._typed.get(view_id, {}).get((block.get("block_id", ""), element.get("action_id", "")))
        if typed is not None:
            return typed
        return element.get("initial_value") or element.get("initial_option")

    def _as_sent(self, view_id: str) -> dict[str, Any]:
        """The view as Slack puts it in a payload: with `state.values` of every stateful element."""
        view = json.loads(json.dumps(self.views[view_id]))
        values: dict[str, dict[str, Any]] = {}
        for block in view["blocks"]:
            element = block.get("element") or block.get("accessory")
            if not element or element.get("type") not in ("plain_text_input", "static_select"):
                continue
            value = self._value_of(view_id, block)
            key = "value" if element["type"] == "plain_text_input" else "selected_option"
            values.setdefault(block["block_id"], {})[element["action_id"]] = {"type": element["type"], key: value}
        view["state"] = {"values": values}
        return view

    def _replace(self, view_id: str, new: dict[str, Any]) -> dict[str, Any]:
        """Show `new` in place of an open modal; keep what the user entered only where the new view
        has the same input (block id and action id), as Slack does."""
        old = self.views[view_id]
        keep = {(b.get("block_id"), (b.get("element") or b.get("accessory") or {}).get("action_id"))
                for b in new.get("blocks", [])}
        self._typed[view_id] = {k: v for k, v in self._typed.get(view_id, {}).items() if k in keep}
        record = {**_decoded_view(new), "id": view_id, "team_id": old["team_id"], "app_id": old["app_id"],
                  "bot_id": old["bot_id"], "root_view_id": view_id, "previous_view_id": None,
                  "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}", "state": {"values": {}}}
        self.views[view_id] = record
        self.view_errors.pop(view_id, None)
        return record

    # -- files ---------------------------------------------------------------------------

    def thread_files(self, channel: str, thread_ts: str) -> list[tuple[dict[str, Any], bytes]]:
        """Files shared in a thread, oldest first: Slack's file object and the bytes uploaded."""
        return [(f, self.file_bytes[f["id"]]) for m in self.replies(channel, thread_ts) for f in m.get("files", ())]

    def new_file(self, user: str, name: str, data: bytes, title: str | None = None,
                 file_id: str | None = None) -> dict[str, Any]:
        """A file in the workspace (uploaded by `user`), as Slack describes it in events and
        messages; its `url_private_download` serves `data` to the bot token."""
        file_id = file_id or "F" + uuid.uuid4().hex[:10].upper()
        host = self.base_url.removesuffix("/api/")
        team = self.auth["team_id"]
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        now = int(time.time())
        template = load_fixture("file_shared_message.json")["files"][0]
        record = {
            **template, "id": file_id, "created": now, "timestamp": now, "name": name, "title": title or name,
            # Slack goes by the name: a program called label.png is image/png to it.
            "mimetype": mimetypes.guess_type(name)[0] or "application/octet-stream",
            "filetype": extension or "binary", "pretty_type": extension.upper() or "Binary", "user": user,
            "size": len(data), "is_public": False, "public_url_shared": False,
            "url_private": f"{host}/files-pri/{team}-{file_id}/{quote(name)}",
            "url_private_download": f"{host}/files-pri/{team}-{file_id}/download/{quote(name)}",
            "permalink": f"{host}/files/{user}/{file_id}/{quote(name)}",
            "permalink_public": f"https://slack-files.com/{team}-{file_id}-{uuid.uuid4().hex[:10]}",
        }
        self.files[file_id] = record
        self.file_bytes[file_id] = data
        return record

    def file_message(self, channel: str, thread_ts: str, user: str, text: str,
                     files: list[dict[str, Any]]) -> dict[str, Any]:
        """`user` shares `files` (from `new_file`) in a thread, with `text`: the message is stored
        and its Events API payload returned (not yet delivered: see `deliver_event`)."""
        share = load_fixture("file_shared_message.json")
        ts = self.next_ts()
        message = {"type": "message", "user": user, "team": self.auth["team_id"], "text": text, "ts": ts,
                   "thread_ts": thread_ts, "parent_user_id": self.message(channel, thread_ts).get("user"),
                   "subtype": share["subtype"], "files": files, "upload": share["upload"],
                   "display_as_bot": share["display_as_bot"]}
        self._store(channel, message)
        payload = load_fixture("event_thread_reply.json")
        payload["event"].update({**message, "channel": channel, "event_ts": ts, "blocks": []})
        payload["event_id"] = "Ev" + uuid.uuid4().hex[:10].upper()
        payload["event_time"] = int(time.time())
        return payload

    async def staff_shares_files(self, channel: str, thread_ts: str, user: str, files: list[tuple[str, bytes]],
                                 text: str = "") -> tuple[int, dict[str, Any]]:
        """`user` uploads files (name, bytes) into a thread with `text`, and Slack tells the app:
        the HTTP status of the delivery and the event payload (to deliver again, as a retry would)."""
        payload = self.file_message(channel, thread_ts, user, text,
                                    [self.new_file(user, name, data) for name, data in files])
        return await self.deliver_event(payload), payload

    async def deliver_event(self, payload: dict[str, Any]) -> int:
        """Send an Events API payload to the app as Slack does: JSON signed with the signing
        secret to `events_url`, or over Socket Mode when no URL is set; the HTTP status."""
        if not self.events_url:
            await self.socket_send({"type": "events_api", "payload": payload, "accepts_response_payload": False,
                                    "retry_attempt": 0, "retry_reason": ""})
            return 200
        body = json.dumps(payload)
        stamp = str(int(time.time()))
        digest = hmac.new(self.signing_secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": f"v0={digest}"}
        async with aiohttp.ClientSession() as http, http.post(self.events_url, data=body.encode(),
                                                              headers=headers) as response:
            await response.read()
            return response.status

    async def _receive_upload(self, request: web.Request) -> web.Response:
        """The upload URL of files.getUploadURLExternal: takes the bytes of one file, once."""
        upload = self._uploads.get(request.match_info["key"])
        if upload is None or "data" in upload:
            return web.Response(status=404, text="Not Found")
        data = await request.read()
        if len(data) != upload["length"]:
            return web.Response(status=400, text=f"length mismatch: announced {upload['length']}, got {len(data)}")
        upload["data"] = data
        await self._record("upload", {"file_id": upload["file_id"], "size": len(data)}, 200, True)
        return web.Response(text=f"OK - {len(data)}")

    async def _serve_file(self, request: web.Request) -> web.Response:
        """`url_private(_download)`: the bytes for the bot token, Slack's sign-in page for anyone else."""
        file_id = request.match_info["ref"].rpartition("-")[2]
        authorized = request.headers.get("Authorization", "") == f"Bearer {self.bot_token}"
        self.downloads.append((file_id, authorized))
        if not authorized:
            return web.Response(text=SIGN_IN_PAGE, content_type="text/html")
        if file_id not in self.file_bytes:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=self.file_bytes[file_id], content_type=self.files[file_id]["mimetype"])

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
            body = {"ok": False, "error": fault.error or ("ratelimited" if fault.status == 429 else "internal_error")}
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
        self._store(channel, message)
        self.posted(channel, message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    def _store(self, channel: str, message: dict[str, Any]) -> None:
        self.messages[channel].append(message)
        self._by_ts[(channel, message["ts"])] = message
        if message.get("thread_ts"):
            self._threads[(channel, message["thread_ts"])].append(message)
        else:
            self._roots[channel].append(message)

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

    def _api_views_open(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        trigger = str(args.get("trigger_id") or "")
        if trigger not in self._triggers:
            return {"ok": False, "error": "invalid_trigger_id" if trigger else "invalid_arguments"}
        if trigger in self._used_triggers:
            return {"ok": False, "error": "exchanged_trigger_id"}
        self._used_triggers.add(trigger)
        if time.monotonic() - self._triggers[trigger][1] > TRIGGER_SECONDS:
            return {"ok": False, "error": "expired_trigger_id"}
        view = _decoded_view(args.get("view"))
        error = _check_view(view)
        if error:
            return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": [error]}}
        view_id = "V" + uuid.uuid4().hex[:10].upper()
        self.views[view_id] = {"team_id": self.auth["team_id"], "app_id": "A0BATON001", "bot_id": self.auth["bot_id"]}
        return {"ok": True, "view": self._replace(view_id, view)}

    def _api_views_update(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        view_id = str(args.get("view_id") or "")
        if view_id not in self.views:
            return {"ok": False, "error": "not_found"}
        if args.get("hash") and args["hash"] != self.views[view_id]["hash"]:
            return {"ok": False, "error": "hash_conflict"}
        view = _decoded_view(args.get("view"))
        error = _check_view(view)
        if error:
            return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": [error]}}
        return {"ok": True, "view": self._replace(view_id, view)}

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

    def _api_files_getUploadURLExternal(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        filename = str(args.get("filename") or "")
        try:
            length = int(args.get("length") or 0)
        except ValueError:
            length = 0
        if not filename or length < 1:
            return {"ok": False, "error": "invalid_arguments"}
        key = uuid.uuid4().hex
        file_id = "F" + uuid.uuid4().hex[:10].upper()
        self._uploads[key] = {"file_id": file_id, "filename": filename, "length": length}
        return {"ok": True, "upload_url": f"{self.base_url.removesuffix('/api/')}/upload/v1/{key}", "file_id": file_id}

    def _api_files_completeUploadExternal(self, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        try:
            wanted = _decoded(args.get("files") or "[]")
        except json.JSONDecodeError:
            return {"ok": False, "error": "invalid_arguments"}
        by_id = {u["file_id"]: (key, u) for key, u in self._uploads.items() if "data" in u}
        if not wanted or any(str(f.get("id")) not in by_id for f in wanted):
            return {"ok": False, "error": "file_not_found"}
        channel, thread_ts = args.get("channel_id"), args.get("thread_ts")
        if thread_ts and (not channel or (str(channel), str(thread_ts)) not in self._by_ts):
            return {"ok": False, "error": "invalid_thread_ts"}
        shared = []
        for item in wanted:
            key, upload = by_id[str(item["id"])]
            del self._uploads[key]
            shared.append(self.new_file(self.auth["user_id"], upload["filename"], upload["data"], item.get("title"),
                                        file_id=upload["file_id"]))
        if channel:
            message = {"type": "message", "user": self.auth["user_id"], "bot_id": self.auth["bot_id"],
                       "team": self.auth["team_id"], "text": str(args.get("initial_comment") or ""),
                       "ts": self.next_ts(), "files": shared, "upload": True, "display_as_bot": False}
            if thread_ts:
                message["thread_ts"] = str(thread_ts)
            self._store(str(channel), message)
            self.posted(str(channel), message)
        return {"ok": True, "files": [{"id": f["id"], "title": f["title"]} for f in shared]}

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


def _decoded_view(view: Any) -> dict[str, Any]:
    return json.loads(view) if isinstance(view, str) else dict(view or {})


def _element_of(view: dict[str, Any], action_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The block of an open modal holding the element `action_id`, and the element."""
    for block in view.get("blocks", []):
        element = block.get("element") or block.get("accessory")
        if element and element.get("action_id") == action_id:
            return block, element
    raise AssertionError(f"the modal has no {action_id} element: {view.get('blocks')}")


def _check_view(view: dict[str, Any]) -> str | None:
    """Why Slack would refuse this modal (`[ERROR] …`, as in its response_metadata), or None."""
    if view.get("type") != "modal":
        return "[ERROR] must be a modal [json-pointer:/view/type]"
    for key in ("title", "submit", "close"):
        if key in view and len(view[key]["text"]) > MAX_VIEW_TITLE:
            return f"[ERROR] must be less than {MAX_VIEW_TITLE + 1} characters [json-pointer:/view/{key}/text]"
    if "title" not in view:
        return "[ERROR] missing required field: title [json-pointer:/view]"
    blocks = view.get("blocks") or []
    if len(blocks) > MAX_VIEW_BLOCKS or len(view.get("private_metadata") or "") > MAX_METADATA:
        return "[ERROR] too many blocks or private_metadata too long [json-pointer:/view]"
    if any(b["type"] == "input" for b in blocks) and "submit" not in view:
        return "[ERROR] a view with input blocks needs a submit button [json-pointer:/view/submit]"
    ids = [b["block_id"] for b in blocks if b.get("block_id")]
    if len(ids) != len(set(ids)):
        return "[ERROR] block_id must be unique [json-pointer:/view/blocks]"
    for number, block in enumerate(blocks):
        element = block.get("element") or block.get("accessory") or {}
        if element.get("type") == "static_select":
            options = element.get("options") or []
            if not options or len(options) > MAX_OPTIONS or any(
                    len(o["text"]["text"]) > MAX_OPTION_TEXT for o in options):
                return f"[ERROR] bad options [json-pointer:/view/blocks/{number}/accessory/options]"
        if element.get("type") == "plain_text_input":
            limit = min(int(element.get("max_length") or MAX_INPUT), MAX_INPUT)
            if len(element.get("initial_value") or "") > limit:
                return f"[ERROR] initial_value too long [json-pointer:/view/blocks/{number}/element/initial_value]"
    return None
