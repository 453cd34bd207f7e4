"""Downloads in the app: the download manager over the app's fetcher, and what the user sees
of it: ``↓ 37%`` in the episode table's status column, the downloads view, a notification
when a download ends (done; failed, with the reason; cancelled).

The manager runs its downloads as tasks on the app's event loop and reports progress there
(at most every PROGRESS_INTERVAL seconds per download); an episode's row is repainted only
when its status text changes, so a download costs at most a hundred repaints.

The app creates a :class:`Downloads` as ``self.downloads`` once the library is open, and
awaits :meth:`Downloads.shutdown` before it closes the fetcher. The main screen mixes in
:class:`DownloadActions` (the actions of :data:`DOWNLOAD_BINDINGS`) and calls
:func:`auto_download_after_refresh` when a refresh is over.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding

from tui.core.downloads import DownloadManager, DownloadProgress
from tui.core.errors import PodtuiError
from tui.core.models import DownloadState, SourceStatus
from tui.core.paths import downloads_dir
from tui.core.text import clean_line
from tui.ui.keys import binding
from tui.ui.screens import report_error

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from tui.core.config import Config
    from tui.core.library import Library
    from tui.core.subscriptions import SourceResult
    from tui.ui.app import PodtuiApp
    from tui.ui.widgets.episode_browser import EpisodeBrowser

PROGRESS_INTERVAL = 0.25  # seconds between progress reports of one download
SHUTDOWN_WAIT = 3.0  # seconds the app waits for cancelled downloads to stop when quitting

DOWNLOAD_BINDINGS: list[Binding] = [
    binding("downloads.toggle", "download", show=False),
    binding("downloads.show", "show_downloads", show=False),
]  # fmt: skip

_KEEP: Any = object()


# -- the episode table's status column -------------------------------------------------------


def browsers(app: App[Any]) -> Iterator[EpisodeBrowser]:
    """Every episode browser of the screens on the stack."""
    from tui.ui.widgets.episode_browser import EpisodeBrowser

    for screen in app.screen_stack:
        yield from screen.query(EpisodeBrowser)


def show_status(app: App[Any], episode_id: int, *, progress: Any = _KEEP, **changes: Any) -> None:
    """Change an episode's status in the episode indexes on screen (``changes`` as
    ``EpisodeIndex.update`` takes them, ``progress`` as ``set_progress``) and repaint its
    row where the status text changed."""
    changed: dict[int, bool] = {}
    for browser in browsers(app):
        index = browser.index
        if index is None:
            continue
        key = id(index)
        if key not in changed:
            before = index.status(episode_id)
            if changes:
                index.update(episode_id, **changes)
            if progress is not _KEEP:
                index.set_progress(episode_id, progress)
            changed[key] = index.status(episode_id) != before
        if changed[key]:
            browser.refresh_episode(episode_id)


def _notify(
    app: App[Any],
    message: str,
    *,
    error: bool = False,
    kind: str | None = None,
    merged: Callable[[int], str] | None = None,
    item: object = None,
) -> None:
    severity = "error" if error else "information"
    extra: dict[str, Any] = (
        {"kind": kind, "merged": merged, "item": item} if kind is not None else {}
    )
    app.notify(clean_line(message), severity=severity, markup=False, **extra)


# -- the service -------------------------------------------------------------------------------


class Downloads:
    """The app's downloads: a :class:`DownloadManager` (made on first use, over the app's
    fetcher) and the screen's view of it."""

    def __init__(self, app: App[Any], library: Library, config: Config, data_dir: Path) -> None:
        self.app = app
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
            fetcher = cast("PodtuiApp", self.app).fetcher
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
        show_status(self.app, episode_id, progress=None, downloaded=False)
        for view in self._views():
            view.download_removed(episode_id)

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
            show_status(self.app, episode_id, progress=progress.fraction or 0.0)
        elif state == DownloadState.DONE:
            show_status(self.app, episode_id, progress=None, downloaded=True)
            _notify(
                self.app,
                f"Downloaded “{title}”",
                kind="download.done",
                merged=lambda count: f"Downloaded {count} episodes",
                item=episode_id,
            )
        elif state == DownloadState.FAILED:
            show_status(self.app, episode_id, progress=None)
            _notify(self.app, f"Cannot download “{title}”: {progress.error}", error=True)
        elif state == DownloadState.CANCELLED:
            show_status(self.app, episode_id, progress=None)
            _notify(self.app, f"Download cancelled: “{title}”")
        for view in self._views():
            view.show_progress(progress)

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
                show_status(self.app, episode_id, progress=None)
                for view in self._views():
                    view.show_progress(progress)
        if not self._closing:
            report_error(self.app, error)

    def _views(self) -> Iterator[Any]:
        from tui.ui.screens.downloads import DownloadsScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, DownloadsScreen):
                yield screen


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


def auto_download_after_refresh(app: App[Any], results: Iterable[SourceResult]) -> None:
    """After a refresh: auto-download for the podcasts that refreshed (see
    :func:`auto_download`), in a worker."""
    downloads: Downloads | None = getattr(app, "downloads", None)
    if downloads is None or downloads.config.auto_download <= 0:
        return
    ids = [
        r.podcast.id for r in results if r.podcast is not None and r.status != SourceStatus.FAILED
    ]
    if ids:
        app.run_worker(auto_download(downloads, ids), group="auto-download", exit_on_error=False)


# -- the keys of the episode list ------------------------------------------------------------


def confirm_delete(app: App[Any], downloads: Downloads, episode_id: int, title: str) -> None:
    """Ask before deleting an episode's download; delete it if the user agrees."""
    from tui.ui.screens.dialogs import ConfirmDialog

    title = clean_line(title) or f"episode {episode_id}"
    if downloads.is_active(episode_id):
        question = f"Stop downloading “{title}” and delete what arrived?"
    else:
        question = f"Delete the downloaded file of “{title}”?"

    def answered(delete: bool | None) -> None:
        if delete:
            app.run_worker(
                _delete(app, downloads, episode_id, title),
                group="download-delete",
                exit_on_error=False,
            )

    app.push_screen(ConfirmDialog("Delete download", question, confirm="Delete"), answered)


async def _delete(app: App[Any], downloads: Downloads, episode_id: int, title: str) -> None:
    try:
        await downloads.delete(episode_id)
    except PodtuiError as exc:
        _notify(app, f"Cannot delete the download of “{title}”: {exc.message}", error=True)
        return
    _notify(app, f"Deleted the download of “{title}”")


class DownloadActions:
    """Mixed into the main screen: the actions of :data:`DOWNLOAD_BINDINGS`."""

    app: App[Any]

    def _episode_for_download(self) -> tuple[int, str, bool] | None:
        """The highlighted episode: (id, title, downloaded)."""
        browser = cast("Any", self).browser
        episode_id = browser.highlighted_episode_id
        index = browser.index
        row = index.row_of(episode_id) if index is not None and episode_id is not None else None
        if row is None:
            return None
        return episode_id, index.titles[row], bool(index.downloaded[row])

    def action_download(self) -> None:
        """Download the highlighted episode; cancel its download if it runs; offer to delete
        it once downloaded."""
        downloads: Downloads | None = getattr(self.app, "downloads", None)
        found = self._episode_for_download()
        if downloads is None or found is None:
            return
        episode_id, title, downloaded = found
        if downloads.is_active(episode_id):
            downloads.cancel(episode_id)
        elif downloaded:
            confirm_delete(self.app, downloads, episode_id, title)
        else:
            downloads.start(episode_id, title)

    def action_show_downloads(self) -> None:
        from tui.ui.screens.downloads import DownloadsScreen, show_downloads

        if not isinstance(self.app.screen, DownloadsScreen):
            show_downloads(self.app)
