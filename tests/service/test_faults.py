"""What the service survives: garbage on its socket, other versions, signals, idleness."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
from pathlib import Path

import pytest

from tests.service.conftest import audio_seconds, start_service, wait_until
from tui.service.address import socket_path
from tui.service.protocol import MAX_MESSAGE


def status(rig) -> dict:
    done = rig.run("status", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def raw(rig) -> tuple[socket.socket, dict]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(5)
    sock.connect(str(socket_path(rig.data_dir)))
    stream = sock.makefile("rb")
    return sock, json.loads(stream.readline()) | {"_stream": stream}


@pytest.mark.vlc
def test_garbage_on_the_socket_gets_errors_and_playback_goes_on(rig):
    assert rig.run("play", str(rig.episodes["ep-1"])).returncode == 0
    wait_until(lambda: audio_seconds(rig.out) > 0.2, what="audio")
    sock, hello = raw(rig)
    stream = hello.pop("_stream")
    assert hello["type"] == "hello" and hello["protocol"] == 1
    for line in (b"\x00\xff garbage\n", b"[1, 2]\n", b'{"id": 7, "cmd": "explode"}\n'):
        sock.sendall(line)
        answer = json.loads(stream.readline())
        assert answer["type"] == "reply" and answer["ok"] is False and answer["error"]
    sock.sendall(b'{"id": 8, "cmd": "seek", "args": {"to": "soon"}}\n')
    assert json.loads(stream.readline())["error"] == "to must be a number"
    sock.sendall(b"x" * (MAX_MESSAGE + 10))  # oversized: an error, then the door
    answer = json.loads(stream.readline())
    assert answer["ok"] is False and "cap" in answer["error"]
    assert stream.readline() == b""
    sock.close()
    sock, _ = raw(rig)
    sock.sendall(b'{"id": 1, "cmd": "sta')  # truncated, then gone
    sock.close()
    before = audio_seconds(rig.out)
    wait_until(lambda: audio_seconds(rig.out) > before + 0.2, what="playback to go on")
    assert status(rig)["state"] == "playing"


def test_a_second_service_for_one_data_dir_refuses_to_run(rig):
    first = start_service(rig)
    second = rig.run("service", "run")
    assert second.returncode == 1
    assert "a player service already runs for" in second.stderr
    assert rig.pid == first.pid
    assert rig.run("service", "stop").returncode == 0
    assert first.wait(10) == 0


def test_an_older_service_is_replaced_and_a_newer_one_left_alone(rig):
    old = start_service(rig, "--protocol", "0")
    done = rig.run("status")
    assert done.returncode == 1
    assert "older podtui" in done.stderr and "podtui play" in done.stderr
    done = rig.run("play")  # replaces it, though there is nothing to play
    assert old.wait(10) == 0  # asked to save and exit, not killed
    assert "nothing to play" in done.stderr
    assert rig.pid not in (None, old.pid)
    assert rig.run("status").returncode == 0
    assert rig.run("service", "stop").returncode == 0

    newer = start_service(rig, "--protocol", "99")
    for command in ("status", "play", "pause"):
        done = rig.run(command)
        assert done.returncode == 1
        assert "newer podtui" in done.stderr and "Traceback" not in done.stderr
    assert newer.poll() is None
    assert rig.run("service", "stop").returncode == 0  # any version can be stopped
    assert newer.wait(10) == 0


@pytest.mark.vlc
def test_sigterm_saves_the_place_and_exits(rig):
    first = rig.episodes["ep-1"]
    assert rig.run("play", str(first)).returncode == 0
    wait_until(lambda: status(rig)["position"] > 0.5, what="some playing")
    assert rig.run("pause").returncode == 0
    assert rig.run("seek", "2").returncode == 0
    pid = rig.pid
    os.kill(pid, signal.SIGTERM)
    wait_until(lambda: rig.pid is None, what="the service to exit")
    with sqlite3.connect(rig.data_dir / "library.db") as db:
        saved = db.execute("SELECT position FROM episodes WHERE id = ?", (first,)).fetchone()[0]
    assert abs(saved - 2.0) < 0.3
    assert not socket_path(rig.data_dir).exists()


@pytest.mark.vlc
def test_the_service_exits_once_idle_and_not_while_playing(rig):
    rig.config.write_text("[service]\nidle_minutes = 0.02\n")  # 1.2 s
    assert rig.run("play", str(rig.episodes["ep-1"])).returncode == 0
    pid = rig.pid
    wait_until(lambda: audio_seconds(rig.out) > 2.0, what="most of the clip")
    assert rig.pid == pid  # longer than the idle time, but playing
    wait_until(lambda: rig.pid is None, timeout=15, what="the idle exit")
    assert "idle for" in (rig.data_dir / "podtui.log").read_text()


def test_a_service_started_by_this_process_leaves_no_zombie_when_idle(rig, monkeypatch):
    from tui.service.launcher import service_command
    from tui.service.launcher import start_service as launch

    rig.config.write_text("[service]\nidle_minutes = 0.02\n")  # 1.2 s
    monkeypatch.setenv("PYTHONPATH", rig.env["PYTHONPATH"])
    client = launch(rig.data_dir, service_command(rig.data_dir, config=rig.config))
    pid = client.pid
    client.close()
    # Once it has exited, the process that started it has reaped it: no /proc entry left.
    wait_until(lambda: not Path(f"/proc/{pid}").exists(), timeout=15, what="the idle exit")
