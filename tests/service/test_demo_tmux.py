"""As a user would: ``podtui --demo`` in tmux plays through the player service; killing
the tmux session leaves the episode playing, the remote commands reach it with the demo's
data dir, and once the service stops the demo's host closes and deletes the data dir."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.service.conftest import AFILE, ROOT, audio_seconds, settled_audio, wait_until
from tests.service.test_tmux import screen, tmux
from tui.service.address import lock_path
from tui.service.lock import holder


def podtui(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=30, env=env
    )


@pytest.mark.vlc
def test_the_demo_plays_on_after_its_terminal_is_gone(libvlc, session_bus, tmp_path):
    server = f"podtui-{tmp_path.name}"
    temp = tmp_path / "temp"  # the demo's throw-away data dir is made here
    temp.mkdir()
    out = tmp_path / "out.wav"
    config = tmp_path / "config.toml"
    config.write_text("[service]\nidle_minutes = 5\n")
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        TMPDIR=str(temp),
        HOME=str(tmp_path),
        DBUS_SESSION_BUS_ADDRESS=session_bus,
        TERM="xterm-256color",
    )
    options = [f"--vlc-option={option}" for option in (*AFILE, f"--audiofile-file={out}")]
    command = [sys.executable, "-m", "tui", "--config", str(config), *options, "--demo"]
    keep = ("PYTHONPATH", "TMPDIR", "HOME", "DBUS_SESSION_BUS_ADDRESS", "PATH", "TERM")
    app = "env " + " ".join(f"{key}={shlex.quote(env[key])}" for key in keep)
    app += " " + shlex.join(command)
    data_dir: Path | None = None

    def demo_dir() -> Path | None:
        found = list(temp.glob("podtui-demo-*"))
        return found[0] if len(found) == 1 else None

    def remote(*args: str) -> subprocess.CompletedProcess[str]:
        return podtui(env, "--data-dir", str(data_dir), *args)

    def status() -> dict:
        done = remote("status", "--json")
        return json.loads(done.stdout) if done.returncode == 0 else {"state": None}

    try:
        tmux(server, "new-session", "-d", "-s", "app", "-x", "120", "-y", "30", app)
        wait_until(lambda: demo_dir(), timeout=60, what="the demo library")
        data_dir = demo_dir()
        assert data_dir is not None
        # The app starts the demo's service once its first table is out.
        wait_until(lambda: holder(lock_path(data_dir)), timeout=30, what="the service")
        tmux(server, "send-keys", "-t", "app", "Enter")
        wait_until(lambda: status()["state"] == "playing", timeout=15, what="it to play")
        wait_until(lambda: audio_seconds(out) > 0.3, timeout=15, what="the audio")
        tmux(server, "kill-session", "-t", "app")
        grown = audio_seconds(out)
        wait_until(lambda: audio_seconds(out) > grown + 0.5, what="the audio to go on")
        first = status()
        assert first["state"] == "playing"
        wait_until(lambda: status()["position"] > first["position"], what="the position to move")

        again = " ".join(f"{key}={shlex.quote(env[key])}" for key in keep)
        again = f"env {again} " + shlex.join([*command[:-1], "--data-dir", str(data_dir)])
        tmux(server, "new-session", "-d", "-s", "app", "-x", "120", "-y", "30", again)
        title = first["title"][:20]
        wait_until(lambda: title in screen(server), timeout=20, what="a new app to show it")
        assert remote("pause").returncode == 0
        paused_at = settled_audio(out)
        time.sleep(0.4)
        assert audio_seconds(out) - paused_at < 0.1
        assert status()["state"] == "paused"
        tmux(server, "kill-server", check=False)

        assert remote("service", "stop").returncode == 0
        wait_until(lambda: not data_dir.exists(), timeout=15, what="the demo to clean up")
    finally:
        tmux(server, "kill-server", check=False)
        for folder in temp.glob("podtui-demo-*"):
            pid = holder(lock_path(folder))
            if pid:
                podtui(env, "--data-dir", str(folder), "service", "stop")


def test_the_demo_host_closes_when_its_app_is_gone_and_no_service_runs(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR=str(tmp_path))
    app = subprocess.Popen(["sleep", "60"])
    info = tmp_path / "info.json"
    host = subprocess.Popen(
        [sys.executable, "-m", "tui.cli.demo_host", str(info), str(app.pid)], env=env
    )
    try:
        wait_until(info.exists, timeout=60, what="the demo library")
        data_dir = Path(json.loads(info.read_text())["data_dir"])
        assert (data_dir / "library.db").exists() and data_dir.parent == tmp_path
        time.sleep(2.5)  # the host keeps serving while its app lives
        assert host.poll() is None and data_dir.exists()
        app.kill()
        app.wait()
        assert host.wait(timeout=15) == 0
        assert not data_dir.exists()
    finally:
        app.kill()
        host.kill()
        host.wait()
