"""File names made safe on any file system from untrusted text."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE_CHARS = re.compile(r'[/\\:*?"<>|]')
_DOTS = re.compile(r"\.{2,}")
_SPACES = re.compile(r"\s+")
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com\d|lpt\d)(\..*)?")


def safe_filename(name: str, *, max_len: int = 120, fallback: str = "download") -> str:
    """A file name safe on any file system, made from untrusted text.

    No path separators or characters Windows forbids, no control or format characters,
    no ``..``, no leading dots (hidden files), no trailing dots or spaces, no reserved
    device names, at most ``max_len`` bytes in UTF-8; ``fallback`` when nothing is left.
    """
    text = unicodedata.normalize("NFC", str(name or ""))
    text = "".join(
        " " if c.isspace() else c
        for c in text
        if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    text = _UNSAFE_CHARS.sub("_", text)
    text = _DOTS.sub(".", text)
    text = _SPACES.sub(" ", text).strip(" .")
    limit = max(1, max_len)
    encoded = text.encode("utf-8")
    if len(encoded) > limit:
        text = encoded[:limit].decode("utf-8", "ignore").rstrip(" .")
    if _RESERVED.fullmatch(text):
        text = ("_" + text)[:limit]
    if not text:
        return "download" if fallback == "download" else safe_filename(fallback, max_len=max_len)
    return text
