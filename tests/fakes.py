"""Real HTTP servers on 127.0.0.1 for the tests: a fake Telegram Bot API and a feed server."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_ID = 4242
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
    ) -> None:
        """Queue a message from a user, as Telegram would deliver it through getUpdates."""
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
        if sender_chat:
            message["sender_chat"] = chat
            message["from"] = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
        with self._cond:
            self._updates.append({"update_id": self._next_update, "message": message})
            self._next_update += 1
            self._cond.notify_all()

    def queue_update(self, **update: Any) -> None:
        """Queue any update (my_chat_member, callback_query, a service message)."""
        with self._cond:
            self._updates.append({"update_id": self._next_update, **update})
            self._next_update += 1
            self._cond.notify_all()

    def bot_membership(self, chat_id: int, old: str, new: str, by_user: int = 7) -> None:
        """The bot was added to (old="left", new="member") or removed from a group."""
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "releasewatch", "username": BOT_USERNAME}
        self.queue_update(
            my_chat_member={
                "chat": {"id": chat_id, "type": "supergroup", "title": "Test group"},
                "from": {"id": by_user, "is_bot": False, "first_name": "Admin", "language_code": "be"},
                "date": int(time.time()),
                "old_chat_member": {"status": old, "user": bot},
                "new_chat_member": {"status": new, "user": bot},
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

    def press_button(self, chat_id: int, user_id: int, data: str, chat_type: str = "supergroup") -> None:
        self.queue_update(
            callback_query={
                "id": str(self._take_message_id()),
                "from": {"id": user_id, "is_bot": False, "first_name": "Tester"},
                "chat_instance": "ci",
                "data": data,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "chat": {"id": chat_id, "type": chat_type, "title": "Test group"},
                    "text": "settings",
                },
            }
        )

    def fail_next(self, chat_id: int | None, status: int, description: str, **parameters: Any) -> None:
        """The next sendMessage (to ``chat_id``, or any) answers with this error."""
        self.failures.append((chat_id, status, description, parameters))

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
        if method in ("deleteWebhook", "setMyCommands", "close", "logOut", "setMyDescription"):
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
        if method == "editMessageText":
            with self._cond:
                self.edits.append({"chat_id": int(params["chat_id"]), "text": params["text"]})
                self._cond.notify_all()
            return 200, _ok(
                {
                    "message_id": int(params["message_id"]),
                    "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "supergroup"},
                    "text": params["text"],
                }
            )
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

    def _send_message(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = int(params["chat_id"])
        for i, (target, status, description, parameters) in enumerate(self.failures):
            if target in (None, chat_id):
                del self.failures[i]
                body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
                if parameters:
                    body["parameters"] = parameters
                return status, body
        with self._cond:
            self.sent.append({"chat_id": chat_id, "text": params["text"], "parse_mode": params.get("parse_mode")})
            self._cond.notify_all()
        return 200, _ok(
            {
                "message_id": self._take_message_id(),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "text": params["text"],
            }
        )

    def _take_message_id(self) -> int:
        self._next_message += 1
        return self._next_message


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


@dataclass
class FeedServer:
    """Serves fixture documents by path; tests change them between polls."""

    routes: dict[str, Route] = field(default_factory=dict)

    def handle(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        route = self.routes.get(path)
        if route is None:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        route.hits += 1
        time.sleep(route.delay)
        if route.hold is not None:
            route.hold.wait(60)
        if route.etag and headers.get("if-none-match") == route.etag:
            return 304, {"ETag": route.etag}, b""
        out = {"Content-Type": route.content_type}
        if route.etag:
            out["ETag"] = route.etag
        return route.status, out, route.body


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
                if isinstance(outer, FeedServer):
                    status, headers, body = outer.handle(self.path, {k.lower(): v for k, v in self.headers.items()})
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
                    self.wfile.write(body)

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
