"""Full screens that hide the screen below them entirely.

Textual counts the screen under the top one as possibly showing through, and hands every
repaint of it to the top screen as dirty regions, which makes the top screen repaint in
full: over SSH, the whole terminal each time. A screen below keeps changing while it is
covered (the library watch, a footer, a scroll bar), and once it has a repaint pending,
each of its messages hands one up again. A screen whose background is opaque shows
nothing of the one below, so those repaints can change nothing on the terminal: they are
dropped here. The screen below repaints in full when it is back on top.
"""

from __future__ import annotations

from typing import Self

from textual.geometry import Region
from textual.screen import Screen


class OpaqueScreen(Screen[None]):
    """A screen covering the whole terminal with an opaque background."""

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        # Regions alone are what Textual hands up from a screen below (this screen's own
        # repaints come without regions, its widgets repaint themselves).
        if regions and not layout and not recompose and self._hides_below():
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _hides_below(self) -> bool:
        return self.is_mounted and self.app.screen is self and self.styles.background.a == 1
