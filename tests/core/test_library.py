"""The SQLite library: schema, upserts that keep user state, the queue, atomicity."""

from __future__ import annotations

import sqlite3

import pytest

from tui.core.errors import LibraryError, NotFound
from tui.core.library import MIGRATIONS, Library, _split_sql
from tui.core.models import ParsedEpisode, ParsedFeed


def feed(*episodes: ParsedEpisode, title: str = "Show") -> ParsedFeed:
    return ParsedFeed(title=title, episodes=list(episodes))


def ep(title: str, guid: str | None = None, **kwargs) -> ParsedEpisode:
    return ParsedEpisode(title=title, guid=guid, **kwargs)


@pytest.fixture
def library(tmp_path):
    lib = Library.open(tmp_path / "data")
    yield lib
    lib.close()


def test_open_creates_wal_database_with_current_schema(tmp_path):
    lib = Library.open(tmp_path / "new" / "dir")
    assert lib.path.exists()
    assert lib.schema_version == len(MIGRATIONS)
    assert lib.execute("PRAGMA journal_mode")[0][0] == "wal"
    assert lib.execute("PRAGMA foreign_keys")[0][0] == 1
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
    old_trigger = _split_sql(MIGRATIONS[1])[2]
    assert "OR IGNORE" in old_trigger
    lib._db.execute("DROP TRIGGER episodes_notes_changed")
    lib._db.execute(old_trigger)
    lib._db.execute("PRAGMA user_version = 2")
    podcast = lib.subscribe("http://127.0.0.1:9/feed.xml")
    lib.store_feed(podcast.id, feed(ep("One", "g1", notes="first notes")))
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


def test_store_counts_new_and_changed(library):
    podcast = library.subscribe("http://example.org/feed")
    first = library.store_feed(podcast.id, feed(ep("a", "1", published=10), ep("b", "2")))
    assert (first.new, first.total, first.changed) == (2, 2, 2)
    same = library.store_feed(podcast.id, feed(ep("a", "1", published=10), ep("b", "2")))
    assert (same.new, same.total, same.changed) == (0, 2, 0)
    edited = library.store_feed(podcast.id, feed(ep("a!", "1", published=10), ep("b", "2")))
    assert (edited.new, edited.changed) == (0, 1)
    assert [e.title for e in library.episodes()] == ["a!", "b"]


def test_refresh_keeps_played_position_queue_and_vanished_episodes(library):
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(ep("a", "1", published=2), ep("b", "2", published=1)))
    a, b = library.episodes()
    library.set_played([a.id])
    library.save_position(b.id, 123.5)
    library.queue_add([b.id])
    # The feed now drops "b" and changes "a"'s title.
    library.store_feed(podcast.id, feed(ep("a (edited)", "1", published=2)))
    a2 = library.episode(a.id)
    b2 = library.episode(b.id)
    assert a2.played and a2.title == "a (edited)"
    assert b2.position == 123.5 and b2.queued
    assert library.queue_ids() == [b.id]


def test_identity_falls_back_to_enclosure_then_title_and_date(library):
    podcast = library.subscribe("http://example.org/feed")
    items = [
        ep("no guid", enclosure_url="http://example.org/1.mp3"),
        ep("bare", published=100),
    ]
    library.store_feed(podcast.id, feed(*items))
    library.store_feed(podcast.id, feed(*items))
    assert library.episode_count() == 2
    guids = sorted(e.guid for e in library.episodes())
    assert guids == ["bare|100", "http://example.org/1.mp3"]


def test_repeated_guid_keeps_both_items_stably(library):
    podcast = library.subscribe("http://example.org/feed")
    items = [
        ep("first", "dup", enclosure_url="http://example.org/1.mp3"),
        ep("second", "dup", enclosure_url="http://example.org/2.mp3"),
        ep("first", "dup", enclosure_url="http://example.org/1.mp3"),  # the same item again
    ]
    library.store_feed(podcast.id, feed(*items))
    ids = {e.title: e.id for e in library.episodes()}
    assert set(ids) == {"first", "second"}
    library.set_played([ids["second"]])
    library.store_feed(podcast.id, feed(*items))
    assert library.episode_count() == 2
    assert library.episode(ids["second"]).played


def test_failed_store_changes_nothing(library):
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(ep("a", "1")))

    bad = feed(ep("new", "2"), ep(title=object(), guid="3"))  # type: ignore[arg-type]
    with pytest.raises(sqlite3.Error):
        library.store_feed(podcast.id, bad)
    assert [e.title for e in library.episodes()] == ["a"]


def test_remove_podcast_cascades(library):
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(ep("a", "1")))
    library.queue_add([library.episodes()[0].id])
    library.remove_podcast(podcast.id)
    assert library.episode_count() == 0
    assert library.queue_ids() == []
    assert library.podcasts() == []


def test_find_podcast_by_id_title_and_prefix(library):
    one = library.subscribe("http://example.org/1")
    library.store_feed(one.id, feed(title="Terminal Talk"))
    two = library.subscribe("http://example.org/2")
    library.store_feed(two.id, feed(title="Terminal Tales"))
    assert library.find_podcast(str(one.id)).title == "Terminal Talk"
    assert library.find_podcast("terminal talk").id == one.id
    assert library.find_podcast("Terminal Tale").id == two.id
    with pytest.raises(NotFound, match="several podcasts"):
        library.find_podcast("Terminal")
    with pytest.raises(NotFound, match="no podcast"):
        library.find_podcast("Nothing like it")


def test_podcast_counts(library):
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(ep("a", "1"), ep("b", "2"), ep("c", "3")))
    library.set_played([library.episodes()[0].id])
    (listed,) = library.podcasts()
    assert (listed.episode_count, listed.unplayed_count) == (3, 2)


def test_queue_operations(library):
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(*(ep(str(i), str(i), published=i) for i in range(5))))
    ids = sorted(e.id for e in library.episodes())
    assert library.queue_add(ids[:3]) == ids[:3]
    assert library.queue_add([ids[3]], at=1) == [ids[0], ids[3], ids[1], ids[2]]
    # Adding a queued episode again moves it.
    assert library.queue_add([ids[2]], at=0) == [ids[2], ids[0], ids[3], ids[1]]
    assert library.queue_move(ids[1], 0) == [ids[1], ids[2], ids[0], ids[3]]
    assert library.queue_move(ids[1], 99) == [ids[2], ids[0], ids[3], ids[1]]
    assert library.queue_remove([ids[0], ids[3]]) == [ids[2], ids[1]]
    assert [e.id for e in library.queue()] == [ids[2], ids[1]]
    assert library.episode(ids[1]).queue_position == 1
    with pytest.raises(NotFound):
        library.queue_add([9999])
    with pytest.raises(NotFound):
        library.queue_move(ids[4], 0)
    library.queue_clear()
    assert library.queue() == []


def test_queue_survives_reopen(tmp_path):
    lib = Library.open(tmp_path)
    podcast = lib.subscribe("http://example.org/feed")
    lib.store_feed(podcast.id, feed(ep("a", "1"), ep("b", "2")))
    ids = [e.id for e in lib.episodes()]
    lib.queue_add(list(reversed(ids)))
    lib.close()
    again = Library.open(tmp_path)
    assert again.queue_ids() == list(reversed(ids))
    again.close()


def test_played_clears_position(library):
    podcast = library.subscribe("http://example.org/feed")
    library.store_feed(podcast.id, feed(ep("a", "1")))
    (episode,) = library.episodes()
    library.save_position(episode.id, 50)
    assert library.episode(episode.id).in_progress
    library.set_played([episode.id])
    done = library.episode(episode.id)
    assert done.played and done.position == 0
