"""Podcasting 2.0 chapters and transcripts, timed by a clip's spoken segments.

A clip speaks the podcast's name, the episode's title, then one segment per part: the
chapters are an introduction over the first two, then one per part; the transcript cues
every segment, spoken by the podcast's host. Transcripts come in the four formats of the
Podcasting 2.0 documentation: WebVTT, SRT, JSON and HTML.
"""

from __future__ import annotations

import json
from html import escape

from tui.demo.clips import Clip
from tui.demo.content import DemoEpisode


def chapter_list(episode: DemoEpisode, clip: Clip) -> list[tuple[float, str]]:
    """(start seconds, title): an introduction, then one chapter per part."""
    chapters = [(0.0, "Introduction")]
    for (title, _), (start, _) in zip(episode.parts, clip.segments[2:], strict=False):
        chapters.append((start, title))
    return chapters


def render_chapters(episode: DemoEpisode, clip: Clip) -> str:
    chapters = [
        {"startTime": round(start, 3), "title": title}
        for start, title in chapter_list(episode, clip)
    ]
    return json.dumps({"version": "1.2.0", "chapters": chapters}, indent=1) + "\n"


def render_transcript(clip: Clip, kind: str, speaker: str) -> str:
    """The clip's transcript in format ``kind`` (vtt, srt, json or html)."""
    cues = list(zip(clip.segments, clip.texts, strict=True))
    if kind == "srt":
        blocks = [
            f"{number}\n{_timestamp(start, ',')} --> {_timestamp(end, ',')}\n{speaker}: {text}\n"
            for number, ((start, end), text) in enumerate(cues, 1)
        ]
        return "\n".join(blocks)
    if kind == "json":
        segments = [
            {
                "speaker": speaker,
                "startTime": round(start, 3),
                "endTime": round(end, 3),
                "body": text,
            }
            for (start, end), text in cues
        ]
        return json.dumps({"version": "1.0.0", "segments": segments}, indent=1) + "\n"
    if kind == "html":
        turns = [
            f"<cite>{escape(speaker)}:</cite>\n<time>{_clock(start)}</time>\n<p>{escape(text)}</p>"
            for (start, _), text in cues
        ]
        body = "\n".join(turns)
        return f"<!DOCTYPE html>\n<html>\n<body>\n{body}\n</body>\n</html>\n"
    lines = ["WEBVTT", ""]
    for number, ((start, end), text) in enumerate(cues, 1):
        lines += [
            str(number),
            f"{_timestamp(start)} --> {_timestamp(end)}",
            f"<v {speaker}>{text}",
            "",
        ]
    return "\n".join(lines)


def _clock(seconds: float) -> str:
    """``0:05`` or ``1:02:03``, as the HTML transcript format writes times."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _timestamp(seconds: float, mark: str = ".") -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{mark}{millis:03d}"
