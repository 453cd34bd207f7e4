"""The service process: the lock, the log, the loop, the socket, MPRIS, and leaving.

``python -m tui service run --data-dir D`` runs :func:`run_service` in the foreground; the
command line starts it detached (:func:`tui.service.client.start_service`). It exits with
everything saved on SIGTERM, SIGHUP or SIGINT, on a client's ``shutdown``, or by itself
once nothing has played and no client has been attached for the configured idle time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui import __version__
from tui.core import paths
from tui.core.config import Config
from tui.core.errors import PodtuiError
from tui.core.library import Library
from tui.player import create_player
from tui.player.base import Player
from tui.service import protocol
from tui.service.adapter import SessionControls
from tui.service.address import ensure_private_dir, lock_path, socket_path
from tui.service.lock import ServiceLock
from tui.service.server import Server
from tui.session import ListeningSession

if TYPE_CHECKING:
    from dbus_fast.aio import MessageBus

    from tui.core.feeds.fetch import Fetcher

log = logging.getLogger("podtui.service")

SAVE_INTERVAL = 2.0  # seconds between position saves while playing (kill -9 loses less)
TICK = 1.0  # seconds between status pushes to attached clients while playing


class AlreadyRunning(PodtuiError):
    """Another service holds the data dir's lock."""


def _log_to(path: Path) -> None:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s service[%(process)d] %(message)s"))
    root = logging.getLogger("podtui")
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def run_service(
    data_dir: Path,
    config: Config,
    vlc_options: Sequence[str],
    *,
    protocol_version: int = protocol.PROTOCOL,
) -> int:
    """Serve ``data_dir`` until told to stop or idle; the exit status."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = ServiceLock(lock_path(data_dir))
    if not lock.acquire():
        raise AlreadyRunning(f"a player service already runs for {data_dir}")
    try:
        _log_to(paths.log_path(data_dir))
        from tui.player.vlc import redirect_stderr  # lazy: the service process alone

        with redirect_stderr(paths.log_path(data_dir)):
            return asyncio.run(_serve(data_dir, config, vlc_options, protocol_version))
    finally:
        lock.release()


async def _serve(
    data_dir: Path, config: Config, vlc_options: Sequence[str], protocol_version: int
) -> int:
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    library = Library.open(data_dir)
    log_file = paths.log_path(data_dir)

    fetchers: list[Fetcher] = []

    def make_player() -> Player:
        return create_player(vlc_options, log_file=log_file)

    def fetcher() -> Fetcher:
        if not fetchers:
            from tui.core.feeds.fetch import Fetcher  # lazy: the HTTP stack, for chapters

            fetchers.append(Fetcher())
        return fetchers[0]

    listening = ListeningSession(library, config, make_player, fetcher, loop=loop)
    session = SessionControls(listening)
    server = Server(
        session,
        version=__version__,
        on_shutdown=stopping.set,
        protocol_version=protocol_version,
    )
    path = socket_path(data_dir)
    ensure_private_dir(path.parent)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # we hold the lock: a socket left here is a dead service's
    await server.start(path)
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    listening.start()
    bus = await _start_mpris(session)
    log.info("serving %s on %s (podtui %s, pid %d)", data_dir, path, __version__, os.getpid())
    idle_limit = config.service_idle * 60.0
    last_played = time.monotonic()
    last_saved = time.monotonic()
    try:
        while not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), TICK)
            now = time.monotonic()
            snapshot = session.snapshot()
            if snapshot.active:
                last_played = now
            if now - last_saved >= SAVE_INTERVAL:
                session.save()
                last_saved = now
            if snapshot.state.value == "playing":
                server.push_status()
            idle_since = max(last_played, server.last_activity)
            if not server.clients and not snapshot.active and now - idle_since >= idle_limit:
                log.info("idle for %.0f s: exiting", now - idle_since)
                break
    finally:
        log.info("saving and exiting")
        with contextlib.suppress(Exception):
            session.shutdown()
        server.close()
        with contextlib.suppress(OSError):
            path.unlink()
        if bus is not None:
            with contextlib.suppress(Exception):
                bus.disconnect()
        library.close()
        for made in fetchers:
            with contextlib.suppress(Exception):
                await made.aclose()
    return 0


async def _start_mpris(session: SessionControls) -> MessageBus | None:
    """Appear on the D-Bus session bus when there is one; without one, carry on silently."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return None
    try:
        from tui.service.mpris import publish  # lazy: dbus-fast, only with a session bus

        return await publish(session)
    except Exception as exc:
        log.info("no MPRIS on the session bus: %s", exc)
        return None
