"""The episode filter language and the in-memory episode index behind the episode table.

Filter language (every part is ANDed; matching ignores case and accents):

- ``word``: in the title, the podcast title (substrings), the show notes or the words
  spoken in a transcript that was fetched (words starting with it). Words of one
  character only match titles and podcast titles, and words of two characters match
  whole words of the notes and transcripts, so that typing stays fast.
- ``"a phrase"``: the words in this order (an unclosed quote runs to the end).
- ``podcast:NAME`` / ``podcast:"two words"``: the podcast title contains NAME.
- ``is:new`` (unplayed, never started), ``is:played``, ``is:unplayed``, ``is:inprogress``
  (started, not finished), ``is:queued``, ``is:downloaded``; a unique prefix will do.
- ``has:transcript``: the episodes whose feed offers a transcript (or that have one kept).
- ``after:2019`` / ``after:2019-05`` / ``after:2019-05-17``: published on or after the
  start of that year, month or day (UTC). ``before:X``: published before the start of X.
  So ``after:2019 before:2020`` is the year 2019. Episodes without a date never match.
- ``longer:30m`` / ``shorter:1h``: duration at least / less than the given length
  (units s, m, h, combined as in ``1h30m``; a plain number means minutes). Episodes of
  unknown length never match.
- ``-word``, ``-"phrase"``, ``-podcast:X``, ``-is:played``, ``-has:transcript``: negation.

A token that cannot be understood (``is:foo``, ``after:20x9``, ``longer:abc``) is ignored
and explained in ``Query.hints``; parsing never raises.

The package: :mod:`.query` (the language), :mod:`.index` (the columns), :mod:`.matching`
(the masks a query makes of them), :mod:`.sort`, :mod:`.masks` (byte-mask arithmetic).
The :class:`EpisodeIndex` keeps compact columns for every episode (no notes) and answers
filters with byte masks (one byte per episode), so a keystroke costs a few milliseconds
even with 100,000 episodes. Notes are matched through the library's full-text index,
which is filled in the background (``Library.index_notes``); whatever is indexed counts.
"""

from tui.core.search.index import EpisodeIndex
from tui.core.search.masks import UNKNOWN_TIME
from tui.core.search.matching import HasSearch, NotesSearch
from tui.core.search.query import (
    HAS_VALUES,
    STATUS_VALUES,
    Query,
    Term,
    fts_query,
    parse_query,
    parse_span,
)
from tui.core.search.sort import SORT_KEYS

__all__ = [
    "HAS_VALUES",
    "SORT_KEYS",
    "STATUS_VALUES",
    "UNKNOWN_TIME",
    "EpisodeIndex",
    "HasSearch",
    "NotesSearch",
    "Query",
    "Term",
    "fts_query",
    "parse_query",
    "parse_span",
]
