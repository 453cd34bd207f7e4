"""Response headers read for validators, lengths and ranges (any HTTP client's headers)."""

from __future__ import annotations

import re


def header_value(value: str | None, limit: int = 1024) -> str | None:
    """A validator (ETag, Last-Modified) safe to store and send back, or None."""
    if not value or len(value) > limit:
        return None
    value = value.strip()
    if not value or any(not (" " <= c <= "~") for c in value):
        return None
    return value


def content_length(value: str | None) -> int | None:
    """A ``Content-Length`` header's value as a number, or None."""
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


_CONTENT_RANGE = re.compile(r"bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)", re.IGNORECASE)


def content_range(value: str | None) -> tuple[int | None, int | None, int | None] | None:
    """``Content-Range: bytes 10-99/100`` -> (10, 99, 100); ``*`` parts are None."""
    match = _CONTENT_RANGE.fullmatch((value or "").strip())
    if not match:
        return None
    first, last, total = match.groups()
    return (
        int(first) if first is not None else None,
        int(last) if last is not None else None,
        int(total) if total != "*" else None,
    )
