"""Fixtures for the player tests: a Range-capable loopback HTTP server, generated tones,
and VlcPlayer instances that write what they play to a WAV file (libVLC's ``afile`` output)."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.audio import CONTENT_TYPES, make_tone
from tui.player.base import PlayerEvent

TONE_FREQ = 440.0
TONE_SECONDS = 2.0


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/octet-stream"
    status: int = 200
    stall: bool = False  # send the headers, then nothing until the client goes away
    stall_after: int | None = None  # send this many bytes of the body, then nothing
    ranges: bool = True  # honour Range requests
    bytes_per_second: int | None = None  # throttle the body
    location: str | None = None  # answer ``status`` with this Location (a redirect)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class LoopbackServer:
    """A real HTTP/1.1 server on 127.0.0.1 serving fixed bodies, with byte ranges."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    base: str = ""
    closing: threading.Event = field(default_factory=threading.Event)

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.base + path

    def add_file(self, path: str, file: Path, content_type: str | None = None) -> str:
        kind = content_type or CONTENT_TYPES.get(file.suffix.lstrip("."), "audio/mpeg")
        return self.add(path, Route(body=file.read_bytes(), content_type=kind))

    def url(self, path: str) -> str:
        return self.base + path

    def requests_for(self, path: str) -> list[Request]:
        return [r for r in list(self.requests) if r.path == path]


def _handler(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # keep the terminal clean
            pass

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def do_GET(self) -> None:
            self._serve(head=False)

        def _serve(self, *, head: bool) -> None:
            server.requests.append(Request(self.command, self.path, dict(self.headers.items())))
            route = server.routes.get(self.path)
            if route is None or route.status == 404:
                self._plain(404, b"not found\n", head)
                return
            if route.location:
                self.send_response(route.status)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.status != 200:
                self._plain(route.status, b"error\n", head)
                return
            body = route.body
            total = len(body)
            start, end = 0, total - 1
            status = 200
            wanted = self.headers.get("Range", "")
            if route.ranges and wanted.startswith("bytes=") and total:
                first, _, last = wanted[6:].split(",")[0].strip().partition("-")
                try:
                    if first:
                        start = int(first)
                        end = min(int(last), total - 1) if last else total - 1
                    else:
                        start = max(0, total - int(last))
                except ValueError:
                    start, end = 0, total - 1
                if start >= total:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{total}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = 206
            self.send_response(status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(end - start + 1))
            if route.ranges:
                self.send_header("Accept-Ranges", "bytes")
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{end}/{total}")
            self.end_headers()
            if head:
                return
            chunk = b"" if route.stall else body[start : end + 1]
            if route.stall_after is not None:
                chunk = chunk[: max(0, route.stall_after - start)]
            try:
                self._send(chunk, route.bytes_per_second)
                if route.stall or route.stall_after is not None:
                    self.wfile.flush()
                    # Nothing more: hold the connection until the test ends.
                    while not server.closing.wait(0.05):
                        pass
                    self.close_connection = True
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def _send(self, chunk: bytes, rate: int | None) -> None:
            if not rate:
                self.wfile.write(chunk)
                return
            step = max(1, rate // 20)
            began = time.monotonic()
            for sent in range(0, len(chunk), step):
                if server.closing.is_set():
                    return
                self.wfile.write(chunk[sent : sent + step])
                self.wfile.flush()
                ahead = (sent + step) / rate - (time.monotonic() - began)
                if ahead > 0:
                    time.sleep(ahead)

        def _plain(self, status: int, body: bytes, head: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # clients hang up mid-body
        pass


@pytest.fixture
def loopback_server() -> Iterator[LoopbackServer]:
    state = LoopbackServer()
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(
        target=httpd.serve_forever, args=(0.05,), name="loopback-http", daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        state.closing.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture(scope="session")
def tones(tmp_path_factory) -> dict[str, Path]:
    """2 s 440 Hz tones as WAV, MP3, Ogg/Vorbis and Ogg/Opus (generated once per run)."""
    root = tmp_path_factory.mktemp("tones")
    return {
        fmt: make_tone(root / f"tone.{fmt}", TONE_FREQ, TONE_SECONDS)
        for fmt in ("wav", "mp3", "ogg", "opus")
    }


def _libvlc_problem() -> str | None:
    try:
        from tui.player.vlc import libvlc_version

        libvlc_version()
    except Exception as exc:
        return str(exc) or type(exc).__name__
    return None


def require(problem: str | None, what: str) -> None:
    """Skip for ``problem`` locally; fail in CI, where everything must be there."""
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is required in CI: {problem}")
        pytest.skip(f"{what} not available: {problem}")


@pytest.fixture(scope="session")
def libvlc() -> None:
    """Require a loadable libVLC: skip without it locally, fail in CI."""
    require(_libvlc_problem(), "libVLC")


@pytest.fixture(scope="session")
def alsa_output(libvlc) -> None:
    """Require libVLC's ALSA output (it applies the volume in software, unlike afile)."""
    from tui.player.vlc import audio_outputs

    names = [name for name, _ in audio_outputs()]
    require(None if "alsa" in names else f"outputs are {names}", "libVLC's ALSA output")


class Recorder:
    """A listener that keeps every event with the name of the thread it came on."""

    def __init__(self) -> None:
        self.events: list[tuple[PlayerEvent, str]] = []
        self._cond = threading.Condition()

    def __call__(self, event: PlayerEvent) -> None:
        with self._cond:
            self.events.append((event, threading.current_thread().name))
            self._cond.notify_all()

    def of(self, kind: type) -> list:
        with self._cond:
            return [e for e, _ in self.events if isinstance(e, kind)]

    def wait_for(
        self,
        predicate: Callable[[PlayerEvent], bool] | type | tuple[type, ...],
        timeout: float = 10.0,
    ) -> PlayerEvent:
        """The first event (already seen or still to come) matching ``predicate``."""
        if isinstance(predicate, type | tuple):
            kinds = predicate

            def test(event: PlayerEvent) -> bool:
                return isinstance(event, kinds)
        else:
            test = predicate
        deadline = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                for event, _ in self.events[seen:]:
                    if test(event):
                        return event
                seen = len(self.events)
                left = deadline - time.monotonic()
                if left <= 0:
                    names = [type(e).__name__ for e, _ in self.events]
                    raise AssertionError(f"no matching event within {timeout}s; got {names}")
                self._cond.wait(left)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@dataclass
class AfilePlayer:
    player: object  # VlcPlayer
    out: Path
    log: Path


@pytest.fixture
def make_vlc_player(libvlc, tmp_path) -> Iterator[Callable[..., AfilePlayer]]:
    """Build VlcPlayers whose audio goes to a WAV file under tmp_path; closed at teardown."""
    from tui.player.vlc import VlcPlayer

    made: list[AfilePlayer] = []

    def make(*extra: str, name: str = "out", afile: bool = True, **kwargs) -> AfilePlayer:
        out = tmp_path / f"{name}.wav"
        log = tmp_path / f"{name}.log"
        options = ["--file-caching=100", "--network-caching=100"]
        if afile:
            options[:0] = ["--aout=afile", f"--audiofile-file={out}", "--audiofile-format=s16"]
        player = VlcPlayer([*options, *extra], log_file=log, **kwargs)
        made.append(AfilePlayer(player, out, log))
        return made[-1]

    yield make
    for item in made:
        item.player.close()
