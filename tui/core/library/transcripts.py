"""Transcripts kept in the library: which file was read, its cues, and their search text.

A transcript is stored in one transaction (the old one replaced), so a failed fetch or a
malformed file never loses the one kept before. Its text goes to transcripts_fts, which
:meth:`~tui.core.library.notes.NotesIndex.match_notes` searches beside the notes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from tui.core.library.connection import Database
from tui.core.transcripts import Cue, TranscriptFormat

SEARCH_TEXT_MAX = 4_000_000  # characters of a transcript's text indexed for search


@dataclass(frozen=True, slots=True)
class StoredTranscript:
    """A transcript as the library keeps it."""

    episode_id: int
    url: str
    format: TranscriptFormat
    fetched: int  # Unix seconds
    cues: list[Cue]


class Transcripts(Database):
    """The transcripts, transcript_cues and transcripts_fts tables."""

    def store_transcript(
        self, episode_id: int, url: str, found: TranscriptFormat, cues: list[Cue]
    ) -> bool:
        """Keep an episode's transcript (replacing any kept before); False when the
        episode is gone."""
        rows = [
            (episode_id, seq, cue.start, cue.end, cue.speaker, cue.text)
            for seq, cue in enumerate(cues)
        ]
        text = "\n".join(f"{cue.speaker}: {cue.text}" if cue.speaker else cue.text for cue in cues)[
            :SEARCH_TEXT_MAX
        ]
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM episodes WHERE id = ?", (episode_id,)).fetchone() is None:
                return False
            db.execute("DELETE FROM transcripts WHERE episode_id = ?", (episode_id,))
            db.execute(
                "INSERT INTO transcripts (episode_id, url, format, fetched) VALUES (?, ?, ?, ?)",
                (episode_id, url, found.value, int(time.time())),
            )
            db.executemany(
                "INSERT INTO transcript_cues (episode_id, seq, start, end, speaker, body)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            db.execute(
                "INSERT INTO transcripts_fts (rowid, body) VALUES (?, ?)", (episode_id, text)
            )
        return True

    def transcript(self, episode_id: int) -> StoredTranscript | None:
        """An episode's kept transcript (None when none was fetched)."""
        with self._lock:
            head = self._db.execute(
                "SELECT url, format, fetched FROM transcripts WHERE episode_id = ?",
                (episode_id,),
            ).fetchone()
            if head is None:
                return None
            rows = self._db.execute(
                "SELECT start, end, speaker, body FROM transcript_cues"
                " WHERE episode_id = ? ORDER BY seq",
                (episode_id,),
            ).fetchall()
        try:
            found = TranscriptFormat(head[1])
        except ValueError:
            found = TranscriptFormat.TEXT
        cues = [Cue(*row) for row in rows]
        return StoredTranscript(episode_id, head[0], found, int(head[2]), cues)

    def transcript_episode_ids(self, *, max_id: int | None = None) -> list[int]:
        """Ids of the episodes that offer a transcript or have one kept."""
        limit = max_id if max_id is not None else 2**62
        found = self._rows(
            "SELECT id FROM episodes WHERE transcript_url IS NOT NULL AND id <= ?"
            " UNION SELECT episode_id FROM transcripts WHERE episode_id <= ?",
            (limit, limit),
        )
        return [row[0] for row in found]
