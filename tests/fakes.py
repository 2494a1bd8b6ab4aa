"""Real HTTP servers on 127.0.0.1 for the tests: a fake Telegram Bot API and a feed server."""

from __future__ import annotations

import contextlib
import email.policy
import json
import math
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_ID = 4242
MAX_TEXT = 4096  # UTF-16 code units of the text once the HTML is parsed


@dataclass
class Flood:
    """Telegram's flood limits, as the fake enforces them (windows may be shrunk to run fast).

    Arrival times jitter, so a window counts as ``slack`` of its length, like the real
    server, which is not exact either.
    """

    per_second: int = 30
    group_messages: int = 20
    group_window: float = 60.0
    private_interval: float = 1.0
    second: float = 1.0
    slack: float = 0.9
    _global: deque[float] = field(default_factory=deque)
    _chats: dict[int, deque[float]] = field(default_factory=dict)

    def retry_after(self, chat_id: int, now: float) -> int | None:
        """Seconds to wait when a message now would break a limit (and then it is not counted), else None."""
        window = self.second * self.slack
        while self._global and self._global[0] <= now - window:
            self._global.popleft()
        wait = 0.0
        if len(self._global) >= self.per_second:
            wait = self._global[0] + window - now
        sent = self._chats.setdefault(chat_id, deque())
        if chat_id < 0:
            window = self.group_window * self.slack
            while sent and sent[0] <= now - window:
                sent.popleft()
            if len(sent) >= self.group_messages:
                wait = max(wait, sent[0] + window - now)
        elif sent and now - sent[-1] < self.private_interval * self.slack:
            wait = max(wait, sent[-1] + self.private_interval * self.slack - now)
        if wait > 0:
            return max(1, math.ceil(wait))
        self._global.append(now)
        sent.append(now)
        return None


class _Text(HTMLParser):
    """What Telegram does with parse_mode=HTML: the visible text, and whether the tags nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.open: list[str] = []
        self.broken = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.broken = True

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_message(text: str) -> str | None:
    """Telegram's 400 for a message it would refuse, else None."""
    parsed = _Text()
    parsed.feed(text)
    parsed.close()
    if parsed.broken or parsed.open:
        return "Bad Request: can't parse entities: unclosed or mismatched tag"
    length = len("".join(parsed.text).encode("utf-16-le")) // 2
    if length == 0:
        return "Bad Request: message text is empty"
    if length > MAX_TEXT:
        return "Bad Request: message is too long"
    return None


BOT_USERNAME = "releasewatch_test_bot"
_RAW = {"text", "query", "description"}


@dataclass
class FakeTelegram:
    """Enough of the Bot API for releasewatch: updates in, messages out, chat members."""

    token: str = "123456:TEST-TOKEN"
    sent: list[dict[str, Any]] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)
    admins: dict[int, set[int]] = field(default_factory=dict)  # chat id -> admin user ids
    failures: list[tuple[int | None, int, str, dict[str, Any]]] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)  # answerCallbackQuery texts
    edits: list[dict[str, Any]] = field(default_factory=list)
    flood: Flood | None = None  # enforce Telegram's flood limits
    down: tuple[int, str] | None = None  # every sendMessage answers this (status, description)
    latency: float = 0.0  # seconds sendMessage takes to answer
    reject_token: bool = False  # answer every call as Telegram does for a revoked token
    refused: list[tuple[int, str]] = field(default_factory=list)  # (status, description) of every error answered
    webhook: dict[str, str] | None = None  # setWebhook's url and secret_token: updates are posted there
    documents: list[dict[str, Any]] = field(default_factory=list)  # sendDocument: chat_id, filename, content
    channels: dict[str, int] = field(default_factory=dict)  # public channels: @username -> chat id
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _next_update: int = 1
    _next_message: int = 1
    _cond: threading.Condition = field(default_factory=threading.Condition)

    # -- what tests do -------------------------------------------------------------

    def user_says(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        sender_chat: bool = False,
        language: str = "en",
        topic: int | None = None,
        forwarded_from: int | None = None,
        to: str | None = None,
    ) -> None:
        """Queue a message from a user, as Telegram would deliver it through getUpdates (or post it to the webhook:
        ``to`` one process's own, as a load balancer in front of several would pick it)."""
        user_id = user_id if user_id is not None else abs(chat_id)
        entities = []
        if text.startswith("/"):
            entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "Test group"
        message: dict[str, Any] = {
            "message_id": self._take_message_id(),
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": "Tester", "language_code": language},
            "text": text,
            "entities": entities,
        }
        if forwarded_from is not None:  # a post forwarded from a channel
            origin_chat = {"id": forwarded_from, "type": "channel", "title": "A channel"}
            message["forward_origin"] = {"type": "channel", "chat": origin_chat, "message_id": 5, "date": 0}
        if topic is not None:  # a forum group's topic
            chat["is_forum"] = True
            message.update(message_thread_id=topic, is_topic_message=True)
        if sender_chat:
            message["sender_chat"] = chat
            message["from"] = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
        with self._cond:
            update = {"update_id": self._next_update, "message": message}
            self._next_update += 1
            if self.webhook is None and to is None:
                self._updates.append(update)
                self._cond.notify_all()
        if self.webhook is not None or to is not None:
            self.post_update(update, url=to)

    def post_update(self, update: dict[str, Any], secret: str | None = None, url: str | None = None) -> int:
        """Post an update to the webhook (or to ``url``), as Telegram does; the HTTP status the bot answered."""
        assert self.webhook is not None
        request = urllib.request.Request(
            url or self.webhook["url"],
            data=json.dumps(update).encode(),
            headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": secret if secret is not None else self.webhook["secret_token"],
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as e:
            return e.code

    def queue_update(self, **update: Any) -> None:
        """Queue any update (my_chat_member, callback_query, a service message)."""
        with self._cond:
            self._updates.append({"update_id": self._next_update, **update})
            self._next_update += 1
            self._cond.notify_all()

    def bot_membership(self, chat_id: int, old: str, new: str, by_user: int = 7, chat_type: str = "supergroup") -> None:
        """The bot was added to (old="left", new="member") or removed from a group, or blocked/unblocked."""
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "releasewatch", "username": BOT_USERNAME}
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "Test group"
        self.queue_update(
            my_chat_member={
                "chat": chat,
                "from": {"id": by_user, "is_bot": False, "first_name": "Admin", "language_code": "be"},
                "date": int(time.time()),
                "old_chat_member": _member(old, bot),
                "new_chat_member": _member(new, bot),
            }
        )

    def group_migrated(self, old_id: int, new_id: int) -> None:
        self.queue_update(
            message={
                "message_id": self._take_message_id(),
                "date": int(time.time()),
                "chat": {"id": old_id, "type": "group", "title": "Test group"},
                "from": {"id": 7, "is_bot": False, "first_name": "Admin"},
                "migrate_to_chat_id": new_id,
            }
        )

    def press_button(
        self, chat_id: int, user_id: int, data: str, chat_type: str = "supergroup", message_id: int | None = None
    ) -> None:
        """Press a button under one of the bot's messages to the chat (by default its latest)."""
        with self._cond:
            latest = next(
                (
                    m
                    for m in reversed(self.sent)
                    if m["chat_id"] == chat_id and message_id in (None, m.get("message_id"))
                ),
                None,
            )
        message: dict[str, Any] = {
            "message_id": int(latest["message_id"]) if latest else 1,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type, "title": "Test group"},
            "text": str(latest["text"]) if latest else "settings",
        }
        if latest is not None and latest.get("reply_markup"):
            message["reply_markup"] = latest["reply_markup"]
        self.queue_update(
            callback_query={
                "id": str(self._take_message_id()),
                "from": {"id": user_id, "is_bot": False, "first_name": "Tester"},
                "chat_instance": "ci",
                "data": data,
                "message": message,
            }
        )

    def fail_next(self, chat_id: int | None, status: int, description: str, **parameters: Any) -> None:
        """The next sendMessage (to ``chat_id``, or any) answers with this error."""
        self.failures.append((chat_id, status, description, parameters))

    def pending_updates(self) -> int:
        """Updates the bot has not fetched yet."""
        with self._cond:
            return len(self._updates)

    def messages_to(self, chat_id: int) -> list[str]:
        return [m["text"] for m in self.sent if m["chat_id"] == chat_id]

    def wait_for_messages(self, chat_id: int, count: int, timeout: float = 10.0) -> list[str]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.messages_to(chat_id)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} messages to {chat_id}, got {self.messages_to(chat_id)}")
                self._cond.wait(left)
            return self.messages_to(chat_id)

    # -- the API -------------------------------------------------------------------

    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self.reject_token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if method == "getMe":
            return 200, _ok(
                {
                    "id": BOT_ID,
                    "is_bot": True,
                    "first_name": "releasewatch",
                    "username": BOT_USERNAME,
                    "can_join_groups": True,
                    "can_read_all_group_messages": False,
                    "supports_inline_queries": False,
                }
            )
        if method == "setWebhook":
            self.webhook = {"url": str(params["url"]), "secret_token": str(params.get("secret_token", ""))}
            return 200, _ok(True)
        if method == "getUpdates" and self.webhook is not None:
            description = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook"
            return 409, {"ok": False, "error_code": 409, "description": description}
        if method == "deleteWebhook":
            self.webhook = None
            return 200, _ok(True)
        if method in ("setMyCommands", "close", "logOut", "setMyDescription"):
            if method == "setMyCommands":
                self.commands = (
                    json.loads(params["commands"]) if isinstance(params["commands"], str) else params["commands"]
                )
            return 200, _ok(True)
        if method == "getUpdates":
            return 200, _ok(self._get_updates(int(params.get("offset", 0) or 0), float(params.get("timeout", 0) or 0)))
        if method == "sendMessage":
            return self._send_message(params)
        if method == "answerCallbackQuery":
            with self._cond:
                self.answers.append(str(params.get("text", "")))
                self._cond.notify_all()
            return 200, _ok(True)
        if method == "getChat":
            wanted = str(params["chat_id"])
            chat_id = self.channels.get(wanted) if wanted.startswith("@") else int(wanted)
            if chat_id is None or chat_id not in self.channels.values():
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
            name = next(n for n, i in self.channels.items() if i == chat_id)
            gifts = {k: True for k in ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription",
                                       "gifts_from_channels")}  # fmt: skip
            return 200, _ok({"id": chat_id, "type": "channel", "title": f"Channel {name}", "username": name[1:],
                             "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts})  # fmt: skip
        if method == "sendDocument":
            document = params["document"]
            with self._cond:
                self.documents.append({"chat_id": int(params["chat_id"]), "caption": params.get("caption"), **document})
                self._cond.notify_all()
            return 200, _ok({"message_id": self._take_message_id(), "date": int(time.time()),
                             "chat": {"id": int(params["chat_id"]), "type": "private"}})  # fmt: skip
        if method == "editMessageText":
            return self._edit_message(params)
        if method == "editMessageReplyMarkup":  # the buttons under a message: replaced, or gone
            with self._cond:
                chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
                target = next(m for m in self.sent if m["chat_id"] == chat_id and m.get("message_id") == message_id)
                target["reply_markup"] = params.get("reply_markup")
                self._cond.notify_all()
            return 200, _ok(True)
        if method == "getChatMember":
            chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
            status = "administrator" if user_id in self.admins.get(chat_id, set()) else "member"
            user = {"id": user_id, "is_bot": False, "first_name": "Tester"}
            member: dict[str, Any] = {"status": status, "user": user}
            if status == "administrator":
                member.update(
                    {
                        k: True
                        for k in (
                            "can_be_edited",
                            "can_manage_chat",
                            "can_delete_messages",
                            "can_restrict_members",
                            "can_promote_members",
                            "can_change_info",
                            "can_invite_users",
                            "is_anonymous",
                            "can_manage_video_chats",
                            "can_post_stories",
                            "can_edit_stories",
                            "can_delete_stories",
                        )
                    }
                )
                member["is_anonymous"] = False
            return 200, _ok(member)
        return 404, {"ok": False, "error_code": 404, "description": f"Not Found: method {method}"}

    def _get_updates(self, offset: int, timeout: float) -> list[dict[str, Any]]:
        deadline = time.monotonic() + min(timeout, 0.3)
        with self._cond:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            return list(self._updates)

    @property
    def flood_errors(self) -> int:
        return sum(1 for status, _ in self.refused if status == 429)

    def _send_message(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = int(params["chat_id"])
        time.sleep(self.latency)
        failure = self._failure(chat_id, params)
        if failure is not None:
            status, description, parameters = failure
            with self._cond:
                self.refused.append((status, description))
            body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
            if parameters:
                body["parameters"] = parameters
            return status, body
        message_id = self._take_message_id()
        with self._cond:
            self.sent.append(
                {
                    "chat_id": chat_id,
                    "text": params["text"],
                    "parse_mode": params.get("parse_mode"),
                    "at": time.monotonic(),
                    "message_id": message_id,
                    "reply_markup": params.get("reply_markup"),
                    "silent": str(params.get("disable_notification", "")).lower() == "true",
                    "topic": int(params["message_thread_id"]) if params.get("message_thread_id") else None,
                }
            )
            self._cond.notify_all()
        return 200, _ok(
            {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "text": params["text"],
            }
        )

    def _failure(self, chat_id: int, params: dict[str, Any]) -> tuple[int, str, dict[str, Any]] | None:
        with self._cond:
            for i, (target, status, description, parameters) in enumerate(self.failures):
                if target in (None, chat_id):
                    del self.failures[i]
                    return status, description, parameters
            if self.down is not None:
                return self.down[0], self.down[1], {}
            if params.get("parse_mode") == "HTML" and (problem := check_message(str(params["text"]))):
                return 400, problem, {}
            if self.flood is not None and (wait := self.flood.retry_after(chat_id, time.monotonic())):
                return 429, f"Too Many Requests: retry after {wait}", {"retry_after": wait}
        return None

    def _edit_message(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Edit a message sent before (by its id), as Telegram does, refusing what Telegram refuses."""
        chat_id, text = int(params["chat_id"]), str(params["text"])
        with self._cond:
            self.edits.append({"chat_id": chat_id, "text": text, "reply_markup": params.get("reply_markup")})
            target = next(
                (m for m in self.sent if m["chat_id"] == chat_id and m.get("message_id") == int(params["message_id"])),
                None,
            )
            problem = check_message(text) if params.get("parse_mode") == "HTML" else None
            if target is None:
                problem = "Bad Request: message to edit not found"
            elif target["text"] == text:
                problem = "Bad Request: message is not modified"
            if target is not None and not problem:
                target["text"] = text
            self._cond.notify_all()
        if problem:
            return 400, {"ok": False, "error_code": 400, "description": problem}
        return 200, _ok(
            {
                "message_id": int(params["message_id"]),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "text": text,
            }
        )

    def _take_message_id(self) -> int:
        self._next_message += 1
        return self._next_message


def _member(status: str, user: dict[str, Any]) -> dict[str, Any]:
    member = {"status": status, "user": user}
    return {**member, "until_date": 0} if status == "kicked" else member


def _ok(result: Any) -> dict[str, Any]:
    return {"ok": True, "result": result}


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "application/rss+xml"
    etag: str | None = None
    hits: int = 0
    delay: float = 0.0  # seconds before answering: a slow source
    hold: threading.Event | None = None  # answer only once set: a hung source
    trickle: float = 0.0  # seconds between the body's bytes: a slow-loris source
    headers: dict[str, str] = field(default_factory=dict)  # e.g. Content-Encoding
    body_for: Callable[[int], bytes] | None = None  # the body for the n-th hit: a feed that changes
    seen_headers: list[dict[str, str]] = field(default_factory=list)  # each request's headers


@dataclass
class FeedServer:
    """Serves fixture documents by path; tests change them between polls."""

    routes: dict[str, Route] = field(default_factory=dict)

    def handle(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes, float]:
        """(status, headers, body, seconds between the body's bytes)."""
        route = self.routes.get(path)
        if route is None:
            return 404, {"Content-Type": "text/plain"}, b"not found", 0.0
        route.hits += 1
        route.seen_headers.append(headers)
        time.sleep(route.delay)
        if route.hold is not None:
            route.hold.wait(60)
        if route.etag and headers.get("if-none-match") == route.etag:
            return 304, {"ETag": route.etag}, b"", 0.0
        out = {"Content-Type": route.content_type, **route.headers}
        if route.etag:
            out["ETag"] = route.etag
        body = route.body_for(route.hits) if route.body_for else route.body
        return route.status, out, body, route.trickle


class Proxy:
    """A forward HTTP proxy on 127.0.0.1 (what ``proxy: http://…`` in feeds.yaml points at): it relays
    each request to the address in its request line and remembers which it relayed."""

    def __init__(self) -> None:
        self.relayed: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                outer.relayed.append(self.path)
                wanted = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-connection", "host")}
                try:
                    with urllib.request.urlopen(urllib.request.Request(self.path, headers=wanted), timeout=10) as r:
                        status, headers, body = r.status, r.headers, r.read()
                except urllib.error.HTTPError as e:
                    status, headers, body = e.code, e.headers, e.read()
                self.send_response(status)
                for key, value in headers.items():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> Proxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Server:
    """Run a FakeTelegram or FeedServer on 127.0.0.1, port 0, in a thread."""

    def __init__(self, app: FakeTelegram | FeedServer) -> None:
        outer = app

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def handle(self) -> None:
                with contextlib.suppress(ConnectionResetError, BrokenPipeError):  # a client gave up
                    super().handle()

            def do_GET(self) -> None:
                self._dispatch(b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._dispatch(self.rfile.read(length))

            def _dispatch(self, raw: bytes) -> None:
                trickle = 0.0
                if isinstance(outer, FeedServer):
                    request_headers = {k.lower(): v for k, v in self.headers.items()}
                    status, headers, body, trickle = outer.handle(self.path, request_headers)
                else:
                    method = self.path.rsplit("/", 1)[-1]
                    status, payload = outer.handle(method, _params(raw, self.headers.get("Content-Type", "")))
                    headers, body = {"Content-Type": "application/json"}, json.dumps(payload).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                # the client may give up (a long poll cut short at shutdown)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if not trickle:
                        self.wfile.write(body)
                    for byte in body if trickle else b"":
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(trickle)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _params(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)  # type: ignore[no-any-return]
    if content_type.startswith("multipart/form-data"):  # a file: its part stays bytes, with its file name
        message = BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + raw
        )
        parts: dict[str, Any] = {}
        for part in message.iter_parts():
            name, filename = part.get_param("name", header="content-disposition"), part.get_filename()
            payload = part.get_payload(decode=True)
            body = payload if isinstance(payload, bytes) else b""
            parts[str(name)] = {"filename": filename, "content": body} if filename else body.decode()
        return parts
    out: dict[str, Any] = {}
    for key, value in parse_qsl(raw.decode(), keep_blank_values=True):
        if key in _RAW:
            out[key] = value
            continue
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


def rss(items: list[dict[str, str]], title: str = "Fixture feed") -> bytes:
    """A small RSS 2.0 document; values are inserted as given (escape them yourself)."""
    body = "".join("<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in item.items()) + "</item>" for item in items)
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://example.org/</link><description>fixture</description>{body}</channel></rss>"
    ).encode()
