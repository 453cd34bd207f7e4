"""Podcasting 2.0 chapters and WebVTT transcripts, timed by a clip's spoken segments.

A clip speaks the podcast's name, the episode's title, then one segment per part: the
chapters are an introduction over the first two, then one per part; the transcript cues
every segment.
"""

from __future__ import annotations

import json

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


def render_transcript(clip: Clip) -> str:
    cues = ["WEBVTT", ""]
    for number, ((start, end), text) in enumerate(zip(clip.segments, clip.texts, strict=True), 1):
        cues += [str(number), f"{_timestamp(start)} --> {_timestamp(end)}", text, ""]
    return "\n".join(cues)


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"
