"""The footer of every screen: the keys of what is on screen, and Ctrl+P when there is room."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

ROOM_FOR_PALETTE = 100  # columns from which the footer also names the command palette


class KeyFooter(Footer):
    """A footer that leaves out the command palette's key when narrower than
    :data:`ROOM_FOR_PALETTE` columns, so the screen's own keys keep their room (the help
    names Ctrl+P)."""

    def on_resize(self, event: events.Resize) -> None:
        self.show_command_palette = event.size.width >= ROOM_FOR_PALETTE
