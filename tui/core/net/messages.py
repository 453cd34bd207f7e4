"""One-line messages for HTTP failures, sizes and durations."""

from __future__ import annotations

import re
import socket
import ssl
from collections.abc import Iterator
from http import HTTPStatus

import httpx

from tui.core.text import clean_line

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
