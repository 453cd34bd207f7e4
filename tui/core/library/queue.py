"""The play queue: every change to it, each one transaction returning the new order."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui.core.errors import NotFound
from tui.core.library.connection import Database
from tui.core.library.episodes import EPISODE_COLUMNS, episode_from_row, mark_played
from tui.core.models import Episode


@dataclass(frozen=True, slots=True)
class Finished:
    """What marking an episode finished did to the queue."""

    episode_id: int
    queue: list[int]  # the queue's order afterwards
    was_queued: bool  # the episode was in the queue (and is out of it now)
    following: int | None  # what plays next: the episode after it, or the queue's first


class Queue(Database):
    """The queue table: episode ids and their places."""

    def queue(self) -> list[Episode]:
        """The queued episodes in queue order."""
        rows = self._rows(
            "SELECT " + EPISODE_COLUMNS + " FROM queue q JOIN episodes e ON e.id ="
            " q.episode_id JOIN podcasts p ON p.id = e.podcast_id ORDER BY q.place"
        )
        return [episode_from_row(row) for row in rows]

    def queue_ids(self) -> list[int]:
        with self._lock:
            return _queue_ids(self._db)

    def queue_add(self, episode_ids: Sequence[int], *, at: int | None = None) -> list[int]:
        """Put episodes in the queue at index ``at`` (the end by default).

        An episode already queued moves to the new place. Returns the new order.
        """
        ids = list(dict.fromkeys(int(i) for i in episode_ids))
        with self._transaction() as db:
            _check_ids(db, ids)
            order = [i for i in _queue_ids(db) if i not in ids]
            index = len(order) if at is None else max(0, min(at, len(order)))
            order[index:index] = ids
            _write_queue(db, order)
        return order

    def queue_remove(self, episode_ids: Iterable[int]) -> list[int]:
        drop = {int(i) for i in episode_ids}
        with self._transaction() as db:
            order = [i for i in _queue_ids(db) if i not in drop]
            _write_queue(db, order)
        return order

    def queue_move(self, episode_id: int, index: int) -> list[int]:
        """Move a queued episode to ``index`` (0-based, clamped)."""
        with self._transaction() as db:
            order = _queue_ids(db)
            if episode_id not in order:
                raise NotFound(f"episode {episode_id} is not in the queue")
            order.remove(episode_id)
            index = max(0, min(index, len(order)))
            order.insert(index, episode_id)
            _write_queue(db, order)
        return order

    def queue_clear(self) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM queue")

    def finish(self, episode_id: int) -> Finished:
        """An episode was listened to the end: mark it played (its place cleared) and take
        it out of the queue, in one transaction; and say what plays next (the episode
        that followed it in the queue, or the queue's first when it was not queued)."""
        with self._transaction() as db:
            mark_played(db, [episode_id], True)
            order = _queue_ids(db)
            if episode_id not in order:
                return Finished(episode_id, order, False, order[0] if order else None)
            place = order.index(episode_id)
            order.remove(episode_id)
            _write_queue(db, order)
        following = order[place] if place < len(order) else None
        return Finished(episode_id, order, True, following)


def _queue_ids(db: sqlite3.Connection) -> list[int]:
    return [row[0] for row in db.execute("SELECT episode_id FROM queue ORDER BY place")]


def _write_queue(db: sqlite3.Connection, ids: Sequence[int]) -> None:
    db.execute("DELETE FROM queue")
    db.executemany(
        "INSERT INTO queue (episode_id, place) VALUES (?, ?)",
        [(episode_id, place) for place, episode_id in enumerate(ids)],
    )


def _check_ids(db: sqlite3.Connection, ids: Sequence[int]) -> None:
    for episode_id in ids:
        if not db.execute("SELECT 1 FROM episodes WHERE id = ?", (episode_id,)).fetchone():
            raise NotFound(f"no episode with id {episode_id}")
