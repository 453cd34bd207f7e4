"""What a document that is not a feed is, in a few words for an error message.

``describe_bytes`` names what cannot be read as XML (an audio file, an image, JSON, plain
text...); ``describe_root`` names an XML document by its root element (an HTML page, an
OPML file, a sitemap...). Nothing from the document reaches the message but a cleaned,
shortened element name or error code.
"""

from __future__ import annotations

from lxml import etree

from tui.core.text import clean_line

__all__ = ["HTML_PAGE", "describe_bytes", "describe_root", "known_kind"]

HTML_PAGE = "an HTML page"

# Leading bytes -> what the file is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"ID3", "an MP3 file: an episode, not a feed"),
    (b"\xff\xfb", "an MP3 file: an episode, not a feed"),
    (b"\xff\xf3", "an MP3 file: an episode, not a feed"),
    (b"\xff\xf2", "an MP3 file: an episode, not a feed"),
    (b"OggS", "an Ogg file: an episode, not a feed"),
    (b"fLaC", "a FLAC file: an episode, not a feed"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "a ZIP archive"),
)


def known_kind(data: bytes) -> str | None:
    """What ``data`` is when its first bytes say so (audio, images, JSON...), else None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[4:8] == b"ftyp":
        return "an MP4 or M4A file: an episode, not a feed"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "a WAV file: an episode, not a feed"
    if data[:1] in (b"{", b"["):
        if b"jsonfeed.org" in data[:4096]:
            return "a JSON Feed: podtui reads RSS and Atom feeds"
        return "JSON"
    return None


def describe_bytes(data: bytes) -> str:
    """What ``data`` (stripped, not empty, and not XML) is."""
    kind = known_kind(data)
    if kind is not None:
        return kind
    head = data[:4096]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # not only a character cut at the end
            return "binary data, not XML"
        text = head[: error.start].decode("utf-8")
    if "\x00" in text or sum(not (c.isprintable() or c.isspace()) for c in text) > len(text) // 20:
        return "binary data, not XML"
    return "plain text, not XML"


# Root element (local name, lower case) -> what the document is.
_ROOTS = {
    "html": HTML_PAGE,
    "head": HTML_PAGE,
    "body": HTML_PAGE,
    "opml": "an OPML file: use podtui import-opml",
    "svg": "an SVG image",
    "urlset": "a sitemap",
    "sitemapindex": "a sitemap",
    "stylesheet": "an XSL stylesheet",
    "transform": "an XSL stylesheet",
    "service": "an Atom service document",
    "definitions": "a web service description",
    "envelope": "a SOAP message",
}


def describe_root(root: etree._Element) -> str:
    """What an XML document that is neither RSS nor Atom is."""
    tag = root.tag if isinstance(root.tag, str) else "?"
    local = tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]  # a Clark name or an undeclared prefix
    name = _ROOTS.get(local.lower())
    if name is not None:
        return name
    if local in ("Error", "error"):
        # A storage service's or a server's error document (S3: <Error><Code>NoSuchKey...)
        for child in root:
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in ("Code", "code"):
                code = clean_line(child.text or "")[:60]
                if code:
                    return f"an error message from the server: {code}"
        return "an error message from the server"
    shown = clean_line(local)[:40] or "?"
    return f"an XML document with root <{shown}>, neither RSS nor Atom"
