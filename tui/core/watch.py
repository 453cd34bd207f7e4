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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress

from tui.core.library import Library
from tui.core.library.episodes import ListingRow, StatusRow
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


def _stamp(podcast: Podcast) -> tuple[str, int | None, int]:
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


def status_changes(
    index: EpisodeIndex, statuses: Sequence[StatusRow], queue: Iterable[int]
) -> dict[int, Status]:
    """The episodes of ``index`` whose status differs from the library's: ``statuses`` as
    ``Library.episode_statuses`` gives them, ``queue`` the queued ids."""
    row_of, played, positions, downloaded = (
        index.row_of,
        index.played,
        index.positions,
        index.downloaded,
    )
    queued_now = set(queue)
    queued_before = set(compress(index.ids, index.queued))
    changes: dict[int, Status] = {}
    seen: set[int] = set()
    for episode_id, is_played, position, is_downloaded in statuses:
        row = row_of(episode_id)
        if row is None:
            continue
        seen.add(episode_id)
        is_queued = int(episode_id in queued_now)
        if (
            played[row] != is_played
            or positions[row] != position
            or downloaded[row] != is_downloaded
            or index.queued[row] != is_queued
        ):
            changes[episode_id] = (is_played, position, is_queued, is_downloaded)
    # Shown as played, started or downloaded, and now none of these.
    marked = map(any, zip(played, map(bool, positions), downloaded, strict=True))
    for episode_id in compress(index.ids, marked):
        if episode_id not in seen:
            changes[episode_id] = (0, 0.0, int(episode_id in queued_now), 0)
    # Only queued or unqueued.
    for episode_id in queued_now.symmetric_difference(queued_before):
        if episode_id not in changes and episode_id not in seen and row_of(episode_id) is not None:
            changes[episode_id] = (0, 0.0, int(episode_id in queued_now), 0)
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
    keep = [pid not in reload for pid in index.podcast_ids]
    columns = zip(
        index.ids, index.podcast_ids, index.titles, index.published, index.durations,
        index.played, index.positions, index.queued, index.downloaded, strict=True,
    )  # fmt: skip
    kept = list(compress(columns, keep))
    fresh = library.episode_rows(unknown_time=UNKNOWN_TIME, podcast_ids=reload) if reload else []
    rows = list(heapq.merge(kept, fresh, key=_newest_first))
    merged = EpisodeIndex(rows, titles, notes_search=index.notes_search)
    fresh_ids = {row[0] for row in fresh}
    for episode_id, (played, position, queued, downloaded) in statuses.items():
        if episode_id not in fresh_ids:
            merged.update(
                episode_id,
                played=bool(played),
                position=position,
                queued=bool(queued),
                downloaded=bool(downloaded),
            )
    merged.progress.update(index.progress)
    return merged


def _newest_first(row: ListingRow) -> tuple[int, int]:
    return (-row[3], row[0])


def read_changes(
    library: Library, index: EpisodeIndex, shown: Mapping[int, Podcast]
) -> LibraryDelta:
    """Compare the library with ``index`` and the podcasts ``shown`` (run it in a thread)."""
    podcasts = library.podcasts()
    statuses = status_changes(index, library.episode_statuses(), library.queue_ids())
    reload = changed_podcasts(shown, podcasts)
    delta = LibraryDelta(base=index, podcasts=podcasts)
    if reload:
        titles = {podcast.id: podcast.title for podcast in podcasts}
        delta.index = merged_index(library, index, reload, titles, statuses)
    else:
        delta.statuses = statuses
    return delta
