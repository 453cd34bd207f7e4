"""``podtui sleep`` against a real service process playing through real libVLC."""

from __future__ import annotations

import json
import time

import pytest

from tests.service.conftest import audio_seconds, settled_audio, wait_until


def status(rig) -> dict:
    done = rig.run("status", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def sleep(rig, *args: str) -> str:
    done = rig.run("sleep", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_bad_sleep_timers_get_one_line_and_no_service_is_started(rig):
    for bad in ("soon", "0", "30x", "25h"):
        done = rig.run("sleep", bad)
        assert done.returncode == 2, bad
        assert done.stderr.startswith("error: ") and len(done.stderr.splitlines()) == 1
    assert "cannot read 'soon' as a sleep timer" in rig.run("sleep", "soon").stderr
    assert rig.run("sleep").returncode == 3
    assert rig.run("sleep", "30").returncode == 3
    assert rig.pid is None


@pytest.mark.vlc
def test_the_timer_set_from_the_command_line_pauses_and_keeps_the_place(rig):
    first = rig.episodes["ep-1"]
    assert rig.run("play", str(first)).returncode == 0
    assert rig.run("pause").returncode == 0  # the clip is short: set it up while paused
    wait_until(lambda: status(rig)["state"] == "paused", what="paused")
    held = "sleep timer: 30:00 left, counting while an episode plays"
    assert sleep(rig, "30") == held
    assert sleep(rig) == held  # a pause holds it
    now = status(rig)
    assert (now["sleep"], now["sleep_length"], now["sleep_remaining"]) == ("timer", 1800, 1800)
    assert rig.run("status").stdout.rstrip().endswith("  sleep 30:00")
    assert rig.run("status", "--format", "{sleep}").stdout.strip() == "30:00"
    assert sleep(rig, "off") == "sleep timer: off"
    assert status(rig)["sleep"] == "off"

    assert sleep(rig, "1s").startswith("sleep timer: 0:01 left")
    before = status(rig)["position"]
    assert rig.run("toggle").returncode == 0  # it counts from here
    wait_until(lambda: status(rig)["sleep"] == "off", what="the timer to go off")
    wait_until(lambda: status(rig)["state"] == "paused", what="the timer to pause")
    now = status(rig)
    assert now["volume"] == 100
    paused_at = settled_audio(rig.out)
    time.sleep(0.5)
    assert audio_seconds(rig.out) - paused_at < 0.1  # no more audio
    library = rig.library()
    try:
        kept = library.episode(first)
    finally:
        library.close()
    assert not kept.played
    # As for any pause: saved as it is asked, within half a second of where it stopped.
    assert kept.position == pytest.approx(now["position"], abs=0.5)
    assert before + 0.5 < now["position"] < 2.9


@pytest.mark.vlc
def test_end_of_episode_from_the_command_line_leaves_the_queue_waiting(rig):
    first, second = rig.episodes["ep-1"], rig.episodes["ep-2"]
    assert rig.run("queue", "add", str(first), str(second)).returncode == 0
    assert rig.run("play", str(first)).returncode == 0
    assert rig.run("pause").returncode == 0  # the clip is short: set it while paused
    assert sleep(rig, "end") == "sleep timer: at the end of this episode"
    assert rig.run("status", "--format", "{sleep}").stdout.strip() == "end"
    assert rig.run("toggle").returncode == 0
    wait_until(lambda: status(rig)["sleep"] == "off", what="the end of the episode")
    time.sleep(0.5)
    now = status(rig)
    assert now["episode_id"] == first and now["state"] != "playing"
    library = rig.library()
    try:
        assert library.episode(first).played
        assert library.queue_ids() == [second]
    finally:
        library.close()
    assert rig.run("toggle").returncode == 0  # play again: the queue carries on
    wait_until(lambda: status(rig)["episode_id"] == second, what="the next episode")
