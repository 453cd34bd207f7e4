"""What the library records for a sync, and how episodes from other devices are matched."""

from __future__ import annotations

import time

import pytest

from tests.core.library.helpers import ep, feed
from tui.core.library import Library
from tui.core.library.sync import EpisodeUpdate, SyncPlan
from tui.core.models import ActionKind, EpisodeAction
from tui.core.sync.match import EpisodeMatcher, url_key

FEED = "http://example.org/feed.xml"


@pytest.fixture
def lib(tmp_path):
    library = Library.open(tmp_path)
    podcast = library.subscribe(FEED)
    library.store_feed(
        podcast.id,
        feed(
            ep("One", "g1", enclosure_url="http://example.org/1.mp3", duration=600),
            ep("Two", "g2", enclosure_url="http://example.org/2.mp3"),
        ),
    )
    yield library
    library.close()


def ids(lib: Library) -> tuple[int, int]:
    by_title = {e.title: e.id for e in lib.episodes()}
    return by_title["One"], by_title["Two"]


def test_nothing_is_recorded_without_an_account(lib):
    one, _ = ids(lib)
    lib.save_position(one, 10)
    lib.set_played([one])
    assert lib.sync_outbox() == [] and lib.sync_feed_changes() == ([], [])


def test_enabling_queues_what_is_kept_so_far(lib):
    one, two = ids(lib)
    lib.save_position(one, 75)
    lib.set_played([two])
    lib.sync_enable({"device": "d"})
    actions = {a.episode: a for _, a in lib.sync_outbox()}
    assert (
        actions["http://example.org/1.mp3"].position,
        actions["http://example.org/1.mp3"].total,
    ) == (75, 600)
    assert actions["http://example.org/2.mp3"].position == actions["http://example.org/2.mp3"].total
    assert lib.sync_feed_changes() == ([FEED], [])


def test_one_unsent_play_per_episode_keeps_where_listening_started(lib):
    one, _ = ids(lib)
    lib.save_position(one, 40)
    lib.sync_enable({"device": "d"})
    lib.sync_sent(i for i, _ in lib.sync_outbox())
    for place in (50, 61.5, 90):
        lib.save_position(one, place)
    [(_, action)] = lib.sync_outbox()
    assert (action.action, action.started, action.position, action.total) == (
        ActionKind.PLAY,
        40,
        90,
        600,
    )


def test_finishing_and_marks_are_recorded(lib):
    one, two = ids(lib)
    lib.sync_enable({"device": "d"})
    lib.queue_add([one])
    lib.finish(one)
    lib.set_played([two], False)
    actions = {a.episode: a for _, a in lib.sync_outbox()}
    assert actions["http://example.org/1.mp3"].position == 600
    assert actions["http://example.org/2.mp3"].action == ActionKind.NEW


def test_subscriptions_added_and_removed_are_recorded(lib):
    lib.sync_enable({"device": "d"})
    lib.sync_feeds_sent({FEED: "add"}, {})
    added = lib.subscribe("https://other.example/rss")
    lib.subscribe("/home/me/local.xml")  # a local file means nothing elsewhere
    lib.remove_podcast(lib.podcast_by_url(FEED).id)
    assert lib.sync_feed_changes() == (["https://other.example/rss"], [FEED])
    lib.remove_podcast(added.id)
    assert lib.sync_feed_changes() == ([], [FEED, "https://other.example/rss"])


def test_actions_of_a_removed_podcast_still_go_up(lib):
    one, _ = ids(lib)
    lib.sync_enable({"device": "d"})
    lib.save_position(one, 12)
    lib.remove_podcast(lib.podcast_by_url(FEED).id)
    assert [a.position for _, a in lib.sync_outbox() if a.action == ActionKind.PLAY] == [12]


@pytest.mark.parametrize(
    "remote",
    [
        "https://example.org/1.mp3",
        "http://www.example.org/1.mp3#t=1",
        "https://dts.podtrac.com/redirect.mp3/example.org/1.mp3",
        "https://www.podtrac.com/pts/redirect.mp3/chtbl.com/track/X1Y2/example.org/1.mp3",
        "https://pdst.fm/e/chrt.fm/track/ABC/example.org/1.mp3",
        "https://op3.dev/e,pg=123/example.org/1.mp3",
        "http://example.org/1.mp3?utm_source=phone",
        "http://example.org/%31.mp3",
    ],
)
def test_urls_from_other_devices_match_the_library_episode(remote):
    matcher = EpisodeMatcher(
        [
            (7, FEED, "guid-7", "http://example.org/1.mp3"),
            (8, FEED, "g8", "http://example.org/2.mp3"),
        ]
    )
    action = EpisodeAction(FEED, remote, ActionKind.PLAY, 0)
    assert matcher.match(action) == 7


def test_a_guid_matches_when_the_url_does_not():
    matcher = EpisodeMatcher([(7, FEED, "guid-7", "http://example.org/1.mp3")])
    action = EpisodeAction(
        "https://example.org/feed.xml",
        "http://cdn.example/x.mp3",
        ActionKind.PLAY,
        0,
        guid="guid-7",
    )
    assert matcher.match(action) == 7
    assert (
        matcher.match(EpisodeAction(FEED, "http://cdn.example/x.mp3", ActionKind.PLAY, 0)) is None
    )


def test_a_prefix_is_kept_when_no_host_follows_it():
    assert url_key("https://pdst.fm/e/episode.mp3") == "pdst.fm/e/episode.mp3"


def test_an_ambiguous_url_matches_nothing():
    matcher = EpisodeMatcher(
        [(1, FEED, "a", "http://x.org/e.mp3?id=1"), (2, FEED, "b", "http://x.org/e.mp3?id=2")]
    )
    assert matcher.match(EpisodeAction(FEED, "http://x.org/e.mp3?id=2", ActionKind.PLAY, 0)) == 2
    assert matcher.match(EpisodeAction(FEED, "http://x.org/e.mp3", ActionKind.PLAY, 0)) is None


def test_one_sync_at_a_time(lib, monkeypatch):
    assert lib.sync_claim("a")
    assert not lib.sync_claim("b")
    lib.sync_release("b")  # not its to give back
    assert not lib.sync_claim("b")
    lib.sync_release("a")
    assert lib.sync_claim("b")
    later = time.time() + 601
    monkeypatch.setattr(time, "time", lambda: later)
    assert lib.sync_claim("c")  # "b" is long gone (a killed process)


def test_downloads_and_deletions_are_recorded(lib):
    one, two = ids(lib)
    lib.sync_enable({"device": "d"})
    lib.set_download(one, "/tmp/1.mp3")
    lib.set_download(two, "/tmp/2.mp3")
    lib.set_download(two, None)
    lib.set_download(two, None)  # no file before: nothing happened
    kinds = {a.episode: a.action for _, a in lib.sync_outbox()}
    assert kinds == {
        "http://example.org/1.mp3": ActionKind.DOWNLOAD,
        "http://example.org/2.mp3": ActionKind.DELETE,
    }


@pytest.mark.parametrize(("later", "kept"), [(-30, 1), (30, 0)])
def test_a_newer_remote_place_drops_the_unsent_older_one(lib, later, kept):
    one, _ = ids(lib)
    lib.sync_enable({"device": "d"})
    lib.sync_sent(i for i, _ in lib.sync_outbox())
    lib.save_position(one, 50)
    lib.set_download(one, "/tmp/1.mp3")
    update = EpisodeUpdate(one, int(time.time()) + later, False, 400.0)
    lib.sync_apply(SyncPlan(updates=[update]))
    plays = [a for _, a in lib.sync_outbox() if a.action == ActionKind.PLAY]
    assert len(plays) == kept
    assert [a.action for _, a in lib.sync_outbox()].count(ActionKind.DOWNLOAD) == 1
    assert lib.episode(one).position == 400.0  # the plan is applied as the engine made it
