"""Column widths for the queue and downloads views, by priority: the narrow columns get
what their texts need, the titles get the rest, the podcast names what the titles spare."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len


def needed(label: str, texts: Iterable[str], least: int = 0) -> int:
    """Cells for a column: its widest text, its label, ``least`` (room kept for texts
    that change in place, such as a running download's speed)."""
    return max([cell_len(label), least, *(cell_len(text) for text in texts)])


def share(room: int, podcast: int, title: int) -> tuple[int, int]:
    """(podcast, title) widths out of ``room`` cells, for the widest podcast name and
    title: both whole when they fit; else the title first, the podcast keeping at least a
    third of the room (or what it needs, if less)."""
    if podcast + title <= room:
        return podcast, room - podcast
    kept = min(podcast, max(room // 3, room - title))
    return max(0, kept), max(1, room - kept)
