"""Episode durations as whole seconds, from every form feeds write them in."""

from __future__ import annotations

import re

__all__ = ["parse_duration"]

_MAX_DURATION = 10_000_000  # about 115 days

_UNIT = re.compile(
    r"(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)(?![a-z])\.?", re.I
)
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
_UNIT_LEFTOVER = re.compile(r"[\s,]|and", re.I)


def parse_duration(text: str | None) -> int | None:
    """Whole seconds from ``3600``, ``3600.5``, ``MM:SS``, ``H:MM:SS``, ``45 min``, ``1h 2m 3s``.

    Junk, zero and negative values give None.
    """
    if not text:
        return None
    try:
        if ":" in text:
            parts = text.split(":")
            if len(parts) == 3:
                hours, minutes, seconds = int(parts[0]), int(parts[1]), int(parts[2])
                value = hours * 3600 + minutes * 60 + seconds
            elif len(parts) == 2:
                minutes, seconds = int(parts[0]), int(parts[1])
                hours = 0
                value = minutes * 60 + seconds
            else:
                raise ValueError
            if hours < 0 or minutes < 0 or seconds < 0:
                return None
        else:
            value = int(text)
    except ValueError:
        slow = _duration_slow(text.strip())
        if slow is None:
            return None
        value = slow
    return value if 0 < value <= _MAX_DURATION else None


def _duration_slow(text: str) -> int | None:
    if ":" in text:
        parts = text.split(":")
        if len(parts) > 4:
            return None
        total = 0.0
        for part in parts:
            part = part.strip() or "0"
            if not (part.isascii() and part.replace(".", "", 1).isdigit()):
                return None
            total = total * 60 + float(part)
        if len(parts) == 4:  # D:HH:MM:SS
            days, rest = divmod(total, 60 * 60 * 60)
            total = days * 86400 + rest
        return int(total)
    try:
        number = float(text)
    except ValueError:
        matches = _UNIT.findall(text)
        if not matches or _UNIT_LEFTOVER.sub("", _UNIT.sub("", text)):
            return None
        return int(sum(float(n) * _UNIT_SECONDS[unit[0].lower()] for n, unit in matches))
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number)
