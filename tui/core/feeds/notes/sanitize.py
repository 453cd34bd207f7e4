"""Sanitising feed HTML for storage: a whitelist of harmless tags, links only to
http(s)/mailto; scripts, styles, frames, objects and forms dropped with their content.

Most real notes are already harmless; a precompiled regular expression recognises those
and lets them through with only control characters stripped, so the HTML parser runs only
for notes that need it.
"""

from __future__ import annotations

import html as _html
import re

from lxml import etree

from tui.core.feeds.notes.links import safe_href
from tui.core.feeds.notes.text import notes_to_text
from tui.core.feeds.notes.tree import (
    DIVLIKE,
    DROP,
    KEEP,
    VOID,
    TooDeep,
    has_block,
    image_text,
    no_controls,
    parse_body,
    tag_name,
)

# -- recognising harmless notes --------------------------------------------------------------------

# A note is harmless as is when every start tag is one of these plain lowercase tags (no
# attributes, except an <a> with a literal http(s)/mailto href first and a few inert
# attributes). Anything else (other tags, attributes, comments, uppercase...) takes the
# slow path through the HTML parser and the whitelist. End tags carry nothing that acts
# (browsers and lxml ignore their attributes) and are let through: checking only start
# tags makes the common case a quarter faster.
_SAFE_TAGS = (
    r"p|li|a|ul|ol|strong|em|br|b|i|u|s|h[1-6]|hr|blockquote|pre|code|sub|sup"
    r"|table|thead|tbody|tfoot|tr|th|td|caption"
)
_QUOTED = r"""(?:"[^"<>]*"|'[^'<>]*')"""
_UNSAFE_TAG = re.compile(
    rf"""
    <(?=[A-Za-z!?])(?!
        (?:{_SAFE_TAGS})\s*/?>
      | a\s+href\s*=\s*(?:"(?:https?://|mailto:)[^"<>]*"|'(?:https?://|mailto:)[^'<>]*')
        (?:\s+(?:target|rel|title)\s*=\s*{_QUOTED})*\s*>
    )
    """,
    re.VERBOSE,
)
# A numeric character reference to a control or bidi-override character.
_CONTROL_REF = re.compile(
    r"&\#(?:0*(?:[0-9]|[12][0-9]|3[01]|12[7-9]|1[3-5][0-9]|823[4-8]|829[4-7])(?![0-9])"
    r"|[xX]0*(?:[0-9a-fA-F]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F]|202[a-eA-E]|206[6-9])"
    r"(?![0-9a-fA-F]))"
)


# -- sanitising ------------------------------------------------------------------------------------


def sanitize_html(html: str, *, checked: bool = False) -> str:
    """Whitelist-clean show notes HTML. Plain text (no tags) comes back as it was.

    ``checked=True`` tells that ``html`` is known to hold no control characters and no
    references to them (the feed parser checks whole documents at once).
    """
    if not html:
        return ""
    if not checked:
        html = no_controls(html)
        if "&#" in html and _CONTROL_REF.search(html):
            return _sanitize_tree(html)
    if _UNSAFE_TAG.search(html) is None:
        return html
    return _sanitize_tree(html)


def _sanitize_tree(html: str) -> str:
    out: list[str] = []
    try:
        body = parse_body(html)
        if body is None:
            return ""
        _sanitize_children(body, out)
    except (RecursionError, TooDeep):
        return _html.escape(notes_to_text(html), quote=False)
    return "".join(out).strip()


def _text_out(text: str | None, out: list[str]) -> None:
    if text:
        out.append(_html.escape(no_controls(text), quote=False))


def _sanitize_children(node: etree._Element, out: list[str]) -> None:
    _text_out(node.text, out)
    for child in node:
        _sanitize_node(child, out)
        _text_out(child.tail, out)


def _sanitize_node(node: etree._Element, out: list[str]) -> None:
    tag = tag_name(node)
    if tag is None or tag in DROP:
        return
    if tag in KEEP:
        if tag in VOID:
            out.append(f"<{tag}>")
            return
        if tag == "ol":
            start = (node.get("start") or "").strip()
            open_tag = (
                f'<ol start="{int(start)}">' if start.isdigit() and len(start) < 9 else "<ol>"
            )
            out.append(open_tag)
        else:
            out.append(f"<{tag}>")
        _sanitize_children(node, out)
        out.append(f"</{tag}>")
    elif tag == "a":
        href = safe_href(node.get("href"))
        if href is None:
            _sanitize_children(node, out)
        else:
            out.append(f'<a href="{_html.escape(href, quote=True)}">')
            _sanitize_children(node, out)
            out.append("</a>")
    elif tag == "img":
        out.append(_html.escape(image_text(node), quote=False))
    elif tag in DIVLIKE and not has_block(node):
        out.append("<p>")
        _sanitize_children(node, out)
        out.append("</p>")
    else:  # span, font, div with blocks, anything unknown: keep the content only
        _sanitize_children(node, out)
