"""The remote commands against a real service process playing through real libVLC."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time

import pytest

from tests.service.conftest import audio_seconds, settled_audio, wait_until


def status(rig) -> dict:
    done = rig.run("status", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_status_without_a_service_says_so(rig):
    done = rig.run("status")
    assert done.returncode == 3
    assert "no player service is running" in done.stdout
    assert rig.run("pause").returncode == 3
    assert rig.pid is None  # only play starts one


@pytest.mark.vlc
def test_play_pause_resume_from_the_command_line(rig):
    first = rig.episodes["ep-1"]
    done = rig.run("play", str(first))
    assert done.returncode == 0, done.stderr
    assert rig.pid
    wait_until(lambda: audio_seconds(rig.out) > 0.3, what="audio in the afile output")

    now = status(rig)
    assert now["state"] == "playing"
    assert now["episode_id"] == first
    assert now["title"] == "Episode 1" and now["podcast"] == "The Show"
    wait_until(lambda: status(rig)["position"] > now["position"], what="the position to move")

    assert rig.run("pause").returncode == 0
    wait_until(lambda: status(rig)["state"] == "paused", what="paused")
    paused_at = settled_audio(rig.out)
    time.sleep(0.5)
    assert audio_seconds(rig.out) - paused_at < 0.1  # no more audio while paused

    assert rig.run("toggle").returncode == 0
    wait_until(lambda: audio_seconds(rig.out) > paused_at + 0.2, what="the audio to resume")
    line = rig.run("status", "--format", "{state}|{title}|{podcast}|{duration}")
    assert line.stdout.strip() == "playing|Episode 1|The Show|0:03"


@pytest.mark.vlc
def test_seek_speed_volume_and_bad_arguments(rig):
    assert rig.run("play", str(rig.episodes["ep-1"])).returncode == 0
    wait_until(lambda: status(rig)["state"] == "playing", what="playing")
    assert rig.run("pause").returncode == 0
    assert rig.run("seek", "0:02").returncode == 0
    assert abs(status(rig)["position"] - 2.0) < 0.3
    assert rig.run("seek", "-1").returncode == 0
    assert abs(status(rig)["position"] - 1.0) < 0.3
    assert rig.run("speed", "1.5").returncode == 0
    assert rig.run("volume", "80").returncode == 0
    now = status(rig)
    assert (now["rate"], now["volume"]) == (1.5, 80)
    bad = rig.run("seek", "soon")
    assert bad.returncode == 2 and "cannot read 'soon' as a time" in bad.stderr
    bad = rig.run("status", "--format", "{nope}")
    assert bad.returncode == 2 and "unknown field {nope}" in bad.stderr
    missing = rig.run("play", "999999")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


@pytest.mark.vlc
def test_kill_9_of_the_service_loses_little_and_keeps_the_library_whole(rig):
    first = rig.episodes["ep-1"]
    assert rig.run("play", str(first)).returncode == 0
    db = rig.data_dir / "library.db"

    def saved() -> float:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT position FROM episodes WHERE id = ?", (first,)).fetchone()[
                0
            ]

    wait_until(lambda: saved() > 0, what="a save while playing")
    at_kill = status(rig)["position"]
    os.kill(rig.pid, signal.SIGKILL)
    wait_until(lambda: rig.pid is None, what="the service to die")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert at_kill - saved() <= 5.0
    assert rig.run("status").returncode == 3  # the dead service's socket is not a service
    assert rig.run("play").returncode == 0  # a new one resumes the last episode
    assert status(rig)["episode_id"] == first


@pytest.mark.vlc
def test_a_stream_that_fails_is_told_by_status(rig, loopback_server):
    from tests.player.conftest import Route

    loopback_server.add("/ep1.wav", Route(status=404))
    assert rig.run("play", str(rig.episodes["ep-1"])).returncode == 0
    wait_until(lambda: status(rig)["message"], what="the failure to reach the service")
    now = status(rig)
    assert now["state"] in ("error", "stopped")
    line = rig.run("status").stdout
    assert "404" in now["message"]
    assert now["message"] in line and "Episode 1" in line
    doctor = rig.run("doctor")
    assert f"running, pid {rig.pid}" in doctor.stdout


def test_remote_commands_import_no_textual_libvlc_or_http_stack(rig):
    done = subprocess.run(
        [*rig.args("status")[:1], "-X", "importtime", *rig.args("status")[1:]],
        capture_output=True,
        text=True,
        env=rig.env,
        timeout=60,
    )
    assert done.returncode == 3
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
    assert "tui.service.client" in imported
    for heavy in ("textual", "vlc", "httpx", "asyncio", "dbus_fast", "tui.core.feeds.fetch"):
        assert heavy not in imported, heavy
