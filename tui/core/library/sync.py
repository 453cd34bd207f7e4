"""Syncing with a gpodder API server: the outbox, the per-episode action times, the inbox.

While an account is set (:meth:`Sync.sync_enable`), every place saved, every played
mark and every file downloaded or deleted through the library is written to the outbox in
the same transaction, so no
caller can forget it and an action made offline waits there until a sync sends it. The
remote side of a sync is applied by :meth:`Sync.sync_apply` in one transaction.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tui.core.library.connection import Database
from tui.core.models import ActionKind, EpisodeAction

_ACTION_COLUMNS = "podcast, episode, guid, action, timestamp, started, position, total"
_OUTBOX_INSERT = f"INSERT INTO sync_outbox (episode_id, {_ACTION_COLUMNS}) VALUES ({'?, ' * 8}?)"
# (podcast, episode, guid, action, timestamp, started, position, total)
_Row = tuple[object, object, object, ActionKind, int, int | None, int | None, int | None]
EpisodeKey = tuple[int, str, str, str | None, int | None, int, float]
_INBOX_INSERT = f"INSERT INTO sync_inbox (key, {_ACTION_COLUMNS}) VALUES ({'?, ' * 8}?)"


def _enabled(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sync_meta WHERE key = 'device'").fetchone() is not None


def _is_http(url: str | None) -> bool:
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def _syncable(db: sqlite3.Connection, episode_id: int) -> tuple[Any, ...] | None:
    """(feed URL, enclosure URL, guid, position, duration) of an episode a gpodder server
    can name (both URLs http(s)); None for any other."""
    row = db.execute(
        "SELECT p.url, e.enclosure_url, e.guid, e.position, e.duration"
        " FROM episodes e JOIN podcasts p ON p.id = e.podcast_id WHERE e.id = ?",
        (episode_id,),
    ).fetchone()
    if row is None or not _is_http(row[0]) or not _is_http(row[1]):
        return None
    return tuple(row)


def record_places(db: sqlite3.Connection, places: Sequence[tuple[int, float]], now: int) -> None:
    """Places about to be saved (inside the saving transaction): queue their play actions.

    One unsent play per episode: a newer place replaces it and keeps where it started."""
    if not places or not _enabled(db):
        return
    for episode_id, position in places:
        row = _syncable(db, episode_id)
        if row is None:
            continue
        pending = db.execute(
            "SELECT started FROM sync_outbox WHERE episode_id = ? AND action = 'play'",
            (episode_id,),
        ).fetchone()
        started = pending[0] if pending and pending[0] is not None else int(row[3])
        position_s = int(position)
        total = row[4] if row[4] and row[4] > 0 else None
        _replace_pending(
            db,
            episode_id,
            (row[0], row[1], row[2], ActionKind.PLAY, now, started, position_s, total),
        )


def record_marks(
    db: sqlite3.Connection, episode_ids: Iterable[int], played: bool, now: int
) -> None:
    """Played marks about to be made (inside their transaction): queue their actions.

    Played is a play at the end (position = total), as phone apps send it; unplayed is
    the "new" action."""
    ids = list(episode_ids)
    if not ids or not _enabled(db):
        return
    for episode_id in ids:
        row = _syncable(db, episode_id)
        if row is None:
            continue
        action: _Row
        if played:
            total = int(row[4]) if row[4] and row[4] > 0 else max(int(row[3]), 1)
            action = (row[0], row[1], row[2], ActionKind.PLAY, now, None, total, total)
        else:
            action = (row[0], row[1], row[2], ActionKind.NEW, now, None, None, None)
        _replace_pending(db, episode_id, action)


def record_file(db: sqlite3.Connection, episode_id: int, downloaded: bool, now: int) -> None:
    """An episode's file was downloaded or deleted (inside the transaction recording it):
    queue the ``download`` or ``delete`` action (an unsent one of the two is replaced)."""
    if not _enabled(db):
        return
    row = _syncable(db, episode_id)
    if row is None:
        return
    kind = ActionKind.DOWNLOAD if downloaded else ActionKind.DELETE
    db.execute(
        "DELETE FROM sync_outbox WHERE episode_id = ? AND action IN ('download', 'delete')",
        (episode_id,),
    )
    db.execute(_OUTBOX_INSERT, (episode_id, row[0], row[1], row[2], kind, now, None, None, None))


def _replace_pending(db: sqlite3.Connection, episode_id: int, action: _Row) -> None:
    db.execute(
        "DELETE FROM sync_outbox WHERE episode_id = ? AND action IN ('play', 'new')",
        (episode_id,),
    )
    db.execute(
        _OUTBOX_INSERT,
        (episode_id, *action),
    )
    db.execute(
        "INSERT INTO sync_times (episode_id, updated) VALUES (?, ?)"
        " ON CONFLICT (episode_id) DO UPDATE SET updated = excluded.updated",
        (episode_id, action[4]),
    )


def record_feed(db: sqlite3.Connection, url: str, change: str) -> None:
    """A subscription added or removed here (inside its transaction): queue the change."""
    if _is_http(url) and _enabled(db):
        db.execute(
            "INSERT INTO sync_feeds (url, change) VALUES (?, ?)"
            " ON CONFLICT (url) DO UPDATE SET change = excluded.change",
            (url, change),
        )


def _action(row: Sequence[object]) -> EpisodeAction:
    podcast, episode, guid, action, timestamp, started, position, total = row
    return EpisodeAction(
        podcast=str(podcast),
        episode=str(episode),
        action=ActionKind(str(action)),
        timestamp=int(timestamp),  # type: ignore[call-overload]
        guid=None if guid is None else str(guid),
        started=started,  # type: ignore[arg-type]
        position=position,  # type: ignore[arg-type]
        total=total,  # type: ignore[arg-type]
    )


@dataclass(slots=True)
class EpisodeUpdate:
    """A remote action that wins for a library episode: its place or played mark."""

    episode_id: int
    timestamp: int
    played: bool
    position: float


@dataclass(slots=True)
class SyncPlan:
    """Everything one sync changes here, applied in one transaction."""

    subscribe: list[str] = field(default_factory=list)
    unsubscribe: list[int] = field(default_factory=list)  # podcast ids
    updates: list[EpisodeUpdate] = field(default_factory=list)
    waiting: dict[str, EpisodeAction] = field(default_factory=dict)  # the new inbox
    meta: dict[str, str] = field(default_factory=dict)


class Sync(Database):
    """The sync tables."""

    def sync_meta(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self._rows("SELECT key, value FROM sync_meta")}

    def sync_set_meta(self, values: dict[str, str]) -> None:
        with self._transaction() as db:
            _set_meta(db, values)

    def sync_enable(self, meta: dict[str, str]) -> None:
        """Start recording for an account: forget any earlier account's state, then queue
        every subscription and every place and played mark kept so far."""
        now = int(time.time())
        with self._transaction() as db:
            for table in ("sync_meta", "sync_outbox", "sync_feeds", "sync_times", "sync_inbox"):
                db.execute(f"DELETE FROM {table}")
            _set_meta(db, meta)
            for (url,) in db.execute("SELECT url FROM podcasts").fetchall():
                record_feed(db, url, "add")
            rows = db.execute(
                "SELECT e.id, p.url, e.enclosure_url, e.guid, e.played, e.position,"
                " e.duration, COALESCE(e.last_played, e.first_seen)"
                " FROM episodes e JOIN podcasts p ON p.id = e.podcast_id"
                " WHERE e.played OR e.position > 0"
            ).fetchall()
            for episode_id, podcast, url, guid, played, position, duration, when in rows:
                if not (_is_http(podcast) and _is_http(url)):
                    continue
                when = min(int(when or now), now)
                action: _Row
                if played:
                    end = int(duration) if duration and duration > 0 else 1
                    action = (podcast, url, guid, ActionKind.PLAY, when, None, end, end)
                else:
                    length = int(duration) if duration and duration > 0 else None
                    action = (podcast, url, guid, ActionKind.PLAY, when, 0, int(position), length)
                _replace_pending(db, episode_id, action)

    def sync_claim(self, token: str, *, stale: int = 600) -> bool:
        """Take the right to sync (so two processes never send the same actions); False
        while another holds it, unless it took it more than ``stale`` seconds ago."""
        now = int(time.time())
        with self._transaction() as db:
            row = db.execute("SELECT value FROM sync_meta WHERE key = 'running'").fetchone()
            if row is not None:
                _, _, since = str(row[0]).rpartition(" ")
                if since.isdigit() and now - int(since) < stale:
                    return False
            _set_meta(db, {"running": f"{token} {now}"})
        return True

    def sync_release(self, token: str) -> None:
        """Give the right to sync back (if this ``token`` still holds it)."""
        with self._transaction() as db:
            row = db.execute("SELECT value FROM sync_meta WHERE key = 'running'").fetchone()
            if row is not None and str(row[0]).partition(" ")[0] == token:
                db.execute("DELETE FROM sync_meta WHERE key = 'running'")

    def sync_disable(self) -> None:
        """Stop recording and forget the account's state (unsent actions included)."""
        with self._transaction() as db:
            for table in ("sync_meta", "sync_outbox", "sync_feeds", "sync_times", "sync_inbox"):
                db.execute(f"DELETE FROM {table}")

    def sync_outbox(self, limit: int | None = None) -> list[tuple[int, EpisodeAction]]:
        """Unsent actions, oldest first, with their outbox ids."""
        sql = f"SELECT id, {_ACTION_COLUMNS} FROM sync_outbox ORDER BY id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [(int(row[0]), _action(row[1:])) for row in self._rows(sql)]

    def sync_outbox_count(self) -> int:
        with self._lock:
            return self._int(self._db, "SELECT COUNT(*) FROM sync_outbox")

    def sync_sent(self, outbox_ids: Iterable[int]) -> None:
        """The server took these actions: they leave the outbox."""
        with self._transaction() as db:
            db.executemany("DELETE FROM sync_outbox WHERE id = ?", [(int(i),) for i in outbox_ids])

    def sync_feed_changes(self) -> tuple[list[str], list[str]]:
        """Subscription changes not yet sent: (added URLs, removed URLs)."""
        rows = self._rows("SELECT url, change FROM sync_feeds ORDER BY url")
        return [u for u, c in rows if c == "add"], [u for u, c in rows if c == "remove"]

    def sync_feeds_sent(self, changes: dict[str, str], meta: dict[str, str]) -> None:
        """The server took these subscription changes (unless changed again since)."""
        with self._transaction() as db:
            db.executemany(
                "DELETE FROM sync_feeds WHERE url = ? AND change = ?", list(changes.items())
            )
            _set_meta(db, meta)

    def sync_episode_keys(self) -> list[EpisodeKey]:
        """Every episode as ``(id, podcast URL, guid, enclosure URL, newest action time or
        None, played, position)``, for matching remote actions."""
        rows: list[EpisodeKey] = self._rows(
            "SELECT e.id, p.url, e.guid, e.enclosure_url, t.updated, e.played, e.position"
            " FROM episodes e JOIN podcasts p ON p.id = e.podcast_id"
            " LEFT JOIN sync_times t ON t.episode_id = e.id"
        )
        return rows

    def sync_inbox(self) -> list[EpisodeAction]:
        """Remote actions kept for episodes not in the library when they came."""
        return [_action(row) for row in self._rows(f"SELECT {_ACTION_COLUMNS} FROM sync_inbox")]

    def sync_apply(self, plan: SyncPlan) -> list[int]:
        """Apply one sync's remote changes in one transaction; the new podcasts' ids."""
        now = int(time.time())
        added: list[int] = []
        with self._transaction() as db:
            for url in plan.subscribe:
                cursor = db.execute(
                    "INSERT INTO podcasts (url, title, added) VALUES (?, '', ?)"
                    " ON CONFLICT (url) DO NOTHING",
                    (url, now),
                )
                if cursor.rowcount:
                    added.append(int(cursor.lastrowid or 0))
            db.executemany(
                "DELETE FROM podcasts WHERE id = ?", [(int(i),) for i in plan.unsubscribe]
            )
            db.executemany(
                "UPDATE episodes SET played = ?, position = ?,"
                " last_played = MAX(COALESCE(last_played, 0), ?) WHERE id = ?",
                [
                    (int(u.played), 0.0 if u.played else u.position, u.timestamp, u.episode_id)
                    for u in plan.updates
                ],
            )
            db.executemany(
                "INSERT INTO sync_times (episode_id, updated) VALUES (?, ?)"
                " ON CONFLICT (episode_id) DO UPDATE SET updated = excluded.updated",
                [(u.episode_id, u.timestamp) for u in plan.updates],
            )
            # A remote action newer than one still unsent for the same episode wins: the
            # unsent one is dropped rather than sent to move the other devices back.
            db.executemany(
                "DELETE FROM sync_outbox WHERE episode_id = ? AND timestamp < ?"
                " AND action IN ('play', 'new')",
                [(u.episode_id, u.timestamp) for u in plan.updates],
            )
            db.execute("DELETE FROM sync_inbox")
            db.executemany(
                _INBOX_INSERT,
                [
                    (
                        key,
                        a.podcast,
                        a.episode,
                        a.guid,
                        str(a.action),
                        a.timestamp,
                        a.started,
                        a.position,
                        a.total,
                    )
                    for key, a in plan.waiting.items()
                ],
            )
            _set_meta(db, plan.meta)
        return added


def _set_meta(db: sqlite3.Connection, values: dict[str, str]) -> None:
    db.executemany(
        "INSERT INTO sync_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        list(values.items()),
    )
