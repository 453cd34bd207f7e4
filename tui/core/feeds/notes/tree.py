"""Notes HTML as a tree: the parser, and what each tag is to the sanitiser and the renderer."""

from __future__ import annotations

import re
import threading

from lxml import etree

from tui.core.text import clean_line, strip_controls


def _words(text: str) -> list[str]:
    return text.split()


# -- the whitelist ---------------------------------------------------------------------------------

# Dropped together with everything inside them.
DROP = frozenset(
    _words(
        "script style iframe frame frameset object embed applet param form input button "
        "select option textarea datalist noscript noembed noframes template head title "
        "meta link base svg math canvas audio video source track map area dialog xml"
    )
)
# Kept as they are (without attributes, except a[href] and ol[start]).
KEEP = frozenset(
    _words(
        "p br b strong i em u s ul ol li h1 h2 h3 h4 h5 h6 blockquote pre code hr sub sup "
        "table thead tbody tfoot tr th td caption dl dt dd"
    )
)
VOID = frozenset({"br", "hr"})
BLOCK = frozenset(
    _words(
        "p ul ol li h1 h2 h3 h4 h5 h6 blockquote pre hr table thead tbody tfoot tr th td "
        "caption dl dt dd div section article header footer main nav aside figure "
        "figcaption address details summary center"
    )
)
# Containers that are unwrapped; as a paragraph when they hold no block of their own.
DIVLIKE = frozenset(
    _words(
        "div section article header footer main nav aside figure figcaption address "
        "details summary center"
    )
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

WS = re.compile(r"\s+")
_local = threading.local()


def no_controls(text: str) -> str:
    """strip_controls, keeping a lone carriage return as the line break it stands for."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return strip_controls(text)


def html_parser() -> etree.HTMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            recover=True,
            default_doctype=False,  # type: ignore[call-arg]  # a real option the stubs lack
            collect_ids=False,
        )
        _local.parser = parser
    return parser


class TooDeep(Exception):
    """The HTML nests deeper than the parser keeps (it would silently drop the rest)."""


def parse_body(markup: str) -> etree._Element | None:
    """The parsed body of an HTML fragment (None when there is nothing)."""
    parser = html_parser()
    try:
        root = etree.fromstring(no_controls(markup), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        raise TooDeep
    if root is None:
        return None
    body = root.find("body")
    return body if body is not None else (root if root.tag != "html" else None)


def tag_name(node: etree._Element) -> str | None:
    tag = node.tag
    return tag.lower() if isinstance(tag, str) else None


def has_block(node: etree._Element) -> bool:
    return any(tag_name(child) in BLOCK for child in node.iterdescendants())


def image_text(node: etree._Element) -> str:
    alt = clean_line(node.get("alt") or node.get("title"))
    return f"[image: {alt}]" if alt else "[image]"
