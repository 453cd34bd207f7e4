"""Remote control of the player service: play, pause, seek... and status, for scripts,
key bindings and status lines. Quick: no Textual, no libVLC, no HTTP stack is imported."""

from __future__ import annotations

import argparse
import json
import math
import re
import string
from pathlib import Path
from typing import Any

from tui.cli.common import UsageError
from tui.cli.remote_args import FORMAT_FIELDS
from tui.core.models import PlayerState, SleepMode
from tui.core.text import clean_line, format_duration
from tui.service.client import NotRunning, ServiceClient
from tui.service.control import Snapshot

NOT_RUNNING = 3  # exit status of a command that needs a running service and found none

UNITS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
}
SLEEP_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]*)\s*")
SLEEP_LONGEST = 24 * 3600


def parse_time(text: str) -> tuple[float, bool]:
    """``+30`` / ``-10`` (relative seconds) or ``1:23:45`` / ``83`` (absolute): (seconds,
    relative). A UsageError for anything else."""
    raw = text.strip()
    relative = raw[:1] in "+-" and len(raw) > 1
    sign = -1.0 if raw.startswith("-") else 1.0
    body = raw[1:] if relative else raw
    parts = body.split(":")
    if not body or len(parts) > 3 or not all(p.isdigit() or _decimal(p) for p in parts):
        raise UsageError(f"cannot read {text!r} as a time: use +30, -10, 90 or 1:23:45")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    if len(parts) > 1 and any(float(p) >= 60 for p in parts[1:]):
        raise UsageError(f"cannot read {text!r} as a time: minutes and seconds go to 59")
    return sign * seconds if relative else seconds, relative


def parse_sleep(text: str) -> tuple[SleepMode, float | None]:
    """``off``, ``end``, or a length: ``30`` (minutes), ``45m``, ``45min``, ``1h``,
    ``1h30m``, ``90s``: (mode, seconds). A UsageError for anything else."""
    raw = text.strip().lower()
    if raw in ("off", "end"):
        return SleepMode(raw), None
    seconds, at = 0.0, 0
    for part in SLEEP_PART.finditer(raw):
        if part.start() != at:
            break
        unit = part.group(2) or ("m" if part.end() == len(raw) and at == 0 else "")
        if unit not in UNITS:
            break
        seconds += float(part.group(1)) * UNITS[unit]
        at = part.end()
    if at != len(raw) or not raw:
        raise UsageError(
            f"cannot read {text!r} as a sleep timer: use 30 (minutes), 45m, 1h, 90s, end or off"
        )
    if not 1 <= seconds <= SLEEP_LONGEST or not math.isfinite(seconds):
        raise UsageError(f"a sleep timer runs from a second to a day, not {text!r}")
    return SleepMode.TIMER, seconds


def sleep_text(snapshot: Snapshot) -> str:
    """What the sleep timer will do, in a few words."""
    if snapshot.sleep is SleepMode.END:
        return "at the end of this episode"
    if snapshot.sleep is SleepMode.TIMER:
        left = format_duration(math.ceil(snapshot.sleep_remaining or 0.0))
        if snapshot.state is PlayerState.PLAYING:
            return f"{left} left"
        return f"{left} left, counting while an episode plays"
    return "off"


def _decimal(part: str) -> bool:
    whole, dot, fraction = part.partition(".")
    return bool(dot) and whole.isdigit() and (fraction.isdigit() or not fraction)


def cmd_remote(args: argparse.Namespace, data_dir: Path, start: Any) -> int:
    """Run one remote command; ``play`` reaches the service through ``start()``, which
    starts one when none runs (or replaces an older one)."""
    name = args.command
    if name == "status" and args.format is not None:
        _check_format(args.format)
    if name == "sleep" and args.when is not None:
        parse_sleep(args.when)  # bad input is told before the service is asked
    try:
        client = ServiceClient.connect(data_dir) if name != "play" else start()
    except NotRunning as exc:
        print(f"{exc.message} (podtui play starts one)")
        return NOT_RUNNING
    cmd, request = _request(args)
    with client:
        result = client.call(cmd, **request)
    snapshot = Snapshot.from_dict(result)
    if name == "status":
        if args.json:
            print(json.dumps(snapshot.to_dict(), ensure_ascii=False))
        elif args.format is not None:
            print(args.format.format_map(format_fields(snapshot)))
        else:
            print(describe(snapshot))
    elif name == "sleep":
        print(f"sleep timer: {sleep_text(snapshot)}")
    return 0


def _request(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    name = args.command
    if name == "play":
        return "play", {"episode": args.episode}
    if name == "seek":
        seconds, relative = parse_time(args.where)
        return "seek", {"by": seconds} if relative else {"to": seconds}
    if name == "speed":
        return "rate", {"rate": args.rate}
    if name == "volume":
        return "volume", {"volume": args.volume}
    if name == "sleep":
        if args.when is None:
            return "status", {}
        mode, length = parse_sleep(args.when)
        return "sleep", {"mode": mode.value, "seconds": length}
    return name, {}


def format_fields(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "state": snapshot.state.value,
        "episode_id": "" if snapshot.episode_id is None else snapshot.episode_id,
        "title": clean_line(snapshot.title),
        "podcast": clean_line(snapshot.podcast),
        "position": format_duration(snapshot.position),
        "duration": format_duration(snapshot.duration),
        "position_seconds": round(snapshot.position, 1),
        "duration_seconds": "" if snapshot.duration is None else round(snapshot.duration, 1),
        "rate": f"{snapshot.rate:g}",
        "volume": snapshot.volume,
        "queue_length": snapshot.queue_length,
        "sleep": _sleep_field(snapshot),
    }


def _sleep_field(snapshot: Snapshot) -> str:
    if snapshot.sleep is SleepMode.TIMER:
        return format_duration(math.ceil(snapshot.sleep_remaining or 0.0))
    return snapshot.sleep.value


def _check_format(text: str) -> None:
    try:
        names = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as exc:
        raise UsageError(f"--format: {exc}") from None
    for name in names:
        if name not in FORMAT_FIELDS:
            raise UsageError(
                f"--format: unknown field {{{name}}}; fields: {', '.join(FORMAT_FIELDS)}"
            )


def describe(snapshot: Snapshot) -> str:
    """One line for people: ``playing  Title — Podcast  1:23/45:00  1x  vol 100  queue 3``."""
    if snapshot.episode_id is None:
        return f"{snapshot.state.value}  (nothing loaded)  queue {snapshot.queue_length}"
    where = format_duration(snapshot.position)
    if snapshot.duration:
        where += f"/{format_duration(snapshot.duration)}"
    line = (
        f"{snapshot.state.value}  {clean_line(snapshot.title)} — {clean_line(snapshot.podcast)}"
        f"  {where}  {snapshot.rate:g}x  vol {snapshot.volume}  queue {snapshot.queue_length}"
    )
    if snapshot.sleep is not SleepMode.OFF:
        line += f"  sleep {_sleep_field(snapshot)}"
    if snapshot.message:
        line += f"  ({clean_line(snapshot.message)})"
    return line
