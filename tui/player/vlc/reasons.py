"""Why a stream failed, read from libVLC's recent log lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui.player.vlc.log import LogLevel, LogLine

_GENERIC = (
    "your input can't be opened",
    "vlc is unable to open the mrl",
    "check the log for details",
    "module not functional",
    "connection error: success",
)

# Content-Types for which libVLC 3 picks a demuxer without probing (demux_FromContentType).
_FORCING_TYPES = frozenset(
    {"audio/aac", "audio/aacp", "audio/mpeg", "video/dv", "video/mp2p", "video/mp2t"}
    | {"video/nsa", "video/nsv"}
)


def explain(lines: Sequence[LogLine]) -> str | None:
    """The most specific reason in libVLC's recent log lines, or None."""
    texts = [" ".join(item.text.split()) for item in lines]
    for text in texts:
        m = re.search(r"HTTP (\d{3}) error", text)
        if m:
            return f"HTTP {m.group(1)} error"
    for text in texts:
        m = re.search(r"cannot resolve ([^\s:]+)", text)
        if m:
            return f"cannot resolve {m.group(1)}"
    for text in texts:
        low = text.lower()
        if "certificate" in low:
            return f"TLS: {text}"
    for text in texts:
        if "TLS" in text and "handshake" in text:
            return "TLS handshake failed"
    refused = any("connection refused" in text.lower() for text in texts)
    for text in texts:
        m = re.search(r"cannot connect to (\S+)", text)
        if m:
            return f"cannot connect to {m.group(1)}" + (" (connection refused)" if refused else "")
    if refused:
        return "connection refused"
    for item, text in zip(reversed(lines), reversed(texts), strict=True):
        low = text.lower()
        if item.level >= LogLevel.ERROR and not any(g in low for g in _GENERIC):
            return text
    return None


def forced_demux(lines: Sequence[LogLine]) -> bool:
    """Did the server answer 2xx with a Content-Type that makes libVLC skip probing?"""
    for item in reversed(lines):
        if "response" not in item.text[:40]:
            continue
        status = re.search(r"HTTP/\d(?:\.\d)? (\d{3})", item.text)
        if not status or not status.group(1).startswith("2"):
            return False
        return (content_type([item]) or "") in _FORCING_TYPES
    return False


def content_type(lines: Sequence[LogLine]) -> str | None:
    """The Content-Type of the last response in the log lines."""
    for item in reversed(lines):
        m = re.search(r"^content-type:\s*([^\s;]+)", item.text, re.I | re.M)
        if m:
            return m.group(1).lower()
    return None


def no_audio_reason(lines: Sequence[LogLine]) -> str:
    """What to say of a stream that ended without any audio."""
    kind = content_type(lines)
    if kind and not kind.startswith(("audio/", "video/", "application/ogg")):
        return f"not an audio stream (the server sent {kind})"
    return "no playable audio in this stream"
