"""Web pages that stand for a podcast: any page naming its feed.

``discover_feeds`` finds a page's ``<link rel="alternate" href=...>`` elements of type
``application/rss+xml`` or ``application/atom+xml``, as feed readers do: the page is
parsed by lxml's HTML parser without network access or entity expansion, relative links
resolve against the page's URL (or its ``<base href>``), and only http(s) links are kept,
with their titles cleaned. (An Apple Podcasts URL's id: apple.py.)
"""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

from tui.core.directories.answers import feed_url, text
from tui.core.directories.apple import FeedLink

__all__ = ["FeedLink", "discover_feeds"]

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})
MAX_LINKS = 20


def _parser() -> etree.HTMLParser:
    return etree.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, recover=True, huge_tree=False
    )


def discover_feeds(page: bytes, base: str | None) -> list[FeedLink]:
    """The feeds ``page`` names in its alternate links, in document order, each once."""
    try:
        root = etree.fromstring(page, _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    for element in root.iter("base"):
        href = element.get("href")
        if href:
            joined = urljoin(base, href.strip()) if base else href.strip()
            if feed_url(joined):
                base = joined
        break
    found: dict[str, FeedLink] = {}
    for element in root.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        kind = (element.get("type") or "").split(";", 1)[0].strip().lower()
        href = (element.get("href") or "").strip()
        if "alternate" not in rel or kind not in FEED_TYPES or not href:
            continue
        try:
            url = feed_url(urljoin(base, href) if base else href)
        except ValueError:
            continue
        if url is not None and url not in found:
            found[url] = FeedLink(url, text(element.get("title")))
            if len(found) >= MAX_LINKS:
                break
    return list(found.values())
