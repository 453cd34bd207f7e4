"""The libVLC player, what doctor learns of libVLC, and keeping native output off the
terminal.

Importing this package does not load libVLC: that happens when a player is made or
libVLC is asked about (:func:`load_vlc`).
"""

from __future__ import annotations

from tui.player.vlc.discovery import (
    audio_outputs,
    libvlc_location,
    libvlc_plugin_path,
    libvlc_version,
    python_vlc_version,
)
from tui.player.vlc.libvlc import MISSING_LIBVLC, load_vlc
from tui.player.vlc.player import VlcPlayer
from tui.player.vlc.stderr import StderrRedirect, redirect_stderr
from tui.player.vlc.work import DEFAULT_STALL_TIMEOUT, NO_AUDIO_OUTPUT

__all__ = [
    "DEFAULT_STALL_TIMEOUT",
    "MISSING_LIBVLC",
    "NO_AUDIO_OUTPUT",
    "StderrRedirect",
    "VlcPlayer",
    "audio_outputs",
    "libvlc_location",
    "libvlc_plugin_path",
    "libvlc_version",
    "load_vlc",
    "python_vlc_version",
    "redirect_stderr",
]
