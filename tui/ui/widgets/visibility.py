"""Whether a widget's repaint would reach the terminal as it should."""

from __future__ import annotations

from textual.dom import NoScreen
from textual.widget import Widget


def covered(widget: Widget) -> bool:
    """True while another screen is over the widget's own.

    Textual hands a repaint under the top screen to that screen, which then repaints in
    full: the whole terminal (kilobytes) where a few cells changed, even when nothing of
    the screen below shows. What is covered waits for its screen to be back on top (its
    screen then calls for the repaint)."""
    try:
        return not widget.screen.is_active
    except NoScreen:
        return False
