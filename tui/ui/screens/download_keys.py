"""The download keys of the episode list (download, cancel, delete, open the downloads view)
and the question asked before a download is deleted."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding

from tui.core.errors import PodtuiError
from tui.core.text import clean_line
from tui.ui.downloading import Downloads, notify_line
from tui.ui.keys import binding
from tui.ui.screens.dialogs import ConfirmDialog
from tui.ui.screens.view import VIEWS, show_view
from tui.ui.services import services
from tui.ui.widgets.episode_browser import EpisodeBrowser

DOWNLOAD_BINDINGS: list[Binding] = [
    binding("downloads.toggle", "download", show=False),
    binding("downloads.show", "show_downloads", show=False),
]  # fmt: skip


def confirm_delete(app: App[Any], downloads: Downloads, episode_id: int, title: str) -> None:
    """Ask before deleting an episode's download; delete it if the user agrees."""
    title = clean_line(title) or f"episode {episode_id}"
    if downloads.is_active(episode_id):
        question = f"Stop downloading “{title}” and delete what arrived?"
    else:
        question = f"Delete the downloaded file of “{title}”?"

    def answered(delete: bool | None) -> None:
        if delete:
            app.run_worker(
                _delete(app, downloads, episode_id, title),
                group="download-delete",
                exit_on_error=False,
            )

    app.push_screen(ConfirmDialog("Delete download", question, confirm="Delete"), answered)


async def _delete(app: App[Any], downloads: Downloads, episode_id: int, title: str) -> None:
    try:
        await downloads.delete(episode_id)
    except PodtuiError as exc:
        notify_line(app, f"Cannot delete the download of “{title}”: {exc.message}", error=True)
        return
    notify_line(app, f"Deleted the download of “{title}”")


class DownloadActions:
    """Mixed into the main screen: the actions of :data:`DOWNLOAD_BINDINGS`."""

    app: App[Any]

    @property
    def browser(self) -> EpisodeBrowser:
        raise NotImplementedError

    def _episode_for_download(self) -> tuple[int, str, bool] | None:
        """The highlighted episode: (id, title, downloaded)."""
        browser = self.browser
        episode_id = browser.highlighted_episode_id
        index = browser.index
        if index is None or episode_id is None:
            return None
        row = index.row_of(episode_id)
        if row is None:
            return None
        return episode_id, index.titles[row], bool(index.downloaded[row])

    def action_download(self) -> None:
        """Download the highlighted episode; cancel its download if it runs; offer to delete
        it once downloaded."""
        app = services(self.app)
        downloads = app.downloads if app is not None else None
        found = self._episode_for_download()
        if downloads is None or found is None:
            return
        episode_id, title, downloaded = found
        if downloads.is_active(episode_id):
            downloads.cancel(episode_id)
        elif downloaded:
            confirm_delete(self.app, downloads, episode_id, title)
        else:
            downloads.start(episode_id, title)

    def action_show_downloads(self) -> None:
        show_view(self.app, VIEWS["downloads"])
