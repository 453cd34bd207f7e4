"""Show notes of one episode: a header (podcast, title, date, length, numbers, markers),
the notes as Markdown and their links, numbered as the notes number them.

Loading is the caller's business (:func:`load_notes` in a thread); the view only shows an
:class:`EpisodeNotes`. Nothing from the feed is ever read as markup: the header is plain
text and the notes went through :func:`tui.core.feeds.notes.notes_to_markdown`.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.feeds.chapters import Chapter, ChaptersError
from tui.core.feeds.notes.markdown import notes_to_markdown
from tui.core.processes import start_detached
from tui.core.text import clean_line, format_duration
from tui.ui.keys import key_for

if TYPE_CHECKING:
    from textual.app import App

    from tui.core.library import Library
    from tui.core.models import Episode

    # An episode's chapters (None: it has none), fetched once by whoever plays them.
    ChaptersLoader = Callable[[Episode], Awaitable[Sequence[Chapter] | ChaptersError | None]]


_NO_NOTES = "*No show notes.*"


@dataclass(frozen=True, slots=True)
class EpisodeNotes:
    """An episode with its notes as Markdown and the links the Markdown numbers."""

    episode: Episode
    markdown: str
    links: tuple[str, ...]


def load_notes(library: Library, episode_id: int) -> EpisodeNotes:
    """Read and convert an episode's notes (blocking: call it from a thread)."""
    episode = library.episode(episode_id, with_notes=True)
    markdown, links = notes_to_markdown(episode.notes or "")
    return EpisodeNotes(episode, markdown, tuple(links))


def episode_meta(episode: Episode) -> str:
    """``2019-05-17 · 45:12 · S2 E14 · trailer · chapters · transcript · played``."""
    parts: list[str] = []
    if episode.published is not None:
        parts.append(time.strftime("%Y-%m-%d", time.gmtime(episode.published)))
    if episode.duration:
        parts.append(format_duration(episode.duration))
    numbers = " ".join(
        f"{prefix}{number}"
        for prefix, number in (("S", episode.season_number), ("E", episode.episode_number))
        if number is not None
    )
    if numbers:
        parts.append(numbers)
    if episode.episode_type and episode.episode_type != "full":
        parts.append(clean_line(episode.episode_type))
    if episode.chapters_url:
        parts.append("chapters")
    if episode.transcript_url:
        parts.append("transcript")
    if episode.played:
        parts.append("played")
    elif episode.in_progress:
        parts.append(f"stopped at {format_duration(episode.position)}")
    return " · ".join(parts)


def links_content(links: tuple[str, ...] | list[str]) -> Content:
    """The numbered links, one a line (their numbers are the ones in the notes)."""
    width = len(str(len(links)))
    return Content("\n").join(
        Content.assemble((f"{number:>{width}}  ", "bold $text-accent"), url)
        for number, url in enumerate(links, 1)
    )


def chapter_label(number: int, chapter: Chapter) -> Content:
    """``   12:34  The title`` (a chapter without a title is named by its number)."""
    title = chapter.title or f"Chapter {number}"
    return Content.assemble((f"{format_duration(chapter.start):>8}  ", "$text-accent"), title)


def preview(markdown: str, limit: int) -> tuple[str, bool]:
    """The first blocks of ``markdown`` up to about ``limit`` characters; True if cut."""
    if len(markdown) <= limit:
        return markdown, False
    cut = markdown.rfind("\n\n", 0, limit)
    if cut <= 0:
        cut = markdown.find("\n\n", limit)
        if cut < 0:
            return markdown, False
    return markdown[:cut], True


def open_in_browser(url: str) -> bool:
    """Open ``url`` in a graphical browser if this machine shows one; True if launched.

    Never over SSH and never a console browser (which would take over the terminal the
    app is drawing on); the opener's output goes nowhere.
    """
    if not url.lower().startswith(("http://", "https://")):
        return False
    if os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
        return False
    if sys.platform == "darwin":
        command = ["open", url]
    elif os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        opener = shutil.which("xdg-open")
        if opener is None:
            return False
        command = [opener, url]
    else:
        return False
    try:
        start_detached(command)
    except OSError:
        return False
    return True


def share_link(app: App, number: int, url: str) -> None:
    """Copy a link to the clipboard (OSC 52, which works over SSH in most terminals) and
    open it where a graphical browser is; say so in a notification."""
    app.copy_to_clipboard(url)
    opened = open_in_browser(url)
    name = f"Link {number}" if number else "Link"
    done = "copied and opened" if opened else "copied"
    app.notify(f"{name} {done}: {url}", markup=False)


class NotesView(VerticalScroll):
    """The notes of one episode, scrollable. A link (clicked, or picked from the list
    :meth:`pick_link` shows) is copied to the clipboard and opened where a browser is.

    An episode's chapters (fetched by ``chapters``, when given) are a list under the notes:
    Enter or a click on one posts :class:`ChapterChosen`, to play the episode from there.

    With ``preview`` (a number of characters) only the first blocks of long notes are
    shown, which keeps a pane that follows the cursor quick; the links are all listed."""

    class ChaptersShown(Message):
        """The chapters of the episode shown are listed (or known to be none)."""

    @dataclass
    class LinksWanted(Message):
        """Show these links to pick one (copied, and opened where possible)."""

        links: tuple[str, ...]

    @dataclass
    class ChapterChosen(Message):
        """Play ``episode_id`` from ``start`` seconds (the start of chapter ``title``)."""

        episode_id: int
        start: float
        title: str

    DEFAULT_CSS = """
    NotesView {
        background: $surface;
        padding: 0 1;
        scrollbar-gutter: stable;
        & > Label { width: 1fr; }
        & > #notes-podcast { color: $text-muted; }
        & > #notes-title { text-style: bold; color: $text-primary; }
        & > #notes-meta { color: $text-secondary; }
        & > #notes-empty { color: $text-muted; text-style: italic; }
        & > Markdown { margin: 1 0 0 0; padding: 0; background: transparent; }
        & > #notes-links-title { margin: 1 0 0 0; text-style: bold; color: $text-muted; }
        & > #notes-links { width: 1fr; }
        & > #notes-more { color: $text-muted; text-style: italic; }
        & > #notes-chapters-title { margin: 1 0 0 0; text-style: bold; color: $text-muted; }
        & > #notes-chapters {
            height: auto;
            max-height: 50vh;
            border: none;
            padding: 0;
            background: transparent;
        }
        & .-hidden { display: none; }
    }
    """

    def __init__(
        self,
        notes: EpisodeNotes | None = None,
        *,
        empty: str = "No episode",
        preview: int | None = None,
        chapters: ChaptersLoader | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._initial = notes
        self._empty = empty
        self._preview = preview
        self._load_chapters = chapters
        self._notes: EpisodeNotes | None = None
        self._chapters: tuple[Chapter, ...] = ()
        self._chapters_of: int | None = None  # the episode whose chapters are listed

    def compose(self) -> ComposeResult:
        yield Label(self._empty, id="notes-empty", markup=False)
        yield Label("", id="notes-podcast", markup=False, classes="-hidden")
        yield Label("", id="notes-title", markup=False, classes="-hidden")
        yield Label("", id="notes-meta", markup=False, classes="-hidden")
        yield Markdown(id="notes-body", open_links=False, classes="-hidden")
        yield Label("", id="notes-more", markup=False, classes="-hidden")
        yield Label("Chapters", id="notes-chapters-title", markup=False, classes="-hidden")
        yield OptionList(id="notes-chapters", classes="-hidden")
        links = key_for(self.app, "notes.links")
        yield Label(f"Links ({links}: copy or open)", id="notes-links-title", classes="-hidden")
        yield Static("", id="notes-links", classes="-hidden")

    async def on_mount(self) -> None:
        if self._initial is not None:
            await self.show(self._initial)

    @property
    def notes(self) -> EpisodeNotes | None:
        """What is shown (None: nothing, or a message)."""
        return self._notes

    @property
    def episode_id(self) -> int | None:
        return self._notes.episode.id if self._notes is not None else None

    @property
    def links(self) -> tuple[str, ...]:
        return self._notes.links if self._notes is not None else ()

    @property
    def chapters(self) -> tuple[Chapter, ...]:
        """The chapters listed (empty: none, or not fetched yet)."""
        return self._chapters

    @property
    def chapter_list(self) -> OptionList:
        return self.query_one("#notes-chapters", OptionList)

    def focus_chapters(self) -> bool:
        """Put the focus on the chapter list; False if no chapters are listed."""
        if not self._chapters:
            return False
        chapters = self.chapter_list
        chapters.focus()
        if chapters.highlighted is None:
            chapters.highlighted = 0
        return True

    def show_message(self, text: str) -> None:
        """No episode: a line of text instead (``Loading…``, ``No episode``)."""
        self._notes = None
        self._chapters, self._chapters_of = (), None
        self.query_one("#notes-empty", Label).update(Content(text))
        for widget in self.children:
            widget.set_class(widget.id != "notes-empty", "-hidden")

    async def show(self, notes: EpisodeNotes) -> None:
        """Show an episode's notes (returns once the Markdown is in place)."""
        previous, self._notes = self._notes, notes
        episode = notes.episode
        self.query_one("#notes-podcast", Label).update(Content(clean_line(episode.podcast)))
        self.query_one("#notes-title", Label).update(Content(clean_line(episode.title)))
        self.query_one("#notes-meta", Label).update(Content(episode_meta(episode)))
        markdown, cut = preview(notes.markdown, self._preview or len(notes.markdown))
        if self._chapters_of != episode.id:
            self._chapters, self._chapters_of = (), None
        wants_chapters = bool(episode.chapters_url) and self._load_chapters is not None
        for widget in self.children:
            hidden = widget.id == "notes-empty" or (
                (widget.id == "notes-more" and not cut)
                or (widget.id in ("notes-links-title", "notes-links") and not notes.links)
                or (widget.id == "notes-chapters-title" and not wants_chapters)
                or (widget.id == "notes-chapters" and not self._chapters)
            )
            widget.set_class(hidden, "-hidden")
        if wants_chapters and self._chapters_of != episode.id:
            self.query_one("#notes-chapters-title", Label).update("Chapters: loading…")
            self._fetch_chapters(episode)
        if cut:
            count, key = len(notes.markdown) - len(markdown), key_for(self.app, "view.notes")
            more = f"… {count:,} more characters: {key} shows them all"
            self.query_one("#notes-more", Label).update(more)
        if notes.links and (previous is None or previous.links != notes.links):
            self.query_one("#notes-links", Static).update(links_content(notes.links))
        if previous is None or previous.episode.id != episode.id:
            self.scroll_home(animate=False)
        body = self.query_one("#notes-body", Markdown)
        if body.source != (markdown or _NO_NOTES):
            await body.update(markdown or _NO_NOTES)

    @work(exclusive=True, group="notes-chapters", exit_on_error=False)
    async def _fetch_chapters(self, episode: Episode) -> None:
        assert self._load_chapters is not None
        found = await self._load_chapters(episode)
        if self._notes is None or self._notes.episode.id != episode.id:
            return
        title = self.query_one("#notes-chapters-title", Label)
        chapters = self.chapter_list
        if isinstance(found, ChaptersError):
            title.update(Content(f"Chapters: {found.message}"))
            found = ()
        elif not found:
            title.update("Chapters: none listed")
        else:
            title.update("Chapters (Enter or a click plays from there)")
        self._chapters, self._chapters_of = tuple(found or ()), episode.id
        chapters.set_options(
            Option(chapter_label(number, chapter), id=str(number - 1))
            for number, chapter in enumerate(self._chapters, 1)
        )
        chapters.set_class(not self._chapters, "-hidden")
        self.post_message(self.ChaptersShown())

    @on(OptionList.OptionSelected, "#notes-chapters")
    def _chapter_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._chapters_of is None or not 0 <= event.option_index < len(self._chapters):
            return
        chapter = self._chapters[event.option_index]
        self.post_message(self.ChapterChosen(self._chapters_of, chapter.start, chapter.title))

    def update_episode(self, episode: Episode) -> None:
        """The same episode with a changed status (played, position): redo the header."""
        if self._notes is not None and self._notes.episode.id == episode.id:
            self._notes = EpisodeNotes(episode, self._notes.markdown, self._notes.links)
            self.query_one("#notes-meta", Label).update(Content(episode_meta(episode)))

    def pick_link(self) -> None:
        """Ask for the links to be shown (the app shows them in a picker)."""
        self.post_message(self.LinksWanted(self.links))

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        href = event.href
        number = self.links.index(href) + 1 if href in self.links else 0
        if number or href.lower().startswith(("http://", "https://")):
            share_link(self.app, number, href)
