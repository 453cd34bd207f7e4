"""Episodes: reading them, their places and played marks, and the lean listing rows."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from typing import Any

from tui.core.errors import NotFound
from tui.core.library.connection import Database
from tui.core.library.sync import record_marks, record_places
from tui.core.models import Episode

EPISODE_COLUMNS = (
    "e.id, e.podcast_id, p.title, e.title, e.guid, e.published, e.duration, e.enclosure_url,"
    " e.enclosure_type, e.enclosure_length, e.link, e.image, e.episode_number,"
    " e.season_number, e.episode_type, e.explicit, e.chapters_url, e.chapters_type,"
    " e.transcript_url, e.transcript_type, e.played, e.position, q.place, e.download_path"
)
_EPISODE_FROM = (
    " FROM episodes e JOIN podcasts p ON p.id = e.podcast_id"
    " LEFT JOIN queue q ON q.episode_id = e.id"
)
# Unknown dates sort last (NULL is smallest); equal dates keep the feed's order.
_NEWEST_FIRST = " ORDER BY e.published DESC, e.id"

# ``(id, podcast_id, title, published, duration, played, position, queued, downloaded)``
ListingRow = tuple[int, int, str, int, int, int, float, int, int]
# ``(id, played, position, downloaded)``
StatusRow = tuple[int, int, float, int]


def episode_from_row(row: Sequence[Any]) -> Episode:
    """An :class:`Episode` from a row of :data:`EPISODE_COLUMNS`."""
    return Episode(
        id=row[0],
        podcast_id=row[1],
        podcast=row[2],
        title=row[3],
        guid=row[4],
        published=row[5],
        duration=row[6],
        enclosure_url=row[7],
        enclosure_type=row[8],
        enclosure_length=row[9],
        link=row[10],
        image=row[11],
        episode_number=row[12],
        season_number=row[13],
        episode_type=row[14],
        explicit=None if row[15] is None else bool(row[15]),
        chapters_url=row[16],
        chapters_type=row[17],
        transcript_url=row[18],
        transcript_type=row[19],
        played=bool(row[20]),
        position=row[21],
        queue_position=row[22],
        download_path=row[23],
    )


def mark_played(db: sqlite3.Connection, episode_ids: Iterable[int], played: bool) -> None:
    """Mark played (clearing the position) or unplayed, inside a transaction (the marks
    go to the sync outbox too, while an account is set)."""
    ids = [int(i) for i in episode_ids]
    record_marks(db, ids, played, int(time.time()))
    db.executemany(
        "UPDATE episodes SET played = ?, position = 0 WHERE id = ?",
        [(int(played), i) for i in ids],
    )


class Episodes(Database):
    """The episodes table: what the lists, the player and the commands read and mark."""

    def episodes(
        self,
        *,
        podcast_id: int | None = None,
        ids: Iterable[int] | None = None,
        limit: int | None = None,
    ) -> list[Episode]:
        """Episodes newest first (without their notes)."""
        where: list[str] = []
        params: list[int] = []
        if podcast_id is not None:
            where.append("e.podcast_id = ?")
            params.append(podcast_id)
        if ids is not None:
            id_list = list(ids)
            where.append(f"e.id IN ({','.join('?' * len(id_list))})")
            params.extend(id_list)
        sql = "SELECT " + EPISODE_COLUMNS + _EPISODE_FROM
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += _NEWEST_FIRST
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [episode_from_row(row) for row in self._rows(sql, params)]

    def episode(self, episode_id: int, *, with_notes: bool = True) -> Episode:
        with self._lock:
            row = self._db.execute(
                "SELECT " + EPISODE_COLUMNS + ", e.notes" + _EPISODE_FROM + " WHERE e.id = ?",
                (episode_id,),
            ).fetchone()
        if row is None:
            raise NotFound(f"no episode with id {episode_id}")
        episode = episode_from_row(row)
        if with_notes:
            episode.notes = row[-1]
        return episode

    def notes(self, episode_id: int) -> str:
        found = self._rows("SELECT notes FROM episodes WHERE id = ?", (episode_id,))
        return str(found[0][0]) if found else ""

    def episode_count(self) -> int:
        with self._lock:
            return self._int(self._db, "SELECT COUNT(*) FROM episodes")

    def set_played(self, episode_ids: Iterable[int], played: bool = True) -> None:
        """Mark played (clearing the position) or unplayed."""
        ids = [int(i) for i in episode_ids]
        with self._transaction() as db:
            mark_played(db, ids, played)

    def save_position(self, episode_id: int, position: float) -> None:
        """Keep an episode's place (and send it at the next sync, while an account is set)."""
        place, now = max(0.0, float(position)), int(time.time())
        with self._transaction() as db:
            record_places(db, [(episode_id, place)], now)
            db.execute(
                "UPDATE episodes SET position = ?, last_played = ? WHERE id = ?",
                (place, now, episode_id),
            )

    def last_listened(self) -> int | None:
        """The episode whose place was saved last, while it is unfinished: what a player
        offers to resume after a restart. None when there is none or it was finished."""
        found = self._rows(
            "SELECT id, played, position FROM episodes WHERE last_played IS NOT NULL"
            " ORDER BY last_played DESC, id DESC LIMIT 1"
        )
        if not found or found[0][1] or found[0][2] <= 0:
            return None
        episode_id: int = found[0][0]
        return episode_id

    def episode_rows(
        self, *, unknown_time: int = -(2**62), podcast_ids: Iterable[int] | None = None
    ) -> list[ListingRow]:
        """Every episode (or those of ``podcast_ids``) as a lean row, newest first (unknown
        dates last), for the in-memory episode index.

        ``(id, podcast_id, title, published, duration, played, position, queued,
        downloaded)``; ``published`` is ``unknown_time`` and ``duration`` -1 when unknown,
        and the flags are 0 or 1. The whole list is read from the episodes_listing index
        alone, without touching the rows and their (large) notes.
        """
        params: list[int] = [unknown_time]
        where = ""
        if podcast_ids is not None:
            wanted = [int(i) for i in podcast_ids]
            where = f" WHERE e.podcast_id IN ({','.join('?' * len(wanted))})"
            params.extend(wanted)
        rows: list[Any] = self._rows(
            "SELECT e.id, e.podcast_id, e.title, COALESCE(e.published, ?),"
            " COALESCE(e.duration, -1), e.played, e.position, q.episode_id IS NOT NULL,"
            " e.download_path IS NOT NULL"
            " FROM episodes e INDEXED BY episodes_listing"
            " LEFT JOIN queue q ON q.episode_id = e.id"
            + where
            + " ORDER BY e.published DESC, e.id",
            params,
        )
        return rows

    def episode_statuses(self) -> list[StatusRow]:
        """``(id, played, position, downloaded)`` of the episodes that are played, started
        or downloaded (the others are unplayed, at 0, not downloaded), in no set order."""
        rows: list[Any] = self._rows(
            "SELECT id, played, position, download_path IS NOT NULL"
            " FROM episodes INDEXED BY episodes_listing"
            " WHERE played OR position > 0 OR download_path IS NOT NULL"
        )
        return rows

    def episode_ids(self) -> list[int]:
        """The id of every episode, in id order."""
        return [row[0] for row in self._rows("SELECT id FROM episodes ORDER BY id")]
