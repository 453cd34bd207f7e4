"""Downloads bookkeeping: which episodes have a file on disk, and which to fetch next."""

from __future__ import annotations

import time
from collections.abc import Iterable

from tui.core.library.connection import Database
from tui.core.library.sync import record_file


class Downloads(Database):
    """The download_path column of the episodes table."""

    def set_download(self, episode_id: int, path: str | None) -> None:
        """Record the file an episode was downloaded to (None: it has none any more)."""
        with self._transaction() as db:
            before = db.execute(
                "SELECT download_path FROM episodes WHERE id = ?", (episode_id,)
            ).fetchone()
            if before is not None and (before[0] is None) != (path is None):
                record_file(db, episode_id, path is not None, int(time.time()))
            db.execute("UPDATE episodes SET download_path = ? WHERE id = ?", (path, episode_id))

    def downloaded_ids(self) -> list[int]:
        """The episodes with a downloaded file, in no set order."""
        rows = self._rows("SELECT id FROM episodes WHERE download_path IS NOT NULL")
        return [row[0] for row in rows]

    def newest_unplayed(self, podcast_ids: Iterable[int], count: int) -> list[tuple[int, str]]:
        """``(id, title)`` of those of the newest ``count`` unplayed episodes with audio of
        each podcast that are not downloaded yet: what auto-download fetches."""
        found: list[tuple[int, str]] = []
        for podcast_id in podcast_ids:
            rows = self._rows(
                "SELECT id, title, download_path FROM episodes"
                " WHERE podcast_id = ? AND played = 0 AND enclosure_url IS NOT NULL"
                " ORDER BY published IS NULL, published DESC, id LIMIT ?",
                (podcast_id, count),
            )
            found.extend((episode_id, title) for episode_id, title, path in rows if path is None)
        return found
