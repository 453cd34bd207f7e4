"""The app as a client of the player service: it attaches to what plays, detaches leaving
it playing, and ``q`` stops it. Real service processes, real libVLC (afile output)."""

from __future__ import annotations

import asyncio
import json
import os
import signal

import pytest

from tests.service.conftest import AFILE, audio_seconds
from tests.ui.test_playback import bar_text
from tests.ui.test_sleep import sleep_shown
from tui.core.config import Config, Hangup
from tui.core.models import PlayerState
from tui.service.launcher import ensure_service, service_command
from tui.ui.app import PodtuiApp

pytestmark = pytest.mark.vlc


def connector(rig):
    command = service_command(
        rig.data_dir, config=rig.config, vlc_options=[*AFILE, f"--audiofile-file={rig.out}"]
    )
    return lambda: ensure_service(rig.data_dir, command)


def status(rig) -> dict:
    done = rig.run("status", "--json")
    return json.loads(done.stdout) if done.returncode == 0 else {"state": None}


async def until(pilot, predicate, what: str, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def app_for(rig, **config) -> PodtuiApp:
    return PodtuiApp(rig.data_dir, Config(**config), service=connector(rig))


def connected(app: PodtuiApp) -> bool:
    playback = app.playback
    return playback is not None and getattr(playback, "connected", False)


async def test_the_app_plays_through_the_service_and_detaches(rig):
    first = rig.episodes["ep-1"]
    app = app_for(rig)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: connected(app), "the app to reach the service")
        assert app.playback.play_episode(first)
        await until(pilot, lambda: audio_seconds(rig.out) > 0.3, "audio in the afile output")
        await until(pilot, lambda: bar_text(app, "title").endswith("Episode 1"), "the title")
        await until(pilot, lambda: app.playback.state is PlayerState.PLAYING, "playing")
        assert app.check_action("detach", ()) is True  # in the footer while it plays
        await pilot.press("ctrl+d")
        await until(pilot, lambda: not app.is_running, "the app to quit")
    now = audio_seconds(rig.out)
    await asyncio.sleep(0.3)
    assert audio_seconds(rig.out) > now  # still playing, the app gone
    assert status(rig)["state"] == "playing"

    again = app_for(rig)
    async with again.run_test(size=(120, 30)) as pilot:
        assert again.check_action("detach", ()) is False  # not attached yet
        await until(pilot, lambda: bar_text(again, "title").endswith("Episode 1"), "attached")
        await until(pilot, lambda: again.playback.state is PlayerState.PLAYING, "playing")
        await pilot.press("q")  # stop, save, quit
    assert status(rig)["state"] == "stopped"


async def test_two_apps_show_the_same_state(rig):
    one, two = app_for(rig), app_for(rig)
    async with one.run_test(size=(120, 30)) as p1, two.run_test(size=(120, 30)) as p2:
        await until(p1, lambda: connected(one) and connected(two), "both attached")
        assert one.playback.play_episode(rig.episodes["ep-1"])
        await until(p2, lambda: two.playback.state is PlayerState.PLAYING, "the other to see it")
        await until(p2, lambda: bar_text(two, "title").endswith("Episode 1"), "its title")
        two.playback.toggle_pause()
        await until(p1, lambda: one.playback.state is PlayerState.PAUSED, "the pause seen")
        one.playback.leaving = two.playback.leaving = one.playback.leaving.KEEP


async def test_a_hang_up_keeps_playing_or_pauses_as_configured(rig):
    for hangup, after in ((Hangup.KEEP, "playing"), (Hangup.PAUSE, "paused")):
        app = app_for(rig, hangup=hangup)
        async with app.run_test(size=(120, 30)) as pilot:
            await until(pilot, lambda: connected(app), "attached")  # noqa: B023
            assert app.playback.play_episode(rig.episodes["ep-1"])
            await until(pilot, lambda: status(rig)["state"] == "playing", "playing")
            app._hang_up()
            await until(pilot, lambda: not app.is_running, "the app to quit")  # noqa: B023
        assert status(rig)["state"] == after


async def test_a_killed_service_is_told_and_started_again(rig):
    app = app_for(rig)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: connected(app), "attached")
        assert app.playback.play_episode(rig.episodes["ep-1"])
        await until(pilot, lambda: app.playback.state is PlayerState.PLAYING, "playing")
        os.kill(rig.pid, signal.SIGKILL)
        await until(pilot, lambda: not connected(app), "the loss to be seen")
        assert app.playback.state is PlayerState.STOPPED
        assert any("player service stopped" in n.message for n in app._notifications)
        app.playback.toggle_pause()  # starts a new service, which resumes the episode
        await until(pilot, lambda: app.playback.state is PlayerState.PLAYING, "playing again")
        assert status(rig)["episode_id"] == rig.episodes["ep-1"]


async def test_the_sleep_timer_is_the_service_s_and_every_app_shows_it(rig):
    one, two = app_for(rig), app_for(rig)
    async with one.run_test(size=(80, 24)) as p1, two.run_test(size=(80, 24)) as p2:
        await until(p1, lambda: connected(one) and connected(two), "both attached")
        assert one.playback.play_episode(rig.episodes["ep-1"])
        await until(p1, lambda: status(rig)["state"] == "playing", "playing")
        assert rig.run("sleep", "30").returncode == 0  # from another terminal
        await until(p1, lambda: sleep_shown(one) == "☾ 30m", "the timer in one app")
        await until(p2, lambda: sleep_shown(two) == "☾ 30m", "and in the other")
        await p2.press("z")  # the next choice after 30 minutes
        await until(p1, lambda: sleep_shown(one) == "☾ 45m", "the key's choice everywhere")
        assert status(rig)["sleep_length"] == 45 * 60
        await p1.press("z", "z")
        await until(p2, lambda: sleep_shown(two) == "", "off everywhere")
        assert status(rig)["sleep"] == "off"
        one.playback.leaving = two.playback.leaving = one.playback.leaving.KEEP


async def test_stopped_at_the_end_by_the_timer_the_bar_shows_the_end(rig):
    app = app_for(rig)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: connected(app), "attached")
        assert rig.run("queue", "add", str(rig.episodes["ep-1"]), str(rig.episodes["ep-2"]))
        assert rig.run("sleep", "end").returncode == 0  # before: the clip is short
        await until(pilot, lambda: sleep_shown(app) == "☾ end", "the timer on the bar")
        assert app.playback.play_episode(rig.episodes["ep-1"])
        await until(pilot, lambda: bar_text(app, "state") == "■ Finished", "the end")
        await until(pilot, lambda: bar_text(app, "elapsed") == "0:03", "the end's place")
        assert bar_text(app, "title").endswith("Episode 1") and sleep_shown(app) == ""
        assert status(rig)["episode_id"] == rig.episodes["ep-1"]
