"""Downloads in the app: the download manager over the app's fetcher, and what the user sees
of it: ``↓ 37%`` in the episode table's status column, the downloads view, a notification
when a download ends (done; failed, with the reason; cancelled).

The manager runs its downloads as tasks on the app's event loop and reports progress there
(at most every PROGRESS_INTERVAL seconds per download); an episode's row is repainted only
when its status text changes, so a download costs at most a hundred repaints.

The app creates a :class:`Downloads` as ``self.downloads`` once the library is open, and
awaits :meth:`Downloads.shutdown` before it closes the fetcher. Status changes go through
the app's :class:`EpisodeStatus`; the downloads view subscribes to :attr:`Downloads.changed`.
The main screen calls :func:`auto_download_after_refresh` when a refresh is over.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.notifications import SeverityLevel
from textual.signal import Signal

from tui.core.downloads import DownloadManager, DownloadProgress
from tui.core.models import DownloadState, SourceStatus
from tui.core.paths import downloads_dir
from tui.core.text import clean_line
from tui.ui.errors import report_error
from tui.ui.status import EpisodeStatus

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from tui.core.config import Config
    from tui.core.feeds.fetch import Fetcher
    from tui.core.library import Library
    from tui.core.subscriptions import SourceResult

PROGRESS_INTERVAL = 0.25  # seconds between progress reports of one download
SHUTDOWN_WAIT = 3.0  # seconds the app waits for cancelled downloads to stop when quitting


_KEEP: Any = object()


def notify_line(
    app: App[Any],
    message: str,
    *,
    error: bool = False,
    kind: str | None = None,
    merged: Callable[[int], str] | None = None,
    item: object = None,
) -> None:
    severity: SeverityLevel = "error" if error else "information"
    extra: dict[str, Any] = (
        {"kind": kind, "merged": merged, "item": item} if kind is not None else {}
    )
    app.notify(clean_line(message), severity=severity, markup=False, **extra)


# -- the service -------------------------------------------------------------------------------


class Downloads:
    """The app's downloads: a :class:`DownloadManager` (made on first use, over the app's
    fetcher) and the screen's view of it."""

    def __init__(
        self,
        app: App[Any],
        library: Library,
        config: Config,
        data_dir: Path,
        fetcher: Callable[[], Fetcher],
        status: EpisodeStatus,
    ) -> None:
        self.app = app
        self.status = status
        self._fetcher = fetcher
        self.changed: Signal[DownloadProgress | int] = Signal(app, "downloads-changed")
        """Published with a download's progress, or the id of an episode whose download was
        deleted (the downloads view subscribes)."""
        self.library = library
        self.config = config
        self.directory = config.download_dir or downloads_dir(data_dir)
        self._manager: DownloadManager | None = None
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._titles: dict[int, str] = {}
        self._closing = False
        self._ticker: Timer | None = None

    @property
    def manager(self) -> DownloadManager:
        if self._manager is None:
            fetcher = self._fetcher()
            self._manager = DownloadManager(
                self.library,
                fetcher,
                self.directory,
                limit=self.config.max_downloads,
                on_progress=self._progress,
                progress_interval=PROGRESS_INTERVAL,
            )
        return self._manager

    @property
    def progress(self) -> dict[int, DownloadProgress]:
        """The downloads of this session by episode id (running, waiting, ended)."""
        return self._manager.progress if self._manager is not None else {}

    def is_active(self, episode_id: int) -> bool:
        """True while the episode downloads or waits for its turn."""
        return self._manager is not None and self._manager.is_active(episode_id)

    def start(self, episode_id: int, title: str = "") -> bool:
        """Start downloading an episode (it waits while ``max_downloads`` run). False if it
        already downloads or the app is closing."""
        if self._closing or self.is_active(episode_id):
            return False
        if title:
            self._titles[episode_id] = clean_line(title)
        task = self.manager.start(episode_id)
        self._tasks[episode_id] = task
        task.add_done_callback(partial(self._finished, episode_id))
        if self._ticker is None:
            self._ticker = self.app.set_interval(
                PROGRESS_INTERVAL, self._tick, name="downloads-progress"
            )
        return True

    def cancel(self, episode_id: int) -> bool:
        """Stop a download (one waiting for its turn stops at once); what arrived stays in
        a ``.part`` file for a later resume and is never shown as downloaded."""
        if not self.is_active(episode_id):
            return False
        progress = self.progress.get(episode_id)
        self.manager.cancel(episode_id)
        task = self._tasks.get(episode_id)
        if task is not None and progress is not None and progress.state == DownloadState.QUEUED:
            task.cancel()
        return True

    async def delete(self, episode_id: int) -> None:
        """Remove an episode's download (finished or partial) from disk and the library."""
        if self.cancel(episode_id):
            task = self._tasks.get(episode_id)
            if task is not None:
                await asyncio.wait([task])
        await asyncio.to_thread(self.manager.delete, episode_id)
        self.status.show(episode_id, progress=None, downloaded=False)
        self.changed.publish(episode_id)

    async def shutdown(self) -> None:
        """Stop every download (quitting): partial files stay for a later resume."""
        self._closing = True
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        running = [task for task in self._tasks.values() if not task.done()]
        if self._manager is None or not running:
            return
        for episode_id in list(self._tasks):
            self._manager.cancel(episode_id)
        for task in running:
            task.cancel()
        await asyncio.wait(running, timeout=SHUTDOWN_WAIT)

    # -- reports (the app's loop) ---------------------------------------------------------

    def _tick(self) -> None:
        """Show the running downloads as they are now. The manager reports at most every
        PROGRESS_INTERVAL, and only when data arrives: without this a download that
        stalls would go on showing an older figure."""
        running = [
            p
            for p in self.progress.values()
            if p.state in (DownloadState.QUEUED, DownloadState.ACTIVE)
        ]
        if not running or self._closing:
            if self._ticker is not None:
                self._ticker.stop()
                self._ticker = None
            return
        for progress in running:
            self._progress(progress)

    def _progress(self, progress: DownloadProgress) -> None:
        if self._closing:
            return
        episode_id, state = progress.episode_id, progress.state
        title = self._titles.get(episode_id) or f"episode {episode_id}"
        if state in (DownloadState.QUEUED, DownloadState.ACTIVE):
            self.status.show(episode_id, progress=progress.fraction or 0.0)
        elif state == DownloadState.DONE:
            self.status.show(episode_id, progress=None, downloaded=True)
            notify_line(
                self.app,
                f"Downloaded “{title}”",
                kind="download.done",
                merged=lambda count: f"Downloaded {count} episodes",
                item=episode_id,
            )
        elif state == DownloadState.FAILED:
            self.status.show(episode_id, progress=None)
            notify_line(self.app, f"Cannot download “{title}”: {progress.error}", error=True)
        elif state == DownloadState.CANCELLED:
            self.status.show(episode_id, progress=None)
            notify_line(self.app, f"Download cancelled: “{title}”")
        self.changed.publish(progress)

    def _finished(self, episode_id: int, task: asyncio.Task[None]) -> None:
        """A download task ended: a bug in it is reported, never left unretrieved."""
        if task.cancelled():
            return
        error = task.exception()
        if error is None:
            return
        progress = self.progress.get(episode_id)
        if progress is not None and progress.state in (DownloadState.QUEUED, DownloadState.ACTIVE):
            progress.state, progress.error = DownloadState.FAILED, str(error)
            if not self._closing:
                self.status.show(episode_id, progress=None)
                self.changed.publish(progress)
        if not self._closing:
            report_error(self.app, error)


# -- auto-download ---------------------------------------------------------------------------


async def auto_download(downloads: Downloads, podcast_ids: Iterable[int]) -> list[int]:
    """Download the newest ``config.auto_download`` unplayed episodes of each podcast (those
    not downloaded yet); the ids started. Nothing when the setting is 0 (the default)."""
    count = downloads.config.auto_download
    ids = list(podcast_ids)
    if count <= 0 or not ids:
        return []
    picked = await asyncio.to_thread(downloads.library.newest_unplayed, ids, count)
    return [episode_id for episode_id, title in picked if downloads.start(episode_id, title)]


def auto_download_after_refresh(
    app: App[Any], downloads: Downloads | None, results: Iterable[SourceResult]
) -> None:
    """After a refresh: auto-download for the podcasts that refreshed (see
    :func:`auto_download`), in a worker."""
    if downloads is None or downloads.config.auto_download <= 0:
        return
    ids = [
        r.podcast.id for r in results if r.podcast is not None and r.status != SourceStatus.FAILED
    ]
    if ids:
        app.run_worker(auto_download(downloads, ids), group="auto-download", exit_on_error=False)
