"""The remote commands' grammar: their names, arguments and status fields.

Apart from :mod:`tui.cli.remote` (which talks to the player service) so that building the
command line imports nothing of the service: every other subcommand starts without it.
"""

from __future__ import annotations

from typing import Any

REMOTE_COMMANDS = (
    "play",
    "pause",
    "toggle",
    "stop",
    "next",
    "seek",
    "speed",
    "volume",
    "sleep",
    "status",
)
FORMAT_FIELDS = (
    "state",
    "episode_id",
    "title",
    "podcast",
    "position",
    "duration",
    "position_seconds",
    "duration_seconds",
    "rate",
    "volume",
    "queue_length",
    "sleep",
)


def add_remote_commands(command: Any) -> None:
    """Add the remote commands through ``command(name, help) -> parser``."""
    play = command("play", "play an episode (by id) or resume; starts the player service")
    play.add_argument("episode", nargs="?", type=int, metavar="EPISODE")
    command("pause", "pause the player service")
    command("toggle", "pause or resume")
    command("stop", "stop playing (the place is kept)")
    command("next", "play the queue's next episode")
    seek = command("seek", "seek: +30, -10 (relative) or 1:23:45, 90 (absolute)")
    seek.add_argument("where", metavar="WHERE")
    speed = command("speed", "playback speed, 0.5 to 3.0")
    speed.add_argument("rate", type=float, metavar="RATE")
    volume = command("volume", "volume in percent, 0 to 150")
    volume.add_argument("volume", type=int, metavar="PERCENT")
    sleep = command(
        "sleep",
        "sleep timer: pause after 30 (minutes), 45m, 1h, 90s, at the end of the episode "
        "(end), or never (off); without one: what is left",
    )
    sleep.add_argument("when", nargs="?", metavar="WHEN")
    status = command("status", "what the player service is playing (exit 3: none runs)")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.add_argument(
        "--format",
        metavar="FMT",
        help="a line with fields in braces: " + ", ".join("{" + f + "}" for f in FORMAT_FIELDS),
    )
