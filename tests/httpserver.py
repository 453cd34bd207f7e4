"""A real HTTP/1.1 server on 127.0.0.1 for tests, with ways to misbehave.

Usage, as a pytest fixture (add ``from tests.httpserver import http_server`` to a
conftest or test module)::

    def test_something(http_server):
        http_server.route("/feed.xml", b"<rss/>", headers={"ETag": '"v1"'})
        http_server.file("/ep.mp3", data, etag='"e1"', drop_after=1000)
        http_server.redirect("/old", "/feed.xml", status=301)
        url = http_server.url("/old")
        ...
        assert http_server.requests_to("/feed.xml")[0].header("user-agent")

or as a context manager anywhere: ``with HTTPTestServer() as server: ...``
(``HTTPTestServer(tls=True)`` serves HTTPS with a self-signed certificate).

Routes map a path (without the query string) to a handler. Besides static bodies and
files (full single-range support, 206/416, ETag/Last-Modified and 304), there are
redirects, a trickling body, a stalled body, lazily generated compression bombs,
connections dropped midway, and custom callables getting an :class:`Exchange`.
Every request is logged (method, path, headers); the peak number of requests waiting
in delayed routes at the same time is tracked (``peak_waiting``). Handler errors other
than a vanished client are recorded in ``errors`` and fail the fixture at teardown.
"""

from __future__ import annotations

import atexit
import contextlib
import email.utils
import functools
import gzip
import shutil
import socket
import ssl
import struct
import subprocess
import tempfile
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

try:
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


@dataclass(slots=True)
class LoggedRequest:
    method: str
    path: str  # the request target as sent, query string included
    headers: dict[str, str]  # names lower-cased
    when: float
    status: int | None = None  # the status answered, once sent
    peer: tuple[str, int] | None = None  # the client's address: one per connection

    @property
    def route(self) -> str:
        return self.path.split("?", 1)[0]

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(slots=True)
class Response:
    """What a custom handler may return instead of writing the answer itself."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class Exchange:
    """One request as a custom handler sees it, with ways to answer or misbehave."""

    def __init__(self, handler: _Handler, server: HTTPTestServer, request: LoggedRequest):
        self._handler = handler
        self.server = server
        self.request = request
        self.head = request.method == "HEAD"
        self.headers_sent = False
        self._chunked = False

    @property
    def stopping(self) -> threading.Event:
        """Set when the server shuts down: long-running handlers must return."""
        return self.server.stopping

    def sleep(self, seconds: float) -> bool:
        """Sleep unless the server stops first; False when it is stopping."""
        return not self.server.stopping.wait(seconds)

    def send_headers(
        self,
        status: int = 200,
        headers: dict[str, str] | None = None,
        *,
        length: int | None = None,
        chunked: bool = False,
        close: bool = False,
    ) -> None:
        """Start an answer. Without ``length`` or ``chunked`` the body ends when the
        connection closes (the connection is closed after the handler)."""
        h = self._handler
        h.send_response(status)
        self.request.status = status
        names = set()
        for name, value in (headers or {}).items():
            h.send_header(name, value)
            names.add(name.lower())
        if length is not None and "content-length" not in names:
            h.send_header("Content-Length", str(length))
        if chunked:
            h.send_header("Transfer-Encoding", "chunked")
            self._chunked = True
        delimited_by_close = length is None and not chunked and "content-length" not in names
        if close or (delimited_by_close and status not in (204, 304) and status >= 200):
            h.send_header("Connection", "close")
            h.close_connection = True
        h.end_headers()
        self.headers_sent = True

    def write(self, data: bytes) -> bool:
        """Send body bytes (as one chunk when chunked); False when the client is gone."""
        if self.head or not data:
            return True
        try:
            if self._chunked:
                self._handler.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            else:
                self._handler.wfile.write(data)
            self._handler.wfile.flush()
        except (*_GONE, OSError):
            self._handler.close_connection = True
            return False
        return True

    def end(self) -> bool:
        """Finish a chunked body."""
        if self._chunked and not self.head:
            try:
                self._handler.wfile.write(b"0\r\n\r\n")
                self._handler.wfile.flush()
            except (*_GONE, OSError):
                self._handler.close_connection = True
                return False
        return True

    def respond(
        self, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        """A complete answer with a Content-Length."""
        no_body = status in (204, 304) or 100 <= status < 200
        self.send_headers(status, headers, length=None if no_body else len(body))
        if not no_body:
            self.write(body)

    def drop(self) -> None:
        """Close the connection at once (a broken transfer)."""
        h = self._handler
        h.close_connection = True
        with contextlib.suppress(OSError):
            h.wfile.flush()
        with contextlib.suppress(OSError):
            h.connection.shutdown(socket.SHUT_RDWR)


Handler = Callable[[Exchange], Response | None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "podtui-test/1"
    timeout = 15  # idle keep-alive connections do not linger forever
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.owner._connection_opened(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        self.server.owner._connection_closed(self.connection)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.owner._dispatch(self)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # the body is read and dropped; routes answer as for GET
        length = self.headers.get("Content-Length", "0").strip()
        if length.isdigit() and int(length):
            self.rfile.read(int(length))
        self.server.owner._dispatch(self)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    owner: HTTPTestServer

    def process_request(self, request, client_address) -> None:
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        self.owner._threads.append(thread)
        thread.start()

    def handle_error(self, request, client_address) -> None:
        pass  # errors inside handlers are recorded by _dispatch


class HTTPTestServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 and a random port."""

    def __init__(self, host: str = "127.0.0.1", *, tls: bool = False) -> None:
        """``tls`` serves HTTPS with a fresh self-signed certificate (which clients
        are expected to reject)."""
        self.host = host
        self.tls = tls
        self.routes: dict[str, Handler] = {}
        self.requests: list[LoggedRequest] = []
        self.errors: list[str] = []
        self.stopping = threading.Event()
        # Requests sleeping in a delayed route right now, and the most there ever were:
        # a request only counts before its answer is written, so a client slot freed by
        # reading the answer cannot overlap with it.
        self.waiting = 0
        self.peak_waiting = 0
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._connections: set[socket.socket] = set()
        self._httpd: _Server | None = None
        self._serve_thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> HTTPTestServer:
        httpd = _Server((self.host, 0), _Handler)
        httpd.owner = self
        if self.tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self_signed_certificate())
            # The handshake happens in the handler thread, not in the accept loop.
            httpd.socket = context.wrap_socket(
                httpd.socket, server_side=True, do_handshake_on_connect=False
            )
        self._httpd = httpd
        self._serve_thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._serve_thread.start()
        return self

    def drop_connections(self) -> None:
        """Close every open connection, kept-alive idle ones included (as servers do)."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving, break open connections (trickles included) and join threads."""
        self.stopping.set()
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        httpd.server_close()
        limit = time.monotonic() + timeout
        for thread in [*self._threads, self._serve_thread]:
            if thread is not None:
                thread.join(max(0.0, limit - time.monotonic()))
        alive = [t for t in self._threads if t.is_alive()]
        if alive:
            self.errors.append(f"{len(alive)} handler thread(s) still running after stop")

    def __enter__(self) -> HTTPTestServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    def url(self, path: str = "/", *, host: str | None = None) -> str:
        """``http://127.0.0.1:<port><path>``; ``host`` names it differently (localhost)."""
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host or self.host}:{self.port}{path}"

    # ------------------------------------------------------------------ log

    def requests_to(self, path: str) -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.requests if r.route == path]

    def last(self, path: str) -> LoggedRequest:
        found = self.requests_to(path)
        assert found, f"no request to {path}"
        return found[-1]

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()
            self.peak_waiting = self.waiting

    # ------------------------------------------------------------------ routes

    def handle(self, path: str, handler: Handler) -> None:
        """Serve ``path`` with a callable ``handler(exchange) -> Response | None``."""
        self.routes[path] = handler

    def handler(self, path: str) -> Callable[[Handler], Handler]:
        """Decorator form of :meth:`handle`."""

        def register(function: Handler) -> Handler:
            self.handle(path, function)
            return function

        return register

    def route(
        self,
        path: str,
        body: bytes = b"",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        content_type: str | None = "application/xml",
        encoding: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """A fixed answer. ``encoding`` (gzip, deflate, raw-deflate, br) compresses the
        body and sets Content-Encoding; ``delay`` sleeps before answering."""
        all_headers = {"Content-Type": content_type} if content_type else {}
        payload = body
        if encoding:
            payload = _compress(body, encoding)
            all_headers["Content-Encoding"] = "deflate" if encoding == "raw-deflate" else encoding
        all_headers.update(headers or {})

        def answer(exchange: Exchange) -> None:
            if delay:
                with self._lock:
                    self.waiting += 1
                    self.peak_waiting = max(self.peak_waiting, self.waiting)
                try:
                    if not exchange.sleep(delay):
                        return
                finally:
                    with self._lock:
                        self.waiting -= 1
            exchange.respond(status, payload, all_headers)

        self.handle(path, answer)

    def slow(self, path: str, body: bytes = b"ok", *, delay: float = 0.3) -> None:
        """Answers after ``delay`` seconds (see ``peak_waiting``)."""
        self.route(path, body, delay=delay)

    def redirect(self, path: str, to: str, *, status: int = 302) -> None:
        """Redirect ``path`` to ``to`` (absolute or relative, sent as is)."""
        self.route(path, b"", status=status, headers={"Location": to}, content_type=None)

    def file(
        self,
        path: str,
        data: bytes,
        *,
        content_type: str = "application/octet-stream",
        etag: str | None = None,
        last_modified: str | float | None = None,
        ignore_range: bool = False,
        drop_after: int | None = None,
        drops: int = 1,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve ``data`` like a static file server: single byte ranges (206, 416,
        If-Range), ETag / Last-Modified with 304 for If-None-Match / If-Modified-Since.

        ``ignore_range`` answers 200 with the whole body regardless of Range.
        ``drop_after`` sends that many body bytes of the answer and then closes the
        connection, for the first ``drops`` answers (later ones are whole).
        ``last_modified`` is an HTTP date or a Unix time."""
        if isinstance(last_modified, int | float):
            last_modified = email.utils.formatdate(last_modified, usegmt=True)
        remaining_drops = [drops if drop_after is not None else 0]
        size = len(data)

        def answer(exchange: Exchange) -> None:
            request = exchange.request
            base = {
                "Content-Type": content_type,
                "Accept-Ranges": "none" if ignore_range else "bytes",
            }
            if etag:
                base["ETag"] = etag
            if last_modified:
                base["Last-Modified"] = last_modified
            base.update(headers or {})
            if _not_modified(request, etag, last_modified):
                validators = {k: v for k, v in base.items() if k in ("ETag", "Last-Modified")}
                exchange.respond(304, b"", validators)
                return
            status, first, last = 200, 0, size - 1
            wanted = request.header("range")
            if_range = request.header("if-range")
            if (
                wanted
                and not ignore_range
                and (if_range is None or if_range in (etag, last_modified))
            ):
                span = _parse_range(wanted, size)
                if span == "unsatisfiable":
                    exchange.respond(416, b"", {"Content-Range": f"bytes */{size}"})
                    return
                if span is not None:
                    status, (first, last) = 206, span
            body = data[first : last + 1]
            if status == 206:
                base["Content-Range"] = f"bytes {first}-{last}/{size}"
            with self._lock:
                drop = remaining_drops[0] > 0
                if drop:
                    remaining_drops[0] -= 1
            exchange.send_headers(status, base, length=len(body))
            if drop and drop_after is not None:
                exchange.write(body[:drop_after])
                exchange.drop()
                return
            exchange.write(body)

        self.handle(path, answer)

    def trickle(
        self,
        path: str,
        *,
        interval: float = 0.2,
        byte: bytes = b" ",
        prefix: bytes = b"",
        length: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Send ``prefix`` and then one ``byte`` every ``interval`` seconds, forever
        (until the client goes away or the server stops). With ``length`` a
        Content-Length is announced; otherwise the body is chunked."""
        all_headers = {"Content-Type": "application/xml", **(headers or {})}

        def answer(exchange: Exchange) -> None:
            exchange.send_headers(200, all_headers, length=length, chunked=length is None)
            if prefix and not exchange.write(prefix):
                return
            while exchange.sleep(interval):
                if not exchange.write(byte):
                    return
            exchange.drop()

        self.handle(path, answer)

    def stall(
        self, path: str, *, prefix: bytes = b"", length: int | None = None, headers=None
    ) -> None:
        """Send ``prefix`` and then nothing more until the server stops."""
        self.trickle(path, interval=3600, prefix=prefix, length=length, headers=headers)

    def bomb(
        self,
        path: str,
        *,
        encoding: str = "gzip",
        inflated: int = 10 * 1024**3,
        write_size: int = 64 * 1024,
        headers: dict[str, str] | None = None,
    ) -> None:
        """A compressed body of ``inflated`` zero bytes (gzip or br), generated lazily
        while it is sent, chunked with no Content-Length, in writes of ``write_size``
        compressed bytes (64 KB of gzip inflate to ~64 MB, of br to far more). 10 GB of
        zeros is ~10 MB of gzip; the server stops producing it as soon as the client
        goes away."""
        if encoding == "br" and brotli is None:  # pragma: no cover
            raise RuntimeError("the brotli module is needed for a br bomb")
        all_headers = {
            "Content-Type": "application/xml",
            "Content-Encoding": encoding,
            **(headers or {}),
        }

        def answer(exchange: Exchange) -> None:
            exchange.send_headers(200, all_headers, chunked=True)
            pieces = gzip_zeros(inflated) if encoding == "gzip" else brotli_zeros(inflated)
            batch = bytearray()
            for piece in pieces:
                batch += piece
                if len(batch) >= write_size:
                    if exchange.stopping.is_set() or not exchange.write(bytes(batch)):
                        return
                    batch.clear()
            if exchange.write(bytes(batch)):
                exchange.end()

        self.handle(path, answer)

    # ------------------------------------------------------------------ internals

    def _connection_opened(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)

    def _connection_closed(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)

    def _dispatch(self, handler: _Handler) -> None:
        request = LoggedRequest(
            handler.command,
            handler.path,
            {name.lower(): value for name, value in handler.headers.items()},
            time.monotonic(),
            peer=handler.client_address[:2],
        )
        with self._lock:
            self.requests.append(request)
        exchange = Exchange(handler, self, request)
        try:
            route = self.routes.get(request.route)
            if route is None:
                exchange.respond(404, b"not found", {"Content-Type": "text/plain"})
                return
            answer = route(exchange)
            if isinstance(answer, Response):
                exchange.respond(answer.status, answer.body, answer.headers)
            elif not exchange.headers_sent:
                raise RuntimeError(f"handler for {request.route} sent no answer")
        except _GONE:
            handler.close_connection = True
        except Exception:
            self.errors.append(traceback.format_exc())
            handler.close_connection = True
            if not exchange.headers_sent:
                with contextlib.suppress(Exception):
                    exchange.respond(500, b"handler error", {"Content-Type": "text/plain"})


# ---------------------------------------------------------------------- helpers


def _compress(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(body)
    if encoding == "deflate":
        return zlib.compress(body)
    if encoding == "raw-deflate":
        compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return compressor.compress(body) + compressor.flush()
    if encoding == "br":
        if brotli is None:  # pragma: no cover
            raise RuntimeError("the brotli module is needed")
        return brotli.compress(body)
    raise ValueError(f"unknown encoding {encoding}")


def _parse_range(header: str, size: int) -> tuple[int, int] | str | None:
    """(first, last) for a single ``bytes=`` range, ``"unsatisfiable"``, or None to
    ignore the header (malformed or several ranges)."""
    spec = header.strip()
    if not spec.startswith("bytes=") or "," in spec:
        return None
    first_text, _, last_text = spec[6:].strip().partition("-")
    if not (first_text.isdigit() or last_text.isdigit()):
        return None
    if (first_text and not first_text.isdigit()) or (last_text and not last_text.isdigit()):
        return None
    if not first_text:  # suffix: the last N bytes
        count = int(last_text)
        if count == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - count), size - 1
    first = int(first_text)
    if last_text and int(last_text) < first:
        return None  # invalid: ignored
    if first >= size:
        return "unsatisfiable"
    last = int(last_text) if last_text else size - 1
    return first, min(last, size - 1)


def _not_modified(request: LoggedRequest, etag: str | None, last_modified: str | None) -> bool:
    if_none_match = request.header("if-none-match")
    if if_none_match is not None:
        if not etag:
            return False
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag.removeprefix("W/") in tags
    since = request.header("if-modified-since")
    if since and last_modified:
        try:
            return email.utils.parsedate_to_datetime(
                last_modified
            ) <= email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _zero_counts(total: int, block: int) -> Iterator[int]:
    full, rest = divmod(total, block)
    yield from (block for _ in range(full))
    if rest:
        yield rest


def gzip_zeros(total: int, block: int = 1024 * 1024) -> Iterator[bytes]:
    """A valid gzip stream of ``total`` zero bytes, produced piece by piece.

    After a full flush deflate forgets its history, so compressing the same block again
    gives the same bytes: one block is compressed once and repeated. The CRC of the
    trailer is only computed if the stream is read to its end."""
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # header: no name, no mtime
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zeros = bytes(block)
    repeated = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    for count in _zero_counts(total, block):
        if count == block:
            yield repeated
        else:
            yield compressor.compress(bytes(count)) + compressor.flush(zlib.Z_FULL_FLUSH)
    yield compressor.flush(zlib.Z_FINISH)
    crc = 0
    for count in _zero_counts(total, block):
        crc = zlib.crc32(zeros[:count], crc)
    yield struct.pack("<II", crc, total & 0xFFFFFFFF)


def brotli_zeros(total: int, block: int = 1024 * 1024) -> Iterator[bytes]:
    """A brotli stream of ``total`` zero bytes, produced piece by piece."""
    assert brotli is not None
    compressor = brotli.Compressor(quality=1)
    zeros = bytes(block)
    for count in _zero_counts(total, block):
        out = compressor.process(zeros if count == block else bytes(count))
        if out:
            yield out
        else:
            yield compressor.flush()
    yield compressor.finish()


@functools.cache
def self_signed_certificate() -> tuple[str, str]:
    """(certificate, key) files of a self-signed certificate for 127.0.0.1, made once
    per process with the openssl command."""
    folder = Path(tempfile.mkdtemp(prefix="podtui-test-tls-"))
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    atexit.register(shutil.rmtree, folder, True)
    return str(cert), str(key)


def free_port() -> int:
    """A loopback port nothing listens on (for connection-refused tests)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def http_server() -> Iterator[HTTPTestServer]:
    """A started :class:`HTTPTestServer`, stopped at teardown; fails the test if a
    handler raised."""
    server = HTTPTestServer().start()
    try:
        yield server
    finally:
        server.stop()
    assert not server.errors, "test HTTP server errors:\n" + "\n".join(server.errors)
