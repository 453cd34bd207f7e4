"""Notes rendered as Markdown for the terminal: numbered links, escaped Markdown, no
control characters."""

from __future__ import annotations

import html as _html
import re

from lxml import etree

from tui.core.feeds.notes.links import BARE_URL, URL_TRAILING, safe_href
from tui.core.feeds.notes.text import notes_to_text
from tui.core.feeds.notes.tree import (
    BLOCK,
    DIVLIKE,
    DROP,
    HEADINGS,
    WS,
    TooDeep,
    has_block,
    image_text,
    no_controls,
    parse_body,
    tag_name,
)

_BREAK = "\ue000"  # a line break inside a paragraph while it is being assembled
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~#])")
_LINE_START = re.compile(r"^([-+=]|\d+[.)])")


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
        text = WS.sub(" ", no_controls(text))
        if not autolink or "://" not in text:
            return _escape_md(text)
        out: list[str] = []
        last = 0
        for match in BARE_URL.finditer(text):
            url = match.group()
            while url and url[-1] in URL_TRAILING:
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

    def inline(self, node: etree._Element, *, autolink: bool = True) -> str:
        """Inline Markdown for the content of ``node`` (its text, children and their tails)."""
        parts = [self.text(node.text, autolink=autolink)]
        for child in node:
            parts.append(self.inline_node(child, autolink=autolink))
            parts.append(self.text(child.tail, autolink=autolink))
        return "".join(parts)

    def inline_node(self, node: etree._Element, *, autolink: bool = True) -> str:
        tag = tag_name(node)
        if tag is None or tag in DROP:
            return ""
        if tag == "br":
            return _BREAK
        if tag == "img":
            return _escape_md(image_text(node))
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
        if tag in BLOCK:  # a block where only inline content fits
            return f" {self.inline(node, autolink=autolink)} "
        return self.inline(node, autolink=autolink)

    # -- blocks ----------------------------------------------------------------------------

    def blocks(self, node: etree._Element) -> list[str]:
        """The content of ``node`` as a list of Markdown blocks."""
        blocks: list[str] = []
        pending: list[str] = []

        def flush() -> None:
            if pending:
                blocks.extend(_paragraphs("".join(pending)))
                pending.clear()

        pending.append(self.text(node.text))
        for child in node:
            tag = tag_name(child)
            if tag is not None and tag not in DROP:
                if tag in BLOCK and not (tag in DIVLIKE and not has_block(child)):
                    flush()
                    blocks.extend(self.block(child, tag))
                elif tag in DIVLIKE:  # a div of inline content is a paragraph
                    flush()
                    blocks.extend(_paragraphs(self.inline(child)))
                elif tag in ("span", "font", "b", "strong", "i", "em", "u") and has_block(child):
                    flush()
                    blocks.extend(self.blocks(child))
                else:
                    pending.append(self.inline_node(child))
            pending.append(self.text(child.tail))
        flush()
        return blocks

    def block(self, node: etree._Element, tag: str) -> list[str]:
        if tag in HEADINGS:
            text = _single_line(self.inline(node))
            return [f"{'#' * HEADINGS[tag]} {text}"] if text else []
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

    def list_block(self, node: etree._Element, *, ordered: bool) -> list[str]:
        start = (node.get("start") or "").strip() if ordered else ""
        first = int(start) if start.isdigit() and len(start) < 9 else 1
        items = [child for child in node if tag_name(child) == "li"]
        loose = [child for child in node if tag_name(child) not in ("li", None)]
        blocks = self.list_items(items, ordered=ordered, start=first)
        for child in loose:  # stray content between items
            blocks.extend(self.blocks(child) if tag_name(child) not in DROP else [])
        return blocks

    def list_items(self, items: list[etree._Element], *, ordered: bool, start: int) -> list[str]:
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

    def table(self, node: etree._Element) -> list[str]:
        rows: list[str] = []
        for row in node.iter():
            if tag_name(row) != "tr":
                continue
            cells = [
                _single_line(self.inline(cell)) for cell in row if tag_name(cell) in ("td", "th")
            ]
            cells = [cell for cell in cells if cell]
            if cells:
                rows.append(" \\| ".join(cells))
        caption = next((c for c in node if tag_name(c) == "caption"), None)
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


def _plain(node: etree._Element) -> str:
    """Raw text of ``node`` (for code), <br> as newlines, controls stripped."""
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        if element.text:
            parts.append(element.text)
        for child in element:
            tag = tag_name(child)
            if tag == "br":
                parts.append("\n")
            elif tag is not None and tag not in DROP:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(node)
    return no_controls("".join(parts))


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max((len(run) for run in runs), default=0)


def _code_span(code: str) -> str:
    code = WS.sub(" ", code).strip()
    if not code:
        return ""
    ticks = "`" * (_longest_run(code, "`") + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"


def _single_line(text: str) -> str:
    return WS.sub(" ", text.replace(_BREAK, " ")).strip()


def _escape_line_start(line: str) -> str:
    return _LINE_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], line, count=1)


def _paragraphs(text: str) -> list[str]:
    """Paragraph blocks from inline text where _BREAK marks line breaks (two mean a new one)."""
    paragraphs: list[str] = []
    current: list[str] = []
    blank_breaks = 0
    for piece in text.split(_BREAK):
        line = WS.sub(" ", piece).strip()
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
    text = no_controls(text)
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
        body = parse_body(html)
        if body is None:
            return "", []
        markdown = "\n\n".join(block for block in renderer.blocks(body) if block.strip())
    except (RecursionError, TooDeep):
        renderer = _Markdown()
        return _plain_markdown(notes_to_text(html), renderer), renderer.links
    return markdown.replace(_BREAK, " "), renderer.links
