"""The episode library: one SQLite file holding podcasts, episodes, positions and the queue.

Every SQL statement of podtui lives in this package, one module per table:
:mod:`~tui.core.library.connection` (opening, WAL, busy handling, migrations from
:mod:`~tui.core.library.schema`, change polling), :mod:`~tui.core.library.podcasts`,
:mod:`~tui.core.library.store` (a parsed feed stored in one transaction),
:mod:`~tui.core.library.episodes` (places, played marks, listings),
:mod:`~tui.core.library.queue` (every queue change, finishing an episode included),
:mod:`~tui.core.library.notes` (the show notes search index) and
:mod:`~tui.core.library.downloads` (which episodes have a file),
:mod:`~tui.core.library.transcripts` (transcripts fetched, their cues and search text) and
:mod:`~tui.core.library.sync` (what a gpodder sync sends and has applied).

:class:`Library` is those parts mixed into one class: they share one connection and one
lock, a transaction may span tables (finishing an episode marks it and changes the queue),
and callers keep a single object with one flat set of methods.
"""

from __future__ import annotations

from tui.core.library.downloads import Downloads
from tui.core.library.episodes import Episodes
from tui.core.library.notes import NotesIndex
from tui.core.library.queue import Finished, Queue
from tui.core.library.store import FeedStore, StoreResult
from tui.core.library.sync import Sync
from tui.core.library.transcripts import StoredTranscript, Transcripts

__all__ = ["Finished", "Library", "StoreResult", "StoredTranscript"]


class Library(FeedStore, Episodes, Queue, NotesIndex, Downloads, Sync, Transcripts):
    """The SQLite library. Safe to share between threads (calls are serialised)."""
