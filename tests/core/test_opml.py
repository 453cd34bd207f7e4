"""OPML: importing subscription lists from other apps, exporting ours."""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tui.core.errors import FeedError
from tui.core.feeds.opml import export_opml, parse_opml, read_opml

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def test_import_nested_deduplicated_web_and_file_feeds():
    found = read_opml((FEEDS / "subscriptions.opml").read_bytes())
    assert found.feeds == [
        ("https://news.example.com/feed.xml", "Daily & Nightly"),
        ("http://deep.example.com/rss", "Deep Dive"),
        ("http://old.example.com/podcast.xml", "Old style"),
        ("http://itunes.example.com/feed", "iTunes style"),
        ("file:///etc/passwd", "Local file"),
        ("https://evil.example.com/feed", "Evil title"),
        ("https://lower.example.com/feed", "Lowercase attribute"),
    ]
    assert parse_opml((FEEDS / "subscriptions.opml").read_bytes()) == found.feeds


def test_import_reports_every_skipped_outline_but_not_folders():
    found = read_opml((FEEDS / "subscriptions.opml").read_bytes())
    assert [skipped.line() for skipped in found.skipped] == [
        "'Duplicate of daily': a duplicate of an earlier feed",
        "'Script': unsupported URL scheme 'javascript' (only http(s) and file)",
        "'No URL': no feed URL (xmlUrl)",
    ]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file://otherhost/srv/feed.rss", "a file URL must name an absolute path on this machine"),
        ("file:relative.rss", "a file URL must name an absolute path on this machine"),
        ("ftp://example.com/feed", "unsupported URL scheme 'ftp' (only http(s) and file)"),
        ("feeds/local.rss", "the feed URL is not absolute"),
        ("https://", "the feed URL has no host"),
    ],
)
def test_import_says_why_a_url_is_skipped(url, reason):
    data = f'<opml version="2.0"><body><outline xmlUrl="{url}"/></body></opml>'.encode()
    found = read_opml(data)
    assert found.feeds == []
    assert [skipped.reason for skipped in found.skipped] == [reason]


def test_local_files_export_as_file_urls_and_import_back(tmp_path):
    local = tmp_path / "my feeds" / "show#1.rss"
    text = export_opml([("Local", str(local), None), ("Web", "https://w.example/rss", None)])
    root = ElementTree.fromstring(text.encode())
    urls = [outline.get("xmlUrl") for outline in root.findall("body/outline")]
    assert urls == [local.as_uri(), "https://w.example/rss"]
    assert "%20" in urls[0] and "%23" in urls[0]
    assert parse_opml(text.encode()) == [
        (local.as_uri(), "Local"),
        ("https://w.example/rss", "Web"),
    ]


def test_import_never_resolves_entities():
    data = (FEEDS / "subscriptions.opml").read_bytes()
    assert b"file:///etc/passwd" in data
    for url, title in parse_opml(data):
        assert "root:" not in url and "root:" not in (title or "")


def test_import_of_a_real_world_shaped_export():
    data = b"""<?xml version='1.0' encoding='UTF-8'?>
<opml version="1.0"><head><title>gPodder subscriptions</title></head><body>
<outline text="A" title="A" type="rss" xmlUrl="https://a.example/feed" />
<outline text="B (no title attribute)" type="rss" xmlUrl="https://b.example/feed" />
<outline type="rss" xmlUrl="feed:https://c.example/feed" />
</body></opml>"""
    assert parse_opml(data) == [
        ("https://a.example/feed", "A"),
        ("https://b.example/feed", "B (no title attribute)"),
        ("https://c.example/feed", None),
    ]


def test_import_of_an_empty_list():
    assert parse_opml(b'<opml version="2.0"><head/><body/></opml>') == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty body"),
        (b"this is not xml at all", "not XML"),
        (b"<html><body>Sign in</body></html>", "HTML page"),
        (b'<rss version="2.0"><channel><title>x</title></channel></rss>', "podcast feed"),
        (b"<foo><outline xmlUrl='https://x.example/'/></foo>", "<foo>"),
    ],
)
def test_import_of_what_is_not_opml(data, reason):
    with pytest.raises(FeedError) as caught:
        parse_opml(data)
    assert str(caught.value).startswith("not an OPML file (")
    assert reason in str(caught.value)


PODCASTS = [
    ('Tom & Jerry\'s "Show" <live>', "https://a.example/feed.xml?x=1&y=2", "https://a.example/"),
    ("Plain", "http://b.example/rss", None),
    ("Ünïcödé – “quotes”", "https://c.example/feed", "https://c.example/?a=1&b=2"),
    ("Controls\x1b[2J\x07 and\nnewline", "https://d.example/feed", None),
]


def test_export_is_valid_opml_2():
    text = export_opml(PODCASTS)
    root = ElementTree.fromstring(text.encode("utf-8"))
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "podtui subscriptions"
    created = email.utils.parsedate_to_datetime(root.findtext("head/dateCreated"))
    assert created.tzinfo is not None
    outlines = root.findall("body/outline")
    assert [outline.get("type") for outline in outlines] == ["rss"] * 4
    assert [outline.get("xmlUrl") for outline in outlines] == [url for _, url, _ in PODCASTS]
    assert [outline.get("htmlUrl") for outline in outlines] == [
        "https://a.example/",
        None,
        "https://c.example/?a=1&b=2",
        None,
    ]
    assert outlines[0].get("text") == outlines[0].get("title") == 'Tom & Jerry\'s "Show" <live>'
    assert outlines[3].get("text") == "Controls and newline"
    assert "\x1b" not in text and "\x07" not in text


def test_export_then_import_round_trips():
    imported = parse_opml(export_opml(PODCASTS).encode("utf-8"))
    assert imported == [
        ("https://a.example/feed.xml?x=1&y=2", 'Tom & Jerry\'s "Show" <live>'),
        ("http://b.example/rss", "Plain"),
        ("https://c.example/feed", "Ünïcödé – “quotes”"),
        ("https://d.example/feed", "Controls and newline"),
    ]


def test_export_of_nothing():
    root = ElementTree.fromstring(export_opml([]).encode())
    assert root.find("body") is not None and root.findall("body/outline") == []
