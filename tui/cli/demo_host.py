"""The demo host: a detached process that serves the demo's podcasts and owns its library.

``podtui --demo`` plays through the player service like any library, and the service
outlives the app, so the demo's loopback server and throw-away data dir cannot live in
the app. The app starts this host (its own session, stdio on /dev/null), which prepares
the demo, tells the app the data dir through a small JSON file, and serves while the data
dir's player service runs or the app that started it lives. Once neither does, it closes
the server, which deletes the throw-away data dir.

Run as ``python -m tui.cli.demo_host INFO_FILE APP_PID``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from tui.core.errors import PodtuiError
from tui.core.processes import alive, start_detached
from tui.service.address import lock_path
from tui.service.lock import holder

START_TIMEOUT = 60.0  # seconds for the host to subscribe the demo library
POLL = 2.0  # seconds between the host's looks at the service and the app
MEDIA_RATE = 6000  # bytes/s: three times what playing needs; a download's progress shows


class DemoHostError(PodtuiError):
    pass


def start_demo_host() -> Path:
    """Start a demo host for this process and return the demo's data dir once it is
    subscribed. Raises :class:`DemoHostError` when the demo cannot be set up."""
    folder = Path(tempfile.mkdtemp(prefix="podtui-start-demo-"))
    info = folder / "info.json"
    try:
        process = start_detached(
            [sys.executable, "-m", "tui.cli.demo_host", str(info), str(os.getpid())]
        )
        threading.Thread(target=process.wait, name="demo-host-reaper", daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT
        while not info.exists():
            if process.poll() is not None and not info.exists():
                raise DemoHostError(f"the demo did not start (exit {process.returncode})")
            if time.monotonic() > deadline:
                raise DemoHostError(f"the demo was not ready within {START_TIMEOUT:.0f} s")
            time.sleep(0.05)
        answer = json.loads(info.read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if "error" in answer:
        raise DemoHostError(str(answer["error"]))
    return Path(answer["data_dir"])


def _write(info: Path, answer: dict[str, object]) -> None:
    partial = info.with_suffix(".part")
    partial.write_text(json.dumps(answer), encoding="utf-8")
    partial.replace(info)  # the app sees the whole answer or none


def host(info: Path, app_pid: int) -> int:
    """Serve the demo until neither its player service nor the app runs; the exit status."""
    from tui.demo import DemoError, prepare_demo  # lazy: the demo server, for the host

    try:
        data_dir, server = prepare_demo(None, media_rate=MEDIA_RATE)
    except DemoError as exc:
        _write(info, {"error": exc.message})
        return 1
    except Exception as exc:
        _write(info, {"error": f"the demo failed: {type(exc).__name__}: {exc}"})
        return 1
    try:
        _write(info, {"data_dir": str(data_dir), "port": server.port})
        while holder(lock_path(data_dir)) is not None or alive(app_pid):
            time.sleep(POLL)
    finally:
        server.close()  # deletes the throw-away data dir
    return 0


if __name__ == "__main__":
    raise SystemExit(host(Path(sys.argv[1]), int(sys.argv[2])))
