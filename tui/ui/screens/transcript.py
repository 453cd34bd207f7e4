"""An episode's transcript over the whole terminal, following playback.

The transcript kept in the library shows at once; otherwise it is fetched (through the
app's shared HTTP client) in a worker and kept. While the episode plays, the screen reads
the player's position four times a second (only then: paused or stopped it reads nothing)
and the view marks the cue being spoken. Enter plays from the highlighted cue; ``/``
searches the transcript.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.timer import Timer
from textual.widgets import Input, Label

from tui.core.errors import PodtuiError
from tui.core.library import StoredTranscript
from tui.core.models import PlayerState
from tui.core.text import clean_line, format_duration
from tui.core.transcripts import TranscriptError
from tui.service.remote import RemoteSession
from tui.session import events as ev
from tui.session.core import ACTIVE
from tui.ui.errors import ReportsWorkerErrors
from tui.ui.keys import binding, key_for
from tui.ui.messages import TranscriptKept
from tui.ui.services import ServicesApp, ServicesScreen
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from collections.abc import Callable

    from tui.core.library import Library
    from tui.core.models import Episode

POLL_INTERVAL = 0.25  # seconds between reads of the position while the episode plays


class TranscriptScreen(ReportsWorkerErrors, ServicesScreen):
    """The transcript of one episode (see the module docstring)."""

    HELP_TITLE = "Transcript"
    AUTO_FOCUS = "#transcript"
    BINDINGS: ClassVar[list[BindingType]] = [
        binding("transcript.close", "close"),
        binding("transcript.search", "search"),
        binding("transcript.next_match", "match(1)"),
        binding("transcript.previous_match", "match(-1)", show=False),
        binding("transcript.follow", "follow"),
    ]

    def __init__(self, episode_id: int) -> None:
        super().__init__(id="transcript-screen")
        self.episode_id = episode_id
        self.episode: Episode | None = None
        self.transcript: StoredTranscript | None = None
        self._timer: Timer | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._loaded: int | None = None  # the episode the session has loaded
        self._told: tuple[float, float] = (-1.0, 0.0)  # the position last read, and when

    def compose(self) -> ComposeResult:
        yield Label("", id="transcript-title", markup=False)
        yield TranscriptView(id="transcript")
        yield Input(placeholder="search the transcript", id="transcript-search")
        yield Label("Loading the transcript…", id="transcript-status", markup=False)
        yield KeyFooter()

    # -- parts ----------------------------------------------------------------------------

    @property
    def view(self) -> TranscriptView:
        return self.query_one("#transcript", TranscriptView)

    @property
    def search_input(self) -> Input:
        return self.query_one("#transcript-search", Input)

    def _say(self, text: str) -> None:
        self.query_one("#transcript-status", Label).update(clean_line(text))

    # -- loading --------------------------------------------------------------------------

    def on_mount(self) -> None:
        playback = self.podtui.playback
        if playback is not None:
            self._loaded = playback.playing_id
            self._unsubscribe = playback.subscribe(self._session_event)
        self._load()

    def on_unmount(self) -> None:
        self._poll(False)
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    @work(exclusive=True, group="transcript", exit_on_error=False)
    async def _load(self) -> None:
        library = self.library
        fetched: StoredTranscript | None = None
        try:
            episode = await asyncio.to_thread(library.episode, self.episode_id, with_notes=False)
            self.episode = episode
            self._show_title()
            kept = await asyncio.to_thread(library.transcript, self.episode_id)
            if kept is None:
                if not episode.transcript_url:
                    self._say("This episode has no transcript")
                    return
                self._say("Fetching the transcript…")
                from tui.core.transcripts.fetch import fetch_transcript  # lazy: lxml, off start-up

                found, cues = await fetch_transcript(
                    self.podtui.fetcher, episode.transcript_url, episode.transcript_type
                )
                url = episode.transcript_url
                kept = fetched = StoredTranscript(
                    self.episode_id, url, found, int(time.time()), cues
                )
        except TranscriptError as exc:
            self._say(exc.message)
            return
        except PodtuiError as exc:
            self._say(f"cannot show the transcript: {exc.message}")
            return
        if kept is None:
            self._say("This episode has no transcript")
            return
        self.transcript = kept
        self.view.show(kept.cues, self._position())
        self._show_title()
        self._idle_status()
        self._follow_state()
        if fetched is not None:  # shown first, kept after: the cues are on screen sooner
            # The app's worker: the transcript is kept even when this screen closes first.
            self.app.run_worker(_keep(self.podtui, library, fetched), exit_on_error=False)

    def _show_title(self) -> None:
        episode = self.episode
        if episode is None:
            return
        text = f"{episode.podcast} — {episode.title}" if episode.podcast else episode.title
        self.query_one("#transcript-title", Label).update(clean_line(text))

    def _idle_status(self) -> None:
        kept = self.transcript
        if kept is None:
            return
        count = len(kept.cues)
        about = f"{kept.format.label}, {count} {'cue' if count == 1 else 'cues'}"
        if not self.view.timed:
            self._say(f"{about} · no times: it cannot follow playback")
            return
        play = key_for(self.app, "transcript.play")
        self._say(f"{about} · {play} plays from the highlighted cue")

    # -- following playback ---------------------------------------------------------------

    def _playing_here(self) -> bool:
        playback = self.podtui.playback
        return playback is not None and self._loaded == self.episode_id and playback.state in ACTIVE

    def _position(self) -> float | None:
        playback = self.podtui.playback
        if playback is None or not self._playing_here():
            return None
        player = playback.current_player
        if player is None:
            return None
        position = player.position
        if not isinstance(playback, RemoteSession):
            return position
        # The player service tells the position once a second: in between, it moves on
        # at the playing rate (never more than that second).
        now = time.monotonic()
        if position != self._told[0] or player.state is not PlayerState.PLAYING:
            self._told = (position, now)
            return position
        return position + min(1.0, (now - self._told[1]) * player.rate)

    def _session_event(self, event: ev.SessionEvent) -> None:
        if isinstance(event, ev.NowPlaying):
            self._loaded = event.episode_id
            self._told = (-1.0, 0.0)
        if isinstance(event, ev.NowPlaying | ev.StateChanged | ev.PlayerUpdated):
            self._follow_state()

    def _follow_state(self) -> None:
        if not self.is_mounted or self.transcript is None:
            return
        playback = self.podtui.playback
        here = self._playing_here()
        playing = here and playback is not None and playback.state is PlayerState.PLAYING
        self._poll(playing and self.view.timed)
        position = self._position()
        if position is not None:
            self.view.show_position(position)

    def _poll(self, on: bool) -> None:
        if on and self._timer is None:
            self._timer = self.set_interval(POLL_INTERVAL, self._tick, name="transcript-poll")
        elif not on and self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _tick(self) -> None:
        position = self._position()
        if position is not None:
            self.view.show_position(position)

    @property
    def polling(self) -> bool:
        return self._timer is not None

    # -- actions --------------------------------------------------------------------------

    @on(TranscriptView.Chosen)
    def _chosen(self, message: TranscriptView.Chosen) -> None:
        playback = self.podtui.playback
        if playback is None:
            return
        if playback.play_from(self.episode_id, message.start):
            self._say(f"Playing from {format_duration(message.start)}")
            self.view.show_position(message.start)
            self._follow_state()

    def action_close(self) -> None:
        if self.focused is self.search_input:
            # Esc in the search field: the search is cleared, the cues have the keys again.
            self.search_input.value = ""
            self.search_input.remove_class("-shown")
            self.view.focus()
            return
        self.dismiss(None)

    def action_follow(self) -> None:
        self.view.follow()

    def action_search(self) -> None:
        field = self.search_input
        field.add_class("-shown")
        field.focus()

    def action_match(self, step: int) -> None:
        at = self.view.next_match(step)
        if at is not None:
            self._say(f"match {at + 1} of {len(self.view.matches)}")

    @on(Input.Changed, "#transcript-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#transcript-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.view.focus()
        if event.value.strip() and self.view.matches:
            self.action_match(1)

    def _search(self, text: str) -> None:
        if not text.strip():
            self.view.search("")
            self._idle_status()
            return
        found = self.view.search(text)
        if found:
            key = key_for(self.app, "transcript.next_match")
            self._say(f"{found} {'cue matches' if found == 1 else 'cues match'} ({key}: next)")
        else:
            self._say(f"nothing matches {clean_line(text)!r}")


async def _keep(app: ServicesApp, library: Library, fetched: StoredTranscript) -> None:
    """Keep a fetched transcript in the library; the filter then finds its words."""
    try:
        await asyncio.to_thread(
            library.store_transcript, fetched.episode_id, fetched.url, fetched.format, fetched.cues
        )
    except PodtuiError as exc:
        app.notify(f"The transcript could not be kept: {exc.message}", severity="warning")
        return
    app.post_message(TranscriptKept(fetched.episode_id))
