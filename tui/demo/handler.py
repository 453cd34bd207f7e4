"""The demo's HTTP handling: one threaded server answering GET and HEAD from the site.

Every answer is logged (method, path, status, range) for tests to read, nothing is
written to the terminal, and audio can be paced at ``media_rate`` bytes a second, like a
podcast host far away. Closing drops open connections, so a paced download stops at once.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from time import monotonic, sleep
from typing import Any

from tui.demo.conditions import http_date, if_range_holds, not_modified, parse_range
from tui.demo.site import DemoSite


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    method: str
    path: str
    status: int
    range: str | None


class DemoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "podtui-demo"
    sys_version = ""
    timeout = 30
    disable_nagle_algorithm = True  # headers and body go out at once
    server: DemoHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # never write to the terminal
        pass

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _not_allowed(self) -> None:
        self._answer(405, b"method not allowed\n", "text/plain", head=False, allow="GET, HEAD")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def _answer(
        self,
        status: int,
        body: bytes,
        content_type: str,
        *,
        head: bool,
        allow: str | None = None,
    ) -> None:
        self._log(status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if allow:
            self.send_header("Allow", allow)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _log(self, status: int) -> None:
        path = self.path.split("?", 1)[0]
        self.server.log.append(LoggedRequest(self.command, path, status, self.headers.get("Range")))

    def _serve(self, *, head: bool) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        resource = self.server.site.lookup(path)
        if resource is None:
            self._answer(404, b"not found\n", "text/plain; charset=utf-8", head=head)
            return
        modified = http_date(resource.last_modified)
        if not_modified(self.headers, resource):
            self._log(304)
            self.send_response(304)
            self.send_header("ETag", resource.etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            return
        body = resource.body
        total = len(body)
        status, start, end = 200, 0, total - 1
        wanted = self.headers.get("Range")
        if wanted and if_range_holds(self.headers, resource):
            chosen = parse_range(wanted, total)
            if chosen is False:
                self._log(416)
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{total}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if chosen:
                status, (start, end) = 206, chosen
        self._log(status)
        self.send_response(status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(end - start + 1 if total else 0))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", resource.etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Cache-Control", "no-cache")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{total}")
        self.end_headers()
        if not head and total:
            rate = self.server.media_rate if resource.content_type.startswith("audio/") else None
            self._send(body[start : end + 1], rate)

    def _send(self, data: bytes, rate: int | None) -> None:
        if not rate:
            self.wfile.write(data)
            return
        piece = max(1, rate // 10)  # ten writes a second
        started = monotonic()
        for offset in range(0, len(data), piece):
            due = started + offset / rate
            delay = due - monotonic()
            if delay > 0:
                sleep(delay)
            self.wfile.write(data[offset : offset + piece])


class DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(
        self,
        site_factory: Callable[[DemoHTTPServer], DemoSite],
        address: tuple[str, int],
        media_rate: int | None = None,
    ) -> None:
        super().__init__(address, DemoHandler)
        self.media_rate = media_rate
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self.log: deque[LoggedRequest] = deque(maxlen=2000)
        try:
            self.site: DemoSite = site_factory(self)
        except BaseException:
            self.server_close()
            raise

    def track(self, connection: socket.socket, alive: bool) -> None:
        with self._connections_lock:
            if alive:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def drop_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:  # a client hung up
        pass
