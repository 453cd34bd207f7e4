"""HTML and plain-text transcripts.

The HTML transcript of the Podcasting 2.0 documentation writes each turn as
``<cite>Speaker:</cite> <time>0:00</time> <p>text</p>``: a ``cite`` names the speaker of
what follows, a ``time`` gives the start of the next paragraph. Only text is taken from
the page (never its markup); a page without those parts is read as paragraphs, untimed.
Plain text is read as paragraphs (blank lines between them, else one per line), untimed.
"""

from __future__ import annotations

import re

from lxml import etree

from tui.core.feeds.notes.tree import TooDeep, parse_body, tag_name
from tui.core.text import clean_line
from tui.core.transcripts.model import (
    MAX_CUE_TEXT,
    MAX_CUES,
    MAX_SECONDS,
    Cue,
    TranscriptError,
    cue_text,
    finish,
    speaker_name,
)

_CLOCK = re.compile(r"^\s*(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?\s*$")
_PARAGRAPHS = frozenset({"p", "li", "blockquote", "dd", "td", "h1", "h2", "h3", "h4", "pre"})
_DROPPED = frozenset({"script", "style", "head", "title", "template", "noscript"})


def clock_seconds(text: str) -> float | None:
    """``1:02:03``, ``0:05`` or ``00:01:02.500`` as seconds (None when not a time)."""
    match = _CLOCK.match(text)
    if match is None:
        return None
    hours, minutes, secs, fraction = match.groups()
    if hours is not None and int(minutes) > 59:
        return None
    if int(secs) > 59:
        return None
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)
    total = value + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)
    return total if total <= MAX_SECONDS else None


def parse_html(text: str) -> list[Cue]:
    """An HTML transcript's cues (see the module docstring)."""
    try:
        body = parse_body(text)
    except TooDeep:
        raise TranscriptError("the HTML transcript nests too deeply to read") from None
    if body is None:
        raise TranscriptError("the HTML transcript is empty")
    cues: list[Cue] = []
    speaker = ""
    start: float | None = None
    for node in body.iter():
        name = tag_name(node)
        if name is None or name in _DROPPED or _inside(node, _DROPPED):
            continue
        if name == "cite":
            speaker = speaker_name(_text(node))
        elif name == "time":
            start = clock_seconds(node.get("datetime") or "")
            if start is None:
                start = clock_seconds(_text(node))
        elif name in _PARAGRAPHS and not _inside(node, _PARAGRAPHS):
            words = cue_text(_text(node))
            if words:
                cues.append(Cue(start, None, speaker, words))
                start = None
                if len(cues) >= MAX_CUES:
                    break
    if any(cue.start is not None for cue in cues):
        # Paragraphs without a time of their own share the one before (the start first).
        last = 0.0
        for i, cue in enumerate(cues):
            if cue.start is None:
                cues[i] = Cue(last, None, cue.speaker, cue.text)
            else:
                last = cue.start
    return finish(cues, "paragraphs")


def _text(node: etree._Element) -> str:
    return " ".join(str(piece) for piece in node.itertext())


def _inside(node: etree._Element, names: frozenset[str]) -> bool:
    return any(tag_name(parent) in names for parent in node.iterancestors())


def parse_text(text: str) -> list[Cue]:
    """A plain-text transcript: paragraphs, untimed."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    pieces = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else text.split("\n")
    cues: list[Cue] = []
    for piece in pieces:
        words = clean_line(piece)[:MAX_CUE_TEXT]
        if words:
            cues.append(Cue(None, None, "", words))
            if len(cues) >= MAX_CUES:
                break
    return finish(cues, "text")
