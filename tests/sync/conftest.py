"""A real gpodder API server for the sync tests, and a second device standing in for a phone.

The server (gpodder-fastapi-router under uvicorn) runs from its own virtual environment,
``.venv-gpodder`` at the repository's root, which ``.ci/run`` and the README's test
command create.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER_PYTHON = ROOT / ".venv-gpodder" / "bin" / "python"
LAUNCHER = Path(__file__).resolve().parent / "gpodder_server.py"
_users = itertools.count(1)


class GpodderServer:
    """The server process; ``stop()`` and ``start()`` again keep its database and port."""

    def __init__(self, folder: Path) -> None:
        if not SERVER_PYTHON.exists():
            pytest.fail(f"{SERVER_PYTHON} is missing: create it as the README's test command does")
        self.folder = folder
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> GpodderServer:
        port_file = self.folder / "port"
        port_file.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [
                str(SERVER_PYTHON),
                str(LAUNCHER),
                str(self.folder / "gpodder.db"),
                str(port_file),
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "server.log", "ab"),  # noqa: SIM115
        )
        give_up = time.monotonic() + 60
        while not port_file.exists() or not port_file.read_text():
            if self.process.poll() is not None or time.monotonic() > give_up:
                log = (self.folder / "server.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"the gpodder server did not start:\n{log}")
            time.sleep(0.05)
        self.port = int(port_file.read_text())
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def register(self) -> tuple[str, str]:
        """A new user (name, password) of its own for one test."""
        name, password = f"user{os.getpid()}x{next(_users)}", "secret-pass"
        answer = httpx.post(
            f"{self.url}/api/2/auth/{name}/register.json", json={"password": password}
        )
        assert answer.status_code == 201, answer.text
        return name, password


@pytest.fixture(scope="session")
def gpodder_server():
    with tempfile.TemporaryDirectory(prefix="gpodder-") as folder:
        server = GpodderServer(Path(folder)).start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def private_gpodder_server(tmp_path):
    """A server of the test's own, to stop and start again."""
    server = GpodderServer(tmp_path).start()
    try:
        yield server
    finally:
        server.stop()


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%S")


@dataclass
class Phone:
    """A second device, talking to the server with plain HTTP as a phone app would."""

    server: str
    username: str
    password: str
    device: str = "phone"

    def _call(self, method: str, path: str, **kwargs: object) -> object:
        answer = httpx.request(
            method,
            self.server + path,
            auth=(self.username, self.password),
            timeout=30,
            **kwargs,  # type: ignore[arg-type]
        )
        answer.raise_for_status()
        return answer.json() if answer.content else None

    def subscribe(self, *urls: str, remove: tuple[str, ...] = ()) -> None:
        self._call(
            "POST",
            f"/api/2/subscriptions/{self.username}/{self.device}.json",
            json={"add": list(urls), "remove": list(remove)},
        )

    def subscriptions(self) -> list[str]:
        found = self._call("GET", f"/subscriptions/{self.username}.json")
        assert isinstance(found, list)
        return found

    def play(
        self,
        podcast: str,
        episode: str,
        position: int,
        total: int,
        *,
        when: float,
        started: int = 0,
        guid: str | None = None,
    ) -> None:
        action = {
            "podcast": podcast,
            "episode": episode,
            "device": self.device,
            "action": "play",
            "timestamp": iso(when),
            "started": started,
            "position": position,
            "total": total,
        }
        if guid:
            action["guid"] = guid
        self._call("POST", f"/api/2/episodes/{self.username}.json", json=[action])

    def actions(self) -> list[dict[str, object]]:
        found = self._call("GET", f"/api/2/episodes/{self.username}.json", params={"since": 0})
        assert isinstance(found, dict)
        actions = found["actions"]
        assert isinstance(actions, list)
        return actions
