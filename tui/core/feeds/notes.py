"""Show notes: sanitising feed HTML for storage, and turning it into Markdown or plain text.

Notes are stored sanitised (``sanitize_html``): only a small whitelist of harmless tags
survives, links only to http(s)/mailto, and scripts, styles, frames, objects and forms
are dropped with their content. Most real notes are already harmless; a precompiled
regular expression recognises those and lets them through with only control characters
stripped, so the HTML parser runs only for notes that need it.

``notes_to_markdown`` renders (sanitised or not) notes for the terminal: numbered links,
escaped Markdown, no control characters. ``notes_to_text`` gives plain text for search.
"""

from __future__ import annotations

import html as _html
import re
import threading

from lxml import etree

from tui.core.text import clean_line, strip_controls

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


def _words(text: str) -> list[str]:
    return text.split()


# -- the whitelist ---------------------------------------------------------------------------------

# Dropped together with everything inside them.
_DROP = frozenset(
    _words(
        "script style iframe frame frameset object embed applet param form input button "
        "select option textarea datalist noscript noembed noframes template head title "
        "meta link base svg math canvas audio video source track map area dialog xml"
    )
)
# Kept as they are (without attributes, except a[href] and ol[start]).
_KEEP = frozenset(
    _words(
        "p br b strong i em u s ul ol li h1 h2 h3 h4 h5 h6 blockquote pre code hr sub sup "
        "table thead tbody tfoot tr th td caption dl dt dd"
    )
)
_VOID = frozenset({"br", "hr"})
_BLOCK = frozenset(
    _words(
        "p ul ol li h1 h2 h3 h4 h5 h6 blockquote pre hr table thead tbody tfoot tr th td "
        "caption dl dt dd div section article header footer main nav aside figure "
        "figcaption address details summary center"
    )
)
# Containers that are unwrapped; as a paragraph when they hold no block of their own.
_DIVLIKE = frozenset(
    _words(
        "div section article header footer main nav aside figure figcaption address "
        "details summary center"
    )
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

_SCHEME_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_URL_BREAKS = re.compile(r"[\t\n\r]")  # browsers drop them from URLs
_WS = re.compile(r"\s+")
_local = threading.local()


def _no_controls(text: str) -> str:
    """strip_controls, keeping a lone carriage return as the line break it stands for."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return strip_controls(text)


def _html_parser() -> etree.HTMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            recover=True,
            default_doctype=False,
            collect_ids=False,
        )
        _local.parser = parser
    return parser


class _TooDeep(Exception):
    """The HTML nests deeper than the parser keeps (it would silently drop the rest)."""


def _body(markup: str) -> etree._Element | None:
    """The parsed body of an HTML fragment (None when there is nothing)."""
    parser = _html_parser()
    try:
        root = etree.fromstring(_no_controls(markup), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        raise _TooDeep
    if root is None:
        return None
    body = root.find("body")
    return body if body is not None else (root if root.tag != "html" else None)


def safe_href(href: str | None, *, mailto: bool = True) -> str | None:
    """``href`` if it is an absolute http(s) (or mailto) URL, else None."""
    if not href:
        return None
    href = _URL_BREAKS.sub("", strip_controls(href)).strip()
    head = _SCHEME_JUNK.sub("", href[:16]).lower()
    if head.startswith(("http://", "https://")) or (mailto and head.startswith("mailto:")):
        return href.replace(" ", "%20")
    return None


def _tag(node) -> str | None:
    tag = node.tag
    return tag.lower() if isinstance(tag, str) else None


def _has_block(node) -> bool:
    return any(_tag(child) in _BLOCK for child in node.iterdescendants())


def _image_text(node) -> str:
    alt = clean_line(node.get("alt") or node.get("title"))
    return f"[image: {alt}]" if alt else "[image]"


# -- sanitising ------------------------------------------------------------------------------------


def sanitize_html(html: str, *, checked: bool = False) -> str:
    """Whitelist-clean show notes HTML. Plain text (no tags) comes back as it was.

    ``checked=True`` tells that ``html`` is known to hold no control characters and no
    references to them (the feed parser checks whole documents at once).
    """
    if not html:
        return ""
    if not checked:
        html = _no_controls(html)
        if "&#" in html and _CONTROL_REF.search(html):
            return _sanitize_tree(html)
    if _UNSAFE_TAG.search(html) is None:
        return html
    return _sanitize_tree(html)


def _sanitize_tree(html: str) -> str:
    out: list[str] = []
    try:
        body = _body(html)
        if body is None:
            return ""
        _sanitize_children(body, out)
    except (RecursionError, _TooDeep):
        return _html.escape(notes_to_text(html), quote=False)
    return "".join(out).strip()


def _text_out(text: str | None, out: list[str]) -> None:
    if text:
        out.append(_html.escape(_no_controls(text), quote=False))


def _sanitize_children(node, out: list[str]) -> None:
    _text_out(node.text, out)
    for child in node:
        _sanitize_node(child, out)
        _text_out(child.tail, out)


def _sanitize_node(node, out: list[str]) -> None:
    tag = _tag(node)
    if tag is None or tag in _DROP:
        return
    if tag in _KEEP:
        if tag in _VOID:
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
        out.append(_html.escape(_image_text(node), quote=False))
    elif tag in _DIVLIKE and not _has_block(node):
        out.append("<p>")
        _sanitize_children(node, out)
        out.append("</p>")
    else:  # span, font, div with blocks, anything unknown: keep the content only
        _sanitize_children(node, out)


# -- plain text ------------------------------------------------------------------------------------

_TAG_OR_COMMENT = re.compile(r"<!--.*?(?:-->|$)|<[a-zA-Z/!?][^<>]*>", re.DOTALL)
_DROPPED_BLOCK = re.compile(
    r"<(script|style|iframe|object|embed|form|noscript|template|svg|math|head|title)\b"
    r".*?(?:</\1\s*>|$)",
    re.DOTALL | re.IGNORECASE,
)


def notes_to_text(html: str) -> str:
    """Plain text of notes for search: tags removed, entities decoded, whitespace collapsed."""
    if not html:
        return ""
    if "<" in html:
        if "</" in html:
            html = _DROPPED_BLOCK.sub(" ", html)
        html = _TAG_OR_COMMENT.sub(" ", html)
    if "&" in html:
        html = _html.unescape(html)
    # clean_line's result, faster on long texts: controls out, whitespace collapsed
    return " ".join(_no_controls(html).split())


# -- Markdown --------------------------------------------------------------------------------------

_BREAK = "\ue000"  # a line break inside a paragraph while it is being assembled
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~#])")
_LINE_START = re.compile(r"^([-+=]|\d+[.)])")
_BARE_URL = re.compile(r"\bhttps?://[^\s<>\"'\]\[]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'\")]}"


def _escape_md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


class _Markdown:
    """Renders an HTML tree as Markdown, numbering the http(s) links it meets."""

    def __init__(self) -> None:
        self.links: list[str] = []
        self._numbers: dict[str, int] = {}

    def link_number(self, url: str) -> int:
        number = self._numbers.get(url)
        if number is None:
            self.links.append(url)
            number = self._numbers[url] = len(self.links)
        return number

    # -- text ---------------------------------------------------------------------------

    def text(self, text: str | None, *, autolink: bool = True) -> str:
        """Escaped Markdown for a text node; bare http(s) URLs get a link number."""
        if not text:
            return ""
        text = _WS.sub(" ", _no_controls(text))
        if not autolink or "://" not in text:
            return _escape_md(text)
        out: list[str] = []
        last = 0
        for match in _BARE_URL.finditer(text):
            url = match.group()
            while url and url[-1] in _URL_TRAILING:
                if url[-1] == ")" and url.count("(") >= url.count(")"):
                    break
                url = url[:-1]
            if "://" not in url or url.endswith("://"):
                continue
            start = match.start()
            out.append(_escape_md(text[last:start]))
            out.append(f"{_escape_md(url)} \\[{self.link_number(url)}\\]")
            last = start + len(url)
        out.append(_escape_md(text[last:]))
        return "".join(out)

    # -- inline ---------------------------------------------------------------------------

    def inline(self, node, *, autolink: bool = True) -> str:
        """Inline Markdown for the content of ``node`` (its text, children and their tails)."""
        parts = [self.text(node.text, autolink=autolink)]
        for child in node:
            parts.append(self.inline_node(child, autolink=autolink))
            parts.append(self.text(child.tail, autolink=autolink))
        return "".join(parts)

    def inline_node(self, node, *, autolink: bool = True) -> str:
        tag = _tag(node)
        if tag is None or tag in _DROP:
            return ""
        if tag == "br":
            return _BREAK
        if tag == "img":
            return _escape_md(_image_text(node))
        if tag in ("b", "strong"):
            return _wrap(self.inline(node, autolink=autolink), "**")
        if tag in ("i", "em", "cite", "dfn", "var"):
            return _wrap(self.inline(node, autolink=autolink), "*")
        if tag in ("code", "tt", "kbd", "samp"):
            return _code_span(_plain(node))
        if tag == "a":
            href = safe_href(node.get("href"), mailto=False)
            if href is None:
                return self.inline(node, autolink=autolink)
            label = self.inline(node, autolink=False)
            number = self.link_number(href)
            return f"{label} \\[{number}\\]" if label.strip() else f"\\[{number}\\]"
        if tag == "hr":
            return _BREAK
        if tag in _BLOCK:  # a block where only inline content fits
            return f" {self.inline(node, autolink=autolink)} "
        return self.inline(node, autolink=autolink)

    # -- blocks ----------------------------------------------------------------------------

    def blocks(self, node) -> list[str]:
        """The content of ``node`` as a list of Markdown blocks."""
        blocks: list[str] = []
        pending: list[str] = []

        def flush() -> None:
            if pending:
                blocks.extend(_paragraphs("".join(pending)))
                pending.clear()

        pending.append(self.text(node.text))
        for child in node:
            tag = _tag(child)
            if tag is not None and tag not in _DROP:
                if tag in _BLOCK and not (tag in _DIVLIKE and not _has_block(child)):
                    flush()
                    blocks.extend(self.block(child, tag))
                elif tag in _DIVLIKE:  # a div of inline content is a paragraph
                    flush()
                    blocks.extend(_paragraphs(self.inline(child)))
                elif tag in ("span", "font", "b", "strong", "i", "em", "u") and _has_block(child):
                    flush()
                    blocks.extend(self.blocks(child))
                else:
                    pending.append(self.inline_node(child))
            pending.append(self.text(child.tail))
        flush()
        return blocks

    def block(self, node, tag: str) -> list[str]:
        if tag in _HEADINGS:
            text = _single_line(self.inline(node))
            return [f"{'#' * _HEADINGS[tag]} {text}"] if text else []
        if tag in ("ul", "ol"):
            return self.list_block(node, ordered=tag == "ol")
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(node))
            if not inner:
                return []
            return ["\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))]
        if tag == "pre":
            code = _plain(node).strip("\n")
            if not code.strip():
                return []
            fence = "`" * max(3, _longest_run(code, "`") + 1)
            return [f"{fence}\n{code}\n{fence}"]
        if tag == "hr":
            return ["---"]
        if tag == "table":
            return self.table(node)
        if tag == "li":  # a list item outside a list
            return self.list_items([node], ordered=False, start=1)
        return self.blocks(node)

    def list_block(self, node, *, ordered: bool) -> list[str]:
        start = (node.get("start") or "").strip() if ordered else ""
        first = int(start) if start.isdigit() and len(start) < 9 else 1
        items = [child for child in node if _tag(child) == "li"]
        loose = [child for child in node if _tag(child) not in ("li", None)]
        blocks = self.list_items(items, ordered=ordered, start=first)
        for child in loose:  # stray content between items
            blocks.extend(self.blocks(child) if _tag(child) not in _DROP else [])
        return blocks

    def list_items(self, items, *, ordered: bool, start: int) -> list[str]:
        lines: list[str] = []
        number = start
        for item in items:
            inner = self.blocks(item)
            if not inner:
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            indent = " " * len(marker)
            text = inner[0]
            for block in inner[1:]:
                text += ("\n" if _is_list(block) else "\n\n") + block
            body = "\n".join(
                (indent + line if line else "") if index else line
                for index, line in enumerate(text.split("\n"))
            )
            lines.append(marker + body)
        return ["\n".join(lines)] if lines else []

    def table(self, node) -> list[str]:
        rows: list[str] = []
        for row in node.iter():
            if _tag(row) != "tr":
                continue
            cells = [_single_line(self.inline(cell)) for cell in row if _tag(cell) in ("td", "th")]
            cells = [cell for cell in cells if cell]
            if cells:
                rows.append(" \\| ".join(cells))
        caption = next((c for c in node if _tag(c) == "caption"), None)
        head = [_single_line(self.inline(caption))] if caption is not None else []
        lines = [line for line in head if line] + rows
        return ["\\\n".join(lines)] if lines else []


def _is_list(block: str) -> bool:
    return bool(re.match(r"(?:- |\d+\. )", block))


def _wrap(inner: str, mark: str) -> str:
    """Emphasis around ``inner`` with its outer spaces kept outside the markers."""
    stripped = inner.strip()
    if not stripped or _BREAK in stripped:
        return inner
    lead = " " if inner[:1].isspace() else ""
    trail = " " if inner[-1:].isspace() else ""
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _plain(node) -> str:
    """Raw text of ``node`` (for code), <br> as newlines, controls stripped."""
    parts: list[str] = []

    def walk(element) -> None:
        if element.text:
            parts.append(element.text)
        for child in element:
            tag = _tag(child)
            if tag == "br":
                parts.append("\n")
            elif tag is not None and tag not in _DROP:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(node)
    return _no_controls("".join(parts))


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max((len(run) for run in runs), default=0)


def _code_span(code: str) -> str:
    code = _WS.sub(" ", code).strip()
    if not code:
        return ""
    ticks = "`" * (_longest_run(code, "`") + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"


def _single_line(text: str) -> str:
    return _WS.sub(" ", text.replace(_BREAK, " ")).strip()


def _escape_line_start(line: str) -> str:
    return _LINE_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], line, count=1)


def _paragraphs(text: str) -> list[str]:
    """Paragraph blocks from inline text where _BREAK marks line breaks (two mean a new one)."""
    paragraphs: list[str] = []
    current: list[str] = []
    blank_breaks = 0
    for piece in text.split(_BREAK):
        line = _WS.sub(" ", piece).strip()
        if not line:
            blank_breaks += 1
            continue
        if current and blank_breaks >= 1:
            paragraphs.append("\\\n".join(current))
            current = []
        blank_breaks = 0
        current.append(_escape_line_start(line))
    if current:
        paragraphs.append("\\\n".join(current))
    return paragraphs


def _plain_markdown(text: str, renderer: _Markdown) -> str:
    """Markdown for notes without tags: paragraphs at blank lines, line breaks kept."""
    if "&" in text:
        text = _html.unescape(text)
    text = _no_controls(text)
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [renderer.text(line).strip() for line in chunk.split("\n")]
        lines = [_escape_line_start(line) for line in lines if line]
        if lines:
            blocks.append("\\\n".join(lines))
    return "\n\n".join(blocks)


_TAG_START = re.compile(r"<[a-zA-Z/!]")


def notes_to_markdown(html: str) -> tuple[str, list[str]]:
    """Markdown for show notes and the http(s) links it numbers (``text [n]``, 1-based)."""
    renderer = _Markdown()
    if not html or not html.strip():
        return "", []
    if not _TAG_START.search(html):
        return _plain_markdown(html, renderer), renderer.links
    try:
        body = _body(html)
        if body is None:
            return "", []
        markdown = "\n\n".join(block for block in renderer.blocks(body) if block.strip())
    except (RecursionError, _TooDeep):
        renderer = _Markdown()
        return _plain_markdown(notes_to_text(html), renderer), renderer.links
    return markdown.replace(_BREAK, " "), renderer.links
