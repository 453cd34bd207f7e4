"""Text hygiene: nothing a feed says may reach a terminal raw."""

from __future__ import annotations

import math
import re
import unicodedata

# ANSI/VT escape sequences: CSI (ESC [ or the 8-bit 0x9b), OSC/DCS/PM/APC/SOS strings
# (ended by BEL or ST), and two-character ESC sequences.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?            # CSI ... final byte
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])      # OSC, DCS, SOS, PM, APC
      [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?      # ... up to BEL or ST
  | \x1b[ -/]*[0-~]?                             # other ESC sequences
    """,
    re.VERBOSE,
)
# C0 controls except tab/newline/carriage return, DEL, C1 controls, and the Unicode
# bidirectional overrides and isolates that can make text display other than it reads.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BLOCK_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\r]")
_WHITESPACE = re.compile(r"\s+")
# Anything that needs the slow path: ESC, 8-bit C1, C0 other than \t \n \r, DEL, bidi.
_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters, keeping tabs and newlines."""
    if not _NEEDS_CLEANING.search(text):
        return text
    return _BLOCK_CONTROLS.sub("", _ESCAPES.sub("", text))


def clean_line(text: str | None) -> str:
    """A single-line field (title, author...): controls stripped, whitespace collapsed."""
    if not text:
        return ""
    if _NEEDS_CLEANING.search(text):
        text = _CONTROLS.sub("", _ESCAPES.sub("", text))
    return _WHITESPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` for matching."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def whole_seconds(seconds: float) -> int:
    """A length or a position in whole seconds, as every view shows it: the nearest
    second, halves up (5.4 s is 0:05, 5.6 s is 0:06), never below zero."""
    return max(0, math.floor(seconds + 0.5))


def format_duration(seconds: float | None) -> str:
    """The one way a length, a position or a time left is written: ``1:02:03`` from an
    hour, else ``12:34`` / ``0:05``; empty for unknown (None or negative)."""
    if seconds is None or seconds < 0 or not math.isfinite(seconds):
        return ""
    hours, rest = divmod(whole_seconds(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_span(seconds: float) -> str:
    """A human span for prose (``3 h 12 min``, ``45 min``, ``30 s``): whole minutes once
    past a minute, from the same whole seconds as :func:`format_duration`."""
    seconds = whole_seconds(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min"
    return f"{seconds} s"
