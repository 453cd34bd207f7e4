"""Untrusted XML parsed securely and forgivingly into a tree.

Secure: entities are never expanded (the DOCTYPE is dropped before parsing; no DTD, no
external entities, no network). Forgiving: wrong or missing encoding declarations are
detected (encoding.py), and errors found on the first parse trigger one repair
(repair.py) and a second parse.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

from lxml import etree

from tui.core.errors import FeedError, HTMLPageError
from tui.core.feeds.encoding import HTML_START, not_a_feed, prepare, to_utf8
from tui.core.feeds.repair import free_of_controls, repair, without_doctype

__all__ = ["XMLDocument", "parse_xml", "xml_parser"]

_local = threading.local()


def xml_parser(encoding: str | None) -> etree.XMLParser:
    """A hardened recovering parser, one per thread and encoding override."""
    parsers = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    parser = parsers.get(encoding)
    if parser is None:
        parser = parsers[encoding] = etree.XMLParser(
            encoding=encoding,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            recover=True,
            huge_tree=True,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
    return parser


class XMLDocument(NamedTuple):
    root: etree._Element
    checked: bool  # no text in it can hold a control character
    errors: frozenset[str]  # libxml2's error names for the tree as parsed

    @property
    def sound(self) -> bool:
        return not self.errors


def parse_xml(data: bytes, what: str = "a podcast feed") -> XMLDocument:
    """Parse untrusted XML securely and forgivingly (see the module's docstring).

    Raises FeedError("not <what> (reason)") for what cannot be read as XML.
    """
    if not data or data.isspace():
        raise FeedError(f"not {what} (empty body)")
    if HTML_START.match(data[:2048]):
        raise HTMLPageError(f"not {what} (an HTML page)")
    data, forced = prepare(data, what)
    data = without_doctype(data)
    root = try_parse(data, forced)
    parser = xml_parser(forced)
    errors = {entry.type_name for entry in parser.error_log}
    if errors:
        # After its first error, libxml2's recovery drops every later &amp; &lt; &gt;
        # (numeric references survive), and it loses text at stray "&", "<", "]]>" and
        # bad characters: repair the bytes and parse once more.
        if "ERR_INVALID_ENCODING" in errors:
            data, forced = to_utf8(data, forced), "utf-8"
        repaired_data = repair(data)
        repaired = try_parse(repaired_data, forced)
        if repaired is not None:
            root, data = repaired, repaired_data
            errors = {entry.type_name for entry in xml_parser(forced).error_log}
    if root is None:
        not_a_feed(data, what)
    return XMLDocument(root, free_of_controls(data), frozenset(errors))


def try_parse(data: bytes, encoding: str | None) -> etree._Element | None:
    try:
        return etree.fromstring(data, xml_parser(encoding))
    except etree.XMLSyntaxError:
        return None
