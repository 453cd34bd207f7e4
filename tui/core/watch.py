"""What other processes wrote to the library since the app last looked, read sparingly.

The app polls :meth:`Library.data_version` (a pragma that changes when another connection
commits); when it moves, :func:`read_changes` compares the library with what the app
shows. Podcasts come from the podcasts table (a few rows) and statuses (played, position,
queued, downloaded) from one index-only scan; episode rows are read again only for the
podcasts that were added, removed, refreshed or renamed, and merged into a new
:class:`EpisodeIndex` in memory.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tui.core.library import Library
from tui.core.models import Podcast
from tui.core.search import UNKNOWN_TIME, EpisodeIndex

Status = tuple[int, float, int, int]  # played, position, queued, downloaded


@dataclass(slots=True)
class LibraryDelta:
    """What changed, relative to ``base`` (the index shown when the changes were read)."""

    base: EpisodeIndex
    podcasts: list[Podcast]  # every podcast as the library has it now
    index: EpisodeIndex | None = None  # a new index when episodes came, went or changed
    statuses: dict[int, Status] = field(default_factory=dict)  # for ``base`` (no new index)


def _stamp(podcast: Podcast) -> tuple:
    return (podcast.title, podcast.last_checked, podcast.episode_count)


def changed_podcasts(shown: Mapping[int, Podcast], podcasts: Sequence[Podcast]) -> set[int]:
    """Ids of the podcasts added, removed, refreshed or renamed since ``shown``."""
    now = {podcast.id: podcast for podcast in podcasts}
    changed = set(shown).symmetric_difference(now)
    changed.update(
        pid
        for pid, podcast in now.items()
        if pid in shown and _stamp(shown[pid]) != _stamp(podcast)
    )
    return changed


def status_changes(index: EpisodeIndex, statuses: Sequence[tuple]) -> dict[int, Status]:
    """The episodes of ``index`` whose status differs from ``statuses`` (library rows)."""
    changes: dict[int, Status] = {}
    row_of, played, positions = index.row_of, index.played, index.positions
    queued, downloaded = index.queued, index.downloaded
    for episode_id, is_played, position, is_queued, is_downloaded in statuses:
        row = row_of(episode_id)
        if row is None:
            continue
        if (
            played[row] != is_played
            or positions[row] != position
            or queued[row] != is_queued
            or downloaded[row] != is_downloaded
        ):
            changes[episode_id] = (is_played, position, is_queued, is_downloaded)
    return changes


def merged_index(
    library: Library,
    index: EpisodeIndex,
    reload: set[int],
    titles: Mapping[int, str],
    statuses: Mapping[int, Status],
) -> EpisodeIndex:
    """``index`` with the episodes of podcasts ``reload`` read again from the library
    (dropped if the podcast is gone) and ``statuses`` applied to the others."""
    kept = []
    for row, pid in enumerate(index.podcast_ids):
        if pid in reload:
            continue
        episode_id = index.ids[row]
        status = statuses.get(episode_id)
        if status is None:
            status = (index.played[row], index.positions[row], index.queued[row],
                      index.downloaded[row])  # fmt: skip
        kept.append(
            (episode_id, pid, index.titles[row], index.published[row], index.durations[row],
             *status)
        )  # fmt: skip
    fresh = library.episode_rows(unknown_time=UNKNOWN_TIME, podcast_ids=reload) if reload else []
    rows = list(heapq.merge(kept, fresh, key=lambda row: (-row[3], row[0])))
    merged = EpisodeIndex(rows, titles, notes_search=index.notes_search)
    merged.progress.update(index.progress)
    return merged


def read_changes(
    library: Library, index: EpisodeIndex, shown: Mapping[int, Podcast]
) -> LibraryDelta:
    """Compare the library with ``index`` and the podcasts ``shown`` (run it in a thread)."""
    podcasts = library.podcasts()
    statuses = status_changes(index, library.episode_statuses())
    reload = changed_podcasts(shown, podcasts)
    delta = LibraryDelta(base=index, podcasts=podcasts)
    if reload:
        titles = {podcast.id: podcast.title for podcast in podcasts}
        delta.index = merged_index(library, index, reload, titles, statuses)
    else:
        delta.statuses = statuses
    return delta
