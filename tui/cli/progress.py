"""Terminal progress for ``podtui download``: a bar per episode on stderr, then a summary."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from tui.core.config import Config
from tui.core.downloads import DownloadManager, DownloadProgress
from tui.core.feeds.fetch import Fetcher
from tui.core.library import Library
from tui.core.models import DownloadState


def download_with_progress(
    library: Library, ids: Sequence[int], data_dir: Path, config: Config
) -> int:
    """``podtui download ID...``: download with a progress bar per episode; the exit status."""
    episodes = [library.episode(episode_id, with_notes=False) for episode_id in ids]
    console = Console(stderr=True, highlight=False)
    failures: list[str] = []

    async def run() -> None:
        async with Fetcher() as fetcher:
            with Progress(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=False,
            ) as bar:
                tasks = {
                    e.id: bar.add_task(e.title[:40], total=e.enclosure_length or None)
                    for e in episodes
                }

                def update(progress: DownloadProgress) -> None:
                    bar.update(
                        tasks[progress.episode_id],
                        completed=progress.received,
                        total=progress.total,
                    )

                manager = DownloadManager.for_data_dir(
                    library, fetcher, data_dir, config, on_progress=update
                )
                for episode in episodes:
                    manager.start(episode.id)
                await manager.wait()
                for episode in episodes:
                    progress = manager.progress[episode.id]
                    if progress.state != DownloadState.DONE:
                        failures.append(f"{episode.id} {episode.title}: {progress.error}")

    asyncio.run(run())
    for failure in failures:
        console.print(f"error: {failure}", markup=False)
    done = len(episodes) - len(failures)
    print(f"{done} of {len(episodes)} downloaded")
    return 1 if failures else 0
