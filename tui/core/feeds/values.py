"""The values of feed elements: text, markup, URLs, MIME types and numbers.

Entities are never expanded: an unexpanded reference reads as its HTML meaning. Only
absolute http(s) URLs are kept.
"""

from __future__ import annotations

import contextlib
import html
import html.entities
import re
from urllib.parse import urljoin

from lxml import etree

from tui.core.feeds.notes.text import notes_to_text
from tui.core.feeds.tags import ITEM_TAGS
from tui.core.feeds.xmldoc import xml_parser
from tui.core.text import clean_line

_MAX_LENGTH = 2**53  # enclosure length in bytes

# -- text ------------------------------------------------------------------------------------------


def _entity_name(node: etree._Element) -> str:
    """The name of an entity reference node (lxml's ``_Entity``, unknown to the type stubs)."""
    return str(node.name)  # type: ignore[attr-defined]


def entity_text(node: etree._Element) -> str:
    """An entity reference left unexpanded: its HTML meaning if it has one, else nothing."""
    return html.entities.html5.get(_entity_name(node) + ";", "")


def deep_text(element: etree._Element) -> str:
    """All text inside ``element`` (entities as their HTML meaning, never expanded)."""
    parts = [element.text or ""]
    stack = [(element, iter(element))]
    while stack:
        node, children = stack[-1]
        for child in children:
            tag = child.tag
            if tag is etree.Entity:
                parts.append(entity_text(child))
            elif isinstance(tag, str):
                parts.append(child.text or "")
                stack.append((child, iter(child)))
                break  # its tail comes after its own content
            parts.append(child.tail or "")
        else:
            stack.pop()
            if stack:  # ``node`` is done: its tail continues its parent's text
                parts.append(node.tail or "")
    return "".join(parts)


def inner_markup(element: etree._Element) -> str:
    """The HTML inside a notes element: its text, or its child elements serialised."""
    parts = [element.text or ""]
    elements = False
    for child in element:
        if child.tag is etree.Entity:
            if entity_text(child):
                parts.append(f"&{_entity_name(child)};")
        elif isinstance(child.tag, str):
            elements = True
            break
        parts.append(child.tail or "")
    if not elements:
        return "".join(parts)
    # Unescaped (X)HTML inside the element: serialise it without namespaces.
    parts = [html.escape(element.text or "", quote=False)]
    for child in element:
        if child.tag is etree.Entity:
            parts.append(f"&{_entity_name(child)};" if entity_text(child) else "")
        elif isinstance(child.tag, str):
            parts.append(_serialise(child))
        parts.append(html.escape(child.tail or "", quote=False))
    return "".join(parts)


def _serialise(element: etree._Element) -> str:
    """Child markup as HTML, without namespaces and without feed elements that broken
    markup left inside (the item's own fields, or whole items)."""
    copy = etree.fromstring(etree.tostring(element, with_tail=False), xml_parser(None))
    if copy is None:  # broken markup that does not survive a round trip: its text only
        return html.escape(deep_text(element), quote=False)
    for node in list(copy.iter()):
        if node is not copy and node.tag in ITEM_TAGS:
            _drop(node)
    for node in copy.iter():
        if isinstance(node.tag, str) and node.tag[:1] == "{":
            with contextlib.suppress(ValueError):  # a name lxml refuses ("x:")
                node.tag = node.tag.split("}", 1)[1]
    etree.cleanup_namespaces(copy)
    return etree.tostring(copy, method="html", encoding="unicode", with_tail=False)


def _drop(node: etree._Element) -> None:
    """Remove ``node`` and everything in it, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def element_text(element: etree._Element) -> str:
    return deep_text(element) if len(element) else (element.text or "")


def atom_text(element: etree._Element) -> str:
    """The text of an Atom text construct (type text, html or xhtml)."""
    kind = element.get("type")
    if kind in ("html", "text/html"):
        return notes_to_text(element_text(element))
    if kind in ("xhtml", "application/xhtml+xml"):
        return notes_to_text(inner_markup(element))
    return clean_line(element_text(element))


def atom_markup(element: etree._Element) -> str:
    """An Atom text construct as HTML for the notes."""
    kind = element.get("type")
    if kind in ("html", "text/html", "xhtml", "application/xhtml+xml"):
        return inner_markup(element)
    text = element_text(element)
    return html.escape(text, quote=False) if "<" in text else text


# -- URLs ------------------------------------------------------------------------------------------

_URL_JUNK = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def http_url(raw: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL from ``raw`` (resolved against ``base``), else None."""
    if not raw:
        return None
    url = raw.strip()
    if url.startswith(("https://", "http://")) and url.isprintable() and " " not in url:
        return url
    return _url_slow(url, base)


def _url_slow(url: str, base: str | None) -> str | None:
    if _URL_JUNK.search(url):
        url = _URL_JUNK.sub(lambda m: "%20" if m.group() == " " else "", url)
    if not url:
        return None
    if url[:8].lower().startswith(("https://", "http://")):
        return url
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    elif url.startswith("//"):
        url = "https:" + url
    else:
        return None
    return url if url[:8].lower().startswith(("https://", "http://")) else None


# -- numbers and durations -------------------------------------------------------------------------


def bounded_int(text: str | None, limit: int) -> int | None:
    """A non-negative integer no larger than ``limit`` (``12``, `` 12 ``, ``12.0``), else None."""
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return None
        if not number.is_integer():
            return None
        value = int(number)
    return value if 0 <= value <= limit else None


def byte_length(text: str | None) -> int | None:
    """An enclosure length in bytes; junk, zero and absurd values give None."""
    value = bounded_int(text, _MAX_LENGTH)
    return value or None


def mime_type(text: str | None) -> str | None:
    if not text:
        return None
    mime = text.strip().lower()
    if mime.isascii() and mime.isprintable() and " " not in mime:
        return mime or None
    return clean_line(mime) or None


def single_line(text: str | None, checked: bool) -> str:
    """A one-line text field (an HTML title is reduced to its text)."""
    if not text:
        return ""
    if "<" in text or "&" in text:
        return notes_to_text(text)
    if checked:
        return " ".join(text.split())
    return clean_line(text)
