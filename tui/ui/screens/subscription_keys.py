"""The main screen's podcast commands: add a feed, remove a podcast, refresh one or all
(with the progress in the status line and a summary when done)."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.widgets import Label

from tui.core.directories.models import SearchOutcome
from tui.core.directories.search import search_directories
from tui.core.models import Podcast, SourceStatus
from tui.core.subscriptions import SourceResult, add_sources, refresh
from tui.core.text import clean_line
from tui.ui.downloading import auto_download_after_refresh
from tui.ui.keys import key_for
from tui.ui.messages import LibraryChanged, RefreshFinished
from tui.ui.screens.dialogs import AddFeedDialog, ConfirmDialog, added_line
from tui.ui.services import ServicesScreen
from tui.ui.widgets.podcast_list import PodcastList


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class SubscriptionActions(ServicesScreen):
    """Mixed into the main screen, which gives the parts declared here."""

    _refreshing: bool

    @property
    def podcast_list(self) -> PodcastList:
        raise NotImplementedError

    def _target_podcast(self) -> Podcast | None:
        raise NotImplementedError

    async def _add_source(self, source: str) -> SourceResult:
        directories = self.podtui.config.directories
        results = await add_sources(self.library, [source], self.podtui.fetcher, directories)
        return results[0]

    async def _search_directories(self, words: str) -> SearchOutcome:
        return await search_directories(self.podtui.fetcher, self.podtui.config.directories, words)

    def action_add_feed(self) -> None:
        def added(result: SourceResult | None) -> None:
            if result is not None:
                self.notify(added_line(result), markup=False)
                select = result.podcast.id if result.podcast is not None else None
                self.post_message(LibraryChanged(select=select))

        self.app.push_screen(
            AddFeedDialog(self._add_source, search=self._search_directories), added
        )

    def action_remove_podcast(self) -> None:
        podcast = self._target_podcast()
        if podcast is None:
            return
        title = clean_line(podcast.title) or podcast.url
        question = (
            f"Unsubscribe from {title} and forget its {plural(podcast.episode_count, 'episode')}"
            " (played state and positions included)?"
        )

        def answered(remove: bool | None) -> None:
            if remove:
                self._remove(podcast.id, title)

        self.app.push_screen(ConfirmDialog("Remove podcast", question, confirm="Remove"), answered)

    @work(group="remove", exit_on_error=False)
    async def _remove(self, podcast_id: int, title: str) -> None:
        await asyncio.to_thread(self.library.remove_podcast, podcast_id)
        self.notify(f"Removed {title}", markup=False)
        self.post_message(LibraryChanged())

    def action_refresh_podcast(self) -> None:
        podcast = self._target_podcast()
        if podcast is not None:
            self._start_refresh([podcast.id])

    def action_refresh_all(self) -> None:
        self._start_refresh(None)

    @property
    def refreshing(self) -> bool:
        return self._refreshing

    def _start_refresh(self, podcast_ids: list[int] | None) -> None:
        if self._refreshing:
            self.notify("A refresh is already running")
            return
        count = len(podcast_ids) if podcast_ids is not None else len(self.podcast_list.podcasts)
        if not count:
            self.notify(
                f"Nothing to refresh: press {key_for(self.app, 'podcasts.add')} to add a podcast"
            )
            return
        self._refreshing = True
        self._refresh(podcast_ids, count)

    @work(group="refresh", exit_on_error=False)
    async def _refresh(self, podcast_ids: list[int] | None, count: int) -> None:
        feeds = plural(count, "feed")
        done = 0

        def progress(_result: SourceResult) -> None:
            nonlocal done
            done += 1
            if count > 1:
                self._show_status(f"Refreshing {feeds}… {done} of {count} done")

        self._show_status(f"Refreshing {feeds}…")
        try:
            summary = await refresh(
                self.library, podcast_ids, fetcher=self.podtui.fetcher, on_result=progress
            )
        finally:
            self._refreshing = False
            self._show_status(None)
        self.post_message(RefreshFinished(summary, podcast_ids))

    def _show_status(self, text: str | None) -> None:
        self.query_one("#status-text", Label).update(Content(text or ""))
        self.query_one("#status-line").set_class(text is not None, "-busy")

    @on(RefreshFinished)
    def _refresh_finished(self, message: RefreshFinished) -> None:
        summary = message.summary
        results = summary.results
        if len(results) == 1:
            result = results[0]
            title = clean_line(result.podcast.title) if result.podcast else result.source
            if result.status == SourceStatus.FAILED:
                self.notify(
                    f"Cannot refresh {title}: {result.error}", severity="error", markup=False
                )
            else:
                news = plural(result.new, "new episode") if result.new else "no new episodes"
                self.notify(f"Refreshed {title}: {news}", markup=False)
        else:
            severity: SeverityLevel = "warning" if summary.failed else "information"
            self.notify(summary.line(), severity=severity, markup=False)
            for result in summary.failed[:3]:
                title = clean_line(result.podcast.title) if result.podcast else result.source
                self.notify(f"{title}: {result.error}", severity="error", markup=False)
        if any(result.status in (SourceStatus.ADDED, SourceStatus.UPDATED) for result in results):
            self.post_message(LibraryChanged())
        auto_download_after_refresh(self.app, self.podtui.downloads, results)
