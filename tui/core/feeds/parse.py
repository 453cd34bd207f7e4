"""Podcast feed parsing: RSS 2.0 (+ iTunes, Media RSS, Podcasting 2.0), RSS 1.0 and Atom.

Their other spellings read the same: RSS 0.90/0.91/0.92, RSS 2.0 in a namespace (Userland's),
Atom 0.3, Atom without its namespace (see normalise). Where each part lives:
xmldoc.py (with encoding.py and repair.py), tags.py, values.py, dates.py, durations.py,
items.py, channel.py, chunked.py; what a document that is not a feed is: sniff.py.

Secure: entities are never expanded (the DOCTYPE is dropped before parsing; no DTD, no
external entities, no network), only http(s) URLs are kept, every text is stripped of
control characters and escape sequences before it leaves the parser, and show notes
are sanitised (see notes/).

Forgiving: broken XML is recovered (every item that survives is kept, even items an
unclosed tag swallowed), wrong or missing encoding declarations are detected, stray
``&``/``<`` and HTML entities are repaired, dates and durations are read in their many
wild forms. Errors found on the first parse trigger one repair and a second parse.

Fast: one pass over each item's children dispatching on Clark-notation tag names into a
slot table, position-based reading of the common date form, one search over the whole
document proving it free of control characters (so the texts need no check of their
own), notes passed through untouched when a regular expression finds only harmless
tags. Large sound RSS feeds are cut into chunks at item boundaries; a second thread runs
libxml2 (which releases the GIL) on the next chunk while the items of the previous one
are read, and any surprise falls back to the whole-document parse.

parse_feed may be called from several threads at once (parsers are per thread).
"""

from __future__ import annotations

import gc

from tui.core.errors import FeedError
from tui.core.feeds.channel import Channel, find_channel, normalise, read_channel
from tui.core.feeds.chunked import parse_chunked
from tui.core.feeds.encoding import HTML_START, prepare
from tui.core.feeds.items import parse_items
from tui.core.feeds.repair import without_doctype
from tui.core.feeds.tags import ALL_ITEMS, ITEMS
from tui.core.feeds.xmldoc import XMLDocument, parse_xml
from tui.core.models import ParsedEpisode, ParsedFeed

__all__ = ["parse_feed", "parse_tree"]

_CHUNKED_MIN = 4 * 1024 * 1024  # feeds smaller than this are parsed in one go


def parse_tree(document: XMLDocument, base: str | None) -> ParsedFeed:
    """The feed in a parsed document (``base`` resolves relative links)."""
    root, checked = document.root, document.checked
    normalise(root)
    channel, atom = find_channel(root)
    fields = Channel(base, atom, checked)
    items = read_channel(channel, fields)
    if not document.sound:
        # Recovery may have nested items inside others (after an unclosed tag): take
        # every item in document order, wherever it ended up.
        items = list(root.iter(*ALL_ITEMS))
    elif channel is not root:  # RSS 1.0 keeps its items beside the channel
        items.extend(child for child in root if child.tag in ITEMS)
    episodes: list[ParsedEpisode] = []
    parse_items(items, base, checked, episodes, document.sound)
    if not episodes and document.errors:
        # Recovering a broken document is worth it for the episodes it still holds; with
        # none, its other fields are not to be trusted either (a cut-short refresh must
        # not rename the podcast).
        if "ERR_TAG_NOT_FINISHED" in document.errors:
            raise FeedError("not a podcast feed (cut short before any episode)")
        raise FeedError("not a podcast feed (broken XML without any episode)")
    return fields.feed(episodes)


# -- entry point -----------------------------------------------------------------------------------


def parse_feed(data: bytes, url: str | None = None) -> ParsedFeed:
    """Parse feed bytes (RSS or Atom). ``url``, when given, resolves relative links.

    Raises FeedError when the bytes are not a podcast feed.
    """
    base = url if url and url[:8].lower().startswith(("http://", "https://")) else None
    collecting = gc.isenabled()
    if collecting:  # a parse makes many objects and no cycles: skip the collector's passes
        gc.disable()
    try:
        if len(data) >= _CHUNKED_MIN and not HTML_START.match(data[:2048]):
            prepared, forced = prepare(data)
            feed = parse_chunked(without_doctype(prepared), forced, base)
            if feed is not None:
                return feed
        return parse_tree(parse_xml(data), base)
    finally:
        if collecting:
            gc.enable()
