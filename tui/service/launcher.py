"""Starting a data dir's service detached from the terminal, and replacing an older one."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from tui.core import paths
from tui.core.processes import start_detached
from tui.service import protocol
from tui.service.address import lock_path
from tui.service.client import NotRunning, ServiceClient, ServiceError, VersionMismatch
from tui.service.lock import holder

START_TIMEOUT = 10.0  # seconds for a new service to answer
STOP_TIMEOUT = 10.0  # seconds for an old service to save and exit
POLL = 0.02


def service_command(
    data_dir: Path,
    *,
    config: Path | None = None,
    vlc_options: Sequence[str] = (),
    audio_output: str | None = None,
) -> list[str]:
    command = [sys.executable, "-m", "tui", "--data-dir", str(data_dir)]
    if config is not None:
        command += ["--config", str(config)]
    command += [f"--vlc-option={option}" for option in vlc_options]
    if audio_output:
        command += ["--audio-output", audio_output]
    return [*command, "service", "run"]


def start_service(data_dir: Path, command: Sequence[str]) -> ServiceClient:
    """Start the service detached (its own session, stdio on /dev/null, its log in the data
    dir) and connect to it once it answers."""
    data_dir.mkdir(parents=True, exist_ok=True)
    process = start_detached(command)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            client = ServiceClient.connect(data_dir)
        except NotRunning:
            pass
        else:
            # Reaped when it exits on its own (idle), so it never lingers as a zombie.
            threading.Thread(target=process.wait, name="service-reaper", daemon=True).start()
            return client
        code = process.poll()
        if code is not None and holder(lock_path(data_dir)) is None:
            log = paths.log_path(data_dir)
            raise ServiceError(f"the player service did not start (exit {code}; see {log})")
        if time.monotonic() > deadline:
            raise ServiceError(f"the player service did not answer within {START_TIMEOUT:.0f} s")
        time.sleep(POLL)


def stop_service(client: ServiceClient, data_dir: Path) -> None:
    """Ask a service (of any version) to save and exit, and wait until it has."""
    pid = client.pid
    try:
        client.call("shutdown")
    except ServiceError:
        pass
    finally:
        client.close()
    deadline = time.monotonic() + STOP_TIMEOUT
    while holder(lock_path(data_dir)) is not None:
        if time.monotonic() > deadline:
            raise ServiceError(f"the player service (pid {pid}) did not exit")
        time.sleep(POLL)


def ensure_service(data_dir: Path, command: Sequence[str]) -> ServiceClient:
    """A connection to the data dir's service: the running one, or one started now. An
    older service is asked to save and exit, then replaced; a newer one is left alone
    (VersionMismatch)."""
    try:
        return ServiceClient.connect(data_dir)
    except NotRunning:
        pass
    except VersionMismatch as exc:
        theirs = exc.hello.get("protocol")
        if not isinstance(theirs, int) or theirs > protocol.PROTOCOL:
            raise
        stop_service(ServiceClient.connect(data_dir, check_version=False), data_dir)
    return start_service(data_dir, command)
