"""Large sound RSS feeds, cut into chunks at item boundaries and parsed on a second core.

libxml2 releases the GIL: a second thread parses the next chunk while the items of the
previous one are read. Any surprise gives None and the whole-document parse decides.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
from collections.abc import Iterator

from lxml import etree

from tui.core.feeds.channel import Channel, find_channel, read_channel
from tui.core.feeds.items import parse_items
from tui.core.feeds.repair import free_of_controls
from tui.core.feeds.tags import (
    C_ITEM,
    CHANNEL_TAGS,
    ITEMS,
    RSS_ROOTS,
)
from tui.core.feeds.xmldoc import xml_parser
from tui.core.models import ParsedEpisode, ParsedFeed

_CHUNK = 2 * 1024 * 1024
# How long a thread may hold the GIL while another waits for it, during a chunked parse.
_SWITCH_INTERVAL = 0.0005
_FIRST_ITEM = re.compile(rb"<item[\s>]")
_CLOSE = b"</channel></rss>"
_RSS_HEADER = re.compile(rb"<rss[\s>][^<]*(?:<(?!item[\s>])[^<]*)*?<channel[\s>]")


def _inside_markup(data: bytes, position: int, floor: int) -> bool:
    """Whether ``position`` lies inside a CDATA section or a comment (looking back to floor)."""
    for opening, closing in ((b"<![CDATA[", b"]]>"), (b"<!--", b"-->")):
        start = data.rfind(opening, floor, position)
        if start >= 0 and data.find(closing, start, position) < 0:
            return True
    return False


def chunk_bounds(data: bytes) -> tuple[int, list[int]] | None:
    """Where the first item starts and where chunks end (after an </item>), or None."""
    match = _FIRST_ITEM.search(data)
    if match is None:
        return None
    first = match.start()
    if _inside_markup(data, first, 0) or not _RSS_HEADER.search(data, 0, first):
        return None
    ends: list[int] = []
    position = first
    size = len(data)
    while position + _CHUNK + _CHUNK // 2 < size:
        end = data.find(b"</item>", position + _CHUNK)
        if end < 0:
            break
        end += 7
        position = end
        following = data.find(b"<", end, end + 4096)
        if following < 0 or not data.startswith(b"<item", following):
            continue
        # (a wrong guess only costs a fallback: a chunk cut inside CDATA fails to parse)
        if _inside_markup(data, end, max(first, end - 65536)):
            continue
        ends.append(end)
    return (first, ends) if ends else None


_switch_lock = threading.Lock()
_switching = 0
_switch_before = 0.0


@contextlib.contextmanager
def _quick_handover() -> Iterator[None]:
    """A short GIL switch interval while any chunked parse runs, then the one before.

    The parsing thread needs the GIL for a moment before and after each chunk, while the
    reading thread holds it for Python work; with the default 5 ms interval it waits up
    to 5 ms each time and falls behind (the reader then waits for chunks, ~25 ms a feed
    of 24 MB). With 0.5 ms it gets the GIL back almost at once.
    """
    global _switching, _switch_before
    with _switch_lock:
        if _switching == 0:
            _switch_before = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_before, _SWITCH_INTERVAL))
        _switching += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switching -= 1
            if _switching == 0:
                sys.setswitchinterval(_switch_before)


def parse_chunked(data: bytes, forced: str | None, base: str | None) -> ParsedFeed | None:
    """Parse a large, sound RSS feed chunk by chunk, libxml2 running ahead on another core.

    Each chunk is the channel header plus a run of whole items, closed as a document. Any
    surprise (an XML error in a chunk, items not where expected) gives None, and the caller
    parses the whole document the ordinary way.
    """
    bounds = chunk_bounds(data)
    if bounds is None:
        return None
    first, ends = bounds
    header = data[:first]
    starts = [first, *ends]
    stops = [*ends, len(data)]
    count = len(starts)
    results: list[etree._Element | None] = [None] * count
    ready = [threading.Event() for _ in range(count)]
    stop = threading.Event()

    def work() -> None:
        parser = xml_parser(forced)
        # Each chunk is made with one copy. A slice and two concatenations made three, each
        # into fresh memory, with the GIL held: ~30 ms for 24 MB that the reader waited for.
        view = memoryview(data)
        try:
            for index in range(count):
                if stop.is_set():
                    return
                start, end = starts[index], stops[index]
                if index == 0:
                    chunk = b"".join((view[:end], _CLOSE))
                elif index == count - 1:
                    chunk = b"".join((header, view[start:]))
                else:
                    chunk = b"".join((header, view[start:end], _CLOSE))
                try:
                    root = etree.fromstring(chunk, parser)
                except Exception:  # any failure here: the whole-document parse decides
                    root = None
                if root is None or len(parser.error_log):
                    return  # the reader finds no tree and parses the whole document
                results[index] = root
                ready[index].set()
        finally:
            for event in ready:  # never leave the reader waiting, whatever happened
                event.set()

    with _quick_handover():
        worker = threading.Thread(target=work, name="podtui-feed-parser", daemon=True)
        worker.start()
        try:
            checked = free_of_controls(data)
            fields = Channel(base, False, checked)
            header_children = 0
            episodes: list[ParsedEpisode] = []
            get = CHANNEL_TAGS.get
            for index in range(count):
                ready[index].wait()
                root = results[index]
                results[index] = None
                if root is None or root.tag not in RSS_ROOTS:
                    return None
                channel, _ = find_channel(root)
                if channel is root:
                    return None
                children = iter(channel)
                if index == 0:
                    for child in channel:
                        if get(child.tag) == C_ITEM:
                            break
                        header_children += 1
                    else:
                        return None  # no item where the bytes said one starts
                else:
                    for _ in range(header_children):
                        next(children, None)
                items = read_channel(children, fields)
                if any(child.tag in ITEMS for child in root if child is not channel):
                    return None
                parse_items(items, base, checked, episodes)
            return fields.feed(episodes)
        finally:
            stop.set()
            worker.join()
