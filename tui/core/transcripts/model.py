"""A transcript as podtui keeps it: cues with an optional time span, speaker and text."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from enum import StrEnum

from tui.core.errors import PodtuiError
from tui.core.text import clean_line

MAX_CUES = 100_000  # a ten-hour transcript cued every second
MAX_CUE_TEXT = 4000  # characters of one cue kept
MAX_SPEAKER = 80  # characters of a speaker's name kept
MAX_SECONDS = 7 * 86400.0  # a cue time beyond a week is not a time

_TAG = re.compile(r"<[^>]*>?")


class TranscriptError(PodtuiError):
    """A transcript cannot be fetched or read."""


class TranscriptFormat(StrEnum):
    """The formats podtui reads, in the order it prefers them when a feed offers several."""

    VTT = "vtt"
    SRT = "srt"
    JSON = "json"
    HTML = "html"
    TEXT = "text"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    TranscriptFormat.VTT: "WebVTT",
    TranscriptFormat.SRT: "SRT",
    TranscriptFormat.JSON: "JSON",
    TranscriptFormat.HTML: "HTML",
    TranscriptFormat.TEXT: "text",
}
PREFERENCE = tuple(TranscriptFormat)


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue: ``start`` and ``end`` in seconds (None in an untimed transcript), the
    speaker's name (empty when not given) and the text, cleaned to one line."""

    start: float | None
    end: float | None
    speaker: str
    text: str


def cue_text(markup: str) -> str:
    """A cue's text as shown: tags dropped, entities decoded, controls stripped, one line."""
    if "<" in markup:
        markup = _TAG.sub(" ", markup)
    if "&" in markup:
        markup = html.unescape(markup)
    return clean_line(markup)[:MAX_CUE_TEXT]


def speaker_name(text: str | None) -> str:
    """A speaker's name, cleaned (a trailing colon dropped)."""
    name = cue_text(text or "").rstrip(":").strip()
    return name[:MAX_SPEAKER]


def seconds(value: object) -> float | None:
    """A JSON number of seconds, or None when it is not a usable time."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    if not math.isfinite(number) or number < 0 or number > MAX_SECONDS:
        return None
    return number


def finish(cues: list[Cue], what: str) -> list[Cue]:
    """The cues in time order (untimed ones as found); an error when there is none."""
    if not cues:
        raise TranscriptError(f"the transcript has no {what}")
    if all(cue.start is not None for cue in cues):
        cues.sort(key=lambda cue: cue.start or 0.0)
    return cues[:MAX_CUES]
