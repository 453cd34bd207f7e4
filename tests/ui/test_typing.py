"""Keys that arrive in one burst (a fast typist, a script, a paste of keystrokes) are
handled as if typed one by one: ``/GAN`` lands in the filter, keys after Enter reach the
table."""

from __future__ import annotations

from textual import events

from tests.ui.conftest import wait_for, wait_ready


def burst(app, keys: list[str]) -> None:
    """Queue every key at once, as a terminal delivers a burst, before any is handled."""
    for key in keys:
        character = key if len(key) == 1 else {"slash": "/", "enter": "\r"}.get(key)
        app.post_message(events.Key(key, character))


async def test_slash_and_word_in_one_burst_filter(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        browser = app.main_screen.browser
        burst(app, ["slash", "G", "A", "N"])
        await wait_for(pilot, lambda: browser.filter_input.value == "GAN")
        assert app.focused is browser.filter_input
        assert 0 < browser.table.row_count < 93


async def test_keys_after_enter_reach_the_table(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        browser = app.main_screen.browser
        burst(app, ["slash", "G", "A", "N", "enter", "j", "j"])
        await wait_for(pilot, lambda: app.focused is browser.table)
        await pilot.pause()
        assert browser.filter_input.value == "GAN"
        await wait_for(pilot, lambda: browser.table.cursor == 2)
        # Escape in one burst with more keys clears the filter and keeps them for the table.
        burst(app, ["escape"])
        await wait_for(pilot, lambda: browser.filter_input.value == "")
        assert browser.table.row_count == 93
