"""Storing a parsed feed: its episodes added or updated, the podcast's details kept.

Each feed's refresh is stored in a single transaction, so a failed refresh leaves
everything as it was. Played marks, places, downloads and the queue are never touched.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from tui.core.library.podcasts import Podcasts
from tui.core.models import ParsedEpisode, ParsedFeed, Podcast

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


def _keys(episodes: Sequence[ParsedEpisode]) -> Iterable[tuple[str, ParsedEpisode]]:
    """Stable keys for a feed's items; a repeated guid is told apart by its enclosure or title."""
    keys = [episode_key(episode) for episode in episodes]
    if len(set(keys)) == len(keys) and "#" not in "".join(keys):
        # The usual feed: every key once and none with a "#", so no key can meet another
        # key's variant below and every item keeps its own key.
        return zip(keys, episodes, strict=True)
    return _told_apart(episodes)


def _told_apart(episodes: Sequence[ParsedEpisode]) -> Iterator[tuple[str, ParsedEpisode]]:
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


class FeedStore(Podcasts):
    """Feeds into the podcasts and episodes tables (and the notes waiting for the index)."""

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
        with self._transaction() as db:
            before = self._int(db, count_sql, (podcast_id,))
            top = self._int(db, "SELECT COALESCE(MAX(id), 0) FROM episodes")
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
                total = self._int(db, count_sql, (podcast_id,))
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
