"""Links in notes: which hrefs are kept, and the bare URLs found in text."""

from __future__ import annotations

import re

from tui.core.text import strip_controls

_SCHEME_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_URL_BREAKS = re.compile(r"[\t\n\r]")  # browsers drop them from URLs
BARE_URL = re.compile(r"\bhttps?://[^\s<>\"'\]\[]+", re.IGNORECASE)
URL_TRAILING = ".,;:!?'\")]}"


def safe_href(href: str | None, *, mailto: bool = True) -> str | None:
    """``href`` if it is an absolute http(s) (or mailto) URL, else None."""
    if not href:
        return None
    href = _URL_BREAKS.sub("", strip_controls(href)).strip()
    head = _SCHEME_JUNK.sub("", href[:16]).lower()
    if head.startswith(("http://", "https://")) or (mailto and head.startswith("mailto:")):
        return href.replace(" ", "%20")
    return None
