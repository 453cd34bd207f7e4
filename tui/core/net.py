"""Network helpers shared by feed fetching and downloads.

URL checks, one-line messages for HTTP failures, safe file names, and content decoders
that never inflate more than a small piece of a compressed body at a time (so a
compression bomb is refused at the size cap instead of filling memory).
"""

from __future__ import annotations

import re
import socket
import ssl
import unicodedata
import zlib
from collections.abc import Iterator
from http import HTTPStatus

import httpx

from tui.core.errors import FetchError
from tui.core.text import clean_line

# Largest piece a decoder hands out at once.
PIECE = 64 * 1024

try:  # The ``brotli`` module with bounded output (brotli >= 1.2); brotlicffi lacks it.
    import brotli  # type: ignore[import-untyped]

    brotli.Decompressor().process(b"", output_buffer_limit=PIECE)
    HAS_BROTLI = True
except Exception:  # pragma: no cover - depends on the installed extras
    brotli = None
    HAS_BROTLI = False

ACCEPT_ENCODING = "gzip, deflate, br" if HAS_BROTLI else "gzip, deflate"

_STATUS_HINTS = {
    401: "the {what} needs a login",
    403: "access to the {what} is denied",
    410: "the {what} was removed by its publisher",
    429: "the server asks to try again later",
    451: "the {what} is blocked for legal reasons",
    503: "the server is unavailable, try again later",
}


# --------------------------------------------------------------------------- messages


def seconds(value: float) -> str:
    """``45 s``, ``2.5 s``."""
    return f"{value:g} s"


def format_bytes(size: float) -> str:
    """``512 bytes``, ``64 MB``, ``1.5 GB`` (binary multiples)."""
    if size < 1024:
        return f"{int(size)} bytes"
    for unit in ("KB", "MB", "GB", "TB"):
        size /= 1024
        if size < 1024 or unit == "TB":
            break
    return f"{round(size, 1):g} {unit}"


def display_url(url: object, limit: int = 200) -> str:
    """A URL fit for a one-line message: no controls, bounded length."""
    text = clean_line(str(url))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reason(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""


def status_message(code: int, what: str = "feed") -> str:
    """``HTTP 404 Not Found``; ``HTTP 410 Gone: the feed was removed by its publisher``."""
    text = f"HTTP {code} {_reason(code)}".strip()
    hint = _STATUS_HINTS.get(code)
    return f"{text}: {hint.format(what=what)}" if hint else text


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


_SSL_NOISE = re.compile(r"^\[[A-Z0-9_ :]+\]\s*|\s*\(_ssl\.c:\d+\)$")
_DNS_TEXT = (
    "name or service not known",
    "nodename nor servname",
    "temporary failure in name resolution",
    "no address associated",
    "getaddrinfo failed",
    "name resolution",
)


def _tls_message(error: ssl.SSLError) -> str:
    if isinstance(error, ssl.SSLCertVerificationError) and error.verify_message:
        return f"TLS error: certificate verify failed: {error.verify_message}"
    text = _SSL_NOISE.sub("", str(error.args[1] if len(error.args) > 1 else error)).strip()
    return f"TLS error: {text or error.reason or 'handshake failed'}"


def _text(exc: BaseException) -> str:
    return clean_line(str(exc))[:200]


def describe_error(
    exc: BaseException, url: str, *, connect_timeout: float, read_timeout: float
) -> str:
    """A one-line message for an ``httpx`` failure while talking to ``url``."""
    try:
        host = httpx.URL(url).host or display_url(url)
    except Exception:
        host = display_url(url)
    if isinstance(exc, httpx.ConnectTimeout):
        return f"cannot connect to {host}: timed out after {seconds(connect_timeout)}"
    if isinstance(exc, httpx.ReadTimeout):
        return f"no data from {host} for {seconds(read_timeout)}"
    if isinstance(exc, httpx.WriteTimeout):
        return f"sending to {host} timed out after {seconds(read_timeout)}"
    if isinstance(exc, httpx.PoolTimeout):
        return "timed out waiting for a free connection"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "not an http(s) URL"
    if isinstance(exc, httpx.ConnectError):
        for cause in _causes(exc):
            if isinstance(cause, socket.gaierror):
                return f"cannot resolve host {host}"
            if isinstance(cause, ssl.SSLError):
                return _tls_message(cause)
            if isinstance(cause, ConnectionRefusedError):
                return f"connection refused by {host}"
        text = _text(exc)
        lowered = text.lower()
        if any(marker in lowered for marker in _DNS_TEXT):
            return f"cannot resolve host {host}"
        if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
            return f"TLS error: {_SSL_NOISE.sub('', text)}"
        if "refused" in lowered:
            return f"connection refused by {host}"
        for cause in _causes(exc):
            if isinstance(cause, OSError) and cause.strerror:
                return f"cannot connect to {host}: {cause.strerror}"
        return f"cannot connect to {host}: {text or 'connection failed'}"
    if isinstance(exc, httpx.RemoteProtocolError):
        text = _text(exc)
        if "without sending complete message body" in text or "incomplete" in text.lower():
            return f"{host} closed the connection before the response was complete"
        if "disconnected without sending a response" in text:
            return f"{host} closed the connection without a response"
        return f"{host} broke the HTTP protocol: {text}"
    if isinstance(exc, httpx.LocalProtocolError):
        return f"invalid request: {_text(exc)}"
    if isinstance(exc, httpx.InvalidURL):
        return "invalid URL"
    if isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.CloseError):
        text = _text(exc)
        return f"connection to {host} lost: {text}" if text else f"connection to {host} lost"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, httpx.DecodingError):
        return "cannot decode the response"
    return _text(exc) or type(exc).__name__


# --------------------------------------------------------------------------- URLs and headers


def check_url(url: str) -> httpx.URL:
    """Parse an http(s) URL with a host, or raise ``FetchError("not an http(s) URL")``."""
    if not isinstance(url, str) or not url.strip():
        raise FetchError("not an http(s) URL")
    try:
        parsed = httpx.URL(url.strip())
    except Exception:
        raise FetchError(f"invalid URL: {display_url(url)}") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchError("not an http(s) URL")
    if not parsed.host:
        raise FetchError(f"invalid URL (no host): {display_url(url)}")
    return parsed


def is_http_url(url: str) -> bool:
    try:
        check_url(url)
    except FetchError:
        return False
    return True


def header_value(value: str | None, limit: int = 1024) -> str | None:
    """A validator (ETag, Last-Modified) safe to store and send back, or None."""
    if not value or len(value) > limit:
        return None
    value = value.strip()
    if not value or any(not (" " <= c <= "~") for c in value):
        return None
    return value


def content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "").strip()
    return int(value) if value.isdigit() else None


_CONTENT_RANGE = re.compile(r"bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)", re.IGNORECASE)


def content_range(response: httpx.Response) -> tuple[int | None, int | None, int | None] | None:
    """``Content-Range: bytes 10-99/100`` -> (10, 99, 100); ``*`` parts are None."""
    match = _CONTENT_RANGE.fullmatch(response.headers.get("content-range", "").strip())
    if not match:
        return None
    first, last, total = match.groups()
    return (
        int(first) if first is not None else None,
        int(last) if last is not None else None,
        int(total) if total != "*" else None,
    )


# --------------------------------------------------------------------------- file names

_UNSAFE_CHARS = re.compile(r'[/\\:*?"<>|]')
_DOTS = re.compile(r"\.{2,}")
_SPACES = re.compile(r"\s+")
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com\d|lpt\d)(\..*)?")


def safe_filename(name: str, *, max_len: int = 120, fallback: str = "download") -> str:
    """A file name safe on any file system, made from untrusted text.

    No path separators or characters Windows forbids, no control or format characters,
    no ``..``, no leading dots (hidden files), no trailing dots or spaces, no reserved
    device names, at most ``max_len`` bytes in UTF-8; ``fallback`` when nothing is left.
    """
    text = unicodedata.normalize("NFC", str(name or ""))
    text = "".join(
        " " if c.isspace() else c
        for c in text
        if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    text = _UNSAFE_CHARS.sub("_", text)
    text = _DOTS.sub(".", text)
    text = _SPACES.sub(" ", text).strip(" .")
    limit = max(1, max_len)
    encoded = text.encode("utf-8")
    if len(encoded) > limit:
        text = encoded[:limit].decode("utf-8", "ignore").rstrip(" .")
    if _RESERVED.fullmatch(text):
        text = ("_" + text)[:limit]
    if not text:
        return "download" if fallback == "download" else safe_filename(fallback, max_len=max_len)
    return text


# --------------------------------------------------------------------------- decoders


class _Identity:
    name = "identity"

    def decode(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data

    def finish(self) -> Iterator[bytes]:
        return iter(())


class _Zlib:
    """gzip (several members allowed) or deflate (zlib-wrapped or raw), bounded output."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._obj: zlib._Decompress | None = None
        self._head = b""
        self._done = False
        self._fed = False
        if name == "gzip":
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def decode(self, data: bytes) -> Iterator[bytes]:
        self._fed = self._fed or bool(data)
        if self._obj is None:  # deflate: zlib header or raw stream?
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            cmf, flg = data[0], data[1]
            wrapped = cmf & 0x0F == 8 and (cmf * 256 + flg) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        yield from self._run(data)

    def _run(self, data: bytes) -> Iterator[bytes]:
        obj = self._obj
        assert obj is not None
        while data and not self._done:
            if obj.eof:
                if self.name == "gzip" and data[:2] == b"\x1f\x8b":
                    obj = self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
                else:  # trailing bytes after the stream: ignored, as browsers do
                    self._done = True
                    return
            try:
                out = obj.decompress(data, PIECE)
                while True:
                    if out:
                        yield out
                    if obj.eof or (len(out) < PIECE and not obj.unconsumed_tail):
                        break
                    out = obj.decompress(obj.unconsumed_tail, PIECE)
            except zlib.error as exc:
                raise FetchError(f"cannot decode the {self.name} response: {exc}") from None
            data = obj.unused_data if obj.eof else b""

    def finish(self) -> Iterator[bytes]:
        if self._head:
            raise FetchError(f"the {self.name} response is truncated")
        if self._fed and self._obj is not None and not self._obj.eof and not self._done:
            raise FetchError(f"the {self.name} response is truncated")
        return iter(())


class _Brotli:
    name = "br"

    def __init__(self) -> None:
        assert brotli is not None
        self._obj = brotli.Decompressor()
        self._fed = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        obj = self._obj
        self._fed = self._fed or bool(data)
        try:
            if obj.is_finished():
                return
            # The limit bounds each call's output (give or take one internal block);
            # output still pending is drained with empty input until none comes.
            out = obj.process(data, output_buffer_limit=PIECE)
            while out:
                yield out
                if obj.is_finished():
                    return
                out = obj.process(b"", output_buffer_limit=PIECE)
        except brotli.error as exc:
            raise FetchError(f"cannot decode the br response: {exc}") from None

    def finish(self) -> Iterator[bytes]:
        if self._fed and not self._obj.is_finished():
            raise FetchError("the br response is truncated")
        return iter(())


class Decoder:
    """Undoes a ``Content-Encoding`` chain, yielding pieces of at most ``PIECE`` bytes."""

    def __init__(self, content_encoding: str | None) -> None:
        names = [
            part.strip().lower() for part in (content_encoding or "").split(",") if part.strip()
        ]
        self._steps: list[_Identity | _Zlib | _Brotli] = []
        for name in reversed(names):  # the last encoding applied is undone first
            if name == "identity":
                continue
            if name in ("gzip", "x-gzip"):
                self._steps.append(_Zlib("gzip"))
            elif name == "deflate":
                self._steps.append(_Zlib("deflate"))
            elif name == "br" and HAS_BROTLI:
                self._steps.append(_Brotli())
            else:
                raise FetchError(f"unsupported Content-Encoding: {display_url(name, 40)}")

    @property
    def identity(self) -> bool:
        return not self._steps

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._steps):
            if data:
                yield data
            return
        for piece in self._steps[index].decode(data):
            yield from self._through(index + 1, piece)

    def decode(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, data)

    def finish(self) -> Iterator[bytes]:
        for index, step in enumerate(self._steps):
            for piece in step.finish():
                yield from self._through(index + 1, piece)
