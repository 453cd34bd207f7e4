"""Downloads for offline listening: several at once, resumable, cancellable, safe names.

The manager prints nothing: it reports each download's :class:`DownloadProgress` to the
``on_progress`` callback (the app's views, or the terminal progress of ``podtui download``).
"""

from __future__ import annotations

import asyncio
import mimetypes
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, Self
from urllib.parse import unquote, urlsplit

from tui.core.config import Config
from tui.core.errors import FetchError, PodtuiError
from tui.core.feeds.fetch import DownloadCancelled
from tui.core.library import Library
from tui.core.models import DownloadState, Episode
from tui.core.net import safe_filename
from tui.core.paths import downloads_dir

_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}")
_AUDIO_TYPES = {
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/mp4": ".m4a",
    "audio/x-m4a": ".m4a",
    "audio/aac": ".aac",
    "audio/ogg": ".ogg",
    "audio/opus": ".opus",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/flac": ".flac",
    "video/mp4": ".mp4",
}


class EnclosureFetcher(Protocol):
    """What the manager downloads through (:class:`tui.core.feeds.fetch.Fetcher`)."""

    async def download(
        self,
        url: str,
        dest: Path,
        *,
        progress: Callable[[int, int | None], None] | None = None,
        expected_length: int | None = None,
        cancel: asyncio.Event | None = None,
    ) -> Path: ...


@dataclass(slots=True)
class DownloadProgress:
    """One download as it goes: told to ``on_progress`` when it starts, as bytes arrive
    (at most every ``progress_interval`` seconds) and when it ends."""

    episode_id: int
    state: DownloadState = DownloadState.QUEUED
    received: int = 0
    total: int | None = None
    speed: float = 0.0  # bytes per second
    error: str | None = None
    started: float = 0.0

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, self.received / self.total)

    @property
    def eta(self) -> float | None:
        if not self.total or self.speed <= 0:
            return None
        return max(0.0, (self.total - self.received) / self.speed)


def _extension(episode: Episode) -> str:
    path = unquote(urlsplit(episode.enclosure_url or "").path)
    name = path.rsplit("/", 1)[-1]
    if "." in name:
        ext = "." + name.rsplit(".", 1)[-1]
        if _EXTENSION.fullmatch(ext):
            return ext.lower()
    mime = (episode.enclosure_type or "").split(";")[0].strip().lower()
    if mime in _AUDIO_TYPES:
        return _AUDIO_TYPES[mime]
    guessed = mimetypes.guess_extension(mime) if mime else None
    if guessed and _EXTENSION.fullmatch(guessed):
        return guessed
    return ".audio"


def download_path(root: Path, episode: Episode) -> Path:
    """Where an episode's download goes: ``<root>/<podcast>/<id> <title>.<ext>``.

    Names come from the library (already free of control characters), are made safe
    for any file system, bounded in length, and unique per episode through the id.
    """
    folder = safe_filename(episode.podcast or f"podcast-{episode.podcast_id}", max_len=80)
    title = safe_filename(f"{episode.id} {episode.title}", max_len=120)
    return root / folder / (title + _extension(episode))


class DownloadManager:
    """Runs downloads on the event loop it is used from, at most ``limit`` at a time."""

    def __init__(
        self,
        library: Library,
        fetcher: EnclosureFetcher,
        directory: Path,
        *,
        limit: int = 3,
        on_progress: Callable[[DownloadProgress], None] | None = None,
        progress_interval: float = 0.25,
    ) -> None:
        self.library = library
        self.fetcher = fetcher
        self.directory = directory
        self.on_progress = on_progress
        self.progress: dict[int, DownloadProgress] = {}
        self._limit = asyncio.Semaphore(limit)
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._cancel: dict[int, asyncio.Event] = {}
        self._interval = progress_interval

    @classmethod
    def for_data_dir(
        cls,
        library: Library,
        fetcher: EnclosureFetcher,
        data_dir: Path,
        config: Config,
        **kwargs: Any,
    ) -> Self:
        directory = config.download_dir or downloads_dir(data_dir)
        return cls(library, fetcher, directory, limit=config.max_downloads, **kwargs)

    def is_active(self, episode_id: int) -> bool:
        task = self._tasks.get(episode_id)
        return task is not None and not task.done()

    def _emit(self, progress: DownloadProgress) -> None:
        if self.on_progress is not None:
            self.on_progress(progress)

    def start(self, episode_id: int) -> asyncio.Task[None]:
        """Start (or join) the download of an episode."""
        if self.is_active(episode_id):
            return self._tasks[episode_id]
        progress = DownloadProgress(episode_id)
        self.progress[episode_id] = progress
        self._cancel[episode_id] = asyncio.Event()
        task = asyncio.get_running_loop().create_task(self._run(episode_id, progress))
        self._tasks[episode_id] = task
        self._emit(progress)
        return task

    def cancel(self, episode_id: int) -> bool:
        """Stop a running download; its partial file stays for a later resume."""
        if not self.is_active(episode_id):
            return False
        self._cancel[episode_id].set()
        return True

    def toggle(self, episode_id: int) -> bool:
        """Start a download, or cancel it if it runs. True when one was started."""
        if self.cancel(episode_id):
            return False
        self.start(episode_id)
        return True

    def delete(self, episode_id: int) -> None:
        """Remove a finished download (and any partial file) from disk and the library."""
        self.cancel(episode_id)
        episode = self.library.episode(episode_id, with_notes=False)
        paths = [download_path(self.directory, episode)]
        if episode.download_path:
            paths.append(Path(episode.download_path))
        for path in paths:
            for candidate in (path, path.with_name(path.name + ".part")):
                try:
                    candidate.unlink()
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    raise PodtuiError(f"cannot delete {candidate}: {exc.strerror}") from None
        self.library.set_download(episode_id, None)
        self.progress.pop(episode_id, None)

    async def wait(self) -> None:
        tasks = [task for task in self._tasks.values() if not task.done()]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(self, episode_id: int, progress: DownloadProgress) -> None:
        try:
            episode = self.library.episode(episode_id, with_notes=False)
            if not episode.enclosure_url:
                raise FetchError("the episode has no audio to download")
            dest = download_path(self.directory, episode)
            async with self._limit:
                if self._cancel[episode_id].is_set():
                    raise asyncio.CancelledError
                progress.state = DownloadState.ACTIVE
                progress.started = time.monotonic()
                self._emit(progress)
                last_emit = 0.0

                def report(received: int, total: int | None) -> None:
                    nonlocal last_emit
                    progress.received = received
                    progress.total = total
                    elapsed = time.monotonic() - progress.started
                    if elapsed > 0:
                        progress.speed = received / elapsed
                    now = time.monotonic()
                    if now - last_emit >= self._interval:
                        last_emit = now
                        self._emit(progress)

                try:
                    dest.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise FetchError(f"cannot create {dest.parent}: {exc.strerror}") from None
                await self.fetcher.download(
                    episode.enclosure_url,
                    dest,
                    progress=report,
                    expected_length=episode.enclosure_length or None,
                    cancel=self._cancel[episode_id],
                )
            if self._cancel[episode_id].is_set():
                raise asyncio.CancelledError
            self.library.set_download(episode_id, str(dest))
            progress.state = DownloadState.DONE
            if progress.total is None:
                progress.total = progress.received
        except (asyncio.CancelledError, DownloadCancelled):
            progress.state = DownloadState.CANCELLED
        except PodtuiError as exc:
            progress.state, progress.error = DownloadState.FAILED, exc.message
        finally:
            self._emit(progress)


def playable_source(episode: Episode) -> str | None:
    """The local file when it is there, else the enclosure URL."""
    if episode.download_path and Path(episode.download_path).is_file():
        return episode.download_path
    return episode.enclosure_url
