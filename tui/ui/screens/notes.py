"""An episode's notes over the whole terminal."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen

from tui.core.errors import PodtuiError
from tui.ui.keys import binding
from tui.ui.screens.transcript import TranscriptScreen
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.notes_view import EpisodeNotes, NotesView

if TYPE_CHECKING:
    from tui.ui.widgets.notes_view import ChaptersLoader


class NotesScreen(Screen[None]):
    """The notes of one episode; ``n`` or Esc goes back. ``c`` (or Tab) goes to the
    chapter list, where Enter plays the episode from the highlighted chapter; ``T`` opens
    the transcript."""

    HELP_TITLE = "Notes"
    AUTO_FOCUS = "#notes-full"
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("notes.close", "close"),
        binding("notes.links", "links"),
        binding("notes.chapters", "chapters"),
        binding("view.transcript", "transcript"),
    ]

    def __init__(
        self,
        episode_id: int,
        load: Callable[[int], EpisodeNotes],
        notes: EpisodeNotes | None = None,
        *,
        chapters: ChaptersLoader | None = None,
        focus_chapters: bool = False,
    ) -> None:
        super().__init__()
        self.episode_id = episode_id
        self._load_notes = load
        self._load_chapters = chapters
        self._focus_chapters = focus_chapters
        self._notes = notes if notes is not None and notes.episode.id == episode_id else None

    def compose(self) -> ComposeResult:
        yield NotesView(
            self._notes, id="notes-full", empty="Loading…", chapters=self._load_chapters
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        if self._notes is None:
            self._load()

    @property
    def view(self) -> NotesView:
        return self.query_one("#notes-full", NotesView)

    @work(exclusive=True, group="notes-full", exit_on_error=False)
    async def _load(self) -> None:
        try:
            notes = await asyncio.to_thread(self._load_notes, self.episode_id)
        except PodtuiError as exc:
            self.view.show_message(exc.message)
            return
        await self.view.show(notes)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The chapters and transcript keys show in the footer only for an episode with
        # chapters or a transcript.
        if action == "transcript":
            notes = self.view.notes
            return notes is not None and bool(notes.episode.transcript_url)
        return action != "chapters" or bool(self.view.chapters)

    def on_notes_view_chapters_shown(self) -> None:
        self.refresh_bindings()
        if self._focus_chapters:
            self._focus_chapters = False
            self.view.focus_chapters()

    def action_chapters(self) -> None:
        self.view.focus_chapters()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_links(self) -> None:
        self.view.pick_link()

    def action_transcript(self) -> None:
        self.app.push_screen(TranscriptScreen(self.episode_id))
