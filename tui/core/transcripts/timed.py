"""WebVTT and SRT: blocks of a timing line (``00:01.000 --> 00:04.000``) and text.

WebVTT blocks may start with a cue identifier; the timing line may carry cue settings
after the end time; NOTE, STYLE and REGION blocks are skipped; ``<v Speaker>`` voice tags
name the speaker, and every other tag is dropped. SRT numbers its cues and writes times
with a comma; a first line ``Name: text`` names the speaker.
"""

from __future__ import annotations

import re

from tui.core.transcripts.model import (
    MAX_CUES,
    MAX_SECONDS,
    Cue,
    TranscriptError,
    cue_text,
    finish,
    speaker_name,
)

_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,:](\d{1,3}))?"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
_SRT_SPEAKER = re.compile(r"^([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}):\s+(\S.*)$")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")


def _time(groups: tuple[str | None, ...]) -> float | None:
    hours, minutes, secs, fraction = groups
    if int(minutes or 0) > 59 or int(secs or 0) > 59:
        return None
    value = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(secs or 0)
    if fraction:
        value += int(fraction) / 10 ** len(fraction)
    return float(value) if value <= MAX_SECONDS else None


def _blocks(text: str) -> list[list[str]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [block.split("\n") for block in re.split(r"\n[ \t]*\n", text) if block.strip()]


def parse_vtt(text: str) -> list[Cue]:
    """A WebVTT file's cues (see the module docstring)."""
    text = text.lstrip("\ufeff")
    if not text.startswith("WEBVTT"):
        raise TranscriptError("the transcript is not WebVTT (no WEBVTT header)")
    return _parse(text, vtt=True)


def parse_srt(text: str) -> list[Cue]:
    """An SRT file's cues (see the module docstring)."""
    return _parse(text.lstrip("\ufeff"), vtt=False)


def _parse(text: str, *, vtt: bool) -> list[Cue]:
    cues: list[Cue] = []
    bad = 0
    blocks = _blocks(text)
    if vtt:
        blocks = blocks[1:] if blocks and blocks[0][0].startswith("WEBVTT") else blocks
    for lines in blocks:
        first = lines[0].strip()
        if vtt and first.split(" ", 1)[0].split("\t", 1)[0] in _SKIPPED_BLOCKS:
            continue
        timing = next((i for i, line in enumerate(lines[:3]) if "-->" in line), None)
        if timing is None:
            continue  # a stray paragraph: not a cue
        match = _TIMING.match(lines[timing])
        start = _time(match.groups()[:4]) if match else None
        end = _time(match.groups()[4:]) if match else None
        if start is None:
            bad += 1
            continue
        cue = _cue(start, end, lines[timing + 1 :], vtt=vtt)
        if cue is not None:
            cues.append(cue)
            if len(cues) >= MAX_CUES:
                break
    if not cues and bad:
        raise TranscriptError(f"the transcript's {bad} cue times cannot be read")
    return finish(cues, "cues")


def _cue(start: float, end: float | None, lines: list[str], *, vtt: bool) -> Cue | None:
    markup = "\n".join(lines)
    speaker = ""
    voice = _VOICE.search(markup)
    if voice is not None:
        speaker = speaker_name(voice.group(1))
    body = cue_text(markup)
    if not speaker and not vtt:
        named = _SRT_SPEAKER.match(body)
        if named is not None:
            speaker, body = named.group(1), named.group(2)
    if not body:
        return None
    if end is not None and end < start:
        end = None
    return Cue(start, end, speaker, body)
