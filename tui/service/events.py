"""The listening session's events on the wire: a JSON object with the event's class name
as ``kind`` and its fields, and back. Unknown kinds (a newer service) are skipped."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from tui.core.feeds.chapters import Chapter
from tui.core.models import PlayerState, SleepMode
from tui.session import events as ev

KINDS: dict[str, type[ev.SessionEvent]] = {
    cls.__name__: cls
    for cls in (
        ev.NowPlaying,
        ev.StateChanged,
        ev.PlayerUpdated,
        ev.PositionSaved,
        ev.EpisodeStatusChanged,
        ev.EpisodeFinished,
        ev.QueueChanged,
        ev.ChaptersLoaded,
        ev.PlaceKept,
        ev.PlaybackFailed,
        ev.NothingToPlay,
        ev.SleepTimerChanged,
        ev.Notice,
    )
}


def to_wire(event: ev.SessionEvent) -> dict[str, Any]:
    data = asdict(event)
    if isinstance(event, ev.StateChanged):
        data["state"] = event.state.value
    elif isinstance(event, ev.SleepTimerChanged):
        data["mode"] = event.mode.value
    return {"kind": type(event).__name__, **data}


def from_wire(data: dict[str, Any]) -> ev.SessionEvent | None:
    """The event, or None for a kind or fields this podtui does not know."""
    fields = dict(data)
    cls = KINDS.get(str(fields.pop("kind", "")))
    if cls is None:
        return None
    try:
        if cls is ev.StateChanged:
            fields["state"] = PlayerState(fields["state"])
        elif cls is ev.QueueChanged:
            fields["before"] = tuple(fields["before"])
            fields["after"] = tuple(fields["after"])
        elif cls is ev.SleepTimerChanged:
            fields["mode"] = SleepMode(fields["mode"])
        elif cls is ev.ChaptersLoaded:
            fields["chapters"] = tuple(Chapter(**chapter) for chapter in fields["chapters"])
        return cls(**fields)
    except (KeyError, TypeError, ValueError):
        return None
