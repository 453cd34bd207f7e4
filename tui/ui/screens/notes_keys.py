"""The main screen's notes commands: the notes over the whole screen, the chapters, the
transcript, the links of the highlighted episode."""

from __future__ import annotations

import asyncio
from functools import partial

from textual import work

from tui.core.feeds.chapters import Chapter, ChaptersError
from tui.core.models import Episode
from tui.ui.screens.dialogs import pick_link
from tui.ui.screens.notes import NotesScreen
from tui.ui.screens.transcript import TranscriptScreen
from tui.ui.services import ServicesScreen
from tui.ui.widgets.notes_view import NotesView, load_notes


class NotesActions(ServicesScreen):
    """Mixed into the main screen, which gives the parts declared here."""

    @property
    def notes_view(self) -> NotesView:
        raise NotImplementedError

    def _highlighted(self) -> int | None:
        raise NotImplementedError

    async def chapters_of(self, episode: Episode) -> list[Chapter] | ChaptersError | None:
        """An episode's chapters for its notes (fetched once, shared with playback)."""
        playback = self.podtui.playback
        return await playback.chapters_of(episode) if playback is not None else None

    def action_notes(self, chapters: bool = False) -> None:
        episode_id = self._highlighted()
        if episode_id is not None:
            load = partial(load_notes, self.library)
            screen = NotesScreen(
                episode_id,
                load,
                self.notes_view.notes,
                chapters=self.chapters_of,
                focus_chapters=chapters,
            )
            self.app.push_screen(screen)

    def action_chapters(self) -> None:
        """The notes over the whole screen, the chapter list focused."""
        notes = self.notes_view.notes
        if (
            notes is not None
            and notes.episode.id == self._highlighted()
            and not notes.episode.chapters_url
        ):
            self.notify("This episode has no chapters")
            return
        self.action_notes(chapters=True)

    def action_transcript(self) -> None:
        """The transcript of the highlighted episode (of the one playing when none is)."""
        episode_id = self._highlighted()
        if episode_id is None:
            playback = self.podtui.playback
            episode_id = playback.playing_id if playback is not None else None
        if episode_id is None:
            return
        notes = self.notes_view.notes
        known = notes.episode if notes is not None and notes.episode.id == episode_id else None
        if known is not None and not known.transcript_url:
            self.notify("This episode has no transcript")
            return
        self.app.push_screen(TranscriptScreen(episode_id))

    def action_links(self) -> None:
        episode_id = self._highlighted()
        if episode_id is None:
            return
        if self.notes_view.episode_id == episode_id:
            self.notes_view.pick_link()
        else:
            self._pick_link_of(episode_id)  # its notes are still being read

    @work(exclusive=True, group="links", exit_on_error=False)
    async def _pick_link_of(self, episode_id: int) -> None:
        notes = await asyncio.to_thread(load_notes, self.library, episode_id)
        pick_link(self.app, notes.links)
