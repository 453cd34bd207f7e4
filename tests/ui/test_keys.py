"""The keys as the user meets them: hints that name the key in force, the help screen, the
README's table, the command palette's words, OPML from the palette, `l` without links."""

from __future__ import annotations

import time
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, Label

from tests.ui.conftest import record_notifications, wait_for, wait_ready
from tui.core.bindings import KEYS
from tui.core.config import Config
from tui.core.library import Library
from tui.core.models import ParsedEpisode, ParsedFeed
from tui.ui.commands import class_bindings
from tui.ui.keytable import readme_table, with_table
from tui.ui.screens.dialogs import AddFeedDialog, ConfirmDialog, LinkPicker
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.main import MainScreen
from tui.ui.screens.opml import PathDialog

README = Path(__file__).resolve().parents[2] / "README.md"


def empty_message(app) -> str:
    return str(app.main_screen.notes_view.query_one("#notes-empty", Label).content)


async def test_the_empty_library_names_the_add_key_in_force(tmp_path, make_app):
    app = make_app(tmp_path / "new", Config(keymap={"podcasts.add": "ctrl+o"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.main_screen.ready)
        await pilot.pause()
        assert empty_message(app) == "No episodes yet: press Ctrl+O to add a podcast"
        await pilot.press("ctrl+o")  # the key the hint names does what it says
        await wait_for(pilot, lambda: isinstance(app.screen, AddFeedDialog))


async def test_hints_follow_a_keymap_set_while_running(tmp_path, make_app):
    app = make_app(tmp_path / "new")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.main_screen.ready)
        notes = record_notifications(app)
        app.set_keymap({"podcasts.add": "f2"})
        await pilot.press("R")
        await wait_for(pilot, lambda: notes)
        assert notes[-1][0] == "Nothing to refresh: press F2 to add a podcast"


def test_every_binding_comes_from_the_registry():
    from tui.ui.app import PodtuiApp
    from tui.ui.screens.downloads import DownloadsScreen
    from tui.ui.screens.notes import NotesScreen
    from tui.ui.screens.queue import QueueScreen
    from tui.ui.screens.view import ViewTable
    from tui.ui.widgets.episode_browser import EpisodeBrowser
    from tui.ui.widgets.episode_table import EpisodeTable
    from tui.ui.widgets.podcast_list import PodcastList

    classes = (PodtuiApp, MainScreen, QueueScreen, ViewTable, DownloadsScreen, NotesScreen,
               HelpScreen, AddFeedDialog, ConfirmDialog, LinkPicker, PathDialog, EpisodeBrowser,
               EpisodeTable, PodcastList)  # fmt: skip
    keys: dict[str, set[str]] = {}
    for cls in classes:
        for binding in class_bindings(cls):
            if binding.id and binding.id.startswith("links.") and binding.key.isdigit():
                assert binding.key in KEYS["links.pick"].keys.split(",")
                continue
            assert binding.id in KEYS, binding
            keys.setdefault(binding.id, set()).add(binding.key)
    for binding_id, found in keys.items():
        # One default key list per binding id, wherever the id is bound.
        assert found == set(KEYS[binding_id].keys.split(",")), binding_id


def test_the_readme_key_table_is_the_registry():
    readme = README.read_text(encoding="utf-8")
    assert readme_table() in readme
    assert with_table(readme) == readme, "run python -m tui.ui.keytable"
    assert "| Everywhere | `0` | Restart the episode from the start | `player.restart` |" in readme
    assert "| Episode list | `Home` | First episode | `episodes.first` |" in readme
    assert "`Home` | restart" not in readme


async def test_help_lists_every_view_from_the_main_screen(library_dir, make_app):
    app = make_app(library_dir, Config(keymap={"queue.remove": "delete,backspace"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        sections = [str(label.content) for label in app.screen.query(".help-section")]
        for view in ("Queue", "Downloads", "Notes", "Filter", "Episode list", "Podcast list"):
            assert view in sections
        assert "View table" not in sections
        statics = list(app.screen.query(".help-keys"))
        rows = [line for static in statics for line in str(static.content).splitlines()]
        stripped = {line.strip() for line in rows}
        assert "K Shift+↑  Move the episode up" in stripped
        assert "X  Empty the play queue (asks first)" in stripped
        assert "Delete Backspace  Take the highlighted episode out of the queue" in stripped
        # One key column, wide enough for the widest keys: descriptions line up.
        starts = {
            len(line) - len(line.lstrip()) + len(line.strip().split("  ")[0]) for line in rows
        }
        assert len(starts) == 1


async def test_the_palette_finds_what_users_type(library_dir, make_app):
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)

        def prompts() -> list[str]:
            options = app.screen.query_one("CommandList").options
            return [str(option.prompt).split("\n")[0] for option in options]

        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        wanted = {
            "speed": {"Player: faster", "Player: slower"},
            "delete": {"Podcast: unsubscribe", "Downloads: download episode"},
            "unsubscribe": {"Podcast: unsubscribe"},
            "opml": {"Podcast: import OPML", "Podcast: export OPML"},
            "volume": {"Player: volume up", "Player: volume down"},
        }
        for word, names in wanted.items():
            app.screen.query_one("#--input Input").value = word
            await wait_for(pilot, lambda names=names: names <= set(prompts()))


async def run_palette(pilot, app, command: str) -> None:
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    app.screen.query_one("#--input Input").value = command

    def first() -> str:
        options = app.screen.query_one("CommandList").options
        return str(options[0].prompt).split("\n")[0] if options else ""

    await wait_for(pilot, lambda: first() == command)
    await pilot.press("enter")


async def type_path(pilot, app, path: Path) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, PathDialog))
    app.screen.query_one("#path-input", Input).value = str(path)
    await pilot.press("enter")


async def test_opml_export_then_import_from_the_palette(tmp_path, served, make_app):
    data_dir, server = served
    out = tmp_path / "subscriptions.opml"
    app = make_app(data_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        notes = record_notifications(app)
        await run_palette(pilot, app, "Podcast: export OPML")
        await wait_for(pilot, lambda: isinstance(app.screen, PathDialog))
        default = app.screen.query_one("#path-input", Input).value
        assert default.endswith("podtui-subscriptions.opml")
        await type_path(pilot, app, out)
        await wait_for(pilot, lambda: notes)
        assert notes[-1] == (f"Exported 1 subscription to {out}", "information")
        assert isinstance(app.screen, MainScreen)
        # Written again: the existing file is only replaced after a second Enter.
        await run_palette(pilot, app, "Podcast: export OPML")
        await type_path(pilot, app, out)
        assert isinstance(app.screen, PathDialog) and "exists" in app.screen.error
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(notes) == 2)
    assert server.url("/datascienceathome.rss") in out.read_text(encoding="utf-8")

    fresh = make_app(tmp_path / "fresh")
    async with fresh.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: fresh.main_screen.ready)
        notes = record_notifications(fresh)
        await run_palette(pilot, fresh, "Podcast: import OPML")
        await type_path(pilot, fresh, tmp_path / "missing.opml")
        assert isinstance(fresh.screen, PathDialog)
        assert fresh.screen.error == f"No file {tmp_path / 'missing.opml'}"
        await type_path(pilot, fresh, out)
        await wait_for(pilot, lambda: any(n[0].startswith("Imported") for n in notes))
        assert (f"Imported {out}: 1 added, 0 already there, 0 failed", "information") in notes
        await wait_for(pilot, lambda: len(fresh.main_screen.browser.index or ()) > 0)


async def test_links_key_says_when_an_episode_has_none(tmp_path, make_app):
    root = tmp_path / "plain"
    library = Library.open(root)
    podcast = library.subscribe("https://example.com/plain.xml")
    plain = ParsedEpisode(
        title="No links here", guid="plain", published=int(time.time()), notes="<p>Words.</p>"
    )
    library.store_feed(podcast.id, ParsedFeed(title="Plain", episodes=[plain]))
    library.close()
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        notes = record_notifications(app)
        await pilot.press("l")
        await wait_for(pilot, lambda: notes)
        assert notes == [("This episode has no links", "information")]
        await pilot.press("n", "l")  # the full-screen notes say the same
        await wait_for(pilot, lambda: len(notes) == 2)
        assert notes[-1] == ("This episode has no links", "information")
