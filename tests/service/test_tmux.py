"""As a user would: the app in tmux plays through the service; killing the tmux session
leaves the episode playing; a new app in a new tmux session shows it; ``podtui pause``
stops the audio and ``playerctl play-pause`` on a private D-Bus resumes it."""

from __future__ import annotations

import json
import shlex
import subprocess
import time

import pytest

from tests.service.conftest import audio_seconds, playerctl, wait_until


def tmux(server: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", server, *args], check=check, capture_output=True, text=True, timeout=30
    )


def screen(server: str) -> str:
    return tmux(server, "capture-pane", "-p", "-t", "app", check=False).stdout


@pytest.mark.vlc
def test_listening_outlives_the_terminal(rig, session_bus, tmp_path):
    server = f"podtui-{tmp_path.name}"
    rig.env["DBUS_SESSION_BUS_ADDRESS"] = session_bus
    env = " ".join(
        f"{key}={shlex.quote(value)}"
        for key, value in rig.env.items()
        if key in ("PYTHONPATH", "DBUS_SESSION_BUS_ADDRESS", "PATH", "HOME")
    )
    app = f"env {env} TERM=xterm-256color " + shlex.join(rig.args())

    def status() -> dict:
        done = rig.run("status", "--json")
        return json.loads(done.stdout) if done.returncode == 0 else {"state": None}

    try:
        tmux(server, "new-session", "-d", "-s", "app", "-x", "120", "-y", "30", app)
        wait_until(lambda: rig.pid, timeout=20, what="the app to start the service")
        assert rig.run("play", str(rig.episodes["ep-1"])).returncode == 0
        wait_until(lambda: "Episode 1" in screen(server), timeout=10, what="the app to show it")
        tmux(server, "kill-session", "-t", "app")
        grown = audio_seconds(rig.out)
        wait_until(lambda: audio_seconds(rig.out) > grown + 0.3, what="the audio to go on")
        first = status()
        assert first["state"] == "playing"
        wait_until(lambda: status()["position"] > first["position"], what="the position to move")

        assert rig.run("pause").returncode == 0
        tmux(server, "new-session", "-d", "-s", "app", "-x", "120", "-y", "30", app)
        wait_until(lambda: "Episode 1" in screen(server), timeout=20, what="a new app to show it")
        paused_at = audio_seconds(rig.out)
        time.sleep(0.4)
        assert audio_seconds(rig.out) - paused_at < 0.1
        assert playerctl(session_bus, "play-pause").returncode == 0
        wait_until(lambda: audio_seconds(rig.out) > paused_at + 0.2, what="playerctl to resume")
    finally:
        tmux(server, "kill-server", check=False)
