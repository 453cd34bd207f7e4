"""Answering a query over the index's columns: one byte mask per part, ANDed.

Titles and podcast titles are scanned in Python (with the masks of shorter words cached,
so typing a word narrows the last mask); notes matches come from the library's full-text
index, asked in a thread while the titles are scanned.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import compress, repeat
from operator import contains, itemgetter
from typing import cast

from tui.core.search.masks import Lru, both, either, first_below, invert, narrow
from tui.core.search.query import Query, Term, fts_query

NotesSearch = Callable[[str, int], Iterable[int]]
"""``notes_search(fts_query, max_id)``: the ids of the episodes whose notes match."""

RowMarks = Callable[[bytearray], tuple[int, ...]]
"""Reads a mask indexed by episode id as one byte per row, in row order."""

HasSearch = Callable[[str, int], Iterable[int]]
"""``has_search(what, max_id)``: the ids of the episodes that have ``what``
(one of :data:`~tui.core.search.query.HAS_VALUES`)."""


class Matching:
    """The filtering half of :class:`~tui.core.search.EpisodeIndex`, which owns the columns."""

    ids: Sequence[int]
    podcast_ids: Sequence[int]
    published: Sequence[int]
    durations: Sequence[int]
    played: bytearray
    queued: bytearray
    downloaded: bytearray
    sort_reverse: bool
    _started: bytearray
    _dated: int
    _max_id: int
    _rows_by_id: dict[int, int]
    _podcast_folded: dict[int, str]
    _podcast_codes: dict[int, int] | None
    _podcast_bytes: bytes
    _notes_search: NotesSearch | None
    _has_search: HasSearch | None

    @property
    def folded_titles(self) -> list[str]:
        raise NotImplementedError

    def _init_matching(self) -> None:
        self._text_masks: Lru[tuple[str, str]] = Lru(96)
        self._notes_masks: Lru[str] = Lru(64)
        self._fetching: dict[str, Future[Iterable[int]]] = {}
        self._executor: ThreadPoolExecutor | None = None
        self._podcast_masks: Lru[int] = Lru(16)
        # Reads a mask by episode id in row order (made on the first notes search).
        self._row_marks: RowMarks | None = None

    def invalidate_notes(self) -> None:
        """Forget cached notes matches (call after ``Library.index_notes`` indexed more,
        or a transcript was kept)."""
        self._notes_masks.clear()
        self._fetching.clear()

    def _mask(self, query: Query, podcast_id: int | None) -> bytes | None:
        masks: list[bytes] = []
        self._fetch_notes(query.terms)
        if podcast_id is not None:
            masks.append(self._podcast_mask(podcast_id))
        for term in query.terms:
            found = self._term_mask(term)
            masks.append(invert(found) if term.negate else found)
        for name, negate in query.podcasts:
            found = self._podcast_name_mask(name)
            masks.append(invert(found) if negate else found)
        for status, negate in query.statuses:
            found = self._status_mask(status)
            masks.append(invert(found) if negate else found)
        for what, negate in query.has:
            found = self._has_mask(what)
            masks.append(invert(found) if negate else found)
        if query.after is not None or query.before is not None:
            masks.append(self._date_mask(query.after, query.before))
        if query.longer is not None:
            masks.append(bytes(map(query.longer.__le__, self.durations)))
        if query.shorter is not None:
            known = bytes(map((0).__le__, self.durations))
            masks.append(both(known, bytes(map(query.shorter.__gt__, self.durations))))
        if not masks:
            return None
        if len(masks) == 1:
            return masks[0]
        result = int.from_bytes(masks[0], "little")
        for mask in masks[1:]:
            result &= int.from_bytes(mask, "little")
        return result.to_bytes(len(self.ids), "little")

    def _term_mask(self, term: Term) -> bytes:
        title = self._title_mask(term.text)
        podcast = self._podcast_name_mask(term.text)
        notes = self._notes_mask(term)
        return (
            either(either(title, podcast), notes) if notes is not None else either(title, podcast)
        )

    def _title_mask(self, text: str) -> bytes:
        def compute() -> bytes:
            titles = self.folded_titles
            # A longer word can only match where a cached part of it matched.
            for known, found in reversed(self._text_masks.items()):
                if known[0] == "t" and known[1] in text and found.count(1) < len(found) // 2:
                    return narrow(found, titles, text)
            return bytes(map(contains, titles, repeat(text)))

        return self._text_masks.get_or(("t", text), compute)

    def _podcast_name_mask(self, text: str) -> bytes:
        return self._text_masks.get_or(
            ("p", text),
            lambda: self._podcasts_mask(
                {pid for pid, name in self._podcast_folded.items() if text in name}
            ),
        )

    def _podcasts_mask(self, wanted: set[int]) -> bytes:
        """The rows of the podcasts ``wanted``."""
        if not wanted:
            return bytes(len(self.ids))
        if self._podcast_codes is not None:
            table = bytearray(256)
            for pid in wanted:
                code = self._podcast_codes.get(pid)
                if code is not None:
                    table[code] = 1
            return self._podcast_bytes.translate(table)
        return bytes(map(wanted.__contains__, self.podcast_ids))

    def _fetch_notes(self, terms: Iterable[Term]) -> None:
        """Start the notes searches the terms need in a thread: SQLite runs them while
        this thread scans the titles."""
        if self._notes_search is None:
            return
        for term in terms:
            query = fts_query(term)
            if query is not None and query not in self._notes_masks and query not in self._fetching:
                if self._executor is None:
                    self._executor = ThreadPoolExecutor(1, thread_name_prefix="podtui-notes")
                self._fetching[query] = self._executor.submit(
                    self._notes_search, query, self._max_id
                )
        if self._fetching:
            time.sleep(0)  # let the thread reach SQLite before this one holds on to the GIL

    def _notes_mask(self, term: Term) -> bytes | None:
        if self._notes_search is None:
            return None
        query = fts_query(term)
        if query is None:
            return None

        def compute() -> bytes:
            pending = self._fetching.pop(query, None)
            if pending is not None:
                found = pending.result()
            else:
                found = self._notes_search(query, self._max_id)  # type: ignore[misc]
            return self._ids_mask(found)

        return self._notes_masks.get_or(query, compute)

    def _ids_mask(self, found: Iterable[int]) -> bytes:
        """The rows of the episodes ``found``; ids this index does not know are left out.

        Many ids (a short word found in most notes) are marked in a mask by id, which is
        then read in row order in one call: a third of the time of finding each id's row
        (35,000 ids of 100,000 rows: 14 -> 4 ms). That read costs ~3 ms whatever the count,
        so fewer ids are looked up one by one.
        """
        found = found if isinstance(found, list) else list(found)
        if len(found) > len(self.ids) // 12 > 0 and min(found) >= 0:
            marks = bytearray(self._max_id + 1)
            try:
                deque(map(marks.__setitem__, found, repeat(1)), maxlen=0)
            except IndexError:  # an id above the newest this index knows
                pass
            else:
                read = self._row_marks
                if read is None:
                    read = self._row_marks = cast(RowMarks, itemgetter(*self.ids))
                return bytes(read(marks))
        n = len(self.ids)
        # Ids this index does not know (added since it was built) land on byte n.
        mask = bytearray(n + 1)
        rows = map(self._rows_by_id.get, found, repeat(n))
        deque(map(mask.__setitem__, rows, repeat(1)), maxlen=0)
        del mask[n]
        return bytes(mask)

    def _has_mask(self, what: str) -> bytes:
        search = self._has_search
        if search is None:
            return bytes(len(self.ids))
        return self._notes_masks.get_or(
            f"has:{what}", lambda: self._ids_mask(search(what, self._max_id))
        )

    def _podcast_mask(self, podcast_id: int) -> bytes:
        return self._podcast_masks.get_or(podcast_id, lambda: self._podcasts_mask({podcast_id}))

    def _status_mask(self, status: str) -> bytes:
        if status == "played":
            return bytes(self.played)
        if status == "unplayed":
            return invert(bytes(self.played))
        if status == "queued":
            return bytes(self.queued)
        if status == "downloaded":
            return bytes(self.downloaded)
        started = bytes(self._started)
        unplayed = invert(bytes(self.played))
        if status == "inprogress":
            return both(unplayed, started)
        return both(unplayed, invert(started))  # new

    def _date_mask(self, after: int | None, before: int | None) -> bytes:
        # Rows 0..dated-1 are newest first, so each bound is a cut in that run.
        n, dated = len(self.ids), self._dated
        start = 0 if before is None else first_below(self.published, dated, before)
        stop = dated if after is None else first_below(self.published, dated, after)
        if stop <= start:
            return bytes(n)
        return bytes(start) + b"\x01" * (stop - start) + bytes(n - stop)

    def _by_relevance(self, query: Query, mask: bytes) -> list[int]:
        """Matches whose titles hold every word, then those whose titles or podcast titles
        do, then the rest (notes matches); each group newest first. Reversed: the opposite."""
        words = [term.text for term in query.terms if not term.negate]
        in_title = self._title_mask(words[0])
        in_either = either(in_title, self._podcast_name_mask(words[0]))
        for word in words[1:]:
            title = self._title_mask(word)
            in_title = both(in_title, title)
            in_either = both(in_either, either(title, self._podcast_name_mask(word)))
        first = both(mask, in_title)
        second = both(both(mask, in_either), invert(in_title))
        rest = both(mask, invert(in_either))
        result: list[int] = []
        for group in (first, second, rest):
            result.extend(compress(range(len(group)), group))
        if self.sort_reverse:
            result.reverse()
        return result
