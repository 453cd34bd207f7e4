"""Show notes: sanitising feed HTML for storage, and turning it into Markdown or plain text.

Notes are stored sanitised (``sanitize_html``): only a small whitelist of harmless tags
survives, links only to http(s)/mailto, and scripts, styles, frames, objects and forms
are dropped with their content. Most real notes are already harmless; a precompiled
regular expression recognises those and lets them through with only control characters
stripped, so the HTML parser runs only for notes that need it.

``notes_to_markdown`` (markdown.py, imported by the views that show notes, not here: a
feed's parse needs none of it) renders (sanitised or not) notes for the terminal: numbered
links, escaped Markdown, no control characters. ``notes_to_text`` gives plain text for
search.
"""

from __future__ import annotations

from tui.core.feeds.notes.links import safe_href
from tui.core.feeds.notes.sanitize import sanitize_html
from tui.core.feeds.notes.text import notes_to_text

__all__ = ["notes_to_text", "safe_href", "sanitize_html"]
