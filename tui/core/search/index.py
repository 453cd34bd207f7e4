"""The in-memory episode index: every episode's searchable and displayable fields.

Compact columns (tuples of ints and strings, bytearrays for the statuses) for every
episode without its notes, built from one library query; the table reads rows from it
and the filter answers with row numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import compress
from typing import TYPE_CHECKING, Any

from tui.core.search.masks import UNKNOWN_TIME, count_dated
from tui.core.search.matching import HasSearch, Matching, NotesSearch
from tui.core.search.query import Query, parse_query
from tui.core.search.sort import SORT_KEYS, row_order
from tui.core.text import fold, format_duration

if TYPE_CHECKING:
    from tui.core.library import Library


class EpisodeIndex(Matching):
    """Every episode's searchable and displayable fields, in compact columns.

    Rows are numbered 0..n-1 newest first (episodes without a date last); ``filter``
    returns row numbers in the current sort order. Row numbers stay valid until the
    index is rebuilt (after a refresh adds episodes).
    """

    def __init__(
        self,
        rows: Sequence[tuple[Any, ...]],
        podcasts: Mapping[int, str],
        *,
        notes_search: NotesSearch | None = None,
        has_search: HasSearch | None = None,
    ) -> None:
        """``rows`` as ``Library.episode_rows`` gives them (newest first); ``notes_search``
        finds the episodes whose notes (or transcripts) match (see :data:`NotesSearch`),
        ``has_search`` those that have a transcript (see :data:`HasSearch`)."""
        self._notes_search = notes_search
        self._has_search = has_search
        self.podcast_names: dict[int, str] = {pid: title or "" for pid, title in podcasts.items()}
        self._podcast_folded = {pid: fold(title) for pid, title in self.podcast_names.items()}
        if rows:
            ids, pids, titles, published, durations, played, positions, queued, downloaded = zip(
                *rows, strict=True
            )
        else:
            ids = pids = titles = published = durations = played = positions = ()
            queued = downloaded = ()
        # Tuples of ints iterate faster than arrays (no boxing) in the mask loops.
        self.ids: Sequence[int] = ids
        self.podcast_ids: Sequence[int] = pids
        self.titles: Sequence[str] = titles
        self.published: Sequence[int] = published
        self.durations: Sequence[int] = durations
        self.played = bytearray(played)
        self.positions: list[float] = list(positions)
        self.queued = bytearray(queued)
        self.downloaded = bytearray(downloaded)
        self._started = bytearray(position > 0 for position in self.positions)
        self.progress: dict[int, float] = {}
        """Episode id -> download fraction (0..1) of downloads under way."""
        # With at most 256 podcasts, one byte per row names the podcast and a podcast mask
        # is a bytes.translate() away.
        podcast_codes = {pid: code for code, pid in enumerate(sorted(set(pids)))}
        self._podcast_codes = podcast_codes if len(podcast_codes) <= 256 else None
        self._podcast_bytes = (
            bytes(map(podcast_codes.__getitem__, pids)) if self._podcast_codes else b""
        )
        self._rows_by_id = dict(zip(ids, range(len(ids)), strict=True))
        self._max_id = max(ids, default=0)
        self._folded: list[str] | None = None
        # Rows with a date come first; this many of them.
        self._dated = count_dated(self.published)
        self.sort_key = "date"
        self.sort_reverse = False
        self._orders: dict[tuple[str, bool], Sequence[int]] = {}
        self._init_matching()

    @classmethod
    def from_library(cls, library: Library) -> EpisodeIndex:
        """Build the index from the library (one query); notes and transcripts are searched
        in its FTS tables."""
        return cls(
            library.episode_rows(unknown_time=UNKNOWN_TIME),
            library.podcast_titles(),
            notes_search=lambda query, max_id: library.match_notes(query, max_id=max_id),
            has_search=lambda what, max_id: library.transcript_episode_ids(max_id=max_id),
        )

    # -- reading ------------------------------------------------------------------------

    @property
    def notes_search(self) -> NotesSearch | None:
        return self._notes_search

    def __len__(self) -> int:
        return len(self.ids)

    def row_of(self, episode_id: int) -> int | None:
        return self._rows_by_id.get(episode_id)

    def episode_id(self, row: int) -> int:
        return self.ids[row]

    def podcast_title(self, row: int) -> str:
        return self.podcast_names.get(self.podcast_ids[row], "")

    def count(self, podcast_id: int | None = None) -> int:
        """Episodes in the library, or in one podcast."""
        if podcast_id is None:
            return len(self.ids)
        return self._podcast_mask(podcast_id).count(1)

    @property
    def folded_titles(self) -> list[str]:
        if self._folded is None:
            self._folded = list(map(fold, self.titles))
        return self._folded

    def prepare(self) -> None:
        """Do the work the first filter would need (folding titles) ahead of time."""
        _ = self.folded_titles

    def status(self, episode_id: int) -> str:
        """``new``, ``▶ 42%``, ``played``, then ``≡`` if queued and ``↓`` / ``↓ 37%``."""
        row = self._rows_by_id.get(episode_id)
        return "" if row is None else self.row_status(row)

    def row_status(self, row: int) -> str:
        if self.played[row]:
            text = "played"
        elif self.positions[row] > 0:
            duration = self.durations[row]
            if duration > 0:
                text = f"▶ {min(99, int(self.positions[row] * 100 / duration))}%"
            else:
                text = f"▶ {format_duration(self.positions[row])}"
        else:
            text = "new"
        if self.queued[row]:
            text += " ≡"
        fraction = self.progress.get(self.ids[row])
        if fraction is not None:
            text += f" ↓ {min(99, int(fraction * 100))}%"
        elif self.downloaded[row]:
            text += " ↓"
        return text

    # -- changing -----------------------------------------------------------------------

    def update(
        self,
        episode_id: int,
        *,
        played: bool | None = None,
        position: float | None = None,
        queued: bool | None = None,
        downloaded: bool | None = None,
    ) -> bool:
        """Change an episode's status in place; False if the episode is not indexed."""
        row = self._rows_by_id.get(episode_id)
        if row is None:
            return False
        if played is not None:  # as Library.set_played: the position starts over
            self.played[row] = int(played)
            self.positions[row] = 0.0
        if position is not None:
            self.positions[row] = max(0.0, float(position))
        self._started[row] = self.positions[row] > 0
        if queued is not None:
            self.queued[row] = int(queued)
        if downloaded is not None:
            self.downloaded[row] = int(downloaded)
        return True

    def set_progress(self, episode_id: int, fraction: float | None) -> None:
        """Show a download under way (0..1), or forget it (None)."""
        if fraction is None:
            self.progress.pop(episode_id, None)
        else:
            self.progress[episode_id] = max(0.0, min(1.0, float(fraction)))

    # -- sorting ------------------------------------------------------------------------

    def sort(self, key: str, reverse: bool = False) -> None:
        """Set the order ``filter`` returns rows in (see SORT_KEYS)."""
        if key not in SORT_KEYS:
            raise ValueError(f"unknown sort key {key!r}")
        self.sort_key = key
        self.sort_reverse = reverse

    def order(self, key: str = "date", reverse: bool = False) -> Sequence[int]:
        """Every row in the given order (relevance is date order here)."""
        if key == "relevance":
            key = "date"
        found = self._orders.get((key, reverse))
        if found is None:
            found = row_order(
                key,
                reverse,
                dated=self._dated,
                titles=self.folded_titles if key == "title" else (),
                podcast_names=self._podcast_folded,
                podcast_ids=self.podcast_ids,
                durations=self.durations,
            )
            self._orders[(key, reverse)] = found
        return found

    # -- filtering ----------------------------------------------------------------------

    def filter(self, query: Query | str = "", podcast_id: int | None = None) -> list[int]:
        """Rows matching ``query`` (and in podcast ``podcast_id``), in the current order."""
        if isinstance(query, str):
            query = parse_query(query)
        n = len(self.ids)
        order = self.order(self.sort_key, self.sort_reverse)
        mask = self._mask(query, podcast_id)
        if mask is None:
            return list(order)
        if self.sort_key == "relevance" and query.words:
            return self._by_relevance(query, mask)
        if isinstance(order, range) and order.start == 0 and order.stop == n:
            return list(compress(order, mask))
        return list(compress(order, map(mask.__getitem__, order)))
