"""Notes as plain text, for search and one-line fields."""

from __future__ import annotations

import html as _html
import re

from tui.core.feeds.notes.tree import no_controls

_TAG_OR_COMMENT = re.compile(r"<!--.*?(?:-->|$)|<[a-zA-Z/!?][^<>]*>", re.DOTALL)
_DROPPED_BLOCK = re.compile(
    r"<(script|style|iframe|object|embed|form|noscript|template|svg|math|head|title)\b"
    r".*?(?:</\1\s*>|$)",
    re.DOTALL | re.IGNORECASE,
)


def notes_to_text(html: str) -> str:
    """Plain text of notes for search: tags removed, entities decoded, whitespace collapsed."""
    if not html:
        return ""
    if "<" in html:
        if "</" in html:
            html = _DROPPED_BLOCK.sub(" ", html)
        html = _TAG_OR_COMMENT.sub(" ", html)
    if "&" in html:
        html = _html.unescape(html)
    # clean_line's result, faster on long texts: controls out, whitespace collapsed
    return " ".join(no_controls(html).split())
