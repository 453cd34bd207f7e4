"""One-line messages for HTTP failures, sizes and durations."""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterator
from http import HTTPStatus

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


def causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


SSL_NOISE = re.compile(r"^\[[A-Z0-9_ :]+\]\s*|\s*\(_ssl\.c:\d+\)$")
DNS_TEXT = (
    "name or service not known",
    "nodename nor servname",
    "temporary failure in name resolution",
    "no address associated",
    "getaddrinfo failed",
    "name resolution",
)


def tls_message(error: ssl.SSLError) -> str:
    if isinstance(error, ssl.SSLCertVerificationError) and error.verify_message:
        return f"TLS error: certificate verify failed: {error.verify_message}"
    text = SSL_NOISE.sub("", str(error.args[1] if len(error.args) > 1 else error)).strip()
    return f"TLS error: {text or error.reason or 'handshake failed'}"


def error_text(exc: BaseException) -> str:
    return clean_line(str(exc))[:200]
