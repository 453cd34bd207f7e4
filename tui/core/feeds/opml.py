"""OPML subscription lists: importing (securely, forgivingly) and exporting OPML 2.0."""

from __future__ import annotations

import email.utils
import time
from xml.sax.saxutils import escape

from tui.core.errors import FeedError
from tui.core.feeds.parse import parse_xml
from tui.core.text import clean_line, strip_controls

# Podcast apps' pseudo-schemes that stand for an http(s) feed URL.
_FEED_SCHEMES = ("feed:", "itpc:", "pcast:", "podcast:")
_URL_ATTRIBUTES = ("xmlUrl", "xmlurl", "XMLURL", "xmlURL", "url")


def _feed_url(raw: str | None) -> str | None:
    """An http(s) feed URL from an outline attribute, else None."""
    if not raw:
        return None
    url = "".join(strip_controls(raw).split())
    lower = url.lower()
    for scheme in _FEED_SCHEMES:
        if lower.startswith(scheme):
            rest = url[len(scheme) :]
            if rest.lower().startswith(("http://", "https://")):
                url = rest  # feed:https://example.com/rss
            elif rest.startswith("//"):
                url = "http:" + rest  # feed://example.com/rss
            else:
                return None
            lower = url.lower()
            break
    if not lower.startswith(("http://", "https://")) or len(url) <= len("https://"):
        return None
    return url


def parse_opml(data: bytes) -> list[tuple[str, str | None]]:
    """The feeds of an OPML file as (xmlUrl, title) pairs, in order and without duplicates.

    Nested outlines (folders) are included; outlines without an http(s) feed URL are
    skipped. Raises FeedError when the bytes are not an OPML file.
    """
    root = parse_xml(data, "an OPML file").root
    tag = root.tag if isinstance(root.tag, str) else ""
    name = tag.rsplit("}", 1)[-1].lower()
    if name != "opml":
        if name in ("rss", "feed", "rdf"):
            raise FeedError("not an OPML file (a podcast feed; add it instead)")
        raise FeedError(f"not an OPML file (XML root element <{clean_line(name)[:40] or '?'}>)")
    feeds: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for outline in root.iter():
        if not isinstance(outline.tag, str) or outline.tag.rsplit("}", 1)[-1] != "outline":
            continue
        url = None
        for attribute in _URL_ATTRIBUTES:
            url = _feed_url(outline.get(attribute))
            if url is not None:
                break
        if url is None or url in seen:
            continue
        seen.add(url)
        title = clean_line(outline.get("title") or outline.get("text")) or None
        feeds.append((url, title))
    return feeds


def _attribute(value: str) -> str:
    """An XML attribute value: control characters dropped, markup and whitespace escaped."""
    value = clean_line(value)
    return escape(value, {'"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})


def export_opml(
    podcasts: list[tuple[str, str, str | None]], *, title: str = "podtui subscriptions"
) -> str:
    """OPML 2.0 for ``podcasts`` given as (title, feed url, website link or None)."""
    created = email.utils.formatdate(time.time(), usegmt=True)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{escape(clean_line(title))}</title>",
        f"    <dateCreated>{created}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for name, url, link in podcasts:
        text = _attribute(name or url)
        outline = f'    <outline type="rss" text="{text}" title="{text}" xmlUrl="{_attribute(url)}"'
        if link:
            outline += f' htmlUrl="{_attribute(link)}"'
        lines.append(outline + "/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)
