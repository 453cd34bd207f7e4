"""Which format a transcript is in, and reading it whatever it is."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from tui.core.transcripts.markup import parse_html, parse_text
from tui.core.transcripts.model import Cue, TranscriptFormat
from tui.core.transcripts.segments import parse_json
from tui.core.transcripts.timed import parse_srt, parse_vtt

_BY_TYPE = {
    "text/vtt": TranscriptFormat.VTT,
    "application/x-subrip": TranscriptFormat.SRT,
    "application/srt": TranscriptFormat.SRT,
    "text/srt": TranscriptFormat.SRT,
    "application/x-srt": TranscriptFormat.SRT,
    "application/json": TranscriptFormat.JSON,
    "text/json": TranscriptFormat.JSON,
    "text/html": TranscriptFormat.HTML,
    "application/xhtml+xml": TranscriptFormat.HTML,
    "text/plain": TranscriptFormat.TEXT,
}
_BY_SUFFIX = {
    "vtt": TranscriptFormat.VTT,
    "srt": TranscriptFormat.SRT,
    "json": TranscriptFormat.JSON,
    "html": TranscriptFormat.HTML,
    "htm": TranscriptFormat.HTML,
    "txt": TranscriptFormat.TEXT,
}
_SRT_START = re.compile(r"\A\s*(?:\d+\s*\n)?\s*[\d:]+[,.]\d+\s*-->")
_PARSERS: dict[TranscriptFormat, Callable[[str], list[Cue]]] = {
    TranscriptFormat.VTT: parse_vtt,
    TranscriptFormat.SRT: parse_srt,
    TranscriptFormat.JSON: parse_json,
    TranscriptFormat.HTML: parse_html,
    TranscriptFormat.TEXT: parse_text,
}


def declared_format(mime: str | None, url: str | None = None) -> TranscriptFormat | None:
    """The format a ``podcast:transcript`` says (its type, else its URL's suffix)."""
    if mime:
        kind = mime.split(";", 1)[0].strip().lower()
        found = _BY_TYPE.get(kind)
        if found is None and kind.endswith("+json"):
            found = TranscriptFormat.JSON
        if found is not None:
            return found
    if url:
        try:
            path = urlsplit(url).path
        except ValueError:
            return None
        suffix = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
        return _BY_SUFFIX.get(suffix)
    return None


def rank(mime: str | None, url: str | None = None) -> int:
    """Where a transcript of this type stands in the preference (lower is better)."""
    found = declared_format(mime, url)
    return list(TranscriptFormat).index(found) if found is not None else len(TranscriptFormat)


def decode(data: bytes) -> str:
    """A transcript's bytes as text (UTF-8, a byte-order mark dropped)."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8", "replace").lstrip("\ufeff")


def sniff(text: str, declared: TranscriptFormat | None) -> TranscriptFormat:
    """The format of a transcript's text: what its start shows, else what was declared."""
    head = text[:512].lstrip()
    if head.startswith("WEBVTT"):
        return TranscriptFormat.VTT
    if head.startswith("{"):
        return TranscriptFormat.JSON
    if head.startswith("<"):
        return TranscriptFormat.HTML
    if _SRT_START.match(head.replace("\r", "")):
        return TranscriptFormat.SRT
    return declared or TranscriptFormat.TEXT


def parse_transcript(
    data: bytes | str, mime: str | None = None, url: str | None = None
) -> tuple[TranscriptFormat, list[Cue]]:
    """Read a transcript in any format podtui knows; raises TranscriptError."""
    text = data if isinstance(data, str) else decode(data)
    found = sniff(text, declared_format(mime, url))
    return found, _PARSERS[found](text)
