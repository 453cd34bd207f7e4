"""MPRIS for real: the service on a private D-Bus session bus, ``playerctl`` as the client."""

from __future__ import annotations

import json
import time

import pytest

from tests.service.conftest import audio_seconds, playerctl, settled_audio, wait_until


def status(rig) -> dict:
    return json.loads(rig.run("status", "--json").stdout)


@pytest.mark.vlc
def test_playerctl_controls_the_service(rig, session_bus):
    rig.env["DBUS_SESSION_BUS_ADDRESS"] = session_bus
    first = rig.episodes["ep-1"]
    assert rig.run("play", str(first)).returncode == 0
    wait_until(lambda: playerctl(session_bus, "status").stdout.strip() == "Playing", what="MPRIS")
    meta = playerctl(session_bus, "metadata", "--format", "{{title}}|{{album}}|{{mpris:length}}")
    assert meta.stdout.strip() == "Episode 1|The Show|3000000"
    url = playerctl(session_bus, "metadata", "xesam:url").stdout.strip()
    assert url.endswith("/ep1.wav")
    trackid = playerctl(session_bus, "metadata", "mpris:trackid").stdout.strip().strip("'")
    assert trackid == f"/org/podtui/episode/{first}"

    assert rig.run("pause").returncode == 0
    wait_until(lambda: playerctl(session_bus, "status").stdout.strip() == "Paused", what="Paused")
    paused_at = settled_audio(rig.out)
    time.sleep(0.4)
    assert audio_seconds(rig.out) - paused_at < 0.1

    assert playerctl(session_bus, "play-pause").returncode == 0
    wait_until(lambda: audio_seconds(rig.out) > paused_at + 0.2, what="playerctl to resume")
    assert status(rig)["state"] == "playing"

    assert playerctl(session_bus, "pause").returncode == 0
    wait_until(lambda: status(rig)["state"] == "paused", what="playerctl pause")
    assert playerctl(session_bus, "position", "2").returncode == 0  # SetPosition
    assert abs(status(rig)["position"] - 2.0) < 0.3
    position = float(playerctl(session_bus, "position").stdout)
    assert abs(position - 2.0) < 0.3
    assert playerctl(session_bus, "position", "1-").returncode == 0  # Seek, relative
    assert abs(status(rig)["position"] - 1.0) < 0.3
    assert playerctl(session_bus, "volume", "0.5").returncode == 0
    assert status(rig)["volume"] == 50
    assert playerctl(session_bus, "next").returncode == 1  # nothing queued: CanGoNext is false
    queued = rig.run("queue", "add", str(rig.episodes["ep-2"]))  # while the service plays
    assert queued.returncode == 0, queued.stderr
    assert playerctl(session_bus, "next").returncode == 0
    wait_until(lambda: status(rig)["episode_id"] == rig.episodes["ep-2"], what="next")
    assert playerctl(session_bus, "stop").returncode == 0
    wait_until(lambda: playerctl(session_bus, "status").stdout.strip() == "Stopped", what="stop")
    doctor = rig.run("doctor").stdout
    assert "org.mpris.MediaPlayer2.podtui" in doctor
    assert f"running, pid {rig.pid}, podtui" in doctor


@pytest.mark.vlc
def test_without_a_bus_the_service_plays_the_same(rig):
    rig.env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    assert rig.run("play", str(rig.episodes["ep-1"])).returncode == 0
    wait_until(lambda: audio_seconds(rig.out) > 0.3, what="audio")
    log = (rig.data_dir / "podtui.log").read_text()
    assert "Traceback" not in log
    assert "none (no MPRIS; the service plays the same)" in rig.run("doctor").stdout
