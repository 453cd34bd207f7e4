"""The library's schema: numbered migrations applied through ``PRAGMA user_version``."""

from __future__ import annotations

import sqlite3

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
    # 4: syncing with a gpodder API server. sync_meta holds the account's device and the
    # server's "since" timestamps; sync_outbox the episode actions not yet sent (one unsent
    # play per episode: a newer place replaces it, keeping where listening started);
    # sync_feeds the subscription changes not yet sent; sync_times the time of the newest
    # action known for an episode (an older one never moves it back); sync_inbox the
    # newest action the server had for an episode not (yet) in the library.
    """
    CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sync_outbox (
        id INTEGER PRIMARY KEY,
        episode_id INTEGER,
        podcast TEXT NOT NULL,
        episode TEXT NOT NULL,
        guid TEXT,
        action TEXT NOT NULL,
        timestamp INTEGER NOT NULL,
        started INTEGER,
        position INTEGER,
        total INTEGER
    );
    CREATE INDEX sync_outbox_by_episode ON sync_outbox (episode_id);
    CREATE TABLE sync_feeds (url TEXT PRIMARY KEY, change TEXT NOT NULL);
    CREATE TABLE sync_times (
        episode_id INTEGER PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
        updated INTEGER NOT NULL
    );
    CREATE TABLE sync_inbox (
        key TEXT PRIMARY KEY,
        podcast TEXT NOT NULL,
        episode TEXT NOT NULL,
        guid TEXT,
        action TEXT NOT NULL,
        timestamp INTEGER NOT NULL,
        started INTEGER,
        position INTEGER,
        total INTEGER
    );
    """,
    # 5: transcripts, fetched on demand and kept: which file was read (transcripts), its
    # cues in order (transcript_cues), and their text for search (transcripts_fts, rowid
    # the episode id, searched with notes_fts). Deleting an episode deletes its transcript
    # (and the cues) by cascade; the trigger drops the text from the search index.
    # episodes_with_transcript lists the episodes whose feed offers a transcript.
    """
    CREATE TABLE transcripts (
        episode_id INTEGER PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        format TEXT NOT NULL,
        fetched INTEGER NOT NULL
    );
    CREATE TABLE transcript_cues (
        episode_id INTEGER NOT NULL REFERENCES transcripts(episode_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        start REAL,
        end REAL,
        speaker TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        PRIMARY KEY (episode_id, seq)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE transcripts_fts USING fts5(
        body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
    );
    CREATE TRIGGER transcripts_removed AFTER DELETE ON transcripts
    BEGIN
        DELETE FROM transcripts_fts WHERE rowid = old.episode_id;
    END;
    CREATE INDEX episodes_with_transcript ON episodes (id) WHERE transcript_url IS NOT NULL;
    """,
]


def split_sql(script: str) -> list[str]:
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
