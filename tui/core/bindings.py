"""Every key binding of the app, in one registry, as data (no Textual).

A binding id (``podcasts.add``) has one default key list, a short label for the footer, a
sentence for the help screen and the README, the views where it acts, and, when it is a
command, its name in the command palette with the words a user might type for it. The app
makes its ``BINDINGS`` from here (:mod:`tui.ui.keys`); ``podtui doctor`` checks a config's
keymap against :data:`BINDING_IDS`.
"""

from __future__ import annotations

from dataclasses import dataclass

# The views, in the order the help screen and the README list them.
EVERYWHERE = "Everywhere"
LIBRARY = "Library"
EPISODES = "Episode list"
PODCASTS = "Podcast list"
FILTER = "Filter"
NOTES = "Notes"
TRANSCRIPT = "Transcript"
QUEUE = "Queue"
DOWNLOADS = "Downloads"
FIND = "Podcast search"
DIALOGS = "Dialogs"
VIEWS = (
    EVERYWHERE, LIBRARY, EPISODES, PODCASTS, FILTER, NOTES, TRANSCRIPT, QUEUE, DOWNLOADS,
    FIND, DIALOGS,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Key:
    """One binding id: its default keys (Textual key names, comma-separated, the first
    is the one hints name), footer label, help sentence, views, and palette entry."""

    id: str
    keys: str
    label: str
    help: str
    views: tuple[str, ...]
    command: str | None = None  # the palette's name; None: not a command
    words: tuple[str, ...] = ()  # what else a user may type to find the command
    action: str | None = None  # a command without a key: the main screen's action
    each: bool = False  # each key is a binding of its own: links.pick's 1 is links.1


def _k(
    id: str,
    keys: str,
    label: str,
    help: str,
    views: str | tuple[str, ...],
    command: str | None = None,
    words: str = "",
    action: str | None = None,
    each: bool = False,
) -> Key:
    if isinstance(views, str):
        views = (views,)
    return Key(id, keys, label, help, views, command, tuple(words.split()), action, each)


_E, _L, _Q, _D = EVERYWHERE, LIBRARY, QUEUE, DOWNLOADS
KEYS: dict[str, Key] = {
    key.id: key
    for key in (
        # Everywhere
        _k("app.quit", "q", "Quit", "Quit (the position is saved)", _E,
           "App: quit", "exit close leave"),
        _k("app.detach", "ctrl+d", "Detach",
           "Quit, leaving the episode playing (podtui attaches again)", _E,
           "App: detach, keep playing", "background daemon leave"),
        _k("help.keys", "question_mark,f1", "Keys", "Every key, and the filter language", _E,
           "Help: keys", "shortcuts bindings keyboard"),
        _k("app.command_palette", "ctrl+p", "Commands",
           "Run any command by name (OPML import and export too)", _E),
        _k("player.toggle_pause", "space", "Play/Pause", "Pause or resume", _E,
           "Player: play/pause", "resume pause start"),
        _k("player.stop", "s", "Stop", "Stop playing", _E, "Player: stop", "halt"),
        _k("app.sync", "S,shift+s", "Sync",
           "Sync with the gpodder server (after podtui sync login)",
           _E, "App: sync with the gpodder server", "gpodder phone positions upload"),
        _k("player.seek_back", "left", "Seek back", "Seek back (10 s by default)", _E,
           "Player: seek back", "rewind skip backward jump"),
        _k("player.seek_forward", "right", "Seek forward", "Seek forward (30 s by default)",
           _E, "Player: seek forward", "skip forward jump fast"),
        _k("player.seek_back_long", "shift+left", "Seek back more", "Seek back 60 s", _E,
           "Player: seek back 60 s", "rewind skip backward jump"),
        _k("player.seek_forward_long", "shift+right", "Seek forward more",
           "Seek forward 60 s", _E, "Player: seek forward 60 s", "skip forward jump fast"),
        _k("player.restart", "0", "Restart episode", "Restart the episode from the start",
           _E, "Player: restart episode", "beginning rewind start over"),
        _k("player.slower", "left_square_bracket", "Slower", "Play slower (pitch kept)", _E,
           "Player: slower", "speed rate tempo decrease"),
        _k("player.faster", "right_square_bracket", "Faster", "Play faster (pitch kept)", _E,
           "Player: faster", "speed rate tempo increase"),
        _k("player.volume_down", "minus", "Volume down", "Volume down", _E,
           "Player: volume down", "quieter softer sound"),
        _k("player.volume_up", "plus,equals_sign", "Volume up", "Volume up", _E,
           "Player: volume up", "louder sound"),
        _k("player.previous_chapter", "less_than_sign,comma", "Previous chapter",
           "Previous chapter", _E, "Player: previous chapter", "chapters section back"),
        _k("player.next_chapter", "greater_than_sign,full_stop", "Next chapter",
           "Next chapter", _E, "Player: next chapter", "chapters section skip"),
        _k("player.sleep", "z", "Sleep timer",
           "Sleep timer: 15, 30, 45, 60 min, end of episode, off",
           _E, "Player: sleep timer, next choice", "sleep timer night bed fade"),
        *(
            _k(f"player.sleep_{minutes}", "", f"Sleep in {minutes} min",
               f"Pause after {minutes} minutes of listening", _E,
               f"Player: sleep in {minutes} minutes", "sleep timer night bed fade",
               action=f"app.player_sleep('{minutes}')")
            for minutes in (15, 30, 45, 60)
        ),
        _k("player.sleep_end", "", "Sleep at the end", "Stop at the end of this episode", _E,
           "Player: sleep at the end of the episode", "sleep timer night bed fade",
           action="app.player_sleep('end')"),
        _k("player.sleep_off", "", "Sleep timer off", "Turn the sleep timer off", _E,
           "Player: sleep timer off", "sleep timer cancel", action="app.player_sleep('off')"),
        # The library (the main screen)
        _k("podcasts.add", "ctrl+n", "Add",
           "Add a podcast: words search the podcast directories; or a feed URL, a web page,"
           " an Apple Podcasts link, a feed file", _L,
           "Podcast: add or find a podcast",
           "subscribe new podcast url rss search find directory itunes apple web page"),
        _k("podcasts.refresh", "r", "Refresh", "Refresh the highlighted podcast", _L,
           "Podcast: refresh", "update fetch reload check"),
        _k("podcasts.refresh_all", "R,shift+r", "Refresh all", "Refresh every podcast", _L,
           "Podcast: refresh all", "update fetch reload check every"),
        _k("podcasts.remove", "delete", "Remove podcast",
           "Unsubscribe from the highlighted podcast (asks first)", _L,
           "Podcast: unsubscribe", "remove delete podcast"),
        _k("podcasts.import_opml", "", "Import OPML", "Subscribe to every feed of an OPML file",
           _L, "Podcast: import OPML", "opml import subscriptions file",
           action="import_opml"),
        _k("podcasts.export_opml", "", "Export OPML", "Write every subscription to an OPML file",
           _L, "Podcast: export OPML", "opml export subscriptions backup save file",
           action="export_opml"),
        _k("episodes.toggle_played", "m", "Mark played",
           "Mark the highlighted episode played (or unplayed again)", _L,
           "Episode: mark played", "unplayed done finished listened"),
        _k("view.notes", "n", "Notes", "The highlighted episode's notes over the whole screen",
           _L, "Episode: show notes", "notes description show full"),
        _k("notes.links", "l", "Links", "Copy or open a link of the notes", (_L, NOTES),
           "Episode: links", "link url copy open browser"),
        _k("notes.chapters", "c", "Chapters",
           "The highlighted episode's chapters: Enter (or a click) plays from one", (_L, NOTES),
           "Episode: chapters", "chapter jump section part"),
        _k("view.transcript", "T,shift+t", "Transcript",
           "The highlighted episode's transcript, following playback", (_L, NOTES),
           "Episode: transcript", "transcript captions subtitles words spoken text"),
        _k("view.podcasts", "p", "Podcasts", "Move to the podcast list", _L,
           "View: podcasts", "focus sidebar list"),
        _k("view.episodes", "e", "Episodes", "Move to the episode list", _L,
           "View: episodes", "focus table list"),
        _k("queue.append", "a", "Add to queue",
           "Put the highlighted episode at the end of the queue", _L,
           "Queue: add episode", "enqueue append later"),
        _k("queue.next", "A,shift+a", "Play next",
           "Put the highlighted episode in the queue right after what is playing", _L,
           "Queue: play next", "enqueue next"),
        _k("queue.show", "Q,shift+q", "Queue", "Show the play queue (again: close it)",
           (_L, _Q, _D), "Queue: show", "playlist up next list"),
        _k("queue.clear", "X,shift+x", "Clear queue", "Empty the play queue (asks first)",
           (_L, _Q), "Queue: clear", "empty remove delete all playlist"),
        _k("downloads.toggle", "D,shift+d", "Download",
           "Download the highlighted episode (again: cancel; once there: delete)", (_L, _D),
           "Downloads: download episode", "download offline save cancel delete file"),
        _k("downloads.show", "W,shift+w", "Downloads",
           "The downloads, with their speed and time left (again: close them)",
           (_L, _Q, _D), "Downloads: show", "downloads progress files offline"),
        # The episode list
        _k("episodes.cursor_up", "up,k", "Previous episode", "Previous episode", EPISODES),
        _k("episodes.cursor_down", "down,j", "Next episode", "Next episode", EPISODES),
        _k("episodes.page_up", "pageup", "Page up", "A page up", EPISODES),
        _k("episodes.page_down", "pagedown", "Page down", "A page down", EPISODES),
        _k("episodes.first", "home", "First episode", "First episode", EPISODES),
        _k("episodes.last", "end", "Last episode", "Last episode", EPISODES),
        _k("episodes.select", "enter", "Play episode",
           "Play the highlighted episode (resumes where you stopped)", EPISODES,
           "Episode: play", "play listen start resume"),
        _k("episodes.sort", "o", "Sort", "Sort by the next column", EPISODES,
           "Episode: sort", "order column"),
        _k("episodes.sort_reverse", "O,shift+o", "Reverse sort", "Reverse the sort", EPISODES,
           "Episode: reverse sort", "order descending ascending"),
        # The podcast list
        _k("podcasts.cursor_down", "j", "Next podcast", "Next podcast", PODCASTS),
        _k("podcasts.cursor_up", "k", "Previous podcast", "Previous podcast", PODCASTS),
        # The filter
        _k("episodes.filter", "slash", "Filter", "Filter the episodes (the language is below)",
           FILTER, "Episode: filter", "search find query"),
        _k("episodes.clear_filter", "escape", "Clear filter", "Clear the filter", FILTER),
        _k("episodes.submit_filter", "enter", "To the episodes",
           "Back to the episodes, the filter kept", FILTER),
        _k("episodes.leave_filter", "down", "To the episodes",
           "Back to the episodes, the filter kept", FILTER),
        # The notes
        _k("notes.close", "escape,n", "Back", "Back to the library", NOTES,
           "Notes: back", "close library"),
        # The transcript
        _k("transcript.close", "escape,T,shift+t", "Back",
           "Back (from the search field: clear the search)", TRANSCRIPT),
        _k("transcript.play", "enter", "Play from here",
           "Play the episode from the highlighted cue", TRANSCRIPT),
        _k("transcript.search", "slash", "Search", "Search the transcript", TRANSCRIPT),
        _k("transcript.next_match", "n", "Next match",
           "The next cue that matches (Enter in the search field too)", TRANSCRIPT),
        _k("transcript.previous_match", "N,shift+n", "Previous match",
           "The previous cue that matches", TRANSCRIPT),
        _k("transcript.follow", "f", "Follow",
           "Back to the cue being spoken: the view follows playback again", TRANSCRIPT),
        _k("transcript.cursor_up", "up,k", "Previous cue", "Previous cue", TRANSCRIPT),
        _k("transcript.cursor_down", "down,j", "Next cue", "Next cue", TRANSCRIPT),
        _k("transcript.page_up", "pageup", "Page up", "A page up", TRANSCRIPT),
        _k("transcript.page_down", "pagedown", "Page down", "A page down", TRANSCRIPT),
        # The queue
        _k("queue.close", "escape", "Close", "Close the queue", _Q),
        _k("queue.play", "enter", "Play now", "Play the highlighted episode now", _Q,
           "Queue: play now", "start listen"),
        _k("queue.remove", "d", "Remove", "Take the highlighted episode out of the queue", _Q,
           "Queue: remove episode", "delete take out"),
        _k("queue.move_up", "K,shift+k,shift+up", "Move up", "Move the episode up", _Q,
           "Queue: move up", "reorder earlier"),
        _k("queue.move_down", "J,shift+j,shift+down", "Move down", "Move the episode down", _Q,
           "Queue: move down", "reorder later"),
        _k("queue.cursor_up", "k", "Previous", "Previous episode", _Q),
        _k("queue.cursor_down", "j", "Next", "Next episode", _Q),
        _k("view.first", "home", "First", "First row", (TRANSCRIPT, _Q, _D)),
        _k("view.last", "end", "Last", "Last row", (TRANSCRIPT, _Q, _D)),
        # Enter in the queue's and the downloads' tables: the screen's Enter, listed there.
        _k("view.play", "enter", "Play", "Play the highlighted episode", ()),
        # The downloads
        _k("downloads.close", "escape", "Close", "Close the downloads", _D),
        _k("downloads.play", "enter", "Play", "Play the highlighted episode", _D,
           "Downloads: play", "start listen"),
        _k("downloads.delete", "delete", "Delete", "Delete the downloaded file", _D,
           "Downloads: delete file", "remove erase file"),
        _k("downloads.cursor_up", "k", "Previous", "Previous download", _D),
        _k("downloads.cursor_down", "j", "Next", "Next download", _D),
        # The podcast search (words typed in Ctrl+N)
        _k("find.subscribe", "enter", "Subscribe",
           "Subscribe to the highlighted podcast (typing filters the results)", FIND),
        _k("find.close", "escape", "Back", "Back to the add dialog, to change the words",
           FIND),
        _k("find.cursor_up", "up", "Previous", "Previous podcast", FIND),
        _k("find.cursor_down", "down", "Next", "Next podcast", FIND),
        _k("find.page_up", "pageup", "Page up", "A page up", FIND),
        _k("find.page_down", "pagedown", "Page down", "A page down", FIND),
        # Dialogs
        _k("help.close", "escape,question_mark,f1", "Close", "Close the help", DIALOGS),
        _k("dialog.cancel", "escape", "Cancel", "Cancel the dialog", DIALOGS),
        _k("dialog.yes", "y", "Yes", "Answer yes", DIALOGS),
        _k("dialog.no", "n,escape", "No", "Answer no", DIALOGS),
        _k("links.close", "escape,l", "Close", "Close the links", DIALOGS),
        _k("links.pick", "1,2,3,4,5,6,7,8,9", "Link", "Pick the link of that number", DIALOGS,
           each=True),
    )
}  # fmt: skip


def _binding_ids() -> frozenset[str]:
    ids: set[str] = set()
    for key in KEYS.values():
        if key.each:
            group = key.id.rpartition(".")[0]
            ids.update(f"{group}.{name.strip()}" for name in key.keys.split(","))
        elif key.keys:  # a command with no key is the palette's alone
            ids.add(key.id)
    return frozenset(ids)


BINDING_IDS = _binding_ids()
"""Every binding id the app declares (the keys of the config's [keymap] table)."""
