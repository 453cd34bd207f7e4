"""OPML subscription lists: importing (securely, forgivingly) and exporting OPML 2.0."""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from tui.core.errors import FeedError
from tui.core.feeds.xmldoc import parse_xml
from tui.core.text import clean_line, strip_controls

# Podcast apps' pseudo-schemes that stand for an http(s) feed URL.
_FEED_SCHEMES = ("feed:", "itpc:", "pcast:", "podcast:")
_URL_ATTRIBUTES = ("xmlUrl", "xmlurl", "XMLURL", "xmlURL", "url")


def _file_url(url: str) -> str | None:
    """A ``file:`` URL of an absolute local path, as given; None for any other form."""
    parts = urlsplit(url)
    if parts.netloc.lower() not in ("", "localhost") or not parts.path.startswith("/"):
        return None
    return url


def _feed_url(raw: str) -> tuple[str | None, str]:
    """(feed URL, "") for an http(s) or local-file feed URL, else (None, why not)."""
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
                return None, f"not a feed URL ({scheme} without a web address)"
            lower = url.lower()
            break
    if lower.startswith("file:"):
        if _file_url(url) is None:
            return None, "a file URL must name an absolute path on this machine"
        return url, ""
    if lower.startswith(("http://", "https://")):
        if len(url) <= len("https://"):
            return None, "the feed URL has no host"
        return url, ""
    scheme = urlsplit(url).scheme
    if not scheme:
        return None, "the feed URL is not absolute"
    return None, f"unsupported URL scheme {clean_line(scheme)[:20]!r} (only http(s) and file)"


@dataclass(slots=True)
class Skipped:
    """An outline that names no usable feed, and why."""

    label: str
    reason: str

    def line(self) -> str:
        return f"{self.label}: {self.reason}"


@dataclass(slots=True)
class Subscriptions:
    """What an OPML file holds: feeds as (url, title) in order, and the outlines skipped."""

    feeds: list[tuple[str, str | None]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_opml(data: bytes) -> Subscriptions:
    """The feeds of an OPML file, without duplicates, and every outline skipped with its reason.

    Nested outlines (folders) are included; a folder itself (an outline with outlines in it
    and no feed URL) is neither a feed nor skipped. Feed URLs are http(s) URLs (or the
    ``feed:``/``itpc:`` forms of one) and ``file:`` URLs of local feed files. Raises
    FeedError when the bytes are not an OPML file.
    """
    root = parse_xml(data, "an OPML file").root
    name = _local(root.tag).lower()
    if name != "opml":
        if name in ("rss", "feed", "rdf"):
            raise FeedError("not an OPML file (a podcast feed; add it instead)")
        raise FeedError(f"not an OPML file (XML root element <{clean_line(name)[:40] or '?'}>)")
    found = Subscriptions()
    seen: set[str] = set()
    for outline in root.iter():
        if _local(outline.tag) != "outline":
            continue
        title = clean_line(outline.get("title") or outline.get("text")) or None
        raw = next((outline.get(a) for a in _URL_ATTRIBUTES if outline.get(a)), None)
        if raw is None:
            if not any(_local(child.tag) == "outline" for child in outline):
                found.skipped.append(Skipped(_label(title, None), "no feed URL (xmlUrl)"))
            continue
        url, reason = _feed_url(raw)
        if url is None:
            found.skipped.append(Skipped(_label(title, raw), reason))
        elif url in seen:
            found.skipped.append(Skipped(_label(title, url), "a duplicate of an earlier feed"))
        else:
            seen.add(url)
            found.feeds.append((url, title))
    return found


def _label(title: str | None, url: str | None) -> str:
    if title:
        return f"{title[:60]!r}" if len(title) <= 60 else f"{title[:59]!r}…"
    if url:
        return clean_line(url)[:80]
    return "an untitled outline"


def parse_opml(data: bytes) -> list[tuple[str, str | None]]:
    """The feeds of an OPML file as (url, title) pairs (see :func:`read_opml`)."""
    return read_opml(data).feeds


def feed_location(url: str) -> str:
    """How a subscription is written in OPML: URLs as they are, local files as file: URLs."""
    if urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return Path(url).as_uri() if Path(url).is_absolute() else url


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
        location = _attribute(feed_location(url))
        outline = f'    <outline type="rss" text="{text}" title="{text}" xmlUrl="{location}"'
        if link:
            outline += f' htmlUrl="{_attribute(link)}"'
        lines.append(outline + "/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)
