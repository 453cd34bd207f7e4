"""Podcast feed parsing: RSS 2.0 (+ iTunes, Media RSS, Podcasting 2.0), RSS 1.0 and Atom.

Their other spellings read the same: RSS 0.90/0.91/0.92, RSS 2.0 in a namespace (Userland's),
Atom 0.3, Atom without its namespace (see _normalise). Dates: dates.py. What a document
that is not a feed is: sniff.py.

Secure: entities are never expanded (the DOCTYPE is dropped before parsing; no DTD, no
external entities, no network), only http(s) URLs are kept, every text is stripped of
control characters and escape sequences before it leaves this module, and show notes
are sanitised (see notes.py).

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

import codecs
import contextlib
import gc
import html
import re
import threading
from collections.abc import Iterator
from typing import NamedTuple, NoReturn
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from tui.core.errors import FeedError
from tui.core.feeds.dates import civil, parse_date
from tui.core.feeds.notes import notes_to_text, sanitize_html
from tui.core.feeds.sniff import describe_bytes, describe_root, known_kind
from tui.core.models import ParsedEpisode, ParsedFeed
from tui.core.text import clean_line, strip_controls

__all__ = ["parse_date", "parse_duration", "parse_feed", "parse_xml"]

# -- namespaces ------------------------------------------------------------------------------------

ITUNES = (
    "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "https://www.itunes.com/dtds/podcast-1.0.dtd",
    "http://www.itunes.com/DTDs/Podcast-1.0.dtd",
    "http://www.itunes.com/dtds/Podcast-1.0.dtd",
    "itunes",  # prefix used without a declaration: libxml2 keeps "itunes:tag"
)
CONTENT = ("http://purl.org/rss/1.0/modules/content/", "content")
MEDIA = ("http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss", "media")
PODCAST = (
    "https://podcastindex.org/namespace/1.0",
    "http://podcastindex.org/namespace/1.0",
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
    "podcast",
)
GOOGLEPLAY = ("http://www.google.com/schemas/play-podcasts/1.0", "googleplay")
DC = ("http://purl.org/dc/elements/1.1/", "dc")
DCTERMS = ("http://purl.org/dc/terms/", "dcterms")
ATOM_NS = "http://www.w3.org/2005/Atom"
RSS1 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ENC = "http://purl.oclc.org/net/rss_2.0/enc#"  # enclosures in RSS 1.0


def _names(namespaces: tuple[str, ...], local: str) -> list[str]:
    """Every spelling of a namespaced tag: Clark notation, or ``prefix:local`` undeclared."""
    return [f"{ns}:{local}" if "/" not in ns else f"{{{ns}}}{local}" for ns in namespaces]


# -- item tags -------------------------------------------------------------------------------------

# Single-valued tags (the last one wins) come first; their elements go to a slot table.
(
    T_TITLE,
    T_GUID,
    T_DATE,
    T_DESCRIPTION,
    T_CONTENT,
    T_DURATION,
    T_EPISODE,
    T_SEASON,
    T_EPISODE_TYPE,
    T_EXPLICIT,
    T_IMAGE,
    T_LINK,
    T_ITUNES_TITLE,
    T_SUMMARY,
    T_MEDIA_THUMBNAIL,
    T_CHAPTERS,
    T_PODCAST_EPISODE,
    T_PODCAST_SEASON,
    T_DC_DATE,
    T_ISSUED,
    T_CREATED,
    T_UPDATED,
    T_MODIFIED,
    T_DC_TITLE,
    T_ATOM_TITLE,
    T_ATOM_CONTENT,
    T_ATOM_SUMMARY,
    # multi-valued: kept in document order
    T_ENCLOSURE,
    T_ATOM_LINK,
    T_MEDIA_CONTENT,
    T_MEDIA_GROUP,
    T_TRANSCRIPT,
    T_ITEM,
) = range(33)
_SINGLE = T_ENCLOSURE  # codes below are single-valued

_ITEM_TAGS: dict[str, int] = {}


def _register(table: dict[str, int], code: int, *names: str | list[str]) -> None:
    for name in names:
        for spelling in [name] if isinstance(name, str) else name:
            table[spelling] = code


_register(_ITEM_TAGS, T_TITLE, "title", f"{{{RSS1}}}title")
_register(_ITEM_TAGS, T_GUID, "guid", f"{{{ATOM_NS}}}id")
_register(_ITEM_TAGS, T_DATE, "pubDate", "pubdate", "PubDate", f"{{{ATOM_NS}}}published")
_register(_ITEM_TAGS, T_DESCRIPTION, "description", f"{{{RSS1}}}description")
_register(_ITEM_TAGS, T_CONTENT, _names(CONTENT, "encoded"))
_register(_ITEM_TAGS, T_ENCLOSURE, "enclosure", f"{{{ENC}}}enclosure")
_register(_ITEM_TAGS, T_DURATION, _names(ITUNES, "duration"))
_register(_ITEM_TAGS, T_EPISODE, _names(ITUNES, "episode"))
_register(_ITEM_TAGS, T_SEASON, _names(ITUNES, "season"))
_register(_ITEM_TAGS, T_EPISODE_TYPE, _names(ITUNES, "episodeType"), _names(ITUNES, "episodetype"))
_register(_ITEM_TAGS, T_EXPLICIT, _names(ITUNES, "explicit"))
_register(_ITEM_TAGS, T_IMAGE, _names(ITUNES, "image"), _names(GOOGLEPLAY, "image"))
_register(_ITEM_TAGS, T_LINK, "link", f"{{{RSS1}}}link")
_register(_ITEM_TAGS, T_ITUNES_TITLE, _names(ITUNES, "title"))
_register(_ITEM_TAGS, T_SUMMARY, _names(ITUNES, "summary"), _names(GOOGLEPLAY, "description"))
_register(_ITEM_TAGS, T_MEDIA_CONTENT, _names(MEDIA, "content"))
_register(_ITEM_TAGS, T_MEDIA_GROUP, _names(MEDIA, "group"))
_register(_ITEM_TAGS, T_MEDIA_THUMBNAIL, _names(MEDIA, "thumbnail"))
_register(_ITEM_TAGS, T_CHAPTERS, _names(PODCAST, "chapters"))
_register(_ITEM_TAGS, T_TRANSCRIPT, _names(PODCAST, "transcript"))
_register(_ITEM_TAGS, T_PODCAST_EPISODE, _names(PODCAST, "episode"))
_register(_ITEM_TAGS, T_PODCAST_SEASON, _names(PODCAST, "season"))
_register(_ITEM_TAGS, T_DC_DATE, _names(DC, "date"))
_register(_ITEM_TAGS, T_ISSUED, _names(DCTERMS, "issued"), f"{{{ATOM_NS}}}issued")
_register(_ITEM_TAGS, T_CREATED, _names(DCTERMS, "created"), f"{{{ATOM_NS}}}created")
_register(_ITEM_TAGS, T_UPDATED, f"{{{ATOM_NS}}}updated", "atom:updated", f"{{{ATOM_NS}}}modified")
_register(_ITEM_TAGS, T_MODIFIED, _names(DCTERMS, "modified"))
_register(_ITEM_TAGS, T_DC_TITLE, _names(DC, "title"))
_register(_ITEM_TAGS, T_ATOM_TITLE, f"{{{ATOM_NS}}}title")
_register(_ITEM_TAGS, T_ATOM_LINK, f"{{{ATOM_NS}}}link")
_register(_ITEM_TAGS, T_ATOM_CONTENT, f"{{{ATOM_NS}}}content")
_register(_ITEM_TAGS, T_ATOM_SUMMARY, f"{{{ATOM_NS}}}summary")
_register(_ITEM_TAGS, T_ITEM, "item", f"{{{RSS1}}}item", f"{{{ATOM_NS}}}entry")

# -- channel tags ----------------------------------------------------------------------------------

(
    C_TITLE,
    C_LINK,
    C_DESCRIPTION,
    C_AUTHOR,
    C_AUTHOR_FALLBACK,
    C_OWNER,
    C_ITUNES_IMAGE,
    C_IMAGE,
    C_IMAGE_FALLBACK,
    C_LANGUAGE,
    C_NEW_URL,
    C_GUID,
    C_SUMMARY,
    C_ITEM,
    C_ATOM_LINK,
    C_ATOM_TITLE,
    C_ATOM_SUBTITLE,
    C_ATOM_AUTHOR,
    C_ATOM_LOGO,
    C_ATOM_ICON,
    C_DC_TITLE,
) = range(21)

_CHANNEL_TAGS: dict[str, int] = {}
_register(_CHANNEL_TAGS, C_TITLE, "title", f"{{{RSS1}}}title")
_register(_CHANNEL_TAGS, C_DC_TITLE, _names(DC, "title"))
_register(_CHANNEL_TAGS, C_LINK, "link", f"{{{RSS1}}}link")
_register(_CHANNEL_TAGS, C_DESCRIPTION, "description", f"{{{RSS1}}}description")
_register(_CHANNEL_TAGS, C_AUTHOR, _names(ITUNES, "author"), _names(GOOGLEPLAY, "author"))
_register(_CHANNEL_TAGS, C_AUTHOR_FALLBACK, "managingEditor", _names(DC, "creator"))
_register(_CHANNEL_TAGS, C_OWNER, _names(ITUNES, "owner"))
_register(_CHANNEL_TAGS, C_ITUNES_IMAGE, _names(ITUNES, "image"))
_register(_CHANNEL_TAGS, C_IMAGE, "image", f"{{{RSS1}}}image")
_register(_CHANNEL_TAGS, C_IMAGE_FALLBACK, _names(MEDIA, "thumbnail"), _names(GOOGLEPLAY, "image"))
_register(_CHANNEL_TAGS, C_LANGUAGE, "language", _names(DC, "language"))
_register(_CHANNEL_TAGS, C_NEW_URL, _names(ITUNES, "new-feed-url"))
_register(_CHANNEL_TAGS, C_GUID, _names(PODCAST, "guid"))
_register(_CHANNEL_TAGS, C_SUMMARY, _names(ITUNES, "summary"), _names(ITUNES, "subtitle"))
_register(_CHANNEL_TAGS, C_ITEM, "item", f"{{{RSS1}}}item", f"{{{ATOM_NS}}}entry")
_register(_CHANNEL_TAGS, C_ATOM_LINK, f"{{{ATOM_NS}}}link")
_register(_CHANNEL_TAGS, C_ATOM_TITLE, f"{{{ATOM_NS}}}title")
_register(_CHANNEL_TAGS, C_ATOM_SUBTITLE, f"{{{ATOM_NS}}}subtitle", f"{{{ATOM_NS}}}tagline")
_register(_CHANNEL_TAGS, C_ATOM_AUTHOR, f"{{{ATOM_NS}}}author")
_register(_CHANNEL_TAGS, C_ATOM_LOGO, f"{{{ATOM_NS}}}logo")
_register(_CHANNEL_TAGS, C_ATOM_ICON, f"{{{ATOM_NS}}}icon")

_RSS_ROOTS = frozenset({"rss", "RSS", "Rss", f"{{{RDF}}}RDF", "rdf:RDF", "RDF"})
_ATOM_ROOTS = frozenset({f"{{{ATOM_NS}}}feed"})
_CHANNELS = frozenset({"channel", f"{{{RSS1}}}channel", "Channel"})
_ITEMS = frozenset({"item", f"{{{RSS1}}}item"})
_ALL_ITEMS = ("item", f"{{{RSS1}}}item", f"{{{ATOM_NS}}}entry")
_ALL_ITEMS_SET = frozenset(_ALL_ITEMS)
_RSS1_ITEM = f"{{{RSS1}}}item"
_RDF_ABOUT = f"{{{RDF}}}about"
_RDF_RESOURCE = f"{{{RDF}}}resource"
_ENC_TYPE, _ENC_LENGTH = f"{{{ENC}}}type", f"{{{ENC}}}length"
_ATOM_NAME = f"{{{ATOM_NS}}}name"
_ITUNES_NAMES = frozenset(_names(ITUNES, "name"))

# -- limits ----------------------------------------------------------------------------------------

_MAX_SMALL_INT = 2**31 - 1  # episode and season numbers
_MAX_LENGTH = 2**53  # enclosure length in bytes
_MAX_DURATION = 10_000_000  # about 115 days
_MAX_NOTES = 1_000_000  # characters of show notes kept per episode

# -- XML -------------------------------------------------------------------------------------------

_local = threading.local()


def _xml_parser(encoding: str | None) -> etree.XMLParser:
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


_XML_DECL = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']?([A-Za-z0-9._:-]+)""")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "utf_8"})


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Windows-1252 (Latin-1 where it has a hole)."""
    chunk = error.object[error.start : error.end]
    return chunk.decode("cp1252", errors="_podtui_latin1"), error.end


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("_podtui_cp1252", _cp1252_fallback)
codecs.register_error("_podtui_latin1", _latin1_fallback)


def _to_utf8(data: bytes, encoding: str | None) -> bytes:
    """``data`` re-encoded as UTF-8; undecodable bytes read as Windows-1252."""
    codec = "utf-8"
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            codec = "utf-8"
    if codec in ("latin-1", "iso8859-1", "ascii", "iso8859-15"):
        codec = "cp1252"
    if codec == "utf-8":
        text = data.decode("utf-8", errors="_podtui_cp1252")
    elif codec == "cp1252":
        text = data.decode("cp1252", errors="_podtui_latin1")
    else:
        text = data.decode(codec, errors="replace")
    return text.encode("utf-8")


def _declared_encoding(data: bytes) -> str | None:
    match = _XML_DECL.match(data[:256])
    return match.group(1).decode("ascii").lower() if match else None


_HTML_START = re.compile(
    rb"\s*+(?:<!--(?:[^-]|-(?!->))*+-->\s*+)*+<(?:!doctype\s+html|html|head|body)\b", re.I
)


def _prepare(data: bytes, what: str = "a podcast feed") -> tuple[bytes, str | None]:
    """Bytes for libxml2 and the encoding to force (None: trust the document)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32", errors="replace").encode("utf-8"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").encode("utf-8"), "utf-8"
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[3:]
    head = data[:4]
    codec = None
    if head[:2] == b"<\x00":
        codec = "utf-32-le" if head[1:4] == b"\x00\x00\x00" else "utf-16-le"
    elif head[:2] == b"\x00<":
        codec = "utf-16-be"
    elif head == b"\x00\x00\x00<":
        codec = "utf-32-be"
    if codec is not None:  # UTF-16/32 without a byte order mark
        return data.decode(codec, errors="replace").encode("utf-8"), "utf-8"
    if not head.startswith(b"<"):
        if known_kind(data[:4096].lstrip()) is not None:
            _not_a_feed(data, what)  # audio, an image, JSON...: no document to look for
        # Whitespace or junk (a PHP warning, a stray byte) before the document.
        start = data.find(b"<", 0, 4096)
        if start < 0:
            _not_a_feed(data, what)
        data = data[start:]
    if bom:
        return data, "utf-8"
    declared = _declared_encoding(data)
    if declared is None or declared in _UTF8_NAMES:
        return data, None
    if declared.startswith(("utf-16", "utf-32", "ucs")) or data.isascii():
        return data, "utf-8"  # 8-bit bytes cannot be UTF-16; ASCII is UTF-8
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return data, "utf-8"  # declared something else, but the bytes are valid UTF-8
    return _to_utf8(data, declared), "utf-8"


def _not_a_feed(data: bytes, what: str) -> NoReturn:
    """Raise the FeedError that best describes ``data``."""
    stripped = data.strip()
    if not stripped:
        raise FeedError(f"not {what} (empty body)")
    if _HTML_START.match(stripped[:2048]):
        raise FeedError(f"not {what} (an HTML page)")
    raise FeedError(f"not {what} ({describe_bytes(stripped)})")


_CDATA_OR_AMP = re.compile(
    rb"<!\[CDATA\[.*?(?:\]\]>|\Z)"  # kept as is
    rb"|<!(?!\[CDATA\[|--)[\[A-Za-z]*"  # a fragment of markup ("<![CD" cut short): dropped
    rb"|&(?:(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};)|([A-Za-z][A-Za-z0-9]{0,31});)?"
    rb"|<(?![A-Za-z_:/!?\x80-\xff])"  # a "<" that starts no markup
    rb"|\]\]>",  # a CDATA end outside CDATA
    re.S,
)
# ESC sequences (CSI, OSC...) and control bytes XML forbids. C1 controls are characters
# (two bytes in UTF-8) and are stripped from the text later.
_CONTROL_BYTES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b[\]PX^_][^\x07\x1b<]{0,4096}(?:\x07|\x1b\\)?"
    rb"|\x1b[ -/]*[0-~]?|[\x00-\x08\x0b\x0c\x0e-\x1f]"
)


def _fix_amp(match: re.Match[bytes]) -> bytes:
    whole = match.group()
    if whole == b"]]>":
        return b"]]&#62;"
    if whole[:1] == b"<":
        if whole[1:2] != b"!":
            return b"&#60;"
        return whole if whole.startswith((b"<![CDATA[", b"<!--")) else b""
    if match.group(1):
        return whole  # a numeric reference
    name = match.group(2)
    if name is None:
        return b"&amp;"  # a bare ampersand
    char = html.entities.html5.get(name.decode("ascii") + ";")
    if char is None:
        return b"&amp;" + whole[1:]  # unknown: keep it as text
    return "".join(f"&#{ord(c)};" for c in char).encode("ascii")


def _repair(data: bytes) -> bytes:
    """Bytes libxml2 recovers without losing text: controls out, CDATA sections closed,
    fragments of markup out, stray ``&``, ``<`` and ``]]>`` escaped, and every entity (even
    ``&amp;``) a numeric character reference."""
    data = _close_cdata(_CONTROL_BYTES.sub(b"", data))
    data = _CDATA_OR_AMP.sub(_fix_amp, data)
    cut = data.rfind(b"<")
    if cut > data.rfind(b">"):  # a tag cut short at the end: never a field
        data = data[:cut]
    return data


_OPENED = re.compile(rb"<([A-Za-z_][\w:.-]*)[^<>]*>\s*\Z")


def _close_cdata(data: bytes) -> bytes:
    """``data`` with every CDATA section closed: where its element closes when that comes
    before the next section (a section left open by mistake), else at the next section or
    at the end (a document cut short keeps the text that arrived)."""
    opener, closer = b"<![CDATA[", b"]]>"
    position = 0
    while True:
        start = data.find(opener, position)
        if start < 0:
            return data
        body = start + len(opener)
        end = data.find(closer, body)
        following = data.find(opener, body)
        if end >= 0 and (following < 0 or end < following):
            position = end + len(closer)
            continue
        limit = following if following >= 0 else len(data)
        close = limit
        element = _OPENED.search(data, max(0, start - 256), start)
        if element is not None:
            found = data.find(b"</" + element.group(1), body, limit)
            if found >= 0:
                close = found
        data = data[:close] + closer + data[close:]
        position = close + len(closer)


# Characters text.strip_controls removes that XML allows: DEL, C1 controls (two bytes in
# UTF-8), bidi overrides and isolates, and numeric references to any control character.
# libxml2 itself rejects raw C0 controls (and the repair removes them).
_DOC_CONTROLS = (
    re.compile(rb"\xc2[\x80-\x9f]"),
    re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])"),
    re.compile(
        rb"&#(?:0*(?:[0-9]|[12][0-9]|3[01]|12[7-9]|1[3-5][0-9]|823[4-8]|829[4-7])(?![0-9])"
        rb"|[xX]0*(?:[0-9a-fA-F]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F]|202[a-eA-E]|206[6-9])"
        rb"(?![0-9a-fA-F]))"
    ),
)


def _free_of_controls(data: bytes) -> bool:
    """Whether no text in the UTF-8 document can hold a control character.

    Each check is a literal-prefixed search over the bytes, far cheaper than checking
    every text of the document on its own.
    """
    if b"\x7f" in data:
        return False
    return not any(pattern.search(data) for pattern in _DOC_CONTROLS)


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
    if _HTML_START.match(data[:2048]):
        raise FeedError(f"not {what} (an HTML page)")
    data, forced = _prepare(data, what)
    data = _without_doctype(data)
    root = _try_parse(data, forced)
    parser = _xml_parser(forced)
    errors = {entry.type_name for entry in parser.error_log}
    if errors:
        # After its first error, libxml2's recovery drops every later &amp; &lt; &gt;
        # (numeric references survive), and it loses text at stray "&", "<", "]]>" and
        # bad characters: repair the bytes and parse once more.
        if "ERR_INVALID_ENCODING" in errors:
            data, forced = _to_utf8(data, forced), "utf-8"
        repaired_data = _repair(data)
        repaired = _try_parse(repaired_data, forced)
        if repaired is not None:
            root, data = repaired, repaired_data
            errors = {entry.type_name for entry in _xml_parser(forced).error_log}
    if root is None:
        _not_a_feed(data, what)
    return XMLDocument(root, _free_of_controls(data), frozenset(errors))


_PROLOG_DOCTYPE = re.compile(rb"(?:\s++|<\?[^>]*+>|<!--(?:[^-]|-(?!->))*+-->)*+<!DOCTYPE\b")
_PROLOG = 64 * 1024  # where a DOCTYPE may start
_DOCTYPE = re.compile(
    rb"""<!DOCTYPE(?:[^\[>"']|"[^"]*"|'[^']*')*+"""
    rb"""(?:\[(?:<!--.*?-->|<!(?!--)(?:[^>"']|"[^"]*"|'[^']*')*+>|<\?.*?\?>|[^\]<])*+\])?\s*>""",
    re.S,
)


def _without_doctype(data: bytes) -> bytes:
    """``data`` without its DOCTYPE: no feed needs a DTD, and entities are declared there."""
    head = _PROLOG_DOCTYPE.match(data, 0, _PROLOG)
    if head is None:
        return data
    start = head.end() - len(b"<!DOCTYPE")
    whole = _DOCTYPE.match(data, start)
    if whole is not None:
        end = whole.end()
    else:  # malformed: cut to the end of an internal subset, else of the declaration
        end = data.find(b"]>", start)
        end = end + 2 if end >= 0 else data.find(b">", start) + 1
        if end <= 0:
            return data
    return data[:start] + data[end:]


def _try_parse(data: bytes, encoding: str | None) -> etree._Element | None:
    try:
        return etree.fromstring(data, _xml_parser(encoding))
    except etree.XMLSyntaxError:
        return None


# -- text ------------------------------------------------------------------------------------------


def _entity_text(node) -> str:
    """An entity reference left unexpanded: its HTML meaning if it has one, else nothing."""
    return html.entities.html5.get(node.name + ";", "")


def _deep_text(element) -> str:
    """All text inside ``element`` (entities as their HTML meaning, never expanded)."""
    parts = [element.text or ""]
    stack = [(element, iter(element))]
    while stack:
        node, children = stack[-1]
        for child in children:
            tag = child.tag
            if tag is etree.Entity:
                parts.append(_entity_text(child))
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


def _markup(element) -> str:
    """The HTML inside a notes element: its text, or its child elements serialised."""
    parts = [element.text or ""]
    elements = False
    for child in element:
        if child.tag is etree.Entity:
            if _entity_text(child):
                parts.append(f"&{child.name};")
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
            parts.append(f"&{child.name};" if _entity_text(child) else "")
        elif isinstance(child.tag, str):
            parts.append(_serialise(child))
        parts.append(html.escape(child.tail or "", quote=False))
    return "".join(parts)


def _serialise(element) -> str:
    """Child markup as HTML, without namespaces and without feed elements that broken
    markup left inside (the item's own fields, or whole items)."""
    copy = etree.fromstring(etree.tostring(element, with_tail=False), _xml_parser(None))
    if copy is None:  # broken markup that does not survive a round trip: its text only
        return html.escape(_deep_text(element), quote=False)
    for node in list(copy.iter()):
        if node is not copy and node.tag in _ITEM_TAGS:
            _drop(node)
    for node in copy.iter():
        if isinstance(node.tag, str) and node.tag[:1] == "{":
            with contextlib.suppress(ValueError):  # a name lxml refuses ("x:")
                node.tag = node.tag.split("}", 1)[1]
    etree.cleanup_namespaces(copy)
    return etree.tostring(copy, method="html", encoding="unicode", with_tail=False)


def _drop(node) -> None:
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


def _text(element) -> str:
    return _deep_text(element) if len(element) else (element.text or "")


def _atom_text(element) -> str:
    """The text of an Atom text construct (type text, html or xhtml)."""
    kind = element.get("type")
    if kind in ("html", "text/html"):
        return notes_to_text(_text(element))
    if kind in ("xhtml", "application/xhtml+xml"):
        return notes_to_text(_markup(element))
    return clean_line(_text(element))


def _atom_markup(element) -> str:
    """An Atom text construct as HTML for the notes."""
    kind = element.get("type")
    if kind in ("html", "text/html", "xhtml", "application/xhtml+xml"):
        return _markup(element)
    text = _text(element)
    return html.escape(text, quote=False) if "<" in text else text


# -- URLs ------------------------------------------------------------------------------------------

_URL_JUNK = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _url(raw: str | None, base: str | None) -> str | None:
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


def _int(text: str | None, limit: int) -> int | None:
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


def _length(text: str | None) -> int | None:
    """An enclosure length in bytes; junk, zero and absurd values give None."""
    value = _int(text, _MAX_LENGTH)
    return value or None


_UNIT = re.compile(
    r"(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)(?![a-z])\.?", re.I
)
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
_UNIT_LEFTOVER = re.compile(r"[\s,]|and", re.I)


def parse_duration(text: str | None) -> int | None:
    """Whole seconds from ``3600``, ``3600.5``, ``MM:SS``, ``H:MM:SS``, ``45 min``, ``1h 2m 3s``.

    Junk, zero and negative values give None.
    """
    if not text:
        return None
    try:
        if ":" in text:
            parts = text.split(":")
            if len(parts) == 3:
                hours, minutes, seconds = int(parts[0]), int(parts[1]), int(parts[2])
                value = hours * 3600 + minutes * 60 + seconds
            elif len(parts) == 2:
                minutes, seconds = int(parts[0]), int(parts[1])
                hours = 0
                value = minutes * 60 + seconds
            else:
                raise ValueError
            if hours < 0 or minutes < 0 or seconds < 0:
                return None
        else:
            value = int(text)
    except ValueError:
        value = _duration_slow(text.strip())
        if value is None:
            return None
    return value if 0 < value <= _MAX_DURATION else None


def _duration_slow(text: str) -> int | None:
    if ":" in text:
        parts = text.split(":")
        if len(parts) > 4:
            return None
        total = 0.0
        for part in parts:
            part = part.strip() or "0"
            if not (part.isascii() and part.replace(".", "", 1).isdigit()):
                return None
            total = total * 60 + float(part)
        if len(parts) == 4:  # D:HH:MM:SS
            days, rest = divmod(total, 60 * 60 * 60)
            total = days * 86400 + rest
        return int(total)
    try:
        number = float(text)
    except ValueError:
        matches = _UNIT.findall(text)
        if not matches or _UNIT_LEFTOVER.sub("", _UNIT.sub("", text)):
            return None
        return int(sum(float(n) * _UNIT_SECONDS[unit[0].lower()] for n, unit in matches))
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number)


# -- items -----------------------------------------------------------------------------------------

_EXPLICIT = {
    "yes": True,
    "true": True,
    "explicit": True,
    "no": False,
    "false": False,
    "clean": False,
}
_EPISODE_TYPES = frozenset({"full", "trailer", "bonus"})
_TRANSCRIPT_RANK = {
    "text/vtt": 0,
    "application/x-subrip": 1,
    "application/srt": 1,
    "text/srt": 1,
    "application/json": 2,
    "text/html": 3,
}


def _mime(text: str | None) -> str | None:
    if not text:
        return None
    mime = text.strip().lower()
    if mime.isascii() and mime.isprintable() and " " not in mime:
        return mime or None
    return clean_line(mime) or None


def _is_av(mime: str | None) -> bool:
    return mime is not None and mime.startswith(("audio/", "video/"))


def _media_kind(mime: str | None, medium: str | None) -> bool:
    """Whether a media:content element can be the episode's audio or video."""
    if medium and medium.strip().lower() not in ("audio", "video"):
        return False
    return not mime or not mime.startswith(("image/", "text/", "application/pdf"))


def _single_line(text: str | None, checked: bool) -> str:
    """A one-line text field (an HTML title is reduced to its text)."""
    if not text:
        return ""
    if "<" in text or "&" in text:
        return notes_to_text(text)
    if checked:
        return " ".join(text.split())
    return clean_line(text)


def _descendants(item) -> Iterator:
    """The elements inside an item of a broken document, without the items nested in it.

    Recovery from an unclosed tag leaves an item's later fields (and the following items)
    inside that tag: every element below the item is a candidate field.
    """
    stack = [iter(item)]
    while stack:
        for node in stack[-1]:
            if node.tag in _ALL_ITEMS_SET:
                continue
            yield node
            if len(node):
                stack.append(iter(node))
                break
        else:
            stack.pop()


def _parse_item(item, base: str | None, checked: bool, sound: bool = True) -> ParsedEpisode | None:
    """One <item> or <entry>; None for an empty one."""
    slots: list = [None] * _SINGLE
    multi: list = []
    get = _ITEM_TAGS.get
    for child in item if sound else _descendants(item):
        code = get(child.tag)
        if code is not None:
            if code < _SINGLE:
                slots[code] = child
            else:
                multi.append((code, child))
    (
        title_el,
        guid_el,
        date_el,
        description_el,
        content_el,
        duration_el,
        episode_el,
        season_el,
        episode_type_el,
        explicit_el,
        image_el,
        link_el,
        itunes_title_el,
        summary_el,
        thumbnail_el,
        chapters_el,
        podcast_episode_el,
        podcast_season_el,
        dc_date_el,
        issued_el,
        created_el,
        updated_el,
        modified_el,
        dc_title_el,
        atom_title_el,
        atom_content_el,
        atom_summary_el,
    ) = slots

    # enclosure, links, media, transcripts: in document order
    enclosure: tuple[str, str | None, str | None] | None = None
    media: tuple[str, str | None, str | None, str | None] | None = None
    transcript: tuple[int, str, str | None] | None = None
    atom_link = None
    for code, child in multi:
        if code in (T_ENCLOSURE, T_ATOM_LINK):
            if code == T_ATOM_LINK:
                rel = (child.get("rel") or "alternate").strip().lower()
                if rel != "enclosure":
                    if rel == "alternate" and atom_link is None:
                        atom_link = _url(child.get("href"), base)
                    continue
                url = _url(child.get("href"), base)
            else:
                url = _url(child.get("url") or child.get("href") or child.get(_RDF_RESOURCE), base)
            if url is not None:
                mime = _mime(child.get("type") or child.get(_ENC_TYPE))
                if enclosure is None or (not _is_av(enclosure[1]) and _is_av(mime)):
                    enclosure = (url, mime, child.get("length") or child.get(_ENC_LENGTH))
        elif code in (T_MEDIA_CONTENT, T_MEDIA_GROUP):
            for node in (child,) if code == T_MEDIA_CONTENT else child:
                node_code = get(node.tag)
                if node_code == T_MEDIA_CONTENT and media is None:
                    url = _url(node.get("url"), base)
                    mime = _mime(node.get("type"))
                    if url is not None and _media_kind(mime, node.get("medium")):
                        media = (url, mime, node.get("fileSize"), node.get("duration"))
                elif node_code == T_MEDIA_THUMBNAIL and thumbnail_el is None:
                    thumbnail_el = node
        elif code == T_TRANSCRIPT:
            url = _url(child.get("url"), base)
            if url is not None:
                mime = _mime(child.get("type"))
                rank = _TRANSCRIPT_RANK.get(mime or "", 9)
                if transcript is None or rank < transcript[0]:
                    transcript = (rank, url, mime)

    # title
    if title_el is not None:
        title = _single_line(title_el.text if not len(title_el) else _deep_text(title_el), checked)
    elif atom_title_el is not None:
        title = _atom_text(atom_title_el)
    else:
        title = ""
    if not title and itunes_title_el is not None:
        title = _single_line(_text(itunes_title_el), checked)
    if not title and dc_title_el is not None:
        title = _single_line(_text(dc_title_el), checked)

    # dates and numbers
    published = parse_date(date_el.text) if date_el is not None else None
    if published is None:
        # pubDate or Atom's published (above), else the other dates a feed may give, the
        # closest to a publication date first
        for element in (dc_date_el, issued_el, created_el, updated_el, modified_el):
            if element is not None:
                published = parse_date(element.text)
                if published is not None:
                    break
    duration = parse_duration(duration_el.text) if duration_el is not None else None

    if enclosure is None and media is not None:
        enclosure = media[:3]
        if duration is None:
            duration = parse_duration(media[3])

    # notes: content:encoded, else description, else itunes:summary
    notes = None
    if content_el is not None:
        notes = content_el.text if not len(content_el) else _markup(content_el)
    elif atom_content_el is not None:
        notes = _atom_markup(atom_content_el)
    if not notes or notes.isspace():
        if description_el is not None:
            notes = description_el.text if not len(description_el) else _markup(description_el)
        if not notes or notes.isspace():
            if summary_el is not None:
                notes = _text(summary_el)
            elif atom_summary_el is not None:
                notes = _atom_markup(atom_summary_el)
    if notes:
        if len(notes) > _MAX_NOTES:
            notes = notes[:_MAX_NOTES]
        notes = sanitize_html(notes.strip(), checked=checked)
    else:
        notes = ""

    if guid_el is not None:
        guid = guid_el.text if not len(guid_el) else _deep_text(guid_el)
        if guid:
            guid = guid.strip() if checked else strip_controls(guid).strip()
        guid = guid or None
    else:
        guid = None
    if guid is None and item.tag == _RSS1_ITEM:  # RSS 1.0: the item's URI is its id
        about = item.get(_RDF_ABOUT)
        if about:
            guid = (about.strip() if checked else strip_controls(about).strip()) or None

    link = _url(link_el.text or link_el.get("href"), base) if link_el is not None else atom_link
    if (
        link is None
        and guid is not None
        and guid_el is not None
        and guid_el.tag == "guid"
        and (guid_el.get("isPermaLink") or "true").strip().lower() != "false"
    ):  # a permalink guid (isPermaLink is true unless it says false) is the item's page
        link = _url(guid, None)

    if not title:
        if not (enclosure or guid or link or notes):
            return None  # an empty item
        if not sound and enclosure is None:
            return None  # in a broken document, what is left of an item cut short
        title = _fallback_title(published, enclosure)

    image = None
    if image_el is not None:
        image = _url(image_el.get("href") or image_el.text, base)
    if image is None and thumbnail_el is not None:
        image = _url(thumbnail_el.get("url"), base)

    chapters_url = chapters_type = None
    if chapters_el is not None:
        chapters_url = _url(chapters_el.get("url"), base)
        if chapters_url is not None:
            chapters_type = _mime(chapters_el.get("type"))

    episode_number = season_number = None
    if episode_el is not None:
        episode_number = _int(episode_el.text, _MAX_SMALL_INT)
    if episode_number is None and podcast_episode_el is not None:
        episode_number = _int(podcast_episode_el.text, _MAX_SMALL_INT)
    if season_el is not None:
        season_number = _int(season_el.text, _MAX_SMALL_INT)
    if season_number is None and podcast_season_el is not None:
        season_number = _int(podcast_season_el.text, _MAX_SMALL_INT)

    episode_type = None
    if episode_type_el is not None and episode_type_el.text:
        episode_type = episode_type_el.text.strip().lower()
        if episode_type not in _EPISODE_TYPES:
            episode_type = None
    explicit = None
    if explicit_el is not None and explicit_el.text:
        explicit = _EXPLICIT.get(explicit_el.text.strip().lower())

    if enclosure is not None:
        enclosure_url, enclosure_type, length = enclosure
        enclosure_length = _length(length)
    else:
        enclosure_url = enclosure_type = enclosure_length = None
    return ParsedEpisode(
        title,
        guid,
        published,
        duration,
        enclosure_url,
        enclosure_type,
        enclosure_length,
        link,
        notes,
        image,
        episode_number,
        season_number,
        episode_type,
        explicit,
        chapters_url,
        chapters_type,
        transcript[1] if transcript else None,
        transcript[2] if transcript else None,
    )


def _fallback_title(published: int | None, enclosure) -> str:
    """A title for an untitled item: its date, else its enclosure's file name."""
    if published is not None:
        year, month, day = civil(published // 86400)
        return f"{year:04d}-{month:02d}-{day:02d}"
    if enclosure:
        try:
            path = urlsplit(enclosure[0]).path
        except ValueError:  # "https://[broken": no file name to take
            path = ""
        name = clean_line(unquote(path.rsplit("/", 1)[-1]))
        if name:
            return name
    return "Untitled episode"


def _parse_items(
    items, base: str | None, checked: bool, episodes: list[ParsedEpisode], sound: bool = True
) -> None:
    for item in items:
        episode = _parse_item(item, base, checked, sound)
        if episode is not None:
            episodes.append(episode)


def _distinct_ids(episodes: list[ParsedEpisode]) -> None:
    """Give items that share a guid but not an enclosure guids of their own, in place.

    Each such item's guid becomes ``guid#enclosure URL``, which stays the same whatever
    the feed adds or drops around it: an episode added to a feed that repeats its guids
    never takes an older one's identity (and with it, its played state), nor does an old
    one dropped from the end of the feed hand its identity to the next.
    """
    guids = [episode.guid for episode in episodes if episode.guid is not None]
    if len(set(guids)) == len(guids):
        return
    groups: dict[str, list[ParsedEpisode]] = {}
    for episode in episodes:
        if episode.guid is not None:
            groups.setdefault(episode.guid, []).append(episode)
    for guid, group in groups.items():
        if len({episode.enclosure_url for episode in group}) < 2:
            continue  # the same item repeated, or no audio to tell them apart
        for episode in group:
            if episode.enclosure_url is not None:
                episode.guid = f"{guid}#{episode.enclosure_url}"


# -- the channel -----------------------------------------------------------------------------------


class _Channel:
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
        self.title = self.link = self.atom_link = self.description = self.summary = None
        self.author = self.author_fallback = self.owner = None
        self.itunes_image = self.image = self.image_fallback = None
        self.language = self.new_url = self.guid = None

    def add(self, child, code: int) -> None:
        base = self.base
        if code == C_TITLE:
            self.title = _single_line(_text(child), self.checked)
        elif code == C_DC_TITLE:
            self.title = self.title or _single_line(_text(child), self.checked)
        elif code == C_ATOM_TITLE:
            if self.atom or not self.title:
                self.title = _atom_text(child)
        elif code == C_LINK:
            self.link = self.link or _url(child.text or child.get("href"), base)
        elif code == C_ATOM_LINK:
            rel = (child.get("rel") or "alternate").strip().lower()
            if rel == "alternate" and self.atom_link is None:
                self.atom_link = _url(child.get("href"), base)
        elif code == C_DESCRIPTION:
            self.description = _markup(child)
        elif code == C_ATOM_SUBTITLE:
            self.description = _atom_markup(child)
        elif code == C_SUMMARY:
            self.summary = self.summary or _text(child)
        elif code == C_AUTHOR:
            self.author = self.author or _text(child)
        elif code == C_AUTHOR_FALLBACK:
            self.author_fallback = self.author_fallback or _text(child)
        elif code == C_ATOM_AUTHOR:
            name = child.find(_ATOM_NAME)
            self.author = self.author or (_text(name) if name is not None else _text(child))
        elif code == C_OWNER:
            for node in child:
                if node.tag in _ITUNES_NAMES:
                    self.owner = _text(node)
        elif code == C_ITUNES_IMAGE:
            self.itunes_image = self.itunes_image or _url(child.get("href") or child.text, base)
        elif code == C_IMAGE:
            for node in child:
                if node.tag in ("url", f"{{{RSS1}}}url"):
                    self.image = self.image or _url(node.text, base)
            if self.image is None:
                self.image = _url(child.get(f"{{{RDF}}}resource") or child.get("href"), base)
        elif code == C_IMAGE_FALLBACK:
            found = _url(child.get("url") or child.get("href") or child.text, base)
            self.image_fallback = self.image_fallback or found
        elif code in (C_ATOM_LOGO, C_ATOM_ICON):
            found = _url(child.text, base)
            if code == C_ATOM_LOGO or self.image_fallback is None:
                self.image_fallback = found or self.image_fallback
        elif code == C_LANGUAGE:
            self.language = _text(child)
        elif code == C_NEW_URL:
            self.new_url = _url(_text(child), base)
        elif code == C_GUID:
            self.guid = _text(child)

    def feed(self, episodes: list[ParsedEpisode]) -> ParsedFeed:
        title = self.title or ""
        if not title and not episodes:
            raise FeedError("not a podcast feed (no title and no episodes)")
        _distinct_ids(episodes)
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
                _single_line(self.author, checked)
                or _single_line(self.owner, checked)
                or _single_line(self.author_fallback, checked)
                or None
            ),
            image=self.itunes_image or self.image or self.image_fallback,
            language=language or None,
            podcast_guid=_single_line(self.guid, checked) or None,
            new_url=self.new_url,
            episodes=episodes,
        )


# Atom's text constructs: their children are (X)HTML, never feed elements.
_TEXT_CONSTRUCTS = frozenset(
    {"title", "subtitle", "tagline", "summary", "content", "rights", "copyright", "info"}
)


def _normalise(root) -> None:
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


def _find_channel(root) -> tuple[object, bool]:
    """The element holding the feed's fields and items, and whether it is Atom."""
    tag = root.tag
    if tag in _RSS_ROOTS:
        for child in root:
            if child.tag in _CHANNELS:
                return child, False
        return root, False
    if tag in _ATOM_ROOTS:
        return root, True
    if tag in _CHANNELS:  # a channel without its <rss>
        return root, False
    raise FeedError(f"not a podcast feed ({describe_root(root)})")


def _parse_tree(document: XMLDocument, base: str | None) -> ParsedFeed:
    root, checked = document.root, document.checked
    _normalise(root)
    channel, atom = _find_channel(root)
    fields = _Channel(base, atom, checked)
    items: list = []
    get = _CHANNEL_TAGS.get
    for child in channel:
        code = get(child.tag)
        if code is not None:
            if code == C_ITEM:
                items.append(child)
            else:
                fields.add(child, code)
    if not document.sound:
        # Recovery may have nested items inside others (after an unclosed tag): take
        # every item in document order, wherever it ended up.
        items = list(root.iter(*_ALL_ITEMS))
    elif channel is not root:  # RSS 1.0 keeps its items beside the channel
        items.extend(child for child in root if child.tag in _ITEMS)
    episodes: list[ParsedEpisode] = []
    _parse_items(items, base, checked, episodes, document.sound)
    if not episodes and document.errors:
        # Recovering a broken document is worth it for the episodes it still holds; with
        # none, its other fields are not to be trusted either (a cut-short refresh must
        # not rename the podcast).
        if "ERR_TAG_NOT_FINISHED" in document.errors:
            raise FeedError("not a podcast feed (cut short before any episode)")
        raise FeedError("not a podcast feed (broken XML without any episode)")
    return fields.feed(episodes)


# -- large feeds: chunks parsed on a second core while the items are read ------------------------

_CHUNKED_MIN = 4 * 1024 * 1024  # feeds smaller than this are parsed in one go
_CHUNK = 2 * 1024 * 1024
_FIRST_ITEM = re.compile(rb"<item[\s>]")
_RSS_HEADER = re.compile(rb"<rss[\s>][^<]*(?:<(?!item[\s>])[^<]*)*?<channel[\s>]")


def _inside_markup(data: bytes, position: int, floor: int) -> bool:
    """Whether ``position`` lies inside a CDATA section or a comment (looking back to floor)."""
    for opening, closing in ((b"<![CDATA[", b"]]>"), (b"<!--", b"-->")):
        start = data.rfind(opening, floor, position)
        if start >= 0 and data.find(closing, start, position) < 0:
            return True
    return False


def _chunk_bounds(data: bytes) -> tuple[int, list[int]] | None:
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


def _parse_chunked(data: bytes, forced: str | None, base: str | None) -> ParsedFeed | None:
    """Parse a large, sound RSS feed chunk by chunk, libxml2 running ahead on another core.

    Each chunk is the channel header plus a run of whole items, closed as a document. Any
    surprise (an XML error in a chunk, items not where expected) gives None, and the caller
    parses the whole document the ordinary way.
    """
    bounds = _chunk_bounds(data)
    if bounds is None:
        return None
    first, ends = bounds
    header = data[:first]
    starts = [first, *ends]
    stops = [*ends, len(data)]
    count = len(starts)
    results: list = [None] * count
    ready = [threading.Event() for _ in range(count)]
    stop = threading.Event()

    def work() -> None:
        parser = _xml_parser(forced)
        try:
            for index in range(count):
                if stop.is_set():
                    return
                start, end = starts[index], stops[index]
                if index == 0:
                    chunk = data[:end] + b"</channel></rss>"
                elif index == count - 1:
                    chunk = header + data[start:]
                else:
                    chunk = header + data[start:end] + b"</channel></rss>"
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

    worker = threading.Thread(target=work, name="podtui-feed-parser", daemon=True)
    worker.start()
    try:
        checked = _free_of_controls(data)
        fields: _Channel | None = None
        header_children = 0
        episodes: list[ParsedEpisode] = []
        get = _CHANNEL_TAGS.get
        for index in range(count):
            ready[index].wait()
            root = results[index]
            results[index] = None
            if root is None or root.tag not in _RSS_ROOTS:
                return None
            channel, _ = _find_channel(root)
            if channel is root:
                return None
            children = iter(channel)
            if index == 0:
                fields = _Channel(base, False, checked)
                for child in channel:
                    if get(child.tag) == C_ITEM:
                        break
                    header_children += 1
                else:
                    return None  # no item where the bytes said one starts
            else:
                for _ in range(header_children):
                    next(children, None)
            items: list = []
            for child in children:
                code = get(child.tag)
                if code is not None:
                    if code == C_ITEM:
                        items.append(child)
                    else:
                        fields.add(child, code)
            if any(child.tag in _ITEMS for child in root if child is not channel):
                return None
            _parse_items(items, base, checked, episodes)
        return fields.feed(episodes) if fields is not None else None
    finally:
        stop.set()
        worker.join()


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
        if len(data) >= _CHUNKED_MIN and not _HTML_START.match(data[:2048]):
            prepared, forced = _prepare(data)
            feed = _parse_chunked(_without_doctype(prepared), forced, base)
            if feed is not None:
                return feed
        return _parse_tree(parse_xml(data), base)
    finally:
        if collecting:
            gc.enable()
