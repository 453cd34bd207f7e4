"""Toasts: repeated notices of one kind merge into one toast, and no toast covers the
player bar or the footer."""

from __future__ import annotations

from textual.widgets import Footer

from tests.ui.conftest import wait_for, wait_ready


def toasts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def test_repeated_queue_adds_merge_into_one_toast_above_the_player(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_ready(pilot)
        for _ in range(4):
            await pilot.press("a", "down")
        await wait_for(pilot, lambda: len(app.library.queue_ids()) == 4)
        await wait_for(pilot, lambda: toasts(app) == ["Added 4 episodes to the queue"])
        await pilot.pause()
        bar = app.main_screen.player_bar.region
        footer = app.main_screen.query_one(Footer).region
        for toast in app.screen.query("Toast"):
            assert toast.region.bottom <= bar.y, (toast.region, bar)
            assert not toast.region.overlaps(footer)


async def test_the_same_episode_twice_counts_once(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_ready(pilot)
        await pilot.press("a", "down", "a", "a")
        await wait_for(pilot, lambda: len(app.library.queue_ids()) == 2)
        await wait_for(pilot, lambda: toasts(app) == ["Added 2 episodes to the queue"])


async def test_repeated_identical_notices_merge(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_ready(pilot)
        for _ in range(3):
            app.notify("These notes have no links")
        await wait_for(pilot, lambda: toasts(app) == ["These notes have no links (×3)"])


async def test_a_toast_clicked_away_is_not_updated_out_of_sight(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_ready(pilot)
        app.notify("These notes have no links")
        await wait_for(pilot, lambda: toasts(app) == ["These notes have no links"])
        await pilot.pause(1.1)  # past the moment a new toast may take to appear
        toast = app.screen.query_one("Toast")
        await pilot.click(toast)
        await wait_for(pilot, lambda: toasts(app) == [])
        app.notify("These notes have no links")
        await wait_for(pilot, lambda: toasts(app) == ["These notes have no links"])


async def test_toasts_over_the_help_stay_above_the_player_bar(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: app.screen is not app.main_screen)
        app.notify("These notes have no links")
        await wait_for(pilot, lambda: toasts(app) == ["These notes have no links"])
        await pilot.pause()
        bar = app.main_screen.player_bar.region
        assert app.screen.query_one("Toast").region.bottom <= bar.y


async def test_a_merged_toast_stays_its_whole_time_from_the_latest_notice(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_ready(pilot)
        app.notify("These notes have no links", timeout=2.0)
        await wait_for(pilot, lambda: toasts(app) == ["These notes have no links"])
        await pilot.pause(1.5)
        app.notify("These notes have no links", timeout=2.0)
        await wait_for(pilot, lambda: toasts(app) == ["These notes have no links (×2)"])
        await pilot.pause(1.0)  # past the first notice's time, within the second's
        assert toasts(app) == ["These notes have no links (×2)"]
        (live,) = list(app._notifications)
        assert live.time_left > 0
