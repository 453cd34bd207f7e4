"""How subcommands print: episode rows and JSON on stdout, notes and errors on stderr."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

from tui.core.models import Episode
from tui.core.text import clean_line, format_duration

EPISODE_HEADER = f"{'ID':>6}  {'PUBLISHED':<10}  {'LENGTH':>8}  {'STATUS':<10}  PODCAST — TITLE"


def iso(timestamp: int | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _date(timestamp: int | None) -> str:
    if timestamp is None:
        return "----------"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def episode_json(episode: Episode) -> dict[str, object]:
    return {
        "id": episode.id,
        "podcast": episode.podcast,
        "podcast_id": episode.podcast_id,
        "title": episode.title,
        "guid": episode.guid,
        "published": iso(episode.published),
        "duration": episode.duration,
        "enclosure": episode.enclosure_url,
        "enclosure_type": episode.enclosure_type,
        "played": episode.played,
        "position": episode.position,
        "queued": episode.queued,
        "queue_position": None if episode.queue_position is None else episode.queue_position + 1,
        "downloaded": episode.downloaded,
        "episode_number": episode.episode_number,
        "season_number": episode.season_number,
        "chapters": episode.chapters_url,
        "transcript": episode.transcript_url,
        "link": episode.link,
    }


def episode_status(episode: Episode) -> str:
    if episode.played:
        status = "played"
    elif episode.position > 0:
        if episode.duration:
            status = f"{min(99, int(100 * episode.position / episode.duration))}%"
        else:
            status = "started"
    else:
        status = "new"
    if episode.queued:
        status += ",queued"
    if episode.downloaded:
        status += ",downloaded"
    return status


def episode_line(episode: Episode) -> str:
    duration = format_duration(episode.duration) or "-"
    return (
        f"{episode.id:>6}  {_date(episode.published)}  {duration:>8}  "
        f"{episode_status(episode):<10}  {episode.podcast} — {episode.title}"
    )


def header(line: str) -> None:
    """A header line for a person at a terminal; scripts reading a pipe get the rows alone."""
    if sys.stdout.isatty():
        print(line)


def note(message: str) -> None:
    print(message, file=sys.stderr)


def err(message: str) -> None:
    print(f"error: {clean_line(message)}", file=sys.stderr)


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
