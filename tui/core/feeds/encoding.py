"""Bytes ready for libxml2: the encoding detected or repaired, junk before the document cut.

Also the one-line error for bytes that are no XML document at all.
"""

from __future__ import annotations

import codecs
import re
from typing import NoReturn

from tui.core.errors import FeedError, HTMLPageError
from tui.core.feeds.sniff import describe_bytes, known_kind

_XML_DECL = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']?([A-Za-z0-9._:-]+)""")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "utf_8"})


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Windows-1252 (Latin-1 where it has a hole)."""
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
    chunk = error.object[error.start : error.end]
    return chunk.decode("cp1252", errors="_podtui_latin1"), error.end


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("_podtui_cp1252", _cp1252_fallback)
codecs.register_error("_podtui_latin1", _latin1_fallback)


def to_utf8(data: bytes, encoding: str | None) -> bytes:
    """``data`` re-encoded as UTF-8; undecodable bytes read as Windows-1252."""
    codec = "utf-8"
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            codec = "utf-8"
    if codec in ("latin-1", "iso8859-1", "ascii", "iso8859-15"):
        codec = "cp1252"
    if codec == "utf-8":
        text = data.decode("utf-8", errors="_podtui_cp1252")
    elif codec == "cp1252":
        text = data.decode("cp1252", errors="_podtui_latin1")
    else:
        text = data.decode(codec, errors="replace")
    return text.encode("utf-8")


def _declared_encoding(data: bytes) -> str | None:
    match = _XML_DECL.match(data[:256])
    return match.group(1).decode("ascii").lower() if match else None


HTML_START = re.compile(
    rb"\s*+(?:<!--(?:[^-]|-(?!->))*+-->\s*+)*+<(?:!doctype\s+html|html|head|body)\b", re.I
)


def prepare(data: bytes, what: str = "a podcast feed") -> tuple[bytes, str | None]:
    """Bytes for libxml2 and the encoding to force (None: trust the document)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32", errors="replace").encode("utf-8"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").encode("utf-8"), "utf-8"
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[3:]
    head = data[:4]
    codec = None
    if head[:2] == b"<\x00":
        codec = "utf-32-le" if head[1:4] == b"\x00\x00\x00" else "utf-16-le"
    elif head[:2] == b"\x00<":
        codec = "utf-16-be"
    elif head == b"\x00\x00\x00<":
        codec = "utf-32-be"
    if codec is not None:  # UTF-16/32 without a byte order mark
        return data.decode(codec, errors="replace").encode("utf-8"), "utf-8"
    if not head.startswith(b"<"):
        if known_kind(data[:4096].lstrip()) is not None:
            not_a_feed(data, what)  # audio, an image, JSON...: no document to look for
        # Whitespace or junk (a PHP warning, a stray byte) before the document.
        start = data.find(b"<", 0, 4096)
        if start < 0:
            not_a_feed(data, what)
        data = data[start:]
    if bom:
        return data, "utf-8"
    declared = _declared_encoding(data)
    if declared is None or declared in _UTF8_NAMES:
        return data, None
    if declared.startswith(("utf-16", "utf-32", "ucs")) or data.isascii():
        return data, "utf-8"  # 8-bit bytes cannot be UTF-16; ASCII is UTF-8
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return data, "utf-8"  # declared something else, but the bytes are valid UTF-8
    return to_utf8(data, declared), "utf-8"


def not_a_feed(data: bytes, what: str) -> NoReturn:
    """Raise the FeedError that best describes ``data``."""
    stripped = data.strip()
    if not stripped:
        raise FeedError(f"not {what} (empty body)")
    if HTML_START.match(stripped[:2048]):
        raise HTMLPageError(f"not {what} (an HTML page)")
    raise FeedError(f"not {what} ({describe_bytes(stripped)})")
