"""A stand-in for the Nextcloud "gPodder Sync" app's API, written from its documentation
(no Nextcloud runs here): four endpoints under /index.php/apps/gpoddersync, Basic auth on
every request, one subscription list and one action list for the account, ``since`` as
the time of the change. Everything else is 404, as on a Nextcloud without the
gpodder.net API."""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

BASE = "/index.php/apps/gpoddersync"


class NextcloudStandIn:
    def __init__(self, user: str, password: str) -> None:
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.lock = threading.Lock()
        self.subscriptions: dict[str, tuple[bool, float]] = {}  # url -> (subscribed, when)
        self.actions: list[tuple[float, dict[str, object]]] = []  # (when uploaded, action)
        self.paths: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._answer(None)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._answer(json.loads(self.rfile.read(length) or b"null"))

            def _answer(self, body: object) -> None:
                parts = urlsplit(self.path)
                owner.paths.append(parts.path)
                if self.headers.get("Authorization") != owner.auth:
                    return self._send(401, {"message": "unauthorised"})
                since = float(parse_qs(parts.query).get("since", ["0"])[0])
                answer = owner.handle(self.command, parts.path, since, body)
                if answer is None:
                    return self._send(404, {"message": "not found"})
                return self._send(200, answer)

            def _send(self, status: int, data: object) -> None:
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> NextcloudStandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, method: str, path: str, since: float, body: object) -> object | None:
        now = time.time()
        with self.lock:
            if (method, path) == ("GET", f"{BASE}/subscriptions"):
                changed = [(u, on) for u, (on, when) in self.subscriptions.items() if when > since]
                return {
                    "add": [u for u, on in changed if on],
                    "remove": [u for u, on in changed if not on],
                    "timestamp": int(now),
                }
            if (method, path) == ("POST", f"{BASE}/subscription_change/create"):
                assert isinstance(body, dict)
                for url in body.get("add", []):
                    self.subscriptions[url] = (True, now)
                for url in body.get("remove", []):
                    self.subscriptions[url] = (False, now)
                return {"timestamp": int(now)}
            if (method, path) == ("GET", f"{BASE}/episode_action"):
                found = [action for when, action in self.actions if when >= since]
                return {"actions": found, "timestamp": int(now)}
            if (method, path) == ("POST", f"{BASE}/episode_action/create"):
                assert isinstance(body, list)
                self.actions.extend((now, action) for action in body)
                return {"timestamp": int(now)}
        return None
