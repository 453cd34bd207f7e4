"""The app's services as typed attributes, for the screens (which never import the app).

:class:`ServicesApp` is the base of the podtui app: the library, the listening session and
its queue, the downloads, the status publisher and the shared HTTP fetcher. Screens reach
them through :func:`services`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from tui.core.feeds.fetch import Fetcher
    from tui.core.library import Library
    from tui.session import ListeningSession, PlayQueue
    from tui.ui.downloading import Downloads
    from tui.ui.status import EpisodeStatus


class ServicesApp(App[int]):
    """An app owning podtui's services (each None until the library is open)."""

    library: Library | None
    playback: ListeningSession | None
    queue: PlayQueue | None
    downloads: Downloads | None
    status: EpisodeStatus

    @property
    def fetcher(self) -> Fetcher:
        raise NotImplementedError

    def log_unexpected(self, error: BaseException) -> None:
        """Keep the details of a bug for its report."""


def services(app: App[Any]) -> ServicesApp | None:
    """The app's services (None in an app without them)."""
    return app if isinstance(app, ServicesApp) else None
