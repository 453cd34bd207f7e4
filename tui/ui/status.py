"""The one publisher of episode status in the app: played, queued, position, downloads.

Every change of an episode's status (the session finished it, the queue changed, a
download progressed, a mark from the keys) goes through :meth:`EpisodeStatus.show`: the
episode indexes on screen are updated and each episode browser repaints the row where the
status text changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.app import App

from tui.ui.widgets.episode_browser import EpisodeBrowser

KEEP: Any = object()


class EpisodeStatus:
    """Owned by the app (``app.status``)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._shown: dict[tuple[int, int], str] = {}  # (index, episode) -> status on screen

    def browsers(self) -> Iterator[EpisodeBrowser]:
        """Every episode browser of the screens on the stack."""
        for screen in self.app.screen_stack:
            yield from screen.query(EpisodeBrowser)

    def show(
        self, episode_id: int, *, repaint: bool = True, progress: Any = KEEP, **changes: Any
    ) -> bool:
        """Change an episode's status (``changes`` as ``EpisodeIndex.update`` takes them,
        ``progress`` as ``set_progress``) and repaint its row where the status text
        changed; unless ``repaint``, the row catches up on a later call. True if a row was
        repainted."""
        dirty: dict[int, bool] = {}
        repainted = False
        for browser in self.browsers():
            index = browser.index
            if index is None:
                continue
            key = id(index)
            if key not in dirty:
                row = (key, episode_id)
                shown = self._shown.get(row)
                if shown is None:
                    shown = index.status(episode_id)
                if changes:
                    index.update(episode_id, **changes)
                if progress is not KEEP:
                    index.set_progress(episode_id, progress)
                now = index.status(episode_id)
                dirty[key] = now != shown
                if repaint:
                    self._shown.pop(row, None)
                elif dirty[key]:
                    self._shown.setdefault(row, shown)
            if repaint and dirty[key]:
                browser.refresh_episode(episode_id)
                repainted = True
        return repainted
