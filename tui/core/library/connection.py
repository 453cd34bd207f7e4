"""The library's SQLite connection: opening, migrating, transactions, change polling.

The connection runs in WAL mode with foreign keys on. Any number of processes may open
(and migrate) the same file at once: lock waits are covered by the busy timeout, and the
few steps SQLite refuses at once instead of waiting are tried again.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from tui.core.errors import LibraryError
from tui.core.library import schema
from tui.core.paths import database_path

# Seconds a connection waits for another process's write before giving up: longer than any
# one transaction podtui runs (the biggest feed stores in well under a second).
BUSY_TIMEOUT = 30.0

# A row as sqlite3 returns it.
Row = tuple[Any, ...]


class Database:
    """One connection to the library file, shared between threads (calls are serialised).

    The per-table parts of :class:`~tui.core.library.Library` build on this.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self._lock = threading.RLock()
        self.path = path
        # The read-only connection full-text searches use, opened on first use.
        self._search: tuple[sqlite3.Connection, threading.Lock] | None = None

    @classmethod
    def open(cls, root: Path) -> Self:
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
        migrations = schema.MIGRATIONS
        with self._transaction() as db:
            version = self._int(db, "PRAGMA user_version")
            if self._schema_checked(version):
                return
            for number in range(version, len(migrations)):
                for statement in schema.split_sql(migrations[number]):
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {len(migrations)}")

    def _schema_checked(self, version: int) -> bool:
        """True if schema ``version`` is current; an error if a newer podtui wrote it."""
        current = len(schema.MIGRATIONS)
        if version > current:
            raise LibraryError(
                f"library {self.path} was written by a newer podtui (schema {version})"
            )
        return version == current

    @property
    def schema_version(self) -> int:
        return self._int(self._db, "PRAGMA user_version")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
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

    def _rows(self, sql: str, params: Any = ()) -> list[Row]:
        """Every row of a read query."""
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    @staticmethod
    def _int(db: sqlite3.Connection, sql: str, params: Any = ()) -> int:
        """The single whole number a query answers."""
        value: int = db.execute(sql, params).fetchone()[0]
        return value

    def data_version(self, *, wait: bool = True) -> int | None:
        """A number that changes whenever another connection (another process) commits.

        Cheap enough to poll. With ``wait=False``, None instead of waiting while this
        library is busy in another thread.
        """
        if not self._lock.acquire(blocking=wait):
            return None
        try:
            return self._int(self._db, "PRAGMA data_version")
        finally:
            self._lock.release()

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file (which then holds everything)."""
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


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
