"""Show notes: sanitising for storage, Markdown for the UI, plain text for search."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from markdown_it import MarkdownIt

from tui.core.feeds.notes import notes_to_text, sanitize_html
from tui.core.feeds.notes.markdown import notes_to_markdown
from tui.core.feeds.parse import parse_feed

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def render(markdown: str) -> str:
    """HTML for ``markdown`` from CommonMark with tables and strikethrough: the UI's
    gfm-like Markdown without linkify (which would turn the plain URLs into links)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def rendered_text(markdown: str) -> str:
    """The text a Markdown renderer shows for ``markdown``."""
    html = render(markdown)
    root = etree.fromstring(f"<div>{html}</div>", etree.HTMLParser())
    return " ".join("".join(root.itertext()).split())


def rendered_tags(markdown: str) -> set[str]:
    html = render(markdown)
    return set(re.findall(r"<([a-z0-9]+)", html))


# -- sanitize_html --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "Just plain text, with a < b and c > d, and AT&T.",
        "<p>Hello <strong>world</strong> &amp; <em>friends</em></p><p>Line<br>break<br/></p>",
        '<ul><li><a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener">'
        "link</a></li><li>two</li></ul><h3>Head</h3><blockquote>q</blockquote>",
        '<a href="mailto:host@example.com">mail</a> <code>x</code><pre>y</pre><hr>',
    ],
)
def test_harmless_notes_come_back_unchanged(html):
    assert sanitize_html(html) == html


@pytest.mark.parametrize(
    ("html", "forbidden"),
    [
        ("<p>ok</p><script>alert(1)</script><p>b</p>", ["<script", "alert"]),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>ok", ["script", "evil"]),
        ("<style>body{display:none}</style>ok", ["<style", "display"]),
        ('<iframe src="https://evil.example/">inside</iframe>ok', ["iframe", "evil", "inside"]),
        ('<object data="x.swf"><embed src="x.swf"></object>ok', ["object", "embed", "swf"]),
        (
            '<form action="https://evil.example"><input name="q"><button>go</button></form>ok',
            ["form", "input", "button", "evil"],
        ),
        ('<svg onload="alert(1)"><script>alert(2)</script></svg>ok', ["svg", "alert"]),
        ("<math><mtext>x</mtext></math>ok", ["math", "mtext"]),
        ('<link rel="stylesheet" href="https://evil.example/x.css">ok', ["link", "evil"]),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example">ok', ["meta", "evil"]),
        ('<base href="https://evil.example/">ok', ["base", "evil"]),
        ('<p onclick="steal()" onmouseover="x()">ok</p>', ["onclick", "steal", "onmouseover"]),
        ('<a href="javascript:alert(1)">ok</a>', ["javascript", "alert", "href"]),
        ('<a href=" JaVaScRiPt:alert(1)">ok</a>', ["javascript", "alert", "href"]),
        ('<a href="java\tscript:alert(1)">ok</a>', ["script", "alert", "href"]),
        ('<a href="&#106;avascript:alert(1)">ok</a>', ["avascript", "alert", "href"]),
        ('<a href="vbscript:msgbox(1)">ok</a>', ["vbscript", "href"]),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">ok</a>', ["data:", "href"]),
        ('<a href="/relative/path">ok</a>', ["relative", "href"]),
        (
            '<img src="https://tracker.example/p.gif" onerror="alert(1)">ok',
            ["img", "tracker", "alert"],
        ),
        ("<p>ok</p><!-- a comment <script>x</script> -->", ["<!--", "comment", "script"]),
        ('<p style="color:red" class="x">ok</p>', ["style", "class", "color"]),
        ("<p>ok &#27;[31m &#x9B;2J &#8238;evil</p>", ["&#27;", "&#x9b;", "&#8238;", "\x1b"]),
    ],
)
def test_dangerous_notes_are_cleaned(html, forbidden):
    clean = sanitize_html(html)
    assert "ok" in clean
    for bad in forbidden:
        assert bad not in clean.lower(), bad
    assert not CONTROL.search(clean)


def test_whitelisted_markup_survives_the_slow_path():
    clean = sanitize_html(
        '<div class="x"><p>Para <B>bold</B> <i>it</i> <u>u</u> <span style="x">span</span></p>'
        '<ol start="3"><li>three</li></ol><table><tr><td>cell</td></tr></table>'
        '<a href="https://example.com/" onclick="x()">link</a></div>'
    )
    assert clean == (
        "<p>Para <b>bold</b> <i>it</i> <u>u</u> span</p>"
        '<ol start="3"><li>three</li></ol><table><tr><td>cell</td></tr></table>'
        '<a href="https://example.com/">link</a>'
    )


def test_images_become_text():
    assert sanitize_html('<p>x <img src="a.png" alt="The cover"> y</p>') == (
        "<p>x [image: The cover] y</p>"
    )
    assert sanitize_html('<img src="a.png">') == "[image]"


def test_divs_of_text_become_paragraphs_and_controls_go():
    assert sanitize_html("<div>one</div><div>two\x1b[2J</div>") == "<p>one</p><p>two</p>"
    assert sanitize_html("plain \x1b]52;c;aGk=\x07text\u202e") == "plain text"


def test_absurdly_deep_nesting_is_survived():
    html = "<div>" * 5000 + "deep" + "</div>" * 5000 + "<script>x</script>"
    clean = sanitize_html(html)
    assert "deep" in clean and "script" not in clean


# -- notes_to_markdown ------------------------------------------------------------------------


def test_markdown_structure():
    markdown, links = notes_to_markdown(
        "<h2>Title</h2><p>Hello <b>bold</b> and <em>it</em>.<br>Next line</p>"
        "<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>"
        '<ol start="3"><li>three</li><li>four</li></ol>'
        "<blockquote><p>quoted</p></blockquote><pre>code *x*\n  indented</pre>"
        "<p>inline <code>a`b</code></p><hr><p>end</p>"
    )
    assert markdown == (
        "## Title\n\n"
        "Hello **bold** and *it*.\\\nNext line\n\n"
        "- one\n- two\n  - nested\n\n"
        "3. three\n4. four\n\n"
        "> quoted\n\n"
        "```\ncode *x*\n  indented\n```\n\n"
        "inline ``a`b``\n\n"
        "---\n\n"
        "end"
    )
    assert links == []
    tags = rendered_tags(markdown)
    assert {"h2", "strong", "em", "br", "ul", "ol", "li", "blockquote", "pre", "code", "hr"} <= tags


def test_links_are_numbered_and_listed():
    markdown, links = notes_to_markdown(
        '<p>See <a href="https://a.example/x_y">the site</a>, <a href="http://b.example/">b</a>'
        ' and <a href="https://a.example/x_y">again</a>. Mail <a href="mailto:m@e.com">me</a>,'
        ' not <a href="javascript:alert(1)">this</a>. Bare https://c.example/page. too.</p>'
    )
    assert links == ["https://a.example/x_y", "http://b.example/", "https://c.example/page"]
    text = rendered_text(markdown)
    assert text == (
        "See the site [1], b [2] and again [1]. Mail me, not this. "
        "Bare https://c.example/page [3]. too."
    )
    assert "a" not in rendered_tags(markdown.replace("https://c.example/page", ""))


def test_markdown_specials_in_text_stay_literal():
    html = (
        "<p>*not emphasis* _nor this_ `no code` [not](a link) &lt;b&gt;no tag&lt;/b&gt; "
        "# no heading | pipe ~strike~ \\ backslash &amp;copy; stays</p>"
        "<p>- not a list</p><p>1. not ordered</p><p>+ plus</p><p>&gt; not quoted</p>"
        "<p>[1]: https://evil.example/ no definition</p>"
    )
    markdown, links = notes_to_markdown(html)
    assert rendered_text(markdown) == (
        "*not emphasis* _nor this_ `no code` [not](a link) <b>no tag</b> # no heading | pipe "
        "~strike~ \\ backslash &copy; stays - not a list 1. not ordered + plus > not quoted "
        "[1]: https://evil.example/ [1] no definition"
    )
    assert rendered_tags(markdown) == {"p"}
    assert links == ["https://evil.example/"]


def test_markdown_drops_what_is_not_content():
    markdown, _ = notes_to_markdown(
        "<script>alert(1)</script><style>p{}</style><iframe>frame</iframe><p>kept</p>"
        '<img src="x.png" alt="A cat"><object>obj</object>'
    )
    assert markdown == "kept\n\n\\[image: A cat\\]"
    assert rendered_text(markdown) == "kept [image: A cat]"


def test_control_characters_are_stripped_after_entities_are_decoded():
    markdown, _ = notes_to_markdown(
        "<p>red &#27;[31m text &#x9b;2J and &#x1b;]52;c;aGk=&#7; end</p>"
    )
    assert "\x1b" not in markdown and not CONTROL.search(markdown)
    markdown, _ = notes_to_markdown("plain &#27;[2J text &amp;#27;[2J")
    assert "\x1b" not in markdown and not CONTROL.search(markdown)
    assert "\x1b" not in rendered_text(markdown)


def test_plain_text_notes_keep_paragraphs():
    markdown, links = notes_to_markdown(
        "First line\nsecond line\n\n\nNew paragraph at https://x.example/a.\r\n\r\n* star"
    )
    assert markdown == (
        "First line\\\nsecond line\n\nNew paragraph at https://x.example/a \\[1\\].\n\n\\* star"
    )
    assert links == ["https://x.example/a"]
    assert rendered_tags(markdown) == {"p", "br"}


def test_empty_notes():
    assert notes_to_markdown("") == ("", [])
    assert notes_to_markdown("  \n ") == ("", [])
    assert notes_to_markdown("<p> </p><script>x</script>") == ("", [])


def test_the_shared_fixture_renders(fixture_rss):
    for episode in parse_feed(fixture_rss).episodes:
        markdown, links = notes_to_markdown(episode.notes)
        assert markdown.strip()
        assert not CONTROL.search(markdown)
        assert all(link.startswith(("http://", "https://")) for link in links)
        assert "a" not in rendered_tags(markdown)


# -- notes_to_text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello <b>world</b></p><p>again</p>", "Hello world again"),
        ("Tom &amp; Jerry &lt;3 &eacute;t&eacute;", "Tom & Jerry <3 été"),
        ("<script>var x = 1;</script><style>p{}</style>visible", "visible"),
        ("a<br>b<br/>c", "a b c"),
        ("  spaced \n\n out\t text  ", "spaced out text"),
        ("bad &#27;[31m escape \x1b[2J here \u009b1m", "bad [31m escape here"),
        ("<!-- comment --> after", "after"),
        ("x < y and y > z", "x < y and y > z"),
        ("", ""),
    ],
)
def test_plain_text_for_search(html, text):
    assert notes_to_text(html) == text
