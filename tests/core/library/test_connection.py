"""Opening the library: WAL, the schema and its migrations, unusable files."""

from __future__ import annotations

import pytest

from tests.core.library.helpers import ep, feed
from tui.core.errors import LibraryError
from tui.core.library import Library
from tui.core.library.schema import MIGRATIONS, split_sql


def test_open_creates_wal_database_with_current_schema(tmp_path):
    lib = Library.open(tmp_path / "new" / "dir")
    assert lib.path.exists()
    assert lib.schema_version == len(MIGRATIONS)
    assert lib._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert lib._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    lib.close()
    # Reopening applies nothing twice.
    again = Library.open(tmp_path / "new" / "dir")
    assert again.schema_version == len(MIGRATIONS)
    again.close()


def test_newer_schema_is_refused(tmp_path):
    lib = Library.open(tmp_path)
    lib._db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    lib.close()
    with pytest.raises(LibraryError, match="newer podtui"):
        Library.open(tmp_path)


def test_a_library_from_before_the_notes_trigger_fix_is_upgraded(tmp_path):
    """A schema-2 library (its notes trigger failing on pending notes) takes edits once
    upgraded, its episodes and pending notes kept."""
    lib = Library.open(tmp_path)
    podcast = lib.subscribe("http://127.0.0.1:9/feed.xml")
    lib.store_feed(podcast.id, feed(ep("One", "g1", notes="first notes")))
    old_trigger = split_sql(MIGRATIONS[1])[2]
    assert "OR IGNORE" in old_trigger
    lib._db.execute("DROP TRIGGER episodes_notes_changed")
    lib._db.execute(old_trigger)
    lib._db.execute("DROP INDEX episodes_with_transcript")  # added by later migrations
    for table in (
        *("sync_meta", "sync_outbox", "sync_feeds", "sync_times", "sync_inbox"),
        *("transcript_cues", "transcripts", "transcripts_fts"),
    ):
        lib._db.execute(f"DROP TABLE {table}")
    lib._db.execute("PRAGMA user_version = 2")
    assert lib.pending_notes() == 1
    lib.close()
    lib = Library.open(tmp_path)
    assert lib.schema_version == len(MIGRATIONS)
    lib.store_feed(podcast.id, feed(ep("One", "g1", notes="edited notes")))
    assert lib.pending_notes() == 1
    lib.index_notes()
    assert lib.pending_notes() == 0
    lib.store_feed(podcast.id, feed(ep("One", "g1", notes="edited again")))
    assert lib.pending_notes() == 1
    assert lib.notes(lib.episodes()[0].id) == "edited again"
    lib.close()


def test_unusable_data_dir_is_a_library_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a dir")
    with pytest.raises(LibraryError, match="cannot create data dir"):
        Library.open(blocker / "data")


def test_corrupt_database_is_a_library_error(tmp_path):
    (tmp_path / "library.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError, match="cannot open library"):
        Library.open(tmp_path)
