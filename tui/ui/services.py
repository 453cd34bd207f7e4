"""The app's services as typed attributes, for the screens (which never import the app).

:class:`ServicesApp` is the base of the podtui app: the library, the listening session and
its queue, the downloads, the status publisher and the shared HTTP fetcher. Screens reach
them through :func:`services`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui.core.errors import PodtuiError

if TYPE_CHECKING:
    from tui.core.config import Config
    from tui.core.feeds.fetch import Fetcher
    from tui.core.library import Library
    from tui.service.remote import RemoteSession
    from tui.session import ListeningSession, PlayQueue
    from tui.ui.downloading import Downloads
    from tui.ui.status import EpisodeStatus


class ServicesApp(App[int]):
    """An app owning podtui's services (each None until the library is open)."""

    library: Library | None
    playback: ListeningSession | RemoteSession | None  # RemoteSession: the player service
    queue: PlayQueue | None
    downloads: Downloads | None
    status: EpisodeStatus
    config: Config

    @property
    def fetcher(self) -> Fetcher:
        raise NotImplementedError

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
        kind: str | None = None,
        merged: Callable[[int], str] | None = None,
        item: object = None,
    ) -> None:
        """A toast; ``kind``, ``merged`` and ``item`` let notices of one kind merge (the
        podtui app does; this base shows each one)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def log_unexpected(self, error: BaseException) -> None:
        """Keep the details of a bug for its report."""


def services(app: App[Any]) -> ServicesApp | None:
    """The app's services (None in an app without them)."""
    return app if isinstance(app, ServicesApp) else None


class ServicesScreen(Screen[None]):
    """A screen of the podtui app, with its services at hand."""

    @property
    def podtui(self) -> ServicesApp:
        app = services(self.app)
        assert app is not None, f"{type(self).__name__} runs in the podtui app"
        return app

    @property
    def library(self) -> Library:
        library = self.podtui.library
        if library is None:
            raise PodtuiError("the library is not open yet")
        return library
