"""The episode library: one SQLite file holding podcasts, episodes, positions and the queue.

Schema changes are numbered migrations applied through ``PRAGMA user_version``. The
connection runs in WAL mode with foreign keys on, and each feed's refresh is stored in a
single transaction, so a failed refresh leaves everything as it was.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tui.core.errors import LibraryError, NotFound
from tui.core.models import Episode, ParsedEpisode, ParsedFeed, Podcast
from tui.core.paths import database_path

# Seconds a connection waits for another process's write before giving up: longer than any
# one transaction podtui runs (the biggest feed stores in well under a second).
BUSY_TIMEOUT = 30.0

MIGRATIONS: list[str] = [
    # 1: podcasts, episodes, the queue, and the episodes whose notes the search index has yet
    # to (re)read (store_feed adds them). episodes_listing holds every column
    # Library.episode_rows reads, in its order, so the whole episode list is read from the
    # index alone, without touching the rows and their (large) notes. Every index costs time
    # whenever a big feed is stored: there is none by date alone (episodes_listing starts
    # with the date), and Library.podcasts counts episodes and unplayed ones from
    # episodes_by_podcast alone.
    """
    CREATE TABLE podcasts (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        link TEXT,
        description TEXT NOT NULL DEFAULT '',
        author TEXT,
        image TEXT,
        language TEXT,
        podcast_guid TEXT,
        etag TEXT,
        last_modified TEXT,
        last_checked INTEGER,
        last_error TEXT,
        added INTEGER NOT NULL
    );
    CREATE TABLE episodes (
        id INTEGER PRIMARY KEY,
        podcast_id INTEGER NOT NULL REFERENCES podcasts(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        guid TEXT NOT NULL,
        title TEXT NOT NULL,
        published INTEGER,
        duration INTEGER,
        enclosure_url TEXT,
        enclosure_type TEXT,
        enclosure_length INTEGER,
        link TEXT,
        image TEXT,
        episode_number INTEGER,
        season_number INTEGER,
        episode_type TEXT,
        explicit INTEGER,
        chapters_url TEXT,
        chapters_type TEXT,
        transcript_url TEXT,
        transcript_type TEXT,
        notes TEXT NOT NULL DEFAULT '',
        played INTEGER NOT NULL DEFAULT 0,
        position REAL NOT NULL DEFAULT 0,
        last_played INTEGER,
        download_path TEXT,
        first_seen INTEGER NOT NULL,
        UNIQUE (podcast_id, key)
    );
    CREATE INDEX episodes_listing ON episodes (
        published DESC, id, podcast_id, duration, played, position, download_path, title
    );
    CREATE INDEX episodes_by_podcast ON episodes (podcast_id, played, published DESC);
    CREATE TABLE queue (
        episode_id INTEGER PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
        place INTEGER NOT NULL
    );
    CREATE INDEX queue_by_place ON queue (place);
    CREATE TABLE notes_pending (episode_id INTEGER PRIMARY KEY);
    """,
    # 2: search. notes_fts holds each episode's notes as plain text and is filled lazily by
    # Library.index_notes (never while a feed is stored) from notes_pending; triggers queue
    # notes changed by an update and drop deleted episodes from both.
    """
    CREATE VIRTUAL TABLE notes_fts USING fts5(
        body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
    );
    INSERT OR IGNORE INTO notes_pending (episode_id) SELECT id FROM episodes WHERE notes != '';
    CREATE TRIGGER episodes_notes_changed AFTER UPDATE OF notes ON episodes
    WHEN old.notes IS NOT new.notes
    BEGIN
        INSERT OR IGNORE INTO notes_pending (episode_id) VALUES (new.id);
    END;
    CREATE TRIGGER episodes_notes_removed AFTER DELETE ON episodes
    BEGIN
        DELETE FROM notes_pending WHERE episode_id = old.id;
        DELETE FROM notes_fts WHERE rowid = old.id;
    END;
    """,
    # 3: the outer statement's conflict policy applies inside a trigger, so the OR IGNORE
    # above fails when a refresh's upsert edits notes already pending: the notes trigger
    # skips an episode already pending instead of relying on a conflict policy.
    """
    DROP TRIGGER episodes_notes_changed;
    CREATE TRIGGER episodes_notes_changed AFTER UPDATE OF notes ON episodes
    WHEN old.notes IS NOT new.notes
        AND NOT EXISTS (SELECT 1 FROM notes_pending WHERE episode_id = new.id)
    BEGIN
        INSERT INTO notes_pending (episode_id) VALUES (new.id);
    END;
    """,
]

_EPISODE_COLUMNS = (
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

_UPSERT = """
INSERT INTO episodes (
    id, podcast_id, key, guid, title, published, duration, enclosure_url, enclosure_type,
    enclosure_length, link, image, episode_number, season_number, episode_type, explicit,
    chapters_url, chapters_type, transcript_url, transcript_type, notes, first_seen
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (podcast_id, key) DO UPDATE SET
    guid = excluded.guid, title = excluded.title, published = excluded.published,
    duration = excluded.duration, enclosure_url = excluded.enclosure_url,
    enclosure_type = excluded.enclosure_type, enclosure_length = excluded.enclosure_length,
    link = excluded.link, image = excluded.image, episode_number = excluded.episode_number,
    season_number = excluded.season_number, episode_type = excluded.episode_type,
    explicit = excluded.explicit, chapters_url = excluded.chapters_url,
    chapters_type = excluded.chapters_type, transcript_url = excluded.transcript_url,
    transcript_type = excluded.transcript_type, notes = excluded.notes
WHERE episodes.title IS NOT excluded.title OR episodes.published IS NOT excluded.published
    OR episodes.duration IS NOT excluded.duration
    OR episodes.enclosure_url IS NOT excluded.enclosure_url
    OR episodes.notes IS NOT excluded.notes OR episodes.guid IS NOT excluded.guid
    OR episodes.enclosure_type IS NOT excluded.enclosure_type
    OR episodes.enclosure_length IS NOT excluded.enclosure_length
    OR episodes.link IS NOT excluded.link OR episodes.image IS NOT excluded.image
    OR episodes.episode_number IS NOT excluded.episode_number
    OR episodes.season_number IS NOT excluded.season_number
    OR episodes.episode_type IS NOT excluded.episode_type
    OR episodes.explicit IS NOT excluded.explicit
    OR episodes.chapters_url IS NOT excluded.chapters_url
    OR episodes.chapters_type IS NOT excluded.chapters_type
    OR episodes.transcript_url IS NOT excluded.transcript_url
    OR episodes.transcript_type IS NOT excluded.transcript_type
"""


# A podcast's first episodes have nothing to conflict with: a plain insert.
_INSERT = _UPSERT[: _UPSERT.index("ON CONFLICT")]


@dataclass(slots=True)
class StoreResult:
    """What storing one parsed feed changed."""

    podcast: Podcast
    new: int
    total: int
    changed: int  # episodes added or updated


def episode_key(episode: ParsedEpisode) -> str:
    """The identity of an episode within its podcast: guid, else enclosure, else title+date."""
    if episode.guid:
        return "g:" + episode.guid
    if episode.enclosure_url:
        return "u:" + episode.enclosure_url
    return f"t:{episode.title}|{episode.published or ''}"


def _keys(episodes: Sequence[ParsedEpisode]) -> Iterator[tuple[str, ParsedEpisode]]:
    """Stable keys for a feed's items; a repeated guid is told apart by its enclosure or title."""
    seen: set[str] = set()
    for episode in episodes:
        key = episode_key(episode)
        extra = episode.enclosure_url or f"{episode.title}|{episode.published or ''}"
        variant = f"{key}#{extra}"
        if variant in seen:
            continue  # the very same item twice
        if key in seen:
            key = variant
        seen.update((key, variant))
        yield key, episode


def _episode(row: Sequence) -> Episode:
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


class Library:
    """The SQLite library. Safe to share between threads (calls are serialised)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self._lock = threading.RLock()
        self.path = path

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path) -> Library:
        """Open (creating if needed) the library in data dir ``root``."""
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create data dir {root}: {exc.strerror or exc}") from None
        path = database_path(root)
        try:
            db = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT
            )
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot open library {path}: {exc}") from None
        try:
            _retry_busy(lambda: _configure(db))
            library = cls(db, path)
            _retry_busy(library._migrate)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise LibraryError(f"cannot open library {path}: {exc}") from None
        except BaseException:
            db.close()
            raise
        return library

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _migrate(self) -> None:
        """Bring the schema up to date; any number of processes may try at once.

        The version is read again inside the write transaction: a process that waited for
        another's migration finds it done and applies nothing twice.
        """
        if self._schema_checked(self.schema_version):
            return
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if self._schema_checked(version):
                return
            for number in range(version, len(MIGRATIONS)):
                for statement in _split_sql(MIGRATIONS[number]):
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    def _schema_checked(self, version: int) -> bool:
        """True if schema ``version`` is current; an error if a newer podtui wrote it."""
        if version > len(MIGRATIONS):
            raise LibraryError(
                f"library {self.path} was written by a newer podtui (schema {version})"
            )
        return version == len(MIGRATIONS)

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: committed on success, rolled back on any error."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")

    def execute(self, sql: str, params: Sequence | dict = ()) -> list[tuple]:
        """Run a read query and return all rows (for the few callers that need raw SQL)."""
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- podcasts ------------------------------------------------------------------------

    def subscribe(self, url: str) -> Podcast:
        """The podcast for feed ``url``, created (untitled, no episodes) if new."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO podcasts (url, title, added) VALUES (?, '', ?)"
                " ON CONFLICT (url) DO NOTHING",
                (url, int(time.time())),
            )
            row = db.execute("SELECT id FROM podcasts WHERE url = ?", (url,)).fetchone()
        return self.podcast(row[0])

    def podcasts(self) -> list[Podcast]:
        """Every podcast, by title, with episode and unplayed counts."""
        with self._lock:
            rows = self._db.execute(
                "SELECT p.id, p.url, p.title, p.link, p.description, p.author, p.image,"
                " p.etag, p.last_modified, p.last_checked, p.last_error,"
                " COUNT(e.id), COALESCE(SUM(e.played = 0), 0)"
                " FROM podcasts p LEFT JOIN episodes e ON e.podcast_id = p.id"
                " GROUP BY p.id ORDER BY p.title COLLATE NOCASE, p.id"
            ).fetchall()
        return [Podcast(*row) for row in rows]

    def podcast(self, podcast_id: int) -> Podcast:
        for podcast in self.podcasts_where("p.id = ?", (podcast_id,)):
            return podcast
        raise NotFound(f"no podcast with id {podcast_id}")

    def podcast_by_url(self, url: str) -> Podcast | None:
        found = self.podcasts_where("p.url = ?", (url,))
        return found[0] if found else None

    def podcasts_where(self, where: str, params: Sequence) -> list[Podcast]:
        with self._lock:
            rows = self._db.execute(
                "SELECT p.id, p.url, p.title, p.link, p.description, p.author, p.image,"
                " p.etag, p.last_modified, p.last_checked, p.last_error,"
                " COUNT(e.id), COALESCE(SUM(e.played = 0), 0)"
                " FROM podcasts p LEFT JOIN episodes e ON e.podcast_id = p.id"
                f" WHERE {where} GROUP BY p.id",
                params,
            ).fetchall()
        return [Podcast(*row) for row in rows]

    def find_podcast(self, ref: str) -> Podcast:
        """A podcast by id, feed URL or title (exact, then case-insensitive, then unique prefix)."""
        ref = ref.strip()
        if ref.isdigit():
            found = self.podcasts_where("p.id = ?", (int(ref),))
            if found:
                return found[0]
        found = self.podcasts_where("p.url = ? OR p.title = ?", (ref, ref))
        if not found:
            found = self.podcasts_where("p.title = ? COLLATE NOCASE", (ref,))
        if not found:
            pattern = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            found = self.podcasts_where("p.title LIKE ? ESCAPE '\\'", (pattern,))
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFound(f"no podcast matches {ref!r}")
        names = ", ".join(f"{p.id}: {p.title}" for p in found[:5])
        raise NotFound(f"{ref!r} matches several podcasts ({names}); use the id")

    def remove_podcast(self, podcast_id: int) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM podcasts WHERE id = ?", (podcast_id,))

    def record_check(
        self,
        podcast_id: int,
        *,
        error: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        keep_validators: bool = True,
    ) -> None:
        """Note a refresh attempt that stored no episodes (unchanged, or failed)."""
        with self.transaction() as db:
            if keep_validators:
                db.execute(
                    "UPDATE podcasts SET last_checked = ?, last_error = ? WHERE id = ?",
                    (int(time.time()), error, podcast_id),
                )
            else:
                db.execute(
                    "UPDATE podcasts SET last_checked = ?, last_error = ?, etag = ?,"
                    " last_modified = ? WHERE id = ?",
                    (int(time.time()), error, etag, last_modified, podcast_id),
                )

    def move_podcast(self, podcast_id: int, new_url: str) -> None:
        """A feed moved permanently: store its new URL (unless another podcast has it)."""
        with self.transaction() as db:
            taken = db.execute(
                "SELECT id FROM podcasts WHERE url = ? AND id != ?", (new_url, podcast_id)
            ).fetchone()
            if not taken:
                db.execute("UPDATE podcasts SET url = ? WHERE id = ?", (new_url, podcast_id))

    def store_feed(
        self,
        podcast_id: int,
        feed: ParsedFeed,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> StoreResult:
        """Store a parsed feed in one transaction: new episodes added, changed ones updated.

        Episodes missing from the feed are kept, and played state, positions, downloads and
        queue membership are never touched by a refresh.
        """
        now = int(time.time())
        items = list(_keys(feed.episodes))
        count_sql = "SELECT COUNT(*) FROM episodes WHERE podcast_id = ?"
        with self.transaction() as db:
            before = db.execute(count_sql, (podcast_id,)).fetchone()[0]
            top = db.execute("SELECT COALESCE(MAX(id), 0) FROM episodes").fetchone()[0]
            # A podcast's first episodes get the ids SQLite would give them (one after
            # another, in feed order), known here in advance; on a refresh SQLite picks.
            rows = [
                (
                    None if before else top + number,
                    podcast_id,
                    key,
                    e.guid or key[2:],
                    e.title,
                    e.published,
                    e.duration,
                    e.enclosure_url,
                    e.enclosure_type,
                    e.enclosure_length,
                    e.link,
                    e.image,
                    e.episode_number,
                    e.season_number,
                    e.episode_type,
                    None if e.explicit is None else int(e.explicit),
                    e.chapters_url,
                    e.chapters_type,
                    e.transcript_url,
                    e.transcript_type,
                    e.notes,
                    now,
                )
                for number, (key, e) in enumerate(items, 1)
            ]
            if before:
                # rowcount: the episodes inserted or updated (not what triggers did).
                changed = db.executemany(_UPSERT, rows).rowcount
                total = db.execute(count_sql, (podcast_id,)).fetchone()[0]
            else:
                db.executemany(_INSERT, rows)
                changed = total = len(rows)
            # New episodes got ids above every earlier one: their notes wait for the index.
            db.execute(
                "INSERT OR IGNORE INTO notes_pending (episode_id)"
                " SELECT id FROM episodes WHERE id > ? AND notes != ''",
                (top,),
            )
            db.execute(
                "UPDATE podcasts SET title = ?, link = ?, description = ?, author = ?,"
                " image = ?, language = ?, podcast_guid = ?, etag = ?, last_modified = ?,"
                " last_checked = ?, last_error = NULL WHERE id = ?",
                (
                    feed.title,
                    feed.link,
                    feed.description,
                    feed.author,
                    feed.image,
                    feed.language,
                    feed.podcast_guid,
                    etag,
                    last_modified,
                    now,
                    podcast_id,
                ),
            )
        return StoreResult(
            self.podcast(podcast_id), new=total - before, total=total, changed=changed
        )

    # -- episodes ------------------------------------------------------------------------

    def episodes(
        self,
        *,
        podcast_id: int | None = None,
        ids: Iterable[int] | None = None,
        limit: int | None = None,
    ) -> list[Episode]:
        """Episodes newest first (without their notes)."""
        where: list[str] = []
        params: list = []
        if podcast_id is not None:
            where.append("e.podcast_id = ?")
            params.append(podcast_id)
        if ids is not None:
            id_list = list(ids)
            where.append(f"e.id IN ({','.join('?' * len(id_list))})")
            params.extend(id_list)
        sql = "SELECT " + _EPISODE_COLUMNS + _EPISODE_FROM
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += _NEWEST_FIRST
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        return [_episode(row) for row in rows]

    def episode(self, episode_id: int, *, with_notes: bool = True) -> Episode:
        with self._lock:
            row = self._db.execute(
                "SELECT " + _EPISODE_COLUMNS + ", e.notes" + _EPISODE_FROM + " WHERE e.id = ?",
                (episode_id,),
            ).fetchone()
        if row is None:
            raise NotFound(f"no episode with id {episode_id}")
        episode = _episode(row)
        if with_notes:
            episode.notes = row[-1]
        return episode

    def notes(self, episode_id: int) -> str:
        with self._lock:
            row = self._db.execute("SELECT notes FROM episodes WHERE id = ?", (episode_id,))
            found = row.fetchone()
        return found[0] if found else ""

    def episode_count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM episodes").fetchone()[0]

    def set_played(self, episode_ids: Iterable[int], played: bool = True) -> None:
        """Mark played (clearing the position) or unplayed."""
        ids = [(int(i),) for i in episode_ids]
        with self.transaction() as db:
            db.executemany(
                "UPDATE episodes SET played = ?, position = 0 WHERE id = ?",
                [(int(played), i) for (i,) in ids],
            )

    def save_position(self, episode_id: int, position: float) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE episodes SET position = ?, last_played = ? WHERE id = ?",
                (max(0.0, float(position)), int(time.time()), episode_id),
            )

    def last_listened(self) -> int | None:
        """The episode whose place was saved last, while it is unfinished: what a player
        offers to resume after a restart. None when there is none or it was finished."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, played, position FROM episodes WHERE last_played IS NOT NULL"
                " ORDER BY last_played DESC, id DESC LIMIT 1"
            ).fetchone()
        if row is None or row[1] or row[2] <= 0:
            return None
        return row[0]

    def set_download(self, episode_id: int, path: str | None) -> None:
        with self.transaction() as db:
            db.execute("UPDATE episodes SET download_path = ? WHERE id = ?", (path, episode_id))

    # -- the queue -----------------------------------------------------------------------

    def queue(self) -> list[Episode]:
        """The queued episodes in queue order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT " + _EPISODE_COLUMNS + " FROM queue q JOIN episodes e ON e.id ="
                " q.episode_id JOIN podcasts p ON p.id = e.podcast_id ORDER BY q.place"
            ).fetchall()
        return [_episode(row) for row in rows]

    def queue_ids(self) -> list[int]:
        with self._lock:
            rows = self._db.execute("SELECT episode_id FROM queue ORDER BY place").fetchall()
        return [row[0] for row in rows]

    def _write_queue(self, db: sqlite3.Connection, ids: Sequence[int]) -> None:
        db.execute("DELETE FROM queue")
        db.executemany(
            "INSERT INTO queue (episode_id, place) VALUES (?, ?)",
            [(episode_id, place) for place, episode_id in enumerate(ids)],
        )

    def _check_ids(self, db: sqlite3.Connection, ids: Sequence[int]) -> None:
        for episode_id in ids:
            if not db.execute("SELECT 1 FROM episodes WHERE id = ?", (episode_id,)).fetchone():
                raise NotFound(f"no episode with id {episode_id}")

    def queue_add(self, episode_ids: Sequence[int], *, at: int | None = None) -> list[int]:
        """Put episodes in the queue at index ``at`` (the end by default).

        An episode already queued moves to the new place. Returns the new order.
        """
        ids = list(dict.fromkeys(int(i) for i in episode_ids))
        with self.transaction() as db:
            self._check_ids(db, ids)
            order = [i for i in self._queue_ids(db) if i not in ids]
            index = len(order) if at is None else max(0, min(at, len(order)))
            order[index:index] = ids
            self._write_queue(db, order)
        return order

    def queue_remove(self, episode_ids: Iterable[int]) -> list[int]:
        drop = {int(i) for i in episode_ids}
        with self.transaction() as db:
            order = [i for i in self._queue_ids(db) if i not in drop]
            self._write_queue(db, order)
        return order

    def queue_move(self, episode_id: int, index: int) -> list[int]:
        """Move a queued episode to ``index`` (0-based, clamped)."""
        with self.transaction() as db:
            order = self._queue_ids(db)
            if episode_id not in order:
                raise NotFound(f"episode {episode_id} is not in the queue")
            order.remove(episode_id)
            index = max(0, min(index, len(order)))
            order.insert(index, episode_id)
            self._write_queue(db, order)
        return order

    def queue_clear(self) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM queue")

    @staticmethod
    def _queue_ids(db: sqlite3.Connection) -> list[int]:
        return [row[0] for row in db.execute("SELECT episode_id FROM queue ORDER BY place")]

    # -- search index
    # The in-memory episode index (tui.core.search) is built from episode_rows(); show notes
    # are searched through the notes_fts full-text table, which index_notes() fills in the
    # background. Searches use their own read-only connection so that they never wait for
    # a writer (the library runs in WAL mode).

    def episode_rows(
        self, *, unknown_time: int = -(2**62), podcast_ids: Iterable[int] | None = None
    ) -> list[tuple]:
        """Every episode (or those of ``podcast_ids``) as a lean row, newest first (unknown
        dates last).

        ``(id, podcast_id, title, published, duration, played, position, queued,
        downloaded)``; ``published`` is ``unknown_time`` and ``duration`` -1 when unknown,
        and the flags are 0 or 1.
        """
        params: list = [unknown_time]
        where = ""
        if podcast_ids is not None:
            wanted = [int(i) for i in podcast_ids]
            where = f" WHERE e.podcast_id IN ({','.join('?' * len(wanted))})"
            params.extend(wanted)
        with self._lock:
            return self._db.execute(
                "SELECT e.id, e.podcast_id, e.title, COALESCE(e.published, ?),"
                " COALESCE(e.duration, -1), e.played, e.position, q.episode_id IS NOT NULL,"
                " e.download_path IS NOT NULL"
                " FROM episodes e INDEXED BY episodes_listing"
                " LEFT JOIN queue q ON q.episode_id = e.id"
                + where
                + " ORDER BY e.published DESC, e.id",
                params,
            ).fetchall()

    def episode_statuses(self) -> list[tuple[int, int, float, int]]:
        """``(id, played, position, downloaded)`` of the episodes that are played, started
        or downloaded (the others are unplayed, at 0, not downloaded), in no set order."""
        with self._lock:
            return self._db.execute(
                "SELECT id, played, position, download_path IS NOT NULL"
                " FROM episodes INDEXED BY episodes_listing"
                " WHERE played OR position > 0 OR download_path IS NOT NULL"
            ).fetchall()

    def data_version(self, *, wait: bool = True) -> int | None:
        """A number that changes whenever another connection (another process) commits.

        Cheap enough to poll. With ``wait=False``, None instead of waiting while this
        library is busy in another thread.
        """
        if not self._lock.acquire(blocking=wait):
            return None
        try:
            return self._db.execute("PRAGMA data_version").fetchone()[0]
        finally:
            self._lock.release()

    def podcast_titles(self) -> dict[int, str]:
        """Podcast id -> title, for every podcast."""
        with self._lock:
            return dict(self._db.execute("SELECT id, title FROM podcasts").fetchall())

    def pending_notes(self) -> int:
        """How many episodes' notes wait to be (re)indexed for search."""
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM notes_pending").fetchone()[0]

    def index_notes(self, batch: int = 500) -> int:
        """Index the notes of up to ``batch`` pending episodes; returns how many were done.

        Call it repeatedly (from a background thread) until it returns 0. The HTML is
        turned into text outside the library lock; an episode whose notes changed in the
        meantime stays pending.
        """
        with self._lock:
            rows = self._db.execute(
                "SELECT p.episode_id, e.notes FROM notes_pending p"
                " JOIN episodes e ON e.id = p.episode_id LIMIT ?",
                (max(1, int(batch)),),
            ).fetchall()
        if not rows:
            return 0
        texts = [(episode_id, self._plain_notes(notes), notes) for episode_id, notes in rows]
        with self.transaction() as db:
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
        """Ids of the episodes whose indexed notes match an FTS5 query (in no set order).

        A malformed query matches nothing. ``max_id`` limits the ids returned.
        """
        reader, lock = self._search_reader()
        # One row holding every id: a single step, instead of one per match.
        sql = "SELECT group_concat(rowid) FROM notes_fts WHERE notes_fts MATCH ?"
        params: tuple = (fts_query,)
        if max_id is not None:
            sql += " AND rowid <= ?"
            params = (fts_query, max_id)
        try:
            with lock:
                found = reader.execute(sql, params).fetchone()[0]
        except sqlite3.Error:
            return []
        return list(map(int, found.split(","))) if found else []

    def close_search(self) -> None:
        """Close the search connection, if one was opened."""
        found = getattr(self, "_search", None)
        if found is not None:
            self._search = None
            with found[1]:
                found[0].close()

    def _search_reader(self) -> tuple[sqlite3.Connection, threading.Lock]:
        found = getattr(self, "_search", None)
        if found is None:
            with self._lock:
                found = getattr(self, "_search", None)
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
        try:
            from tui.core.feeds.notes import notes_to_text
        except ImportError:  # the notes renderer is optional here: strip tags instead
            import html
            import re

            text = re.sub(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", " ", notes, flags=re.I | re.S)
            return " ".join(html.unescape(text).split())
        return notes_to_text(notes).strip()


def _configure(db: sqlite3.Connection) -> None:
    # Used when the file is new (an existing one keeps its own): big pages store a big
    # feed's rows, notes included, with less work per byte than the 4 KB default.
    db.execute("PRAGMA page_size=16384")
    db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    # WAL lets readers and one writer work at once. Under contention the switch can leave
    # the old mode in place: ask again for a while (a file system without WAL support
    # keeps its mode, and locking still keeps every write whole).
    give_up = time.monotonic() + 2.0
    while db.execute("PRAGMA journal_mode=WAL").fetchone()[0].lower() != "wal":
        if time.monotonic() > give_up:
            break
        time.sleep(0.01)
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")


def _retry_busy(step: Callable[[], object], deadline: float = BUSY_TIMEOUT) -> None:
    """Run ``step`` again while SQLite answers "busy"/"locked" without waiting itself.

    The busy timeout covers ordinary lock waits; switching a new file to WAL and reading
    a WAL file another process is still setting up can fail at once instead.
    """
    give_up = time.monotonic() + deadline
    pause = 0.005
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if ("locked" not in text and "busy" not in text) or time.monotonic() > give_up:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _split_sql(script: str) -> list[str]:
    """Split a script at the semicolons that end statements (not those inside triggers)."""
    statements: list[str] = []
    current = ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current[:-1].strip():
                statements.append(current[:-1].strip())
            current = ""
    if current.strip(" \t\n;"):
        statements.append(current.strip())
    return statements
