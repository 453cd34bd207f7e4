"""Screens that others cover keep their repaints to themselves while covered.

Textual hands the dirty regions of a covered screen to the screen on top, and once the
covered screen has a repaint pending, every message it handles hands its whole area up
again: the top screen then repaints in full, over SSH the whole terminal (15-27 KB at
120x40), about once a second while an episode plays in the player service. Nothing of a
covered screen is meant to change on the terminal (its widgets wait, see
:func:`tui.ui.widgets.visibility.covered`), so those repaints are dropped here; Textual
repaints a screen in full when it is back on top.
"""

from __future__ import annotations

from textual.screen import Screen


class CoverableScreen(Screen[None]):
    """The main screen and the views that other screens open over."""

    def _compositor_refresh(self) -> None:
        if self.is_mounted and self.app.screen is not self:
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            self._repaint_required = False
            return
        super()._compositor_refresh()
