"""The orders the episode table can show rows in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

SORT_KEYS = ("date", "title", "podcast", "duration", "relevance")
"""Sort keys; each has a natural direction (date and relevance: best/newest first, title and
podcast: A to Z, duration: shortest first) that ``reverse`` flips."""


def row_order(
    key: str,
    reverse: bool,
    *,
    dated: int,
    titles: Sequence[str],
    podcast_names: Mapping[int, str],
    podcast_ids: Sequence[int],
    durations: Sequence[int],
) -> Sequence[int]:
    """Every row in the order of ``key`` (relevance is date order here).

    Rows are newest first with the ``dated`` rows that have a date leading; ``titles`` and
    ``podcast_names`` are folded; a duration below 0 is unknown and sorts last.
    """
    n = len(podcast_ids)
    if key in ("date", "relevance"):
        if reverse:
            return [*range(dated - 1, -1, -1), *range(dated, n)]
        return range(n)
    if key == "title":
        return sorted(range(n), key=titles.__getitem__, reverse=reverse)
    if key == "podcast":  # A to Z (Z to A), each podcast newest first
        names = sorted(podcast_names, key=lambda pid: (podcast_names[pid], pid))
        ranks = {pid: rank for rank, pid in enumerate(names)}
        sign = -1 if reverse else 1
        row_ranks = [sign * ranks.get(pid, len(ranks)) for pid in podcast_ids]
        return sorted(range(n), key=row_ranks.__getitem__)
    if key == "duration":
        known = [row for row in range(n) if durations[row] >= 0]
        known.sort(key=durations.__getitem__, reverse=reverse)
        return known + [row for row in range(n) if durations[row] < 0]
    raise ValueError(f"unknown sort key {key!r}")
