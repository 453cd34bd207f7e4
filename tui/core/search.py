"""The episode filter language and the in-memory episode index behind the episode table.

Filter language (every part is ANDed; matching ignores case and accents):

- ``word``: in the title, the podcast title (substrings) or the show notes (words starting
  with it). Words of one character only match titles and podcast titles, and words of two
  characters match whole words of the notes, so that typing stays fast.
- ``"a phrase"``: the words in this order (an unclosed quote runs to the end).
- ``podcast:NAME`` / ``podcast:"two words"``: the podcast title contains NAME.
- ``is:new`` (unplayed, never started), ``is:played``, ``is:unplayed``, ``is:inprogress``
  (started, not finished), ``is:queued``, ``is:downloaded``; a unique prefix will do.
- ``after:2019`` / ``after:2019-05`` / ``after:2019-05-17``: published on or after the
  start of that year, month or day (UTC). ``before:X``: published before the start of X.
  So ``after:2019 before:2020`` is the year 2019. Episodes without a date never match.
- ``longer:30m`` / ``shorter:1h``: duration at least / less than the given length
  (units s, m, h, combined as in ``1h30m``; a plain number means minutes). Episodes of
  unknown length never match.
- ``-word``, ``-"phrase"``, ``-podcast:X``, ``-is:played``: negation.

A token that cannot be understood (``is:foo``, ``after:20x9``, ``longer:abc``) is ignored
and explained in ``Query.hints``; parsing never raises.

The :class:`EpisodeIndex` keeps compact columns for every episode (no notes) and answers
filters with byte masks (one byte per episode), so a keystroke costs a few milliseconds
even with 100,000 episodes. Notes are matched through the library's full-text index,
which is filled in the background (``Library.index_notes``); whatever is indexed counts.
"""

from __future__ import annotations

import calendar
import re
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import compress, repeat
from operator import contains
from typing import TYPE_CHECKING

from tui.core.text import fold, format_duration

if TYPE_CHECKING:
    from tui.core.library import Library

UNKNOWN_TIME = -(2**62)
"""``published`` of an episode without a date."""

STATUS_VALUES = ("new", "played", "unplayed", "inprogress", "queued", "downloaded")
SORT_KEYS = ("date", "title", "podcast", "duration", "relevance")
"""Sort keys; each has a natural direction (date and relevance: best/newest first, title and
podcast: A to Z, duration: shortest first) that ``reverse`` flips."""

_TOKEN = re.compile(
    r"""
    (?P<neg>-)?
    (?:(?P<key>[A-Za-z]+):)?
    (?:"(?P<quoted>[^"]*)(?:"|$) | (?P<bare>\S*))
    """,
    re.VERBOSE,
)
_KEYS = ("podcast", "is", "after", "before", "longer", "shorter")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_SPAN = re.compile(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?:in)?)?(?:(\d+(?:\.\d+)?)s)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_FTS_WORD = re.compile(r"\w+")
_ALIASES = {"in-progress": "inprogress", "started": "inprogress", "unheard": "unplayed"}


@dataclass(slots=True, frozen=True)
class Term:
    """A word or phrase to find (already folded)."""

    text: str
    phrase: bool = False
    negate: bool = False


@dataclass(slots=True)
class Query:
    """A parsed filter."""

    text: str = ""
    terms: list[Term] = field(default_factory=list)
    podcasts: list[tuple[str, bool]] = field(default_factory=list)  # (folded name, negate)
    statuses: list[tuple[str, bool]] = field(default_factory=list)  # (status, negate)
    after: int | None = None  # published >= after
    before: int | None = None  # published < before
    longer: int | None = None  # duration >= longer (seconds)
    shorter: int | None = None  # duration < shorter (seconds)
    hints: list[str] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        """The words and phrases that must match (for relevance and highlighting)."""
        return [term.text for term in self.terms if not term.negate]

    @property
    def is_empty(self) -> bool:
        return not (
            self.terms
            or self.podcasts
            or self.statuses
            or self.after is not None
            or self.before is not None
            or self.longer is not None
            or self.shorter is not None
        )


def parse_query(text: str) -> Query:
    """Parse the filter language (see the module docstring); never raises."""
    query = Query(text=text)
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            break
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:  # pragma: no cover - the regex always moves
            position += 1
            continue
        position = match.end()
        negate = match["neg"] is not None
        key = (match["key"] or "").lower()
        quoted = match["quoted"]
        value = quoted if quoted is not None else match["bare"]
        if match["key"] and key not in _KEYS:
            # Not a filter key ("c:", "10:30"): the whole token is a word.
            value = match.group(0)[1 if negate else 0 :]
            key = ""
            quoted = None
        _add_token(query, key, value, quoted is not None, negate)
    return query


def _add_token(query: Query, key: str, value: str, quoted: bool, negate: bool) -> None:
    value = value.strip()
    if not key:
        folded = fold(" ".join(value.split()))
        if folded:
            query.terms.append(Term(folded, phrase=quoted and " " in folded, negate=negate))
        return
    if not value:
        return  # a key still being typed
    if key == "podcast":
        query.podcasts.append((fold(" ".join(value.split())), negate))
    elif key == "is":
        status = _status_value(value)
        if status is None:
            query.hints.append(f"unknown is: value {value!r} ({', '.join(STATUS_VALUES)})")
        else:
            query.statuses.append((status, negate))
    elif key in ("after", "before"):
        start = _date_start(value)
        if start is None:
            query.hints.append(
                f"{key}: needs a date like 2019, 2019-05 or 2019-05-17, not {value!r}"
            )
        elif negate:  # -after:X is before:X and the other way round
            setattr(query, "before" if key == "after" else "after", start)
        else:
            setattr(query, key, start)
    else:  # longer / shorter
        seconds = parse_span(value)
        if seconds is None:
            query.hints.append(f"{key}: needs a length like 30m, 1h or 1h30m, not {value!r}")
        elif negate:
            setattr(query, "shorter" if key == "longer" else "longer", seconds)
        else:
            setattr(query, key, seconds)


def _status_value(value: str) -> str | None:
    value = value.lower()
    value = _ALIASES.get(value, value)
    if value in STATUS_VALUES:
        return value
    candidates = [status for status in STATUS_VALUES if status.startswith(value)]
    return candidates[0] if len(candidates) == 1 else None


def _date_start(value: str) -> int | None:
    """Unix time of the start (UTC) of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    match = _DATE.fullmatch(value)
    if match is None:
        return None
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        start = datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None
    return calendar.timegm(start.timetuple())


def parse_span(value: str) -> int | None:
    """Seconds in ``30m``, ``1h``, ``1h30m``, ``45s``, ``1.5h``; a plain number is minutes."""
    value = value.strip().lower()
    if _NUMBER.fullmatch(value):
        return round(float(value) * 60)
    match = _SPAN.fullmatch(value)
    if match is None or not any(match.groups()):
        return None
    hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    return round(hours * 3600 + minutes * 60 + seconds)


def fts_query(term: Term) -> str | None:
    """The FTS5 query for a term's notes matches, or None when notes should not be searched.

    The last word is a prefix when it has three or more characters; shorter words match
    whole words, and one-character terms do not search notes at all.
    """
    words = _FTS_WORD.findall(term.text)
    if not words or (len(words) == 1 and len(words[0]) < 2):
        return None
    prefix = "*" if len(words[-1]) >= 3 else ""
    return '"' + " ".join(words) + '"' + prefix


# -- byte masks: one byte (0 or 1) per index row ------------------------------------------


def _and(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "little") & int.from_bytes(b, "little")).to_bytes(len(a), "little")


def _or(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "little") | int.from_bytes(b, "little")).to_bytes(len(a), "little")


def _not(a: bytes) -> bytes:
    ones = int.from_bytes(b"\x01" * len(a), "little")
    return (int.from_bytes(a, "little") ^ ones).to_bytes(len(a), "little")


class _Cache(OrderedDict):
    """A tiny LRU."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_or(self, key, compute: Callable[[], bytes]) -> bytes:
        found = self.get(key)
        if found is None:
            found = compute()
            self[key] = found
            if len(self) > self.size:
                self.popitem(last=False)
        else:
            self.move_to_end(key)
        return found


class EpisodeIndex:
    """Every episode's searchable and displayable fields, in compact columns.

    Rows are numbered 0..n-1 newest first (episodes without a date last); ``filter``
    returns row numbers in the current sort order. Row numbers stay valid until the
    index is rebuilt (after a refresh adds episodes).
    """

    def __init__(
        self,
        rows: Sequence[tuple],
        podcasts: Mapping[int, str],
        *,
        notes_search: Callable[[str, int], Iterable[int]] | None = None,
    ) -> None:
        """``rows`` as ``Library.episode_rows`` gives them (newest first).

        ``notes_search(fts_query, max_id)`` returns the ids of the episodes whose notes match.
        """
        self._notes_search = notes_search
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
        self._dated = _count_dated(self.published)
        self.sort_key = "date"
        self.sort_reverse = False
        self._orders: dict[tuple[str, bool], Sequence[int]] = {}
        self._text_masks = _Cache(96)
        self._notes_masks = _Cache(64)
        self._fetching: dict[str, Future] = {}
        self._executor: ThreadPoolExecutor | None = None
        self._podcast_masks = _Cache(16)

    @classmethod
    def from_library(cls, library: Library) -> EpisodeIndex:
        """Build the index from the library (one query); notes are searched in its FTS table."""
        return cls(
            library.episode_rows(unknown_time=UNKNOWN_TIME),
            library.podcast_titles(),
            notes_search=lambda query, max_id: library.match_notes(query, max_id=max_id),
        )

    # -- reading ------------------------------------------------------------------------

    @property
    def notes_search(self) -> Callable[[str, int], Iterable[int]] | None:
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

    def invalidate_notes(self) -> None:
        """Forget cached notes matches (call after ``Library.index_notes`` indexed more)."""
        self._notes_masks.clear()
        self._fetching.clear()

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
        if found is not None:
            return found
        n, dated = len(self.ids), self._dated
        if key == "date":
            if reverse:
                result: Sequence[int] = [*range(dated - 1, -1, -1), *range(dated, n)]
            else:
                result = range(n)
        elif key == "title":
            result = sorted(range(n), key=self.folded_titles.__getitem__, reverse=reverse)
        elif key == "podcast":  # A to Z (Z to A), each podcast newest first
            names = sorted(self._podcast_folded, key=lambda pid: (self._podcast_folded[pid], pid))
            ranks = {pid: rank for rank, pid in enumerate(names)}
            sign = -1 if reverse else 1
            row_ranks = [sign * ranks.get(pid, len(ranks)) for pid in self.podcast_ids]
            result = sorted(range(n), key=row_ranks.__getitem__)
        elif key == "duration":
            known = [row for row in range(n) if self.durations[row] >= 0]
            known.sort(key=self.durations.__getitem__, reverse=reverse)
            result = known + [row for row in range(n) if self.durations[row] < 0]
        else:
            raise ValueError(f"unknown sort key {key!r}")
        self._orders[(key, reverse)] = result
        return result

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

    def _mask(self, query: Query, podcast_id: int | None) -> bytes | None:
        masks: list[bytes] = []
        self._fetch_notes(query.terms)
        if podcast_id is not None:
            masks.append(self._podcast_mask(podcast_id))
        for term in query.terms:
            found = self._term_mask(term)
            masks.append(_not(found) if term.negate else found)
        for name, negate in query.podcasts:
            found = self._podcast_name_mask(name)
            masks.append(_not(found) if negate else found)
        for status, negate in query.statuses:
            found = self._status_mask(status)
            masks.append(_not(found) if negate else found)
        if query.after is not None or query.before is not None:
            masks.append(self._date_mask(query.after, query.before))
        if query.longer is not None:
            masks.append(bytes(map(query.longer.__le__, self.durations)))
        if query.shorter is not None:
            known = bytes(map((0).__le__, self.durations))
            masks.append(_and(known, bytes(map(query.shorter.__gt__, self.durations))))
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
        return _or(_or(title, podcast), notes) if notes is not None else _or(title, podcast)

    def _title_mask(self, text: str) -> bytes:
        def compute() -> bytes:
            titles = self.folded_titles
            # A longer word can only match where a cached part of it matched.
            for known, found in reversed(self._text_masks.items()):
                if known[0] == "t" and known[1] in text and found.count(1) < len(found) // 2:
                    return _narrow(found, titles, text)
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
            n = len(self.ids)
            # Ids this index does not know (added since it was built) land on byte n.
            mask = bytearray(n + 1)
            rows = map(self._rows_by_id.get, found, repeat(n))
            deque(map(mask.__setitem__, rows, repeat(1)), maxlen=0)
            del mask[n]
            return bytes(mask)

        return self._notes_masks.get_or(query, compute)

    def _podcast_mask(self, podcast_id: int) -> bytes:
        return self._podcast_masks.get_or(podcast_id, lambda: self._podcasts_mask({podcast_id}))

    def _status_mask(self, status: str) -> bytes:
        if status == "played":
            return bytes(self.played)
        if status == "unplayed":
            return _not(bytes(self.played))
        if status == "queued":
            return bytes(self.queued)
        if status == "downloaded":
            return bytes(self.downloaded)
        started = bytes(self._started)
        unplayed = _not(bytes(self.played))
        if status == "inprogress":
            return _and(unplayed, started)
        return _and(unplayed, _not(started))  # new

    def _date_mask(self, after: int | None, before: int | None) -> bytes:
        # Rows 0..dated-1 are newest first, so each bound is a cut in that run.
        n, dated = len(self.ids), self._dated
        start = 0 if before is None else _first_below(self.published, dated, before)
        stop = dated if after is None else _first_below(self.published, dated, after)
        if stop <= start:
            return bytes(n)
        return bytes(start) + b"\x01" * (stop - start) + bytes(n - stop)

    def _by_relevance(self, query: Query, mask: bytes) -> list[int]:
        """Matches whose titles hold every word, then those whose titles or podcast titles
        do, then the rest (notes matches); each group newest first. Reversed: the opposite."""
        words = [term.text for term in query.terms if not term.negate]
        in_title = self._title_mask(words[0])
        in_either = _or(in_title, self._podcast_name_mask(words[0]))
        for word in words[1:]:
            title = self._title_mask(word)
            in_title = _and(in_title, title)
            in_either = _and(in_either, _or(title, self._podcast_name_mask(word)))
        first = _and(mask, in_title)
        second = _and(_and(mask, in_either), _not(in_title))
        rest = _and(mask, _not(in_either))
        result: list[int] = []
        for group in (first, second, rest):
            result.extend(compress(range(len(group)), group))
        if self.sort_reverse:
            result.reverse()
        return result


def _narrow(candidates: bytes, titles: Sequence[str], text: str) -> bytes:
    """The mask of the candidate rows whose title contains ``text``."""
    rows = list(compress(range(len(candidates)), candidates))
    hits = map(contains, compress(titles, candidates), repeat(text))
    mask = bytearray(len(candidates))
    deque(map(mask.__setitem__, compress(rows, hits), repeat(1)), maxlen=0)
    return bytes(mask)


def _count_dated(published: Sequence[int]) -> int:
    """How many leading rows have a date (rows are newest first, unknown dates last)."""
    low, high = 0, len(published)
    while low < high:
        middle = (low + high) // 2
        if published[middle] == UNKNOWN_TIME:
            high = middle
        else:
            low = middle + 1
    return low


def _first_below(published: Sequence[int], dated: int, bound: int) -> int:
    """The first row (of the dated, newest-first run) published before ``bound``."""
    low, high = 0, dated
    while low < high:
        middle = (low + high) // 2
        if published[middle] >= bound:
            low = middle + 1
        else:
            high = middle
    return low
