"""The command palette's podtui commands, generated from the bindings: every action with
a key is also a command ("Podcast: add feed", "Player: play/pause", "Help: keys")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.ui.screens.help import class_bindings

if TYPE_CHECKING:
    from textual.dom import DOMNode

CATEGORIES = {
    "app": "App",
    "help": "Help",
    "podcasts": "Podcast",
    "episodes": "Episode",
    "player": "Player",
    "view": "View",
    "notes": "Notes",
    "queue": "Queue",
    "downloads": "Downloads",
}
# Names clearer than "<category>: <the footer's short description>".
NAMES = {
    "podcasts.add": "Podcast: add feed",
    "queue.show": "Queue: show",
    "queue.clear": "Queue: clear",
    "queue.append": "Queue: add episode",
    "downloads.show": "Downloads: show",
    "downloads.toggle": "Downloads: download episode",
}
# Moving a cursor is not a command.
_SKIPPED = {
    "app.command_palette",
    "episodes.cursor_up",
    "episodes.cursor_down",
    "episodes.page_up",
    "episodes.page_down",
    "episodes.first",
    "episodes.last",
    "episodes.leave_filter",
    "podcasts.cursor_up",
    "podcasts.cursor_down",
    "queue.cursor_up",
    "queue.cursor_down",
    "downloads.cursor_up",
    "downloads.cursor_down",
}


def command_nodes(screen) -> list[DOMNode]:
    """The nodes whose bindings become commands: the app, the main screen and its panes,
    and the screen the palette was opened on."""
    app = screen.app
    nodes: list[DOMNode] = [app]
    main = getattr(app, "main_screen", None)
    if main is not None:
        nodes.append(main)
        for pane in ("#podcasts", "#browser", "#episode-table"):
            nodes.extend(main.query(pane))
    if screen not in nodes and not screen.is_modal:
        nodes.append(screen)
    return nodes


def commands(screen) -> Iterator[tuple[str, str, Callable[[], object]]]:
    """(name, help, callback) of every enabled podtui action reachable from ``screen``."""
    app = screen.app
    seen: set[str] = set()
    for node in command_nodes(screen):
        for binding in class_bindings(type(node)):
            if not binding.id or binding.id in _SKIPPED or binding.id in seen:
                continue
            if not binding.description:
                continue
            action = binding.action
            name = action.split("(", 1)[0]
            if not node.check_action(name, ()):
                continue
            seen.add(binding.id)
            category = CATEGORIES.get(binding.id.split(".", 1)[0], "App")
            keys = " ".join(
                app.get_key_display(b) for b in class_bindings(type(node)) if b.id == binding.id
            )
            help_text = f"{binding.tooltip or binding.description} (key: {keys})"
            yield (
                NAMES.get(binding.id, f"{category}: {binding.description.lower()}"),
                help_text,
                partial(app.run_action, action, node),
            )


class PodtuiCommands(Provider):
    """Every podtui action, by name."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in commands(self.screen):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)

    async def discover(self) -> Hits:
        for name, help_text, callback in commands(self.screen):
            yield DiscoveryHit(name, callback, text=name, help=help_text)
