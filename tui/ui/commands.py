"""The command palette's podtui commands, from the bindings registry: every action with a
palette name is a command ("Podcast: add feed", "Player: faster"), found by its name or by
the words a user might type for it ("speed", "unsubscribe", "opml")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.core.bindings import KEYS
from tui.ui.keys import keys_for

if TYPE_CHECKING:
    from textual.dom import DOMNode


def class_bindings(cls: type) -> list[Binding]:
    """The bindings a class declares itself (not those of its base classes)."""
    declared: list[BindingType] = list(cls.__dict__.get("BINDINGS", []))
    return list(Binding.make_bindings(declared))


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


def commands(screen) -> Iterator[tuple[str, str, str, Callable[[], object]]]:
    """(name, search words, help, callback) of every enabled podtui command reachable
    from ``screen``."""
    app = screen.app
    seen: set[str] = set()
    nodes = command_nodes(screen)
    for node in nodes:
        for binding in class_bindings(type(node)):
            key = KEYS.get(binding.id or "")
            if key is None or key.command is None or key.id in seen:
                continue
            if not node.check_action(binding.action.split("(", 1)[0], ()):
                continue
            seen.add(key.id)
            help_text = f"{key.help} (key: {keys_for(app, key.id)})"
            callback = partial(app.run_action, binding.action, node)
            yield key.command, " ".join(key.words), help_text, callback
    main = getattr(app, "main_screen", None)
    for key in KEYS.values():
        if key.action is None or key.command is None or main is None:
            continue
        if main.check_action(key.action, ()):
            yield (
                key.command,
                " ".join(key.words),
                key.help,
                partial(app.run_action, key.action, main),
            )


class PodtuiCommands(Provider):
    """Every podtui action, by name."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, words, help_text, callback in commands(self.screen):
            score = matcher.match(name)
            shown: Content | str = matcher.highlight(name)
            if score <= 0 and words:
                # Found by one of its words: ranked below the names that match.
                score = matcher.match(f"{name} {words}") * 0.5
                shown = name
            if score > 0:
                yield Hit(score, shown, callback, text=name, help=help_text)

    async def discover(self) -> Hits:
        for name, _, help_text, callback in commands(self.screen):
            yield DiscoveryHit(name, callback, text=name, help=help_text)
