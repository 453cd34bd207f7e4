"""podtui's offline demo: a small library of made-up podcasts served from this process.

``podtui --demo`` calls :func:`prepare_demo`, which starts a :class:`DemoServer` on
127.0.0.1 (a random port) and subscribes a throw-away data dir to every demo feed through
the normal fetch, parse and store path. Playing and downloading then go over loopback
HTTP too, so the demo exercises everything podtui does, with no network at all.

The port changes on every run, so the demo's data dir is throw-away by design: the one
:func:`prepare_demo` creates is deleted when the server closes.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from tui.core.library import Library
from tui.core.processes import alive
from tui.core.subscriptions import add_sources
from tui.demo.errors import DemoError
from tui.demo.server import DemoServer

__all__ = ["MARKER", "DemoError", "DemoServer", "prepare_demo", "prepare_demo_async"]

MARKER = ".podtui-demo"  # marks a data dir as a demo library (safe to subscribe and reuse)


def _demo_dir(data_dir: Path | None) -> tuple[Path, bool]:
    """The data dir to use and whether it was made here (and so may be deleted)."""
    if data_dir is None:
        _sweep_abandoned(Path(tempfile.gettempdir()))
        root = Path(tempfile.mkdtemp(prefix="podtui-demo-"))
        (root / MARKER).write_text(f"{os.getpid()}\n")
        return root, True
    root = Path(data_dir).expanduser()
    try:
        if root.exists() and any(root.iterdir()) and not (root / MARKER).exists():
            raise DemoError(
                f"{root} is not a demo data dir; use an empty dir (or none) for the demo"
            )
        root.mkdir(parents=True, exist_ok=True)
        (root / MARKER).touch()
    except OSError as exc:
        raise DemoError(f"cannot use {root} for the demo: {exc.strerror or exc}") from None
    return root, False


def _sweep_abandoned(folder: Path) -> None:
    """Delete throw-away demo dirs whose process died without cleaning up (a killed
    terminal, a dropped SSH session): each names its process in its marker file."""
    for root in folder.glob("podtui-demo-*"):
        try:
            pid = int((root / MARKER).read_text().strip())
        except (OSError, ValueError):
            continue  # not made by prepare_demo, or made by a podtui that kept no pid
        if pid == os.getpid() or alive(pid):
            continue
        shutil.rmtree(root, ignore_errors=True)


def _move_old_feeds(library: Library, server: DemoServer) -> None:
    """Point demo podcasts subscribed on an earlier run (another port) at this server."""
    wanted = {urlsplit(url).path: url for url in server.feed_urls}
    for podcast in library.podcasts():
        parts = urlsplit(podcast.url)
        new = wanted.get(parts.path)
        if new and parts.hostname == "127.0.0.1" and podcast.url != new:
            library.move_podcast(podcast.id, new)


async def _subscribe(root: Path, server: DemoServer) -> None:
    library = await asyncio.to_thread(Library.open, root)
    try:
        _move_old_feeds(library, server)
        results = await add_sources(library, server.feed_urls)
    finally:
        library.close()
    failed = [result for result in results if not result.ok]
    if failed:
        first = failed[0]
        raise DemoError(f"demo feed {first.source} failed: {first.error}")


async def prepare_demo_async(
    data_dir: Path | None = None, media_rate: int | None = None
) -> tuple[Path, DemoServer]:
    """:func:`prepare_demo` for code already running in an event loop."""
    server = DemoServer(media_rate=media_rate)
    try:
        root, made = _demo_dir(data_dir)
        if made:
            server.remove_on_close([root])
        await _subscribe(root, server)
    except BaseException:
        server.close()
        raise
    return root, server


def prepare_demo(
    data_dir: Path | None = None, media_rate: int | None = None
) -> tuple[Path, DemoServer]:
    """Start the demo server and subscribe a data dir to every demo feed.

    With ``data_dir`` None a throw-away dir is made (``podtui-demo-*`` in the temp dir)
    and deleted when the server closes. A given dir must be empty, new or an earlier
    demo dir (its podcasts are moved to this run's port, keeping played state). The feeds
    are fetched, parsed and stored through :func:`tui.core.subscriptions.add_sources`
    over loopback HTTP. Returns the data dir and the running server; the caller closes
    the server when done. Raises :class:`DemoError` when the demo cannot be set up.
    ``media_rate`` paces the clips (see :class:`DemoServer`).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(prepare_demo_async(data_dir, media_rate))
    # Called from a running loop's thread: do the work on a thread with its own loop.
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["value"] = asyncio.run(prepare_demo_async(data_dir, media_rate))
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=work, name="podtui-demo-setup")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
