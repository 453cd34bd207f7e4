"""The downloads view: this session's downloads (running, waiting, failed, cancelled) with
their progress, speed and time left, then the episodes downloaded before.

``D`` starts a download again or cancels it, ``Delete`` deletes a download (after asking),
Enter plays the episode (from the file when it is there).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.widgets import DataTable

from tui.core.downloads import DownloadProgress
from tui.core.models import DownloadState, Episode
from tui.core.net import format_bytes
from tui.core.text import clean_line, format_duration
from tui.ui.downloading import Downloads
from tui.ui.keys import binding, key_for
from tui.ui.screens.download_keys import confirm_delete
from tui.ui.screens.view import ViewScreen
from tui.ui.screens.view_columns import needed, share
from tui.ui.services import services
from tui.ui.widgets.table_rows import fit

if TYPE_CHECKING:
    from tui.core.library import Library

_ORDER = {
    DownloadState.ACTIVE: 0,
    DownloadState.QUEUED: 1,
    DownloadState.FAILED: 2,
    DownloadState.CANCELLED: 3,
    DownloadState.DONE: 4,
}


def status_text(progress: DownloadProgress | None) -> str:
    """``↓ 37%``, ``waiting``, ``downloaded``, ``failed: HTTP 404 Not Found``…"""
    if progress is None or progress.state == DownloadState.DONE:
        return "downloaded"
    if progress.state == DownloadState.QUEUED:
        return "waiting"
    if progress.state == DownloadState.ACTIVE:
        fraction = progress.fraction
        return f"↓ {int(fraction * 100)}%" if fraction is not None else "↓"
    if progress.state == DownloadState.FAILED:
        return f"failed: {progress.error or 'unknown error'}"
    return "cancelled"


def size_text(progress: DownloadProgress | None, on_disk: int | None) -> str:
    """The file's size: on disk once downloaded; while downloading, the whole size when
    known (the status says how much is here), else what arrived so far."""
    if progress is None or progress.state == DownloadState.DONE:
        size = on_disk if on_disk is not None else (progress.received if progress else None)
        return format_bytes(size) if size is not None else ""
    if progress.state in (DownloadState.QUEUED, DownloadState.ACTIVE) and (
        progress.total or progress.received
    ):
        return format_bytes(progress.total or progress.received)
    return ""


def live_speed(progress: DownloadProgress) -> float:
    """Bytes per second since the download started, up to now (so a stall shows)."""
    elapsed = time.monotonic() - progress.started if progress.started else 0.0
    return progress.received / elapsed if elapsed > 0 else progress.speed


def speed_text(progress: DownloadProgress | None) -> str:
    if progress is None or progress.state != DownloadState.ACTIVE:
        return ""
    speed = live_speed(progress)
    return f"{format_bytes(speed)}/s" if speed > 0 else ""


def eta_text(progress: DownloadProgress | None) -> str:
    if progress is None or progress.state != DownloadState.ACTIVE:
        return ""
    speed = live_speed(progress)
    if not progress.total or speed <= 0:
        return "?"
    return format_duration(max(0.0, (progress.total - progress.received) / speed))


def _read(library: Library, session: list[int]) -> tuple[list[Episode], dict[int, int]]:
    """The episodes of this session's downloads and those downloaded before (newest
    first), and the size on disk of each downloaded file."""
    ids = list(dict.fromkeys([*session, *library.downloaded_ids()]))
    episodes = library.episodes(ids=ids) if ids else []
    sizes: dict[int, int] = {}
    for episode in episodes:
        if episode.download_path:
            with contextlib.suppress(OSError):
                sizes[episode.id] = Path(episode.download_path).stat().st_size
    return episodes, sizes


class DownloadsScreen(ViewScreen):
    """Every download, with progress, speed and time left."""

    HELP_TITLE = "Downloads"
    TITLE_TEXT = "Downloads"
    VIEW_NAME = "downloads"
    COLUMNS = (
        ("podcast", "Podcast"),
        ("title", "Title"),
        ("status", "Status"),
        ("size", "Size"),
        ("speed", "Speed"),
        ("eta", "ETA"),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("downloads.close", "close", show=False),
        binding("downloads.show", "close", label="Close", show=False),
        binding("downloads.play", "play"),
        binding("downloads.toggle", "toggle_download", label="Download/cancel"),
        binding("downloads.delete", "delete"),
        binding("downloads.cursor_up", "cursor(-1)", show=False),
        binding("downloads.cursor_down", "cursor(1)", show=False),
        binding("queue.show", "show_queue", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._episodes: dict[int, Episode] = {}
        self._sizes: dict[int, int] = {}
        self._keys: list[str] = []
        self.loaded = False
        """True once the list was read (the view shows it)."""

    @property
    def downloads(self) -> Downloads:
        app = services(self.app)
        downloads = app.downloads if app is not None else None
        assert downloads is not None, "the downloads view needs the library"
        return downloads

    def on_mount(self) -> None:
        self.set_summary("Reading the downloads…")
        self.table.focus()
        self.downloads.changed.subscribe(self, self._changed, immediate=True)
        self.reload()

    def _changed(self, change: DownloadProgress | int) -> None:
        if isinstance(change, int):
            self.download_removed(change)
        else:
            self.show_progress(change)

    def reload(self) -> None:
        self.run_worker(self._reload(), group="downloads-view", exclusive=True, exit_on_error=False)

    async def _reload(self) -> None:
        downloads = self.downloads
        episodes, sizes = await asyncio.to_thread(
            _read, downloads.library, list(downloads.progress)
        )
        self._episodes = {episode.id: episode for episode in episodes}
        self._sizes = sizes
        self._order()
        self.show_rows()
        self._summarise()
        self.loaded = True

    def _order(self) -> None:
        progress = self.downloads.progress
        session = [i for i in progress if i in self._episodes]
        session.sort(key=lambda i: _ORDER.get(progress[i].state, 5))  # stable: start order
        before = [i for i in self._episodes if i not in progress and self._sizes.get(i) is not None]
        self._keys = [str(i) for i in (*session, *before)]

    def row_keys(self) -> list[str]:
        return self._keys

    def column_widths(self, width: int) -> tuple[int, ...]:
        # Status, size, speed and ETA get what their texts need (room for the texts of a
        # running download while one runs or waits; a failure's reason up to a bound),
        # then the titles, then the podcasts; each column has a cell of padding either side.
        rows = [self.texts(int(key)) for key in self._keys]
        running = any(
            progress.state in (DownloadState.QUEUED, DownloadState.ACTIVE)
            for progress in self.downloads.progress.values()
        )
        column = [[row[i] for row in rows] for i in range(len(self.COLUMNS))]
        labels = [label for _key, label in self.COLUMNS]
        status = min(
            needed(labels[2], column[2], 10 if running else 0),
            14 + max(0, min(16, (width - 90) // 2)),
        )
        size = needed(labels[3], column[3], 8 if running else 0)
        speed = needed(labels[4], column[4], 10 if running else 0)
        eta = needed(labels[5], column[5], 7 if running else 0)
        room = width - (status + size + speed + eta) - 2 * len(self.COLUMNS)
        podcast, title = share(room, needed(labels[0], column[0]), needed(labels[1], column[1]))
        return (podcast, title, status, size, speed, eta)

    def texts(self, episode_id: int) -> tuple[str, ...]:
        episode = self._episodes[episode_id]
        progress = self.downloads.progress.get(episode_id)
        on_disk = self._sizes.get(episode_id)
        return (
            clean_line(episode.podcast),
            clean_line(episode.title),
            status_text(progress),
            size_text(progress, on_disk),
            speed_text(progress),
            eta_text(progress),
        )

    def cells(self, key: str, widths: tuple[int, ...]) -> list[Text]:
        texts = self.texts(int(key))
        return [
            Text(fit(text, width, right=column >= 3))
            for column, (text, width) in enumerate(zip(texts, widths, strict=True))
        ]

    def row_texts(self, episode_id: int) -> tuple[str, ...] | None:
        """What the row of an episode shows (None when it is not listed)."""
        return self.texts(episode_id) if str(episode_id) in self._keys else None

    def _summarise(self) -> None:
        progress = self.downloads.progress
        states = [progress[int(key)].state for key in self._keys if int(key) in progress]
        running, waiting = states.count(DownloadState.ACTIVE), states.count(DownloadState.QUEUED)
        stored = [self._sizes[int(key)] for key in self._keys if int(key) in self._sizes]
        parts = []
        if running or waiting:
            parts.append(f"{running} downloading, {waiting} waiting")
        key = key_for(self.app, "downloads.toggle")
        parts.append(
            f"{len(stored)} downloaded ({format_bytes(sum(stored))})"
            if stored
            else f"nothing downloaded yet: {key} on an episode downloads it"
        )
        self.set_summary(" · ".join(parts))

    # -- reports from the downloads ---------------------------------------------------------

    def show_progress(self, progress: DownloadProgress) -> None:
        """A download moved on: its row (and the summary) follow."""
        if not self.loaded:
            return
        episode_id = progress.episode_id
        key = str(episode_id)
        if episode_id not in self._episodes or key not in self._keys:
            self.reload()  # started while the view is open
            return
        if progress.state == DownloadState.DONE:
            self._reread_size(episode_id)
        for column, text in enumerate(self.texts(episode_id)):
            if column >= 2:
                width = self._widths[column]
                self.set_cell(key, column, Text(fit(text, width, right=column >= 3)))
        self._summarise()

    def _reread_size(self, episode_id: int) -> None:
        async def read() -> None:
            episode = await asyncio.to_thread(
                self.downloads.library.episode, episode_id, with_notes=False
            )
            self._episodes[episode_id] = episode
            if episode.download_path:
                try:
                    size = await asyncio.to_thread(Path(episode.download_path).stat)
                except OSError:
                    return
                self._sizes[episode_id] = size.st_size
                self.show_progress(self.downloads.progress[episode_id])

        if self._sizes.get(episode_id) is None:
            self.run_worker(read(), group="downloads-size", exit_on_error=False)

    def download_removed(self, episode_id: int) -> None:
        self._sizes.pop(episode_id, None)
        key = str(episode_id)
        if key in self._keys:
            self._keys.remove(key)
            self.show_rows()
            self._summarise()

    # -- actions ----------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_play()

    def action_play(self) -> None:
        episode_id = self.highlighted_id
        app = services(self.app)
        playback = app.playback if app is not None else None
        if episode_id is not None and playback is not None:
            playback.play_episode(episode_id)

    def action_toggle_download(self) -> None:
        episode_id = self.highlighted_id
        if episode_id is None:
            return
        downloads = self.downloads
        if downloads.is_active(episode_id):
            downloads.cancel(episode_id)
        elif self._sizes.get(episode_id) is None:
            downloads.start(episode_id, self._episodes[episode_id].title)

    def action_delete(self) -> None:
        episode_id = self.highlighted_id
        if episode_id is not None:
            title = self._episodes[episode_id].title
            confirm_delete(self.app, self.downloads, episode_id, title)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("play", "toggle_download", "delete"):
            return True if self._keys else None
        return True
