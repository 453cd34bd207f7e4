"""The channel: the feed-level fields, the element that holds them, and the formats' other
spellings normalised."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from lxml import etree

from tui.core.errors import FeedError, HTMLPageError
from tui.core.feeds.items import distinct_ids
from tui.core.feeds.notes.sanitize import sanitize_html
from tui.core.feeds.sniff import HTML_PAGE, describe_root
from tui.core.feeds.tags import (
    ATOM_NAME,
    ATOM_NS,
    ATOM_ROOTS,
    C_ATOM_AUTHOR,
    C_ATOM_ICON,
    C_ATOM_LINK,
    C_ATOM_LOGO,
    C_ATOM_SUBTITLE,
    C_ATOM_TITLE,
    C_AUTHOR,
    C_AUTHOR_FALLBACK,
    C_DC_TITLE,
    C_DESCRIPTION,
    C_GUID,
    C_IMAGE,
    C_IMAGE_FALLBACK,
    C_ITEM,
    C_ITUNES_IMAGE,
    C_LANGUAGE,
    C_LINK,
    C_NEW_URL,
    C_OWNER,
    C_SUMMARY,
    C_TITLE,
    CHANNEL_TAGS,
    CHANNELS,
    ITUNES_NAMES,
    RDF,
    RSS1,
    RSS_ROOTS,
)
from tui.core.feeds.values import (
    atom_markup,
    atom_text,
    element_text,
    http_url,
    inner_markup,
    single_line,
)
from tui.core.models import ParsedEpisode, ParsedFeed
from tui.core.text import clean_line


class Channel:
    """Collects the feed-level fields from the channel's children, in document order."""

    __slots__ = (
        "atom",
        "atom_link",
        "author",
        "author_fallback",
        "base",
        "checked",
        "description",
        "guid",
        "image",
        "image_fallback",
        "itunes_image",
        "language",
        "link",
        "new_url",
        "owner",
        "summary",
        "title",
    )

    def __init__(self, base: str | None, atom: bool, checked: bool) -> None:
        self.base = base
        self.atom = atom
        self.checked = checked
        self.title: str | None = None
        self.link: str | None = None
        self.atom_link: str | None = None
        self.description: str | None = None
        self.summary: str | None = None
        self.author: str | None = None
        self.author_fallback: str | None = None
        self.owner: str | None = None
        self.itunes_image: str | None = None
        self.image: str | None = None
        self.image_fallback: str | None = None
        self.language: str | None = None
        self.new_url: str | None = None
        self.guid: str | None = None

    def add(self, child: etree._Element, code: int) -> None:
        base = self.base
        if code == C_TITLE:
            self.title = single_line(element_text(child), self.checked)
        elif code == C_DC_TITLE:
            self.title = self.title or single_line(element_text(child), self.checked)
        elif code == C_ATOM_TITLE:
            if self.atom or not self.title:
                self.title = atom_text(child)
        elif code == C_LINK:
            self.link = self.link or http_url(child.text or child.get("href"), base)
        elif code == C_ATOM_LINK:
            rel = (child.get("rel") or "alternate").strip().lower()
            if rel == "alternate" and self.atom_link is None:
                self.atom_link = http_url(child.get("href"), base)
        elif code == C_DESCRIPTION:
            self.description = inner_markup(child)
        elif code == C_ATOM_SUBTITLE:
            self.description = atom_markup(child)
        elif code == C_SUMMARY:
            self.summary = self.summary or element_text(child)
        elif code == C_AUTHOR:
            self.author = self.author or element_text(child)
        elif code == C_AUTHOR_FALLBACK:
            self.author_fallback = self.author_fallback or element_text(child)
        elif code == C_ATOM_AUTHOR:
            name = child.find(ATOM_NAME)
            self.author = self.author or (
                element_text(name) if name is not None else element_text(child)
            )
        elif code == C_OWNER:
            for node in child:
                if node.tag in ITUNES_NAMES:
                    self.owner = element_text(node)
        elif code == C_ITUNES_IMAGE:
            self.itunes_image = self.itunes_image or http_url(child.get("href") or child.text, base)
        elif code == C_IMAGE:
            for node in child:
                if node.tag in ("url", f"{{{RSS1}}}url"):
                    self.image = self.image or http_url(node.text, base)
            if self.image is None:
                self.image = http_url(child.get(f"{{{RDF}}}resource") or child.get("href"), base)
        elif code == C_IMAGE_FALLBACK:
            found = http_url(child.get("url") or child.get("href") or child.text, base)
            self.image_fallback = self.image_fallback or found
        elif code in (C_ATOM_LOGO, C_ATOM_ICON):
            found = http_url(child.text, base)
            if code == C_ATOM_LOGO or self.image_fallback is None:
                self.image_fallback = found or self.image_fallback
        elif code == C_LANGUAGE:
            self.language = element_text(child)
        elif code == C_NEW_URL:
            self.new_url = http_url(element_text(child), base)
        elif code == C_GUID:
            self.guid = element_text(child)

    def feed(self, episodes: list[ParsedEpisode]) -> ParsedFeed:
        title = self.title or ""
        if not title and not episodes:
            raise FeedError("not a podcast feed (no title and no episodes)")
        distinct_ids(episodes)
        notes = self.description
        if not notes or notes.isspace():
            notes = self.summary
        checked = self.checked
        language = clean_line(self.language)[:35] if self.language else ""
        return ParsedFeed(
            title=title,
            link=self.link or self.atom_link,
            description=sanitize_html(notes.strip(), checked=checked) if notes else "",
            author=(
                single_line(self.author, checked)
                or single_line(self.owner, checked)
                or single_line(self.author_fallback, checked)
                or None
            ),
            image=self.itunes_image or self.image or self.image_fallback,
            language=language or None,
            podcast_guid=single_line(self.guid, checked) or None,
            new_url=self.new_url,
            episodes=episodes,
        )


# Atom's text constructs: their children are (X)HTML, never feed elements.
_TEXT_CONSTRUCTS = frozenset(
    {"title", "subtitle", "tagline", "summary", "content", "rights", "copyright", "info"}
)


def normalise(root: etree._Element) -> None:
    """Give the elements of the feed formats' other spellings their usual names, in place.

    RSS 2.0 in a namespace (Userland's ``http://backend.userland.com/rss2``, or any other)
    becomes plain RSS; RSS 0.90 (``http://my.netscape.com/rdf/simple/0.9/``) becomes RSS
    1.0; Atom 0.3 (``http://purl.org/atom/ns#``), Atom without a namespace and Atom under an
    undeclared ``atom:`` prefix become Atom 1.0. Anything else is left as it is.
    """
    tag = root.tag
    if not isinstance(tag, str):
        return
    namespace, _, local = tag[1:].partition("}") if tag[:1] == "{" else ("", "", tag)
    if local == "rss" and namespace:
        source, target = f"{{{namespace}}}", ""
    elif local == "feed" and namespace != ATOM_NS:
        source, target = f"{{{namespace}}}" if namespace else "", f"{{{ATOM_NS}}}"
    elif tag == "atom:feed":
        source, target = "atom:", f"{{{ATOM_NS}}}"
    elif local == "RDF":
        for child in root:
            child_tag = child.tag
            if (
                isinstance(child_tag, str)
                and child_tag[:1] == "{"
                and child_tag.endswith("}channel")
                and child_tag != f"{{{RSS1}}}channel"
            ):
                source, target = child_tag[: -len("channel")], f"{{{RSS1}}}"
                break
        else:
            return
    else:
        return
    atom = target == f"{{{ATOM_NS}}}"
    size = len(source)
    stack = [root]
    while stack:
        node = stack.pop()
        tag = node.tag
        if not isinstance(tag, str):
            continue
        # without a namespace: neither a Clark name nor an undeclared prefix
        if tag.startswith(source) if source else tag[:1] != "{" and ":" not in tag:
            with contextlib.suppress(ValueError):  # a name broken XML left, lxml refuses
                node.tag = target + tag[size:]
            if atom and tag[size:] in _TEXT_CONSTRUCTS:
                continue
        stack.extend(node)


def find_channel(root: etree._Element) -> tuple[etree._Element, bool]:
    """The element holding the feed's fields and items, and whether it is Atom."""
    tag = root.tag
    if tag in RSS_ROOTS:
        for child in root:
            if child.tag in CHANNELS:
                return child, False
        return root, False
    if tag in ATOM_ROOTS:
        return root, True
    if tag in CHANNELS:  # a channel without its <rss>
        return root, False
    what = describe_root(root)
    if what == HTML_PAGE:
        raise HTMLPageError(f"not a podcast feed ({what})")
    raise FeedError(f"not a podcast feed ({what})")


def read_channel(children: Iterable[etree._Element], fields: Channel) -> list[etree._Element]:
    """Read the channel's children into ``fields`` and return its items, in document order.

    The one reading of a channel, for the whole document and for each chunk of a large one.
    """
    items: list[etree._Element] = []
    get = CHANNEL_TAGS.get
    for child in children:
        code = get(child.tag)
        if code is not None:
            if code == C_ITEM:
                items.append(child)
            else:
                fields.add(child, code)
    return items
