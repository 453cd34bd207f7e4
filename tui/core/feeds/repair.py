"""Repairs of broken XML bytes before a second parse, and checks over the whole document.

The DOCTYPE is removed (no DTD, no entity declarations), stray ``&``/``<``/``]]>`` are
escaped, CDATA sections closed, control bytes dropped.
"""

from __future__ import annotations

import html
import html.entities
import re

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


def repair(data: bytes) -> bytes:
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


def free_of_controls(data: bytes) -> bool:
    """Whether no text in the UTF-8 document can hold a control character.

    Each check is a literal-prefixed search over the bytes, far cheaper than checking
    every text of the document on its own.
    """
    if b"\x7f" in data:
        return False
    return not any(pattern.search(data) for pattern in _DOC_CONTROLS)


_PROLOG_DOCTYPE = re.compile(rb"(?:\s++|<\?[^>]*+>|<!--(?:[^-]|-(?!->))*+-->)*+<!DOCTYPE\b")
_PROLOG = 64 * 1024  # where a DOCTYPE may start
_DOCTYPE = re.compile(
    rb"""<!DOCTYPE(?:[^\[>"']|"[^"]*"|'[^']*')*+"""
    rb"""(?:\[(?:<!--.*?-->|<!(?!--)(?:[^>"']|"[^"]*"|'[^']*')*+>|<\?.*?\?>|[^\]<])*+\])?\s*>""",
    re.S,
)


def without_doctype(data: bytes) -> bytes:
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
