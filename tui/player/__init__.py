"""Playback: the Player interface, its libVLC implementation and an in-memory stand-in.

The player reports facts (where playback really was, the length, whether a stream was read
through); it imports nothing of the session that judges them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tui.player.base import (
    DurationChanged,
    EndReached,
    Listener,
    Player,
    PlayerError,
    PlayerEvent,
    PlayerUnavailable,
    SeekFailed,
    StateChanged,
    event_from_dict,
    event_to_dict,
)

__all__ = [
    "DurationChanged",
    "EndReached",
    "Listener",
    "Player",
    "PlayerError",
    "PlayerEvent",
    "PlayerUnavailable",
    "SeekFailed",
    "StateChanged",
    "create_player",
    "event_from_dict",
    "event_to_dict",
]


def create_player(
    options: Sequence[str] = (),
    *,
    log_file: Path | None = None,
    stall_timeout: float | None = None,
) -> Player:
    """The real player (libVLC). Raises PlayerUnavailable when libVLC cannot be used."""
    from tui.player.vlc import DEFAULT_STALL_TIMEOUT, VlcPlayer  # lazy: ~35 ms, real player only

    return VlcPlayer(
        options,
        log_file=log_file,
        stall_timeout=DEFAULT_STALL_TIMEOUT if stall_timeout is None else stall_timeout,
    )
