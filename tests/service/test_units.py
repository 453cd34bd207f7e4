"""The service's parts on their own: addresses, the uid check, the wire format, times."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import stat
from dataclasses import replace

import pytest

from tui.cli.common import UsageError
from tui.cli.remote import describe, format_fields, parse_sleep, parse_time, sleep_text
from tui.core.config import Config
from tui.core.feeds.chapters import Chapter
from tui.core.library import Library
from tui.core.models import PlayerState, SleepMode
from tui.player.memory import InMemoryPlayer
from tui.service import address, protocol
from tui.service.adapter import SessionControls
from tui.service.control import Snapshot
from tui.service.events import KINDS, from_wire, to_wire
from tui.service.server import Server, peer_allowed, peer_uid
from tui.session import ListeningSession
from tui.session import events as ev


def test_one_socket_per_data_dir_in_a_private_runtime_dir(tmp_path, monkeypatch):
    runtime = tmp_path / "run"
    runtime.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    one, two = address.socket_path(tmp_path / "a"), address.socket_path(tmp_path / "b")
    assert one.parent == two.parent == runtime / "podtui"
    assert one != two
    assert address.socket_path(tmp_path / "a" / ".." / "a") == one  # the real path counts
    address.ensure_private_dir(one.parent)
    assert stat.S_IMODE(os.stat(one.parent).st_mode) == 0o700


def test_a_socket_path_too_long_falls_back_to_a_shorter_dir(tmp_path, monkeypatch):
    runtime = tmp_path / ("r" * 90)
    runtime.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    path = address.socket_path(tmp_path / "data")
    assert len(os.fsencode(path)) <= address.SUN_PATH_MAX
    assert not str(path).startswith(str(runtime))
    long_tmp = tmp_path / ("t" * 100)
    long_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(long_tmp))
    path = address.socket_path(tmp_path / "data")
    assert path.parent == address.Path(address.SHORT_ROOT) / f"podtui-{os.getuid()}"


def test_a_socket_dir_open_to_others_is_closed(tmp_path):
    directory = tmp_path / "shared"
    directory.mkdir(mode=0o777)
    os.chmod(directory, 0o777)
    address.ensure_private_dir(directory)
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    link = tmp_path / "link"
    link.symlink_to(directory)
    with pytest.raises(address.UnsafeDirectory):
        address.ensure_private_dir(link)


def test_peer_uid_is_read_from_the_kernel():
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        assert peer_uid(left) == os.getuid()
    assert peer_allowed(os.getuid(), os.getuid())
    assert not peer_allowed(os.getuid() + 1, os.getuid())
    assert not peer_allowed(None, os.getuid())


def make_session(tmp_path) -> tuple[SessionControls, Library]:
    library = Library.open(tmp_path / "data")
    session = ListeningSession(library, Config(), InMemoryPlayer(), lambda: None)
    session.start()
    return SessionControls(session), library


async def test_a_client_of_another_uid_is_refused(tmp_path):
    session, library = make_session(tmp_path)
    path = tmp_path / "s.sock"
    server = Server(session, version="t", on_shutdown=lambda: None, allowed_uid=os.getuid() + 1)
    await server.start(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    try:
        reader, writer = await asyncio.open_unix_connection(str(path))
        assert await asyncio.wait_for(reader.read(), 5) == b""  # closed, not even a hello
        writer.close()
        server.allowed_uid = os.getuid()
        reader, writer = await asyncio.open_unix_connection(str(path))
        hello = json.loads(await asyncio.wait_for(reader.readline(), 5))
        assert hello["type"] == "hello"
        writer.close()
    finally:
        server.close()
        library.close()


def test_the_wire_format_refuses_what_it_cannot_read():
    assert protocol.decode(protocol.encode({"a": 1})) == {"a": 1}
    for line, why in (
        (b'{"a": 1}', "truncated"),
        (b"nope\n", "not a JSON"),
        (b"[]\n", "JSON object"),
        (b"[" * 100000 + b"\n", "cap"),
    ):
        with pytest.raises(protocol.ProtocolError, match=why):
            protocol.decode(line)
    with pytest.raises(protocol.ProtocolError):
        protocol.encode({"a": "x" * protocol.MAX_MESSAGE})


@pytest.mark.parametrize(
    ("text", "seconds", "relative"),
    [
        ("+30", 30, True),
        ("-10", -10, True),
        ("1:23:45", 5025, False),
        ("90", 90, False),
        ("2:05", 125, False),
        ("+1:00", 60, True),
        ("0.5", 0.5, False),
    ],
)
def test_seek_times(text, seconds, relative):
    assert parse_time(text) == (seconds, relative)


@pytest.mark.parametrize("text", ["", "+", "soon", "1:2:3:4", "1:75", "-", "1::2", "1e3"])
def test_unreadable_seek_times(text):
    with pytest.raises(UsageError):
        parse_time(text)


def test_status_lines():
    snapshot = Snapshot(
        state=PlayerState.PLAYING,
        episode_id=4,
        title="A \x1b[31mtitle",
        podcast="Show",
        position=83.4,
        duration=3600.0,
        rate=1.5,
        volume=80,
        queue_length=2,
    )
    assert describe(snapshot) == "playing  A title — Show  1:23/1:00:00  1.5x  vol 80  queue 2"
    fields = format_fields(snapshot)
    assert "{state} {title} {position}/{duration}".format_map(fields) == (
        "playing A title 1:23/1:00:00"
    )
    assert Snapshot.from_dict(snapshot.to_dict() | {"added_later": 1}) == snapshot


def test_every_session_event_crosses_the_wire():
    samples = [
        ev.NowPlaying(3, "T", "P", 1.5, 60.0, True),
        ev.StateChanged(PlayerState.ERROR, "HTTP 404 error"),
        ev.PlayerUpdated(),
        ev.PositionSaved(3, 12.0, True),
        ev.EpisodeStatusChanged(3, played=True, queued=False),
        ev.EpisodeFinished(3, 4),
        ev.QueueChanged((3, 4), (4,)),
        ev.ChaptersLoaded(3, (Chapter(0.0, "Intro"), Chapter(30.0, "Talk"))),
        ev.PlaceKept(3, "cannot seek: kept 0:30"),
        ev.PlaybackFailed("HTTP 404 error"),
        ev.NothingToPlay(),
        ev.SleepTimerChanged(SleepMode.TIMER, 1781.5, 1800.0, running=True),
        ev.SleepTimerChanged(SleepMode.OFF, fired=True),
        ev.Notice("saved", error=False),
    ]
    assert {type(event).__name__ for event in samples} == set(KINDS)
    for event in samples:
        assert from_wire(json.loads(json.dumps(to_wire(event)))) == event
    assert from_wire({"kind": "FromTheFuture", "x": 1}) is None
    assert from_wire({"kind": "StateChanged", "state": "melted"}) is None
    assert from_wire({"kind": "SleepTimerChanged", "mode": "forever"}) is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30", 1800),
        ("30m", 1800),
        ("45min", 2700),
        ("1h", 3600),
        ("1h30m", 5400),
        ("1.5 hours", 5400),
        ("90s", 90),
        ("5s", 5),
    ],
)
def test_sleep_timer_lengths_people_write(text, seconds):
    assert parse_sleep(text) == (SleepMode.TIMER, seconds)


def test_sleep_timer_words_and_what_is_refused():
    assert parse_sleep("end") == (SleepMode.END, None)
    assert parse_sleep(" OFF ") == (SleepMode.OFF, None)
    for bad in ("soon", "", "m", "30x", "1h30", "0", "0.5s", "25h"):
        with pytest.raises(UsageError):
            parse_sleep(bad)


def test_status_tells_the_sleep_timer():
    base = Snapshot(PlayerState.PLAYING, 7, "A title", "Show", 83.0, 3600.0)
    assert "sleep" not in describe(base)
    timer = replace(base, sleep=SleepMode.TIMER, sleep_remaining=1780.2, sleep_length=1800.0)
    assert describe(timer).endswith("  sleep 29:41")
    assert format_fields(timer)["sleep"] == "29:41"
    assert sleep_text(timer) == "29:41 left"
    assert sleep_text(replace(timer, state=PlayerState.PAUSED)).endswith("while an episode plays")
    assert sleep_text(replace(base, sleep=SleepMode.END)) == "at the end of this episode"
    assert Snapshot.from_dict(timer.to_dict()) == timer
    assert Snapshot.from_dict(timer.to_dict() | {"sleep": "someday"}).sleep is SleepMode.OFF


def test_a_status_with_a_new_place_while_not_playing_is_shown(tmp_path):
    from tui.service.remote import RemoteSession

    library = Library.open(tmp_path / "data")
    try:
        remote = RemoteSession(library, Config(), lambda: None, lambda: None, tmp_path)
        heard: list[ev.SessionEvent] = []
        remote.subscribe(heard.append)

        def status(state: PlayerState, position: float) -> None:
            snapshot = Snapshot(state, 3, "T", "P", position, 3.0)
            remote._receive({"type": "event", "event": "status", "status": snapshot.to_dict()})

        status(PlayerState.PLAYING, 2.0)
        assert heard == []  # while it plays, the bar reads the position itself
        status(PlayerState.ENDED, 3.0)  # it ended after the last push: show where
        assert heard == [ev.PlayerUpdated()] and remote.mirror.position == 3.0
        status(PlayerState.ENDED, 3.0)
        assert heard == [ev.PlayerUpdated()]  # nothing new: nothing to repaint
    finally:
        library.close()
