"""Episode transcripts: the formats podtui reads (WebVTT, SRT, the Podcasting 2.0 JSON
format, HTML and plain text), each turned into :class:`Cue` objects of clean text, and
fetching one through the shared HTTP client. The library keeps them
(:mod:`tui.core.library.transcripts`)."""

from tui.core.transcripts.fetch import fetch_transcript
from tui.core.transcripts.model import Cue, TranscriptError, TranscriptFormat
from tui.core.transcripts.parse import declared_format, parse_transcript, rank

__all__ = [
    "Cue",
    "TranscriptError",
    "TranscriptFormat",
    "declared_format",
    "fetch_transcript",
    "parse_transcript",
    "rank",
]
