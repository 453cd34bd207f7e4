"""Playback: the Player interface, its libVLC implementation and an in-memory stand-in."""

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
    from tui.player.vlc import DEFAULT_STALL_TIMEOUT, VlcPlayer

    return VlcPlayer(
        options,
        log_file=log_file,
        stall_timeout=DEFAULT_STALL_TIMEOUT if stall_timeout is None else stall_timeout,
    )
