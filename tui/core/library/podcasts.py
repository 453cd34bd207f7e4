"""Podcasts: subscribing, finding, refresh bookkeeping, moving and removing."""

from __future__ import annotations

import time
from typing import Any

from tui.core.errors import NotFound
from tui.core.library.connection import Database
from tui.core.library.sync import record_feed
from tui.core.models import Podcast

# Each podcast with its episode and unplayed counts, read from episodes_by_podcast alone.
_PODCASTS = (
    "SELECT p.id, p.url, p.title, p.link, p.description, p.author, p.image,"
    " p.etag, p.last_modified, p.last_checked, p.last_error,"
    " COUNT(e.id), COALESCE(SUM(e.played = 0), 0)"
    " FROM podcasts p LEFT JOIN episodes e ON e.podcast_id = p.id"
)


class Podcasts(Database):
    """The podcasts table."""

    def subscribe(self, url: str) -> Podcast:
        """The podcast for feed ``url``, created (untitled, no episodes) if new."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO podcasts (url, title, added) VALUES (?, '', ?)"
                " ON CONFLICT (url) DO NOTHING",
                (url, int(time.time())),
            )
            if cursor.rowcount:
                record_feed(db, url, "add")
            podcast_id = self._int(db, "SELECT id FROM podcasts WHERE url = ?", (url,))
        return self.podcast(podcast_id)

    def podcasts(self) -> list[Podcast]:
        """Every podcast, by title, with episode and unplayed counts."""
        rows = self._rows(_PODCASTS + " GROUP BY p.id ORDER BY p.title COLLATE NOCASE, p.id")
        return [Podcast(*row) for row in rows]

    def podcast(self, podcast_id: int) -> Podcast:
        for podcast in self._podcasts_where("p.id = ?", (podcast_id,)):
            return podcast
        raise NotFound(f"no podcast with id {podcast_id}")

    def podcast_by_url(self, url: str) -> Podcast | None:
        found = self._podcasts_where("p.url = ?", (url,))
        return found[0] if found else None

    def podcast_titles(self) -> dict[int, str]:
        """Podcast id -> title, for every podcast."""
        return {row[0]: row[1] for row in self._rows("SELECT id, title FROM podcasts")}

    def _podcasts_where(self, where: str, params: tuple[Any, ...]) -> list[Podcast]:
        rows = self._rows(_PODCASTS + f" WHERE {where} GROUP BY p.id", params)
        return [Podcast(*row) for row in rows]

    def find_podcast(self, ref: str) -> Podcast:
        """A podcast by id, feed URL or title (exact, then case-insensitive, then unique prefix)."""
        ref = ref.strip()
        if ref.isdigit():
            found = self._podcasts_where("p.id = ?", (int(ref),))
            if found:
                return found[0]
        found = self._podcasts_where("p.url = ? OR p.title = ?", (ref, ref))
        if not found:
            found = self._podcasts_where("p.title = ? COLLATE NOCASE", (ref,))
        if not found:
            pattern = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            found = self._podcasts_where("p.title LIKE ? ESCAPE '\\'", (pattern,))
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFound(f"no podcast matches {ref!r}")
        names = ", ".join(f"{p.id}: {p.title}" for p in found[:5])
        raise NotFound(f"{ref!r} matches several podcasts ({names}); use the id")

    def remove_podcast(self, podcast_id: int) -> None:
        with self._transaction() as db:
            for (url,) in db.execute("SELECT url FROM podcasts WHERE id = ?", (podcast_id,)):
                record_feed(db, url, "remove")
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
        with self._transaction() as db:
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
        with self._transaction() as db:
            taken = db.execute(
                "SELECT id FROM podcasts WHERE url = ? AND id != ?", (new_url, podcast_id)
            ).fetchone()
            if not taken:
                db.execute("UPDATE podcasts SET url = ? WHERE id = ?", (new_url, podcast_id))
