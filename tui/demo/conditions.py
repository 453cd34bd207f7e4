"""HTTP conditions and ranges: what a request's validators and ``Range`` ask for.

Conditional GETs (``If-None-Match``, ``If-Modified-Since``) answer 304; a single byte
range answers 206 (416 when unsatisfiable), and ``If-Range`` drops the range when the
resource has changed. That is what libVLC and resumed downloads use.
"""

from __future__ import annotations

import contextlib
import email.utils
from datetime import UTC, datetime
from email.message import Message
from typing import Literal

from tui.demo.site import Resource


def http_date(when: datetime) -> str:
    return email.utils.format_datetime(when.astimezone(UTC), usegmt=True)


def parse_range(header: str, total: int) -> tuple[int, int] | Literal[False] | None:
    """(start, end) inclusive for a satisfiable single range; False if unsatisfiable;
    None to ignore the header (bad syntax, several ranges)."""
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash:
        return None
    try:
        if first:
            start = int(first)
            end = int(last) if last else total - 1
            if start < 0 or end < start:
                return None if start < total else False
        else:
            suffix = int(last)
            if suffix <= 0:
                return False
            start, end = max(0, total - suffix), total - 1
    except ValueError:
        return None
    if start >= total:
        return False
    return start, min(end, total - 1)


def etag_matches(header: str, etag: str, *, weak: bool) -> bool:
    if header.strip() == "*":
        return True
    for candidate in header.split(","):
        candidate = candidate.strip()
        if weak and candidate.startswith("W/"):
            candidate = candidate[2:]
        if candidate == etag:
            return True
    return False


def not_modified(headers: Message, resource: Resource) -> bool:
    """Whether a conditional request already has this version (answer 304)."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        return etag_matches(if_none_match, resource.etag, weak=True)
    since = headers.get("If-Modified-Since")
    if since:
        with contextlib.suppress(TypeError, ValueError, IndexError):
            when = email.utils.parsedate_to_datetime(since)
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return resource.last_modified <= when
    return False


def if_range_holds(headers: Message, resource: Resource) -> bool:
    """Whether a ``Range`` applies: no ``If-Range``, or one naming this version."""
    condition = headers.get("If-Range")
    if not condition:
        return True
    condition = condition.strip()
    if condition.startswith('"'):
        return condition == resource.etag
    return condition == http_date(resource.last_modified)
