"""The show notes search index: notes_pending (what to (re)read) and the notes_fts table;
searches read the transcripts' index (transcripts_fts) too.

The in-memory episode index (tui.core.search) is built from ``episode_rows()``; show notes
are searched through the notes_fts full-text table, which :meth:`NotesIndex.index_notes`
fills in the background (never while a feed is stored). Searches use their own read-only
connection so that they never wait for a writer (the library runs in WAL mode).
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from tui.core.errors import LibraryError
from tui.core.library.connection import Database


class NotesIndex(Database):
    """The notes_pending and notes_fts tables."""

    def pending_notes(self) -> int:
        """How many episodes' notes wait to be (re)indexed for search."""
        with self._lock:
            return self._int(self._db, "SELECT COUNT(*) FROM notes_pending")

    def index_notes(self, batch: int = 500) -> int:
        """Index the notes of up to ``batch`` pending episodes; returns how many were done.

        Call it repeatedly (from a background thread) until it returns 0. The HTML is
        turned into text outside the library lock; an episode whose notes changed in the
        meantime stays pending.
        """
        rows = self._rows(
            "SELECT p.episode_id, e.notes FROM notes_pending p"
            " JOIN episodes e ON e.id = p.episode_id LIMIT ?",
            (max(1, int(batch)),),
        )
        if not rows:
            return 0
        texts = [(episode_id, self._plain_notes(notes), notes) for episode_id, notes in rows]
        with self._transaction() as db:
            for episode_id, text, notes in texts:
                found = db.execute("SELECT notes FROM episodes WHERE id = ?", (episode_id,))
                current = found.fetchone()
                if current is None or current[0] != notes:
                    continue  # removed (the trigger cleaned up) or changed: next time
                db.execute("DELETE FROM notes_fts WHERE rowid = ?", (episode_id,))
                if text:
                    db.execute(
                        "INSERT INTO notes_fts (rowid, body) VALUES (?, ?)", (episode_id, text)
                    )
                db.execute("DELETE FROM notes_pending WHERE episode_id = ?", (episode_id,))
        return len(rows)

    def match_notes(self, fts_query: str, *, max_id: int | None = None) -> list[int]:
        """Ids of the episodes whose indexed notes or kept transcripts match an FTS5
        query (in no set order).

        A malformed query matches nothing. ``max_id`` limits the ids returned.
        """
        reader, lock = self._search_reader()
        # One row holding every id: a single step, instead of one per match.
        sql = (
            "SELECT group_concat(id) FROM ("
            "SELECT rowid AS id FROM notes_fts WHERE notes_fts MATCH ?1 AND rowid <= ?2"
            " UNION SELECT rowid FROM transcripts_fts WHERE transcripts_fts MATCH ?1"
            " AND rowid <= ?2)"
        )
        params: tuple[Any, ...] = (fts_query, max_id if max_id is not None else 2**62)
        try:
            with lock:
                found = reader.execute(sql, params).fetchone()[0]
        except sqlite3.Error:
            return []
        return list(map(int, found.split(","))) if found else []

    def close_search(self) -> None:
        """Close the search connection, if one was opened."""
        found = self._search
        if found is not None:
            self._search = None
            with found[1]:
                found[0].close()

    def _search_reader(self) -> tuple[sqlite3.Connection, threading.Lock]:
        found = self._search
        if found is None:
            with self._lock:
                found = self._search
                if found is None:
                    try:
                        reader = sqlite3.connect(
                            f"{self.path.resolve().as_uri()}?mode=ro",
                            uri=True,
                            check_same_thread=False,
                            isolation_level=None,
                            timeout=10,
                        )
                    except sqlite3.Error as exc:
                        raise LibraryError(f"cannot open library {self.path}: {exc}") from None
                    found = (reader, threading.Lock())
                    self._search = found
        return found

    @staticmethod
    def _plain_notes(notes: str) -> str:
        """Show notes as the plain text that search indexes."""
        if not notes:
            return ""
        from tui.core.feeds.notes import notes_to_text  # lazy: lxml, off start-up until indexing

        return notes_to_text(notes).strip()
