"""The built-in staff inbox at `/inbox`, served when Slack is not configured.

Staff sign in (with their own id and token when INBOX_STAFF_FILE lists them; otherwise a name,
plus the shared INBOX_TOKEN unless the server only listens on loopback), see the
queues and conversations (live, by Server-Sent Events fed by the StoreInbox's Redis wake-ups)
and act through the core's staff actions only (`bot.staff.StaffActions`): claim, reply, note, close, pass, "not an
escalation". Pages are plain server-rendered HTML; every form carries the session's CSRF token.
Photos and PDFs in the transcript are shown through the file service's signed links; a reply may
carry files (a multipart form read as a stream: `uploads.py`).
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from importlib import resources
from typing import Any
from urllib.parse import quote, urlsplit

from aiohttp import MultipartReader, web

from bot.adapters.inbox import views
from bot.adapters.inbox.auth import (
    BadName,
    InboxPageError,
    clean_name,
    csrf_matches,
    token_matches,
)
from bot.adapters.inbox.data import InboxData
from bot.adapters.inbox.live import LiveHub
from bot.adapters.inbox.staff_directory import StaffDirectory, StaffFileError
from bot.adapters.inbox.uploads import (
    ReplyForm,
    read_csrf,
    read_reply,
    refusal_text,
    shown_name,
)
from bot.brand import Brand
from bot.files import FileRefused, Files
from bot.models import Attachment, StaffMember
from bot.replies import RepliesError, SavedReplies
from bot.settings import Settings
from bot.staff import StaffActions
from bot.store import ConversationNotFound, Store
from bot.store.staff_sessions import StaffSession

log = logging.getLogger(__name__)

LIVE_HEADER = "X-Baton-Live"  # set by inbox.js on its background refreshes

COOKIE = "baton_inbox"
LOGIN_COOKIE = "baton_inbox_login"
MAX_TEXT = 4000
MAX_PASS_NOTE = 500
MAX_WRONG_TOKENS = 10
LOCKOUT_SECONDS = 15 * 60
LOCKED_OUT = "Too many wrong tokens from this address: wait 15 minutes and try again."
WRONG_STAFF_TOKEN = "That staff id and token do not match."
MAX_STREAMS_PER_SESSION = 8
FORWARDING_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP")
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
NOT_FROM_HERE = ("Without INBOX_TOKEN or INBOX_STAFF_FILE the staff inbox only answers this machine "
                 "(http://127.0.0.1 or http://localhost, no proxy). Set one of them to use it from elsewhere.")
ACTIONS = ("claim", "reply", "note", "close", "pass", "not-escalation")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # "no-referrer" would make browsers send `Origin: null`
    "Cache-Control": "no-store",
}
STATIC_TYPES = {"inbox.css": "text/css", "inbox.js": "application/javascript"}

Handler = Callable[[web.Request, StaffSession, str], Awaitable[web.StreamResponse]]
# The reply form's multipart stream, its CSRF part already read and checked (`_staff_only`).
UPLOAD: web.RequestKey[MultipartReader] = web.RequestKey("inbox_upload", MultipartReader)


class InboxPage:
    """The `/inbox` web pages for staff; `add_routes` mounts them on the bot's aiohttp app."""

    def __init__(self, settings: Settings, store: Store, conversations: StaffActions, brand: Brand,
                 files: Files) -> None:
        self.directory: StaffDirectory | None = None
        if settings.inbox_staff_file is not None:
            try:
                self.directory = StaffDirectory(settings.inbox_staff_file)
            except StaffFileError as exc:
                raise InboxPageError(f"INBOX_STAFF_FILE: {exc}") from None
        elif not settings.inbox_token and not settings.on_loopback:
            raise InboxPageError(
                f"INBOX_TOKEN: required for the built-in /inbox page when BOT_HOST ({settings.bot_host}) "
                "is not loopback; set a long random staff password, list your staff in INBOX_STAFF_FILE "
                "(or configure Slack)"
            )
        try:
            self.replies = SavedReplies(settings.replies_path, order_numbers=settings.order_numbers)
        except RepliesError as exc:
            raise InboxPageError(f"BOT_REPLIES: {exc}") from None
        self.settings = settings
        self.store = store
        self.conversations = conversations
        self.files = files
        self.sessions = store.staff_sessions()
        self.data = InboxData(store, conversations.pass_routes)
        self.hub = LiveHub(store.wakeups())
        self._streams: defaultdict[str, int] = defaultdict(int)
        self._marketplace = brand.marketplace
        self._bot_name = brand.bot_name

    def add_routes(self, app: web.Application) -> None:
        """Mount the inbox's pages, actions, live stream and assets."""
        app.router.add_get("/inbox", self._staff_only(self.list_page))
        app.router.add_get("/inbox/", self._staff_only(self.list_page))
        app.router.add_get("/inbox/login", self.login_page)
        app.router.add_post("/inbox/login", self.login)
        app.router.add_post("/inbox/logout", self._staff_only(self.logout, post=True))
        app.router.add_get("/inbox/live", self._staff_only(self.live, stream=True))
        app.router.add_get("/inbox/static/{name}", self.asset)
        # Conversation ids are 32 hex digits: anything else (another Redis key's name) is a plain 404.
        app.router.add_get("/inbox/c/{id:[0-9a-f]{32}}", self._staff_only(self.conversation_page))
        # Before the other actions: a reply may carry files, read as a stream past the 1 MB body limit.
        app.router.add_post("/inbox/c/{id:[0-9a-f]{32}}/reply", self._staff_only(self.reply, post=True, upload=True))
        app.router.add_post("/inbox/c/{id:[0-9a-f]{32}}/{action}", self._staff_only(self.act, post=True))
        app.on_shutdown.append(self._on_shutdown)

    # -- access ----------------------------------------------------------------------------

    def _staff_only(self, handler: Handler, *, post: bool = False, stream: bool = False, upload: bool = False) -> Any:
        """Wrap a handler: a staff session is required, and on POST its CSRF token too. With
        `upload`, a multipart form is not read whole: its first part must be the CSRF token,
        checked before anything else is read, and the rest is left to the handler (`UPLOAD`)."""

        async def wrapped(request: web.Request) -> web.StreamResponse:
            self._only_from_here(request)
            token = request.cookies.get(COOKIE)
            session = await self._current(token, take_flash=request.headers.get(LIVE_HEADER) != "1")
            if session is None or token is None:
                if post or stream:
                    raise web.HTTPForbidden(text="Sign in to the staff inbox first.", headers=SECURITY_HEADERS)
                target = quote(request.path_qs, safe="/?=&")
                raise web.HTTPSeeOther(f"/inbox/login?next={target}", headers=SECURITY_HEADERS)
            if post:
                csrf = await _posted_csrf(request, upload=upload) if _same_origin(request) else None
                if not csrf_matches(csrf, session.csrf):
                    log.warning("inbox: refused a POST without a valid CSRF token path=%s", request.path)
                    raise web.HTTPForbidden(
                        text="This form expired or did not come from the inbox page. Reload and try again.",
                        headers=SECURITY_HEADERS,
                    )
            return await handler(request, session, token)

        return wrapped

    async def _current(self, token: str | None, *, take_flash: bool = True) -> StaffSession | None:
        """The session behind a cookie, as the staff file lists its person now: someone removed
        from the file is signed out on their next click, a renamed one shows the new name."""
        session = await self.sessions.get(token, take_flash=take_flash)
        if session is None or self.directory is None:
            return session
        member = self.directory.member(session.staff.id)
        if member is None:
            log.info("inbox: ended the session of %s, no longer in the staff file", session.staff.id)
            await self.sessions.end(token)
            return None
        return replace(session, staff=member)

    async def login_page(self, request: web.Request) -> web.Response:
        """The sign-in form (already signed in: straight to the inbox)."""
        self._only_from_here(request)
        if await self._current(request.cookies.get(COOKIE)) is not None:
            raise web.HTTPSeeOther(_safe_next(request.query.get("next")))
        return self._login_response(request, next_path=_safe_next(request.query.get("next")))

    async def login(self, request: web.Request) -> web.Response:
        """Check who is signing in, start a session, set the cookie."""
        form = await request.post()
        next_path = _safe_next(form.get("next"))
        name_raw = form.get("staff_id" if self.directory else "name")
        shown = name_raw if isinstance(name_raw, str) else ""
        self._only_from_here(request)
        login_csrf = request.cookies.get(LOGIN_COOKIE, "")
        if not _same_origin(request) or not login_csrf or not csrf_matches(form.get("csrf"), login_csrf):
            raise web.HTTPForbidden(text="The sign-in form expired. Reload the page and try again.",
                                    headers=SECURITY_HEADERS)

        def again(status: int, error: str) -> web.Response:
            return self._login_response(request, next_path=next_path, name=shown, status=status, error=error)

        remote = request.remote or "unknown"
        if self.directory is None:
            try:
                name = clean_name(name_raw)
            except BadName as exc:
                return again(400, str(exc))
        elif not shown.strip():
            return again(400, "Enter your staff id.")
        if await self.sessions.locked_out(remote, MAX_WRONG_TOKENS):
            # Checked before the token: once locked out, even the right token waits.
            return again(429, LOCKED_OUT)
        token = form.get("token")
        token = token if isinstance(token, str) else ""
        staff: StaffMember | None
        if self.directory is not None:
            staff = self.directory.verify(shown, token)
        else:
            staff = shared_identity(name) if token_matches(token, self.settings.inbox_token) else None
        if staff is None:
            failures = await self.sessions.count_failure(remote, LOCKOUT_SECONDS)
            log.warning("inbox: wrong sign-in token from %s (%d)", remote, failures)
            if failures >= MAX_WRONG_TOKENS:
                return again(429, LOCKED_OUT)
            return again(401, WRONG_STAFF_TOKEN if self.directory else "That inbox token is not right.")
        session_token = await self.sessions.create(staff)
        log.info("inbox: %s signed in", staff.id)
        response = _redirect(next_path)
        response.set_cookie(COOKIE, session_token, path="/inbox", httponly=True, samesite="Strict",
                            secure=request.secure)
        response.del_cookie(LOGIN_COOKIE, path="/inbox")
        return response

    async def logout(self, request: web.Request, session: StaffSession, token: str) -> web.Response:
        """End the session."""
        await self.sessions.end(token)
        response = _redirect("/inbox/login")
        response.del_cookie(COOKIE, path="/inbox")
        return response

    def _login_response(self, request: web.Request, *, next_path: str, name: str = "", error: str = "",
                        status: int = 200) -> web.Response:
        login_csrf = secrets.token_urlsafe(24)
        mode = "staff" if self.directory else ("shared" if self.settings.inbox_token is not None else "loopback")
        main = views.login_main(mode=mode, login_csrf=login_csrf, next_path=next_path, name=name, error=error)
        html = views.page(title=f"Sign in · {self._marketplace} staff inbox", marketplace=self._marketplace,
                          main=main)
        response = web.Response(text=html, content_type="text/html", status=status, headers=SECURITY_HEADERS)
        # Double-submit token: a sign-in form posted from another site carries no matching cookie.
        response.set_cookie(LOGIN_COOKIE, login_csrf, path="/inbox", httponly=True, samesite="Strict",
                            secure=request.secure, max_age=3600)
        return response

    # -- pages -----------------------------------------------------------------------------

    async def list_page(self, request: web.Request, session: StaffSession, token: str) -> web.Response:
        """The queues: waiting (by SLA), mine, others', back with the AI; filter by tag or queue."""
        tag = request.query.get("tag") or None
        route = request.query.get("queue") or None
        queues = await self.data.queues(session.staff, tag=tag, route=route)
        main = views.list_main(queues, me=session.staff, tag=tag, route=route, now=time.time())
        waiting = len(queues.waiting)
        title = f"({waiting}) Staff inbox" if waiting else "Staff inbox"
        return self._html(title, main, session, page_kind="list")

    async def conversation_page(self, request: web.Request, session: StaffSession, token: str) -> web.Response:
        """One conversation: transcript, notes, tags and reasons, history, actions."""
        conversation_id = request.match_info["id"]
        try:
            detail = await self.data.detail(conversation_id)
        except ConversationNotFound:
            return self._html("Not found", views.not_found_main(conversation_id), session, status=404)
        saved = [filled for reply in self.replies.all()
                 if (filled := self.replies.filled(reply.id, detail.conversation, detail.transcript,
                                                   session.staff, self._marketplace)) is not None]
        chosen = next((filled for filled in saved if filled.id == request.query.get("reply")), None)
        # A reply that was not sent comes back into the box; else a saved reply picked just now
        # (without a script; the page's script inserts a picked reply where the caret is).
        draft = session.draft if session.draft_for == conversation_id else (chosen.text if chosen else "")
        main = views.conversation_main(detail, me=session.staff, csrf=session.csrf, bot_name=self._bot_name,
                                       now=time.time(), saved=saved, draft=draft,
                                       link=self._file_link, limits=self.files.limits)
        title = f"{views.customer_name(detail.conversation)} · Staff inbox"
        return self._html(title, main, session, page_kind="conversation", conversation_id=conversation_id)

    async def live(self, request: web.Request, session: StaffSession, token: str) -> web.StreamResponse:
        """Server-Sent Events: a wake-up whenever a conversation or the queues change (at most
        MAX_STREAMS_PER_SESSION open per staff session in this process)."""
        if self._streams[token] >= MAX_STREAMS_PER_SESSION:
            raise web.HTTPTooManyRequests(text="Too many live inbox tabs open: close some.", headers=SECURITY_HEADERS)
        self._streams[token] += 1
        try:
            return await self.hub.stream(request)
        finally:
            self._streams[token] -= 1
            if not self._streams[token]:
                del self._streams[token]

    def _only_from_here(self, request: web.Request) -> None:
        """Without INBOX_TOKEN or a staff file the page trusts this machine only: the peer, the Host
        it was asked for and the absence of forwarding headers must all say loopback (a
        DNS-rebinding page or a proxy on this host gets 403)."""
        if self.settings.inbox_token is not None or self.directory is not None:
            return
        try:
            host = urlsplit(f"//{request.host or ''}").hostname or ""
        except ValueError:
            host = ""
        forwarded = [h for h in FORWARDING_HEADERS if h in request.headers]
        if _is_loopback(request.remote) and host in LOOPBACK_NAMES and not forwarded:
            return
        log.warning("inbox: refused a request from %s for host %r (forwarding headers: %s) without INBOX_TOKEN",
                    request.remote, request.host, ",".join(forwarded) or "none")
        raise web.HTTPForbidden(text=NOT_FROM_HERE, headers=SECURITY_HEADERS)

    async def asset(self, request: web.Request) -> web.Response:
        """The page's stylesheet and script (the same for everyone, no data in them)."""
        name = request.match_info["name"]
        if name not in STATIC_TYPES:
            raise web.HTTPNotFound()
        text = resources.files("bot.adapters.inbox").joinpath("static", name).read_text(encoding="utf-8")
        return web.Response(text=text, content_type=STATIC_TYPES[name],
                            headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})

    def _html(self, title: str, main: str, session: StaffSession, *, page_kind: str = "list",
              conversation_id: str = "", status: int = 200) -> web.Response:
        html = views.page(title=title, marketplace=self._marketplace, main=main, staff=session.name,
                          csrf=session.csrf, flash=session.flash, page_kind=page_kind,
                          conversation_id=conversation_id)
        return web.Response(text=html, content_type="text/html", status=status, headers=SECURITY_HEADERS)

    # -- actions ---------------------------------------------------------------------------

    async def act(self, request: web.Request, session: StaffSession, token: str) -> web.Response:
        """Do one staff action on a conversation, then show the conversation again with the outcome."""
        conversation_id, action = request.match_info["id"], request.match_info["action"]
        if action not in ACTIONS:
            raise web.HTTPNotFound(text=f"unknown action {action!r}")
        form = await request.post()
        try:
            message = await self._do(action, conversation_id, session.staff, form)
        except ConversationNotFound:
            raise web.HTTPNotFound(text="No such conversation.") from None
        await self.sessions.flash(token, message)
        return _redirect(f"/inbox/c/{quote(conversation_id, safe='')}")

    async def _do(self, action: str, conversation_id: str, staff: StaffMember, form: Any) -> str:
        """Translate the form into one staff action; the core decides and says what happened.
        (Replies have their own handler, `reply`: they may carry files.)"""
        router = self.conversations
        if action == "note":
            text = _text_field(form, "text")
            if not text or len(text) > MAX_TEXT:
                return f"The note was not kept: write 1 to {MAX_TEXT} characters."
            outcome = await router.note(conversation_id, staff, text)
        elif action == "claim":
            outcome = await router.claim(conversation_id, staff)
        elif action == "close":
            outcome = await router.close(conversation_id, staff)
        elif action == "pass":
            note = _text_field(form, "note")[:MAX_PASS_NOTE]
            outcome = await router.pass_to(conversation_id, staff, _text_field(form, "route"), note)
        else:
            outcome = await router.mark_not_escalation(conversation_id, staff)
        log.info("inbox: %s conversation=%s by %s ok=%s", action, conversation_id, staff.id, outcome.ok)
        return outcome.text

    async def reply(self, request: web.Request, session: StaffSession, token: str) -> web.Response:
        """Send a reply (text, files, or both) to the customer, then show the conversation again.
        When it is not sent, the notice says why and the typed text comes back into the box."""
        conversation_id = request.match_info["id"]
        reader = request.get(UPLOAD)
        if reader is not None:
            form = await read_reply(reader, self.files.limits, max_text=MAX_TEXT)
        else:  # a form posted url-encoded (no files): scripts, older pages
            form = ReplyForm(_text_field(await request.post(), "text"))
            if len(form.text) > MAX_TEXT:
                form.refused = f"Your reply is longer than {MAX_TEXT} characters."
        try:
            message, sent = await self._send_reply(conversation_id, session.staff, form)
        except ConversationNotFound:
            raise web.HTTPNotFound(text="No such conversation.") from None
        if sent:
            await self.sessions.flash(token, message)
        else:  # the text comes back into the reply box (when the box is still theirs)
            await self.sessions.flash(token, message, draft_for=conversation_id, draft=form.text[:MAX_TEXT])
        return _redirect(f"/inbox/c/{quote(conversation_id, safe='')}")

    async def _send_reply(self, conversation_id: str, staff: StaffMember, form: ReplyForm) -> tuple[str, bool]:
        """Keep the form's files for the conversation and hand the reply to the core: what to
        tell the staff member, and whether the reply went out."""
        if form.refused:
            log.info("inbox: reply conversation=%s by %s refused before sending", conversation_id, staff.id)
            return _not_sent(form.refused, form), False
        if not form.text and not form.files:
            return "Your reply was not sent: write something or attach a photo or PDF.", False
        await self.store.get(conversation_id)  # ConversationNotFound before any file is kept
        attachments: list[Attachment] = []
        for upload in form.files:
            try:
                attachments.append(await self.files.keep(upload.data, upload.name, conversation_id=conversation_id,
                                                         sent_by=staff.id))
            except FileRefused as exc:
                log.info("inbox: reply conversation=%s by %s: a file refused (%s)", conversation_id, staff.id, exc.code)
                return _not_sent(refusal_text(shown_name(upload.name), exc), form), False
        outcome = await self.conversations.reply(conversation_id, staff, form.text, attachments=attachments)
        log.info("inbox: reply conversation=%s by %s files=%d ok=%s", conversation_id, staff.id, len(attachments),
                 outcome.ok)
        return outcome.text, outcome.ok

    def _file_link(self, attachment: Attachment) -> str:
        """A signed link to a file on the page being rendered. Its expiry is rounded down to a
        quarter of FILES_LINK_SECONDS, so the page's live re-renders keep the same addresses for a
        while (the browser shows the photos it has instead of fetching each one again); every
        link still works for at least three quarters of that time."""
        links = self.files.links
        step = max(1, links.seconds // 4)
        return links.link(attachment.id, attachment.name, now=time.time() // step * step)

    async def _on_shutdown(self, app: web.Application) -> None:
        await self.hub.close()


def shared_identity(name: str) -> StaffMember:
    """Who signs in with the shared INBOX_TOKEN: their name is all there is to tell them apart,
    so two people who type the same name are one assignee (INBOX_STAFF_FILE gives each an id)."""
    return StaffMember(f"name:{name.casefold()}", name)


def _not_sent(reason: str, form: ReplyForm) -> str:
    """The notice for a reply the page refused: why, that nothing went out, where the text is."""
    kept = "; your text is still in the reply box." if form.text else "."
    return f"{reason} Nothing was sent{kept}"


async def _posted_csrf(request: web.Request, *, upload: bool) -> Any:
    """The CSRF token a POST carries. An upload's multipart stream is read only as far as its
    first part, the token; the handler reads the rest from `request[UPLOAD]`."""
    if upload and request.content_type == "multipart/form-data":
        reader = await request.multipart()
        request[UPLOAD] = reader
        return await read_csrf(reader)
    return (await request.post()).get("csrf")


def _text_field(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _redirect(location: str) -> web.Response:
    """A 303 to a page of the inbox (after a form: reloading does not post again)."""
    return web.Response(status=303, headers={**SECURITY_HEADERS, "Location": location})


def _safe_next(raw: object) -> str:
    """Only a path inside the inbox: never an open redirect to another site."""
    if not isinstance(raw, str) or not raw.startswith("/inbox") or raw.startswith("//"):
        return "/inbox"
    if "\\" in raw or any(ord(c) < 32 for c in raw) or raw.startswith("/inbox/login"):
        return "/inbox"
    return raw


def _is_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address((address or "").split("%")[0]).is_loopback
    except ValueError:
        return False


def _same_origin(request: web.Request) -> bool:
    """A POST whose Origin (when the browser sends one) is this server; proxies may change the scheme."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    return urlsplit(origin).netloc.lower() == (request.host or "").lower()
