"""Starting a libVLC instance without a word on the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from tui.player.base import PlayerUnavailable
from tui.player.vlc.libvlc import VlcInstance, VlcModule
from tui.player.vlc.log import LogSink
from tui.player.vlc.stderr import captured_fd2, silence_alsa

BASE_OPTIONS = (
    "--quiet",
    "--intf=dummy",
    "--no-video",
    "--no-stats",
    "--no-sub-autodetect-file",
    "--no-metadata-network-access",
)


def new_instance(vlc: VlcModule, options: Sequence[str], sink: LogSink) -> VlcInstance:
    """A libVLC instance with ``options`` after :data:`BASE_OPTIONS`, logging into ``sink``;
    what libVLC prints while starting goes to the sink too. PlayerUnavailable, naming the
    bad option when libVLC says which, if it does not start."""
    args = [*BASE_OPTIONS, *options]
    silence_alsa()
    with captured_fd2() as printed:
        instance = vlc.Instance(args)
        if instance is not None:
            sink.install(vlc, instance)
    for line in printed:
        sink.write(f"libVLC: {line}")
    if instance is None:
        detail = next((line for line in printed if "option" in line), "")
        user = [a for a in args if a not in BASE_OPTIONS]
        hint = f" ({detail})" if detail else f" (options: {' '.join(user) or 'none'})"
        raise PlayerUnavailable(f"libVLC failed to start{hint}")
    return instance
