"""The Podcasting 2.0 JSON transcript: ``{"version": "1.0.0", "segments": [...]}``.

Each segment has ``startTime`` and ``endTime`` (seconds), ``body`` and optionally
``speaker``. Many files hold one word per segment: a one-word segment joins the cue before
it (of the same speaker) until a sentence ends, the cue grows long or the voice pauses.
"""

from __future__ import annotations

import json

from tui.core.transcripts.model import (
    MAX_CUES,
    Cue,
    TranscriptError,
    cue_text,
    finish,
    seconds,
    speaker_name,
)

JOIN_BELOW = 60  # characters: a shorter cue takes the next segment of its speaker
JOIN_GAP = 1.5  # seconds: a longer pause starts a new cue
_SENTENCE_END = (".", "?", "!", "…", '."', '?"', '!"')


def parse_json(text: str) -> list[Cue]:
    """A JSON transcript's cues (see the module docstring)."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise TranscriptError("the transcript is not valid JSON") from None
    segments = document.get("segments") if isinstance(document, dict) else None
    if not isinstance(segments, list):
        raise TranscriptError("the JSON transcript has no segment list")
    cues: list[Cue] = []
    for segment in segments:
        if not isinstance(segment, dict):
            continue
        start = seconds(segment.get("startTime"))
        body = segment.get("body")
        if start is None or not isinstance(body, str):
            continue
        text = cue_text(body)
        if not text:
            continue
        end = seconds(segment.get("endTime"))
        if end is not None and end < start:
            end = None
        speaker = segment.get("speaker")
        name = speaker_name(speaker) if isinstance(speaker, str) else ""
        if cues and " " not in text and _joins(cues[-1], start, name):
            last = cues[-1]
            cues[-1] = Cue(last.start, end or last.end, last.speaker, f"{last.text} {text}")
        else:
            if len(cues) >= MAX_CUES:
                break
            cues.append(Cue(start, end, name, text))
    return finish(cues, "segments with a time and text")


def _joins(last: Cue, start: float, speaker: str) -> bool:
    if last.speaker != speaker or len(last.text) >= JOIN_BELOW:
        return False
    if last.text.endswith(_SENTENCE_END):
        return False
    reference = last.end if last.end is not None else last.start
    return reference is not None and start - reference <= JOIN_GAP
