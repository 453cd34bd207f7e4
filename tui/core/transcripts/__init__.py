"""Episode transcripts: the formats podtui reads (WebVTT, SRT, the Podcasting 2.0 JSON
format, HTML and plain text), each turned into :class:`Cue` objects of clean text
(:mod:`.parse`), and fetching one through the shared HTTP client (:mod:`.fetch`). The
library keeps them (:mod:`tui.core.library.transcripts`).

Only the model is imported here: the library (which every command opens) needs no parser
or HTTP stack.
"""

from tui.core.transcripts.model import Cue, TranscriptError, TranscriptFormat

__all__ = ["Cue", "TranscriptError", "TranscriptFormat"]
