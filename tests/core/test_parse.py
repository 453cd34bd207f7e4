"""Feed parsing: the shared fixture, hostile feeds, broken XML, encodings, formats, forms."""

from __future__ import annotations

import importlib.util
import json
import re
import socket
import sys
import threading
from dataclasses import astuple, fields
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_JSON
from tui.core.errors import FeedError
from tui.core.feeds import chunked as chunked_module
from tui.core.feeds import parse as parse_module
from tui.core.feeds.durations import parse_duration
from tui.core.feeds.notes import notes_to_text
from tui.core.feeds.notes.markdown import notes_to_markdown
from tui.core.feeds.parse import parse_feed
from tui.core.feeds.repair import free_of_controls
from tui.core.feeds.xmldoc import parse_xml
from tui.core.models import ParsedEpisode, ParsedFeed

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
FEED_URL = "https://feeds.example.com/shows/feed.xml"

# Anything tui.core.text.strip_controls must have removed.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def load(name: str, url: str | None = FEED_URL) -> ParsedFeed:
    return parse_feed((FEEDS / name).read_bytes(), url)


def gen_feed():
    """benchmarks/gen_feed.py, imported from its file."""
    spec = importlib.util.spec_from_file_location("podtui_gen_feed", BENCHMARKS / "gen_feed.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def texts(feed: ParsedFeed) -> list[str]:
    """Every string the parser produced for ``feed``."""
    values = [value for value in astuple(feed)[:-1] if isinstance(value, str)]
    for episode in feed.episodes:
        values += [getattr(episode, f.name) for f in fields(episode)]
    return [value for value in values if isinstance(value, str)]


def utc_day(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


# -- the shared fixture -----------------------------------------------------------------------


def test_shared_fixture_matches_its_json_twin(fixture_rss):
    expected = json.loads(FIXTURE_JSON.read_text())
    feed = parse_feed(fixture_rss)
    assert feed.title == expected["show"]["title"]
    assert feed.author == expected["show"]["author"]
    assert feed.description == expected["show"]["description"]
    assert len(feed.episodes) == len(expected["episodes"]) == 93
    for episode, twin in zip(feed.episodes, expected["episodes"], strict=True):
        minutes, seconds = twin["duration"].split(":")
        assert episode.title == twin["title"]
        assert utc_day(episode.published) == twin["date"], episode.title
        assert episode.duration == int(minutes) * 60 + int(seconds), episode.title
        assert episode.notes.strip(), episode.title
        assert episode.enclosure_url.startswith("https://")
        assert episode.enclosure_type == "audio/mpeg"
    assert len({episode.guid for episode in feed.episodes}) == 93


def test_shared_fixture_notes_keep_their_text(fixture_rss):
    expected = json.loads(FIXTURE_JSON.read_text())
    feed = parse_feed(fixture_rss)
    for episode, twin in zip(feed.episodes, expected["episodes"], strict=True):
        first_words = " ".join(twin["notes"].split()[:6])
        assert first_words in notes_to_text(episode.notes), episode.title


# -- hostile feeds ------------------------------------------------------------------------------


def test_billion_laughs_is_never_expanded():
    feed = load("billion_laughs.rss")
    assert [episode.guid for episode in feed.episodes] == ["laugh-1"]
    assert feed.episodes[0].enclosure_url == "https://media.example.com/laugh-1.mp3"
    for text in texts(feed):
        assert "lollol" not in text
        assert len(text) < 200


def test_external_file_entities_are_never_read():
    passwd = Path("/etc/passwd").read_text()
    feed = load("xxe_file.rss")
    assert feed.episodes[0].guid == "xxe-1"
    assert feed.episodes[0].title.startswith("Leak")
    for text in texts(feed):
        assert "root:" not in text
        assert passwd[:20] not in text


def test_external_http_entities_are_never_fetched():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        template = (FEEDS / "xxe_http.rss.template").read_text()
        feed = parse_feed(template.replace("{port}", str(port)).encode())
        assert feed.episodes[0].guid == "xxe-http-1"
        assert feed.episodes[0].title.startswith("Fetch")
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody ever connected
    finally:
        listener.close()


def test_escape_sequences_never_reach_any_field():
    feed = load("hostile.rss")
    for text in texts(feed):
        assert not CONTROL.search(text), repr(text)
        assert "\x1b" not in text
    assert feed.title == "Evil Show"
    assert feed.author == "Mallory"
    assert feed.description == "Clear screen"
    titles = [episode.title for episode in feed.episodes]
    assert titles[:2] == ["BadTitle", "Bidi txt.exe and C1 and OSC done"]


def test_only_http_enclosures_and_links_are_kept():
    feed = load("hostile.rss")
    assert [episode.guid for episode in feed.episodes] == [f"hostile-{n}" for n in range(1, 6)]
    assert [episode.enclosure_url for episode in feed.episodes] == [
        None,
        None,
        None,
        None,
        "https://media.example.com/hostile-5.mp3",
    ]
    assert feed.link is None and feed.image is None
    assert feed.episodes[0].link is None
    assert feed.episodes[0].image is None


def test_notes_are_sanitised_on_the_way_in():
    notes = load("hostile.rss").episodes[0].notes
    for bad in (
        "<script",
        "alert",
        "onerror",
        "onclick",
        "javascript",
        "<iframe",
        "<object",
        "<form",
        "<input",
        "<style",
        "style=",
        "display:none",
        "<!--",
        "hidden comment",
        "&#27;",
        "&#x9b;",
    ):
        assert bad not in notes.lower(), bad
    assert '<a href="https://safe.example/ok">safe link</a>' in notes
    assert "[image: a cat]" in notes
    assert "click me" in notes and "styled" in notes


def test_a_control_character_anywhere_cleans_every_field():
    clean = parse_feed(
        b"<rss><channel><title>T</title><item><title>A\xc2\x9b2J title</title>"
        b"<guid>g\xc2\x85</guid><description>n\xe2\x80\xaeotes</description></item>"
        b"<item><title>B</title><description><![CDATA[x &#x1b;[2J y]]></description></item>"
        b"</channel></rss>"
    )
    first, second = clean.episodes
    assert (first.title, first.guid, first.notes) == ("A title", "g", "notes")
    assert second.title == "B"
    assert "&#x1b;" not in second.notes.lower() and not CONTROL.search(second.notes)


@pytest.mark.parametrize(
    "control",
    [b"\xc2\x85", b"\xc2\x9b", b"\xe2\x80\xae", b"\xe2\x81\xa6", b"\x7f", b"&#27;", b"&#x9B;"],
)
def test_each_control_alone_marks_a_document_unchecked(control):
    # an otherwise clean document: a no-break space, curly quotes and a dash
    clean = "<rss><channel><title>It\u2019s \u2014 a\u00a0show &amp; more</title>".encode()
    assert free_of_controls(clean + b"</channel></rss>")
    assert not free_of_controls(clean + b"<item><title>x" + control + b"</title></item>")


# -- broken XML ---------------------------------------------------------------------------------


def test_broken_xml_keeps_every_item_and_every_ampersand():
    feed = load("broken.rss")
    assert feed.title == "Broken & Proud Show © 2024"
    assert feed.description == "AT&T sponsors this & that; R&D\xa0rocks"
    assert [episode.guid for episode in feed.episodes] == [f"broken-{n}" for n in range(1, 6)]
    titles = [episode.title for episode in feed.episodes]
    assert titles[0] == "Ampersands: Q&A with AT&T — … &unknownentity; done"
    assert titles[2] == "Less than 3 < 4 and stray ]]> text"
    assert feed.episodes[0].enclosure_url == "https://media.example.com/a.mp3?x=1&y=2"
    # the item whose description left tags open still has its later fields
    assert feed.episodes[1].enclosure_url == "https://media.example.com/b.mp3"
    assert feed.episodes[1].duration == 1200
    assert "broken-3" not in feed.episodes[1].notes
    assert [episode.enclosure_url for episode in feed.episodes[2:]] == [
        "https://media.example.com/c.mp3",
        "https://media.example.com/d.mp3",
        "https://media.example.com/e.mp3",
    ]


def test_entities_after_a_structural_error_survive():
    feed = parse_feed(
        b"<rss><channel><title>T</title><item><title>one</title><description><b>open"
        b"</description></item><item><title>Tom &amp; Jerry &lt;3</title>"
        b'<enclosure url="https://x.example/a?b=1&amp;c=2" type="audio/mpeg"/>'
        b"<description>&lt;p&gt;escaped &amp;amp; html&lt;/p&gt;</description></item>"
        b"</channel></rss>"
    )
    second = feed.episodes[-1]
    assert second.title == "Tom & Jerry <3"
    assert second.enclosure_url == "https://x.example/a?b=1&c=2"
    assert second.notes == "<p>escaped &amp; html</p>"


def test_truncated_feed_keeps_what_arrived():
    feed = load("truncated.rss")
    assert feed.title == "Cut Short"
    assert [episode.guid for episode in feed.episodes[:2]] == ["cut-1", "cut-2"]
    assert feed.episodes[1].enclosure_url == "https://media.example.com/cut-2.mp3"
    assert feed.episodes[-1].title.startswith("Half")


def test_undeclared_prefixes_and_items_outside_the_channel():
    feed = parse_feed(
        b"<rss><channel><title>No namespaces</title><item><title>a</title>"
        b"<itunes:duration>1:00</itunes:duration><itunes:episode>4</itunes:episode>"
        b'<itunes:image href="https://x.example/a.jpg"/></item></channel>'
        b"<item><title>b</title></item></rss>"
    )
    first = feed.episodes[0]
    assert (first.duration, first.episode_number, first.image) == (
        60,
        4,
        "https://x.example/a.jpg",
    )
    assert [episode.title for episode in feed.episodes] == ["a", "b"]


def test_rss_1_0():
    feed = parse_feed(
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b"<channel><title>RDF show</title><link>https://rdf.example/</link></channel>"
        b"<item><title>One</title><link>https://rdf.example/1</link>"
        b"<dc:date>2024-05-01T10:00:00Z</dc:date><description>d</description></item>"
        b"</rdf:RDF>"
    )
    assert feed.title == "RDF show" and feed.link == "https://rdf.example/"
    (episode,) = feed.episodes
    assert episode.title == "One" and episode.link == "https://rdf.example/1"
    assert episode.published == 1714557600 and episode.notes == "d"


# -- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "declared_utf8_really_cp1252.rss",
        "declared_latin1_really_utf8.rss",
        "undeclared_cp1252.rss",
        "windows1252.rss",
        "utf8_bom.rss",
        "utf16.rss",
        "utf16be_nobom.rss",
        "mixed_utf8_cp1252.rss",
        "leading_junk.rss",
    ],
)
def test_wrong_or_missing_encodings_are_read_right(name):
    feed = load(name)
    assert feed.title == "Déjà vu"
    assert [episode.title for episode in feed.episodes] == [
        "Café “quoted” – naïve € Ünïcödé",
        "Second “one”",
    ]
    assert [episode.notes for episode in feed.episodes] == ["Crème brûlée", "Ça va"]
    assert feed.episodes[0].enclosure_url == "https://media.example.com/enc-1.mp3"


# -- not feeds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty body"),
        (b"  \r\n\t ", "empty body"),
        (b"<!DOCTYPE html>\n<html><head><title>Hi</title></head><body>x</body></html>", "HTML"),
        (b"<html><body><p>Not found</body></html>", "HTML"),
        (b"\n<!-- c --><HTML><BODY>moved</BODY></HTML>", "HTML"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "a JSON Feed"),
        (b'[{"title": "<b>not</b> a feed"}]', "(JSON)"),
        (b'\n  {"title": "<b>not</b> a feed"}', "(JSON)"),
        (b"\x00\x01\x02garbage\xff\xfe\x00", "binary data, not XML"),
        (b"just some words", "plain text, not XML"),
        (b"Not Found\n", "plain text, not XML"),
        (b"ID3\x04\x00\x00\x00\x00\x00<\xff\xfb", "an MP3 file: an episode, not a feed"),
        (b"\xff\xfb\x90\x00" + b"<" * 10, "an MP3 file"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00", "an MP4 or M4A file"),
        (b"\x89PNG\r\n\x1a\n<", "a PNG image"),
        (b"%PDF-1.7\n<< /Type /Catalog >>", "a PDF document"),
        (b"\x1f\x8b\x08\x00<rss>", "gzip-compressed data"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>', "(an SVG image)"),
        (b'<opml version="2.0"><body/></opml>', "(an OPML file: use podtui import-opml)"),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "(an HTML page)"),
        (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', "(a sitemap)"),
        (
            b"<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>",
            "(an error message from the server: NoSuchKey)",
        ),
        (b"<catalog><book/></catalog>", "(an XML document with root <catalog>, neither RSS"),
        (b"<rss><channel></channel></rss>", "no title and no episodes"),
        (b"<rss><channel><title>Half a feed", "cut short before any episode"),
        (b"<rss><channel><title>x</title><a></channel></rss>", "broken XML without any episode"),
    ],
)
def test_what_is_not_a_feed_says_why_in_one_line(data, reason):
    with pytest.raises(FeedError) as caught:
        parse_feed(data)
    message = str(caught.value)
    assert message.startswith("not a podcast feed (")
    assert reason in message
    assert "\n" not in message


# -- formats ------------------------------------------------------------------------------------


def test_atom():
    feed = load("atom.xml", "https://atom.example.com/feed.atom")
    assert feed.title == "Atom Cast"
    assert feed.link == "https://atom.example.com/"
    assert feed.author == "Ann Author"
    assert feed.image == "https://atom.example.com/logo.png"
    assert feed.description == "<p>An <b>Atom</b> podcast</p>"
    first, second, third = feed.episodes
    assert first.title == "First entry & more"
    assert first.guid == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert first.published == 1709199000  # published wins over updated; +01:00 honoured
    assert first.link == "https://atom.example.com/episodes/1"
    assert (first.enclosure_url, first.enclosure_type, first.enclosure_length) == (
        "https://atom.example.com/media/1.mp3",
        "audio/mpeg",
        4242,
    )
    assert first.notes == '<p>Hello <a href="https://atom.example.com/x">x</a></p>'
    assert first.duration == 3723
    assert second.published == 1705305600  # updated, fractional seconds
    assert second.link == "https://atom.example.com/episodes/2"
    assert second.enclosure_type == "audio/ogg"
    assert second.notes == "<p>XHTML <strong>notes</strong></p><ul><li>item</li></ul>"
    assert third.title == "Third <not a tag>"  # type="text" is literal
    assert third.enclosure_url is None
    assert third.published == 1704067200
    assert third.notes == "Only a summary & no content"


def test_podcasting_2_0_and_itunes():
    feed = load("podcasting20.rss")
    assert feed.title == "Namespace Party"
    assert feed.link == "https://ns.example.com/"
    assert feed.language == "en-GB"
    assert feed.author == "The Hosts"
    assert feed.image == "https://ns.example.com/itunes.jpg"
    assert feed.new_url == "https://new.example.com/feed.xml"
    assert feed.podcast_guid == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    full, itunes_only, group, untitled, filename, empty_guid = feed.episodes
    assert full == ParsedEpisode(
        title="Full featured",
        guid="ns-1",
        published=1709290800,
        duration=3600,
        enclosure_url="https://ns.example.com/1.mp3",
        enclosure_type="audio/mpeg",
        enclosure_length=None,
        link="https://ns.example.com/1",
        notes="<p>Long <em>content</em> wins</p>",
        image="https://ns.example.com/ep1.jpg",
        episode_number=12,
        season_number=3,
        episode_type="trailer",
        explicit=True,
        chapters_url="https://ns.example.com/1/chapters.json",
        chapters_type="application/json+chapters",
        transcript_url="https://ns.example.com/1/t.vtt",
        transcript_type="text/vtt",
    )
    assert itunes_only.title == "Only an iTunes title"
    assert (itunes_only.episode_number, itunes_only.season_number) == (7, 2)
    assert (itunes_only.episode_type, itunes_only.explicit) == ("bonus", False)
    assert itunes_only.notes == "Description is used when there is no content"
    assert (itunes_only.enclosure_url, itunes_only.enclosure_type) == (
        "https://ns.example.com/2.m4a",
        "audio/mp4",
    )
    assert (itunes_only.enclosure_length, itunes_only.duration) == (5000, 61)
    assert (itunes_only.transcript_url, itunes_only.transcript_type) == (
        "https://ns.example.com/2/t.txt",
        "text/plain",
    )
    assert group.enclosure_url == "https://ns.example.com/3.mp3"
    assert group.enclosure_length == 777
    assert group.image == "https://ns.example.com/3-thumb.jpg"
    assert group.notes == "Only the summary"
    assert group.explicit is False
    assert untitled.title == "2024-02-27"
    assert filename.title == "My Episode 5.mp3"
    assert empty_guid.guid is None and empty_guid.title == "Empty guid"


def test_repeated_guids_are_both_kept():
    feed = load("repeated_guids.rss")
    assert [(episode.guid, episode.title) for episode in feed.episodes] == [
        ("same-guid#https://media.example.com/part1.mp3", "Part one"),
        ("same-guid#https://media.example.com/part2.mp3", "Part two"),
    ]


def test_relative_urls_resolve_against_the_feed_url():
    feed = load("relative.rss")
    assert feed.link == "https://feeds.example.com/show/"
    assert feed.image == "https://feeds.example.com/shows/images/cover.jpg"
    first, second = feed.episodes
    assert first.link == "https://feeds.example.com/shows/episodes/1"
    assert first.image == "https://feeds.example.com/art/1.jpg"
    assert first.enclosure_url == "https://feeds.example.com/media/1.mp3"
    assert first.chapters_url == "https://feeds.example.com/shows/chapters/1.json"
    assert first.transcript_url == "https://cdn.example.net/t/1.vtt"
    assert second.enclosure_url == "https://media.example.com/my%20episode%202.mp3"


def test_relative_urls_without_a_feed_url_are_dropped():
    feed = load("relative.rss", None)
    first = feed.episodes[0]
    assert (feed.link, feed.image, first.link, first.image) == (None, None, None, None)
    assert (first.enclosure_url, first.chapters_url) == (None, None)
    assert first.transcript_url == "https://cdn.example.net/t/1.vtt"  # protocol-relative


# -- durations and dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("3600", 3600),
        ("3600.5", 3600),
        (" 125 ", 125),
        ("45:30", 2730),
        ("1:02:03", 3723),
        ("1:02:03 ", 3723),
        ("01:02:03", 3723),
        ("1:02:03.750", 3723),
        ("100:00", 6000),
        ("1:00:00:00", 86400),
        ("45 min", 2700),
        ("45 mins", 2700),
        ("1h 2m 3s", 3723),
        ("1h2m3s", 3723),
        ("1 hr 30 min", 5400),
        ("2 hours", 7200),
        ("90 sec", 90),
        ("1.5 hours", 5400),
        ("junk", None),
        ("12 apples", None),
        ("-30", None),
        ("-1:30", None),
        ("1:-30", None),
        ("0", None),
        ("00:00", None),
        ("", None),
        (None, None),
        ("nan", None),
        ("inf", None),
        ("1:2:3:4:5", None),
        ("99999999999", None),
        ("١٢٣", 123),
    ],
)
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


EXPECTED = 1576044000  # Wed, 11 Dec 2019 06:00:00 UTC


def test_duration_and_date_forms_inside_a_feed():
    feed = load("forms.rss")
    by_guid = {episode.guid: episode for episode in feed.episodes}
    durations = [3600, 3600, 2730, 3723, 3723, 3723, 2700, 3723, 90, 7200]
    assert [by_guid[f"d{n}"].duration for n in range(10)] == durations
    assert [by_guid[f"d{n}"].duration for n in range(10, 16)] == [None, None, None, None, 125, None]
    dates = [by_guid[f"t{n}"].published for n in range(19)]
    assert dates[:17] == [EXPECTED] * 14 + [EXPECTED - 6 * 3600, EXPECTED, EXPECTED]
    assert dates[17:] == [None, None]


# -- large feeds --------------------------------------------------------------------------------


def whole(data: bytes, url: str | None = None) -> ParsedFeed:
    """The reference result: the whole document parsed in one go."""
    return parse_module.parse_tree(parse_xml(data), url)


@pytest.fixture
def small_chunks(monkeypatch):
    """Make the chunked path apply to small feeds, with many chunks."""
    monkeypatch.setattr(parse_module, "_CHUNKED_MIN", 1)
    monkeypatch.setattr(chunked_module, "_CHUNK", 8 * 1024)


def test_generated_feed_parses_completely():
    feed = parse_feed(gen_feed().make_feed(300), "https://podcast.example.com/feed.xml")
    assert len(feed.episodes) == 300
    assert len({episode.guid for episode in feed.episodes}) == 300
    first = feed.episodes[0]
    assert first.title.startswith("#300: ")
    assert (first.episode_number, first.season_number, first.episode_type) == (300, 3, "full")
    assert all(episode.duration and episode.published for episode in feed.episodes)
    assert all(episode.notes.startswith("<p>") for episode in feed.episodes)
    assert all("?ref=pod&amp;s=0" in episode.notes for episode in feed.episodes)


def test_chunked_parse_equals_the_whole_document_parse(small_chunks):
    data = gen_feed().make_feed(400, seed=7)
    assert chunked_module.chunk_bounds(data) is not None
    assert len(chunked_module.chunk_bounds(data)[1]) > 20
    chunked = chunked_module.parse_chunked(data, None, "https://podcast.example.com/")
    assert chunked is not None
    assert chunked == whole(data, "https://podcast.example.com/")
    assert parse_feed(data, "https://podcast.example.com/") == chunked


def test_chunked_parse_of_the_shared_fixture(small_chunks, fixture_rss):
    chunked = chunked_module.parse_chunked(fixture_rss, None, None)
    assert chunked is not None
    assert chunked == whole(fixture_rss)


def test_chunked_parse_gives_way_to_a_broken_document(small_chunks):
    data = gen_feed().make_feed(200)
    # a bare ampersand and an HTML entity far into the feed, a trailing channel field
    data = data.replace(b"<title>#50: ", b"<title>#50: R&D &eacute; ")
    data = data.replace(b"</channel>", b"<itunes:author>Late Author</itunes:author></channel>")
    assert chunked_module.parse_chunked(data, None, None) is None
    feed = parse_feed(data)
    assert feed == whole(data)
    assert len(feed.episodes) == 200
    assert feed.episodes[150].title.startswith("#50: R&D é ")
    assert feed.author == "Benchmark Studios"


def test_chunk_boundaries_never_split_cdata(small_chunks):
    gen = gen_feed()
    data = gen.make_feed(200)
    # notes that quote feed markup, so "</item><item>" appears inside CDATA everywhere
    data = data.replace(b"<p>Links:</p>", b"<p>Links: </item>\n  <item><title>fake</title></p>")
    feed = parse_feed(data)
    assert len(feed.episodes) == 200
    assert not any(episode.title == "fake" for episode in feed.episodes)
    assert feed == whole(data)


def test_channel_fields_after_the_items_are_read_in_chunks(small_chunks):
    data = gen_feed().make_feed(200)
    data = data.replace(
        b"</channel>",
        b"<itunes:new-feed-url>https://moved.example/feed</itunes:new-feed-url></channel>",
    )
    chunked = chunked_module.parse_chunked(data, None, None)
    assert chunked is not None and chunked.new_url == "https://moved.example/feed"
    assert chunked == whole(data)


def test_parsing_from_many_threads_at_once(small_chunks, fixture_rss):
    gen = gen_feed()
    inputs = [gen.make_feed(120, seed=n) for n in range(3)] + [fixture_rss]
    inputs += [(FEEDS / name).read_bytes() for name in ("broken.rss", "atom.xml", "hostile.rss")]
    expected = [parse_feed(data) for data in inputs]
    results: dict[int, list] = {}

    def run(index: int) -> None:
        results[index] = [parse_feed(data) for data in inputs]

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[n] == expected for n in range(4))


def test_a_chunked_parse_shortens_the_switch_interval_only_while_it_runs(small_chunks, monkeypatch):
    seen: list[float] = []
    read = chunked_module.parse_items

    def reading(*args, **kwargs):
        seen.append(sys.getswitchinterval())
        return read(*args, **kwargs)

    monkeypatch.setattr(chunked_module, "parse_items", reading)
    before = sys.getswitchinterval()
    data = gen_feed().make_feed(200)
    gives_way = data.replace(b"<title>#50: ", b"<title>#50: R&D ")
    try:
        sys.setswitchinterval(0.004)
        assert chunked_module.parse_chunked(data, None, None) == whole(data)
        assert sys.getswitchinterval() == pytest.approx(0.004)
        assert chunked_module.parse_chunked(gives_way, None, None) is None
        assert sys.getswitchinterval() == pytest.approx(0.004)
    finally:
        sys.setswitchinterval(before)
    assert seen and all(interval <= 0.0005 + 1e-9 for interval in seen)


def test_absurd_nesting_neither_crashes_nor_hangs():
    def feed(depth: int) -> ParsedFeed:
        deep = b"<b>" * depth + b"y" + b"</b>" * depth
        return parse_feed(
            b"<rss><channel><title>Deep</title><item><title>x</title><guid>g</guid>"
            b"<description>" + deep + b"</description></item><item><title>t" + deep + b"</title>"
            b"</item></channel></rss>"
        )

    kept = feed(1500)  # within what libxml2 keeps
    assert [episode.title for episode in kept.episodes] == ["x", "ty"]
    assert notes_to_text(kept.episodes[0].notes) == "y"
    assert "y" in notes_to_markdown(kept.episodes[0].notes)[0]
    cut = feed(5000)  # libxml2 stops at its depth limit; what came before survives
    assert cut.title == "Deep"
    assert (cut.episodes[0].title, cut.episodes[0].guid) == ("x", "g")


# -- other spellings of RSS and Atom --------------------------------------------------------------

JAN_26_2004 = 1075152660  # Mon, 26 Jan 2004 16:31:00 -0500


def test_rss_2_0_in_the_userland_namespace():
    feed = load("userland.rss")
    assert (feed.title, feed.link, feed.author) == (
        "Userland Radio",
        "https://userland.example.com/",
        "Dave",
    )
    (episode,) = feed.episodes
    assert (episode.title, episode.guid, episode.published, episode.duration) == (
        "Scripting News",
        "ul-1",
        JAN_26_2004,
        754,
    )
    assert episode.enclosure_url == "https://media.example.com/ul-1.mp3"
    assert (episode.link, episode.notes) == ("https://userland.example.com/1", "First show")


def test_rss_0_91_and_0_92():
    old = load("rss091.rss")
    assert (old.title, old.image, old.language) == (
        "Point Nine One",
        "https://old.example.com/logo.gif",
        "en-us",
    )
    assert [(e.title, e.link) for e in old.episodes] == [
        ("Old item", "https://old.example.com/items/1")
    ]
    newer = load("rss092.rss")
    assert [(e.title, e.enclosure_url, e.enclosure_length) for e in newer.episodes] == [
        ("old-2.mp3", "https://media.example.com/old-2.mp3", 2048),
        ("Titled", "https://media.example.com/old-3.mp3", 4096),
    ]


def test_rss_1_0_ids_titles_dates_and_enclosures():
    feed = load("rss10.rdf")
    assert (feed.title, feed.author) == ("RDF Radio", "Ray D. F.")
    first, second = feed.episodes
    assert first.guid == "https://rdf.example.com/1"  # rdf:about
    assert first.published == JAN_26_2004  # dcterms:issued before dcterms:modified
    assert (first.enclosure_url, first.enclosure_type, first.enclosure_length) == (
        "https://media.example.com/rdf-1.mp3",
        "audio/mpeg",
        5555,
    )
    assert (second.title, second.guid) == ("Only a dc:title", "https://rdf.example.com/2")


def test_rss_0_90():
    feed = load("rss090.rdf")
    assert feed.title == "Point Nine Oh"
    assert [(e.title, e.link) for e in feed.episodes] == [
        ("Ninety one", "https://ninety.example.com/1"),
        ("Ninety two", "https://ninety.example.com/2"),
    ]


def test_atom_0_3():
    feed = load("atom03.xml")
    assert (feed.title, feed.description, feed.author, feed.link) == (
        "Atom Zero Three",
        "The draft that came first",
        "Oh Three",
        "https://atom03.example.com/",
    )
    issued, created, modified = feed.episodes
    assert (issued.guid, issued.link, issued.published, issued.duration) == (
        "tag:atom03.example.com,2004:1",
        "https://atom03.example.com/1",
        JAN_26_2004,
        213,
    )
    assert issued.enclosure_url == "https://media.example.com/a03-1.mp3"
    assert issued.enclosure_length == 3333
    assert issued.notes == "<p>Escaped <b>HTML</b></p>"
    assert created.published == 1074585600  # created, before modified
    assert created.notes == "Plain summary"
    assert modified.published == 1074499200


def test_atom_without_its_namespace():
    feed = load("atom_no_namespace.xml")
    assert (feed.title, feed.description, feed.link) == (
        "Bare Atom",
        "No xmlns at all",
        "https://bare.example.com/",
    )
    first, second = feed.episodes
    assert (first.title, first.guid, first.link, first.duration) == (
        "Bare one",
        "tag:bare.example.com,2024:1",
        "https://bare.example.com/1",
        671,
    )
    assert first.enclosure_url == "https://media.example.com/bare-1.mp3"
    assert first.notes == "<p>Inline <b>XHTML</b></p>"
    assert (second.title, second.link, second.notes) == (
        "Bare two",
        "https://bare.example.com/2",
        "Summary two",
    )
    assert second.published == 1706781600  # updated, for want of published


def test_atom_under_an_undeclared_prefix():
    feed = parse_feed(
        b"<atom:feed><atom:title>Prefixed</atom:title><atom:entry><atom:title>E</atom:title>"
        b"<atom:id>e1</atom:id>"
        b'<atom:link rel="enclosure" href="https://m.example.com/e.mp3"/></atom:entry></atom:feed>'
    )
    assert feed.title == "Prefixed"
    assert [(e.title, e.guid, e.enclosure_url) for e in feed.episodes] == [
        ("E", "e1", "https://m.example.com/e.mp3")
    ]


def test_dcterms_and_dc_dates_in_rss_2_0():
    def published(fields: str) -> int | None:
        data = (
            f"<rss><channel><title>t</title><item><title>x</title>{fields}</item></channel></rss>"
        )
        return parse_feed(data.encode()).episodes[0].published

    dc = ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    assert published(f"<dcterms:issued{dc}>2004-01-26T21:31:00Z</dcterms:issued>") == JAN_26_2004
    assert published("<dcterms:issued>2004-01-26T21:31:00Z</dcterms:issued>") == JAN_26_2004
    assert (
        published(
            f"<dcterms:modified{dc}>2005-01-01</dcterms:modified>"
            f"<dcterms:created{dc}>2004-01-26T21:31:00Z</dcterms:created>"
        )
        == JAN_26_2004
    )
    assert published("<dcterms:modified>2004-01-26T21:31:00Z</dcterms:modified>") == JAN_26_2004
    assert (
        published(
            "<pubDate>Mon, 26 Jan 2004 21:31:00 GMT</pubDate>"
            "<dcterms:issued>1999-01-01</dcterms:issued>"
        )
        == JAN_26_2004
    )
    # an unreadable date falls through to the next one, never to 1970
    assert (
        published("<pubDate>soon</pubDate><dcterms:issued>2004-01-26T21:31:00Z</dcterms:issued>")
        == JAN_26_2004
    )
    assert published("<pubDate>Thu, 01 Jan 1970 00:00:00 +0000</pubDate>") is None


# -- links and ids --------------------------------------------------------------------------------


def test_a_permalink_guid_is_the_link_when_there_is_none():
    feed = parse_feed(
        b"<rss><channel><title>t</title>"
        b'<item><title>a</title><guid isPermaLink="true">https://p.example.com/a</guid></item>'
        b"<item><title>b</title><guid>https://p.example.com/b</guid></item>"
        b'<item><title>c</title><guid isPermaLink="false">https://p.example.com/c</guid></item>'
        b'<item><title>d</title><guid isPermaLink="true">d-42</guid></item>'
        b"<item><title>e</title><guid>https://p.example.com/e</guid>"
        b"<link>https://p.example.com/real-e</link></item>"
        b"</channel></rss>",
        FEED_URL,
    )
    assert [(e.guid, e.link) for e in feed.episodes] == [
        ("https://p.example.com/a", "https://p.example.com/a"),
        ("https://p.example.com/b", "https://p.example.com/b"),
        ("https://p.example.com/c", None),
        ("d-42", None),
        ("https://p.example.com/e", "https://p.example.com/real-e"),
    ]


# -- broken input ---------------------------------------------------------------------------------


def test_a_cdata_section_cut_short_keeps_its_text_and_makes_up_nothing():
    feed = load("truncated_cdata.rss")
    assert [(e.title, e.guid) for e in feed.episodes] == [
        ("Whole one", "cdata-1"),
        ("Whole two", "cdata-2"),
    ]
    assert feed.episodes[1].enclosure_url == "https://media.example.com/cdata-2.mp3"
    assert notes_to_text(feed.episodes[1].notes).startswith("Second notes, cut short")


def test_a_cdata_opener_cut_short_is_never_an_episode():
    feed = load("truncated_cdata_opener.rss")
    assert [(e.title, e.guid) for e in feed.episodes] == [("Whole", "w")]
    for text in texts(feed):
        assert "CD" not in text and "<!" not in text


@pytest.mark.parametrize(
    "tail",
    [
        b"<item><title><![CD",
        b"<item><title><![CD</title></item></channel></rss>",
        b"<item><description><![CD",
        b"<item><itunes:summary><![",
        b"<item><title>Two</title><enclosure url='https://m.example.com/2.mp3'/><description><![CD",
        b"<item><title>Two</title><description><![CDATA[<p>a</p><item><title>fake</title></item>",
    ],
)
def test_fragments_of_markup_never_reach_any_field(tail):
    head = (
        b"<rss><channel><title>T</title><item><title>One</title><guid>1</guid>"
        b'<enclosure url="https://m.example.com/1.mp3"/></item>'
    )
    feed = parse_feed(head + tail)
    assert feed.episodes[0].title == "One"
    assert all(e.title in ("One", "Two") for e in feed.episodes)
    for text in texts(feed):
        assert "![" not in text and "CD" not in text and "fake" not in notes_to_text(text)


def test_items_sharing_a_guid_keep_their_identity_as_the_feed_changes(tmp_path):
    from tui.core.library import Library

    def item(n: int, day: int) -> str:
        return (
            f"<item><title>Part {n}</title><guid>same</guid>"
            f"<pubDate>Mon, {day:02d} Apr 2024 00:00:00 +0000</pubDate>"
            f'<enclosure url="https://m.example.com/{n}.mp3" type="audio/mpeg"/></item>'
        )

    def document(*items: str) -> bytes:
        return f"<rss><channel><title>Reused</title>{''.join(items)}</channel></rss>".encode()

    before = parse_feed(document(item(2, 2), item(1, 1)))
    assert [e.guid for e in before.episodes] == [
        "same#https://m.example.com/2.mp3",
        "same#https://m.example.com/1.mp3",
    ]
    library = Library.open(tmp_path / "data")
    try:
        podcast = library.subscribe("https://feeds.example.com/reused.xml")
        library.store_feed(podcast.id, before)
        ids = {e.title: e.id for e in library.episodes()}
        library.set_played([ids["Part 1"], ids["Part 2"]])
        # A newer part, with the same guid again, goes on top of the feed.
        library.store_feed(podcast.id, parse_feed(document(item(3, 3), item(2, 2), item(1, 1))))
        stored = {e.title: e for e in library.episodes()}
        assert set(stored) == {"Part 1", "Part 2", "Part 3"}
        assert (stored["Part 1"].id, stored["Part 2"].id) == (ids["Part 1"], ids["Part 2"])
        assert stored["Part 1"].played and stored["Part 2"].played
        assert not stored["Part 3"].played
        assert stored["Part 2"].enclosure_url == "https://m.example.com/2.mp3"
        # The oldest part leaves the feed: the others keep their identity.
        library.store_feed(podcast.id, parse_feed(document(item(3, 3), item(2, 2))))
        again = {e.title: e for e in library.episodes()}
        assert {title: e.id for title, e in again.items()} == {
            title: e.id for title, e in stored.items()
        }
        assert again["Part 1"].enclosure_url == "https://m.example.com/1.mp3"
    finally:
        library.close()


def test_the_same_item_twice_is_not_told_apart():
    feed = parse_feed(
        b"<rss><channel><title>t</title>"
        + b'<item><title>a</title><guid>g</guid><enclosure url="https://m.example.com/a.mp3"/></item>'
        * 2
        + b"<item><title>b</title><guid>h</guid></item><item><title>c</title><guid>h</guid></item>"
        + b"</channel></rss>"
    )
    assert [e.guid for e in feed.episodes] == ["g", "g", "h", "h"]


def test_an_unreadable_date_leaves_the_episode_in_feed_order_never_in_1970(tmp_path):
    from tui.core.library import Library

    items = "".join(
        f"<item><title>{title}</title><guid>{title}</guid><pubDate>{date}</pubDate>"
        f'<enclosure url="https://m.example.com/{title}.mp3"/></item>'
        for title, date in [
            ("newest", "Wed, 03 Apr 2024 00:00:00 +0000"),
            ("middle", "someday"),
            ("older", "Thu, 01 Jan 1970 00:00:00 +0000"),
            ("oldest", "Mon, 01 Apr 2024 00:00:00 +0000"),
            ("last", ""),
        ]
    )
    feed = parse_feed(f"<rss><channel><title>t</title>{items}</channel></rss>".encode())
    assert [e.published for e in feed.episodes][1:3] == [None, None]
    assert feed.episodes[-1].published is None
    library = Library.open(tmp_path / "data")
    try:
        podcast = library.subscribe("https://feeds.example.com/undated.xml")
        library.store_feed(podcast.id, feed)
        # dated ones newest first, then the undated ones in the feed's order
        assert [e.title for e in library.episodes()] == [
            "newest",
            "oldest",
            "middle",
            "older",
            "last",
        ]
        assert all(e.published is None or e.published > 86400 for e in library.episodes())
    finally:
        library.close()


@pytest.mark.parametrize("name", ["userland.rss", "rss091.rss", "rss10.rdf", "atom03.xml"])
def test_other_spellings_read_the_same_through_the_large_feed_path(small_chunks, name):
    data = (FEEDS / name).read_bytes()
    assert parse_feed(data, FEED_URL) == whole(data, FEED_URL)


@pytest.mark.parametrize("namespace", [b' xmlns="http://purl.org/atom/ns#"', b""])
def test_broken_atom_of_another_spelling_is_recovered(namespace):
    feed = parse_feed(
        b"<feed" + namespace + b"><title>t</title><entry><title>e</title><id>1</id>"
        b"<modified2004-01-27T00:00:00Z</modified></entry></feed>"
    )
    assert [(e.title, e.guid) for e in feed.episodes] == [("e", "1")]


@pytest.mark.parametrize(
    ("data", "title", "notes"),
    [
        (  # XHTML notes whose recovery left an element name lxml refuses
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>a</title>'
            b'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x<x:</p></div>'
            b"</content></entry></feed>",
            "a",
            "<p>x</p>",
        ),
        (  # an untitled item whose enclosure URL cannot be split
            b"<rss><channel><title>t</title>"
            b'<item><enclosure url="https://[media.example.com/a.mp3"/></item></channel></rss>',
            "Untitled episode",
            "",
        ),
    ],
)
def test_broken_details_are_read_without_a_crash(data, title, notes):
    (episode,) = parse_feed(data).episodes
    assert (episode.title, episode.notes) == (title, notes)


def test_the_preferred_transcript_of_several_is_kept():
    def item(transcripts: str) -> str:
        return (
            '<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0">'
            "<channel><title>T</title><item><title>One</title>"
            '<enclosure url="https://x.example/1.mp3" type="audio/mpeg"/>'
            f"{transcripts}</item></channel></rss>"
        )

    def kept(transcripts: str) -> tuple[str | None, str | None]:
        episode = parse_feed(item(transcripts).encode(), FEED_URL).episodes[0]
        return episode.transcript_url, episode.transcript_type

    offered = (
        '<podcast:transcript url="https://x.example/t.txt" type="text/plain"/>'
        '<podcast:transcript url="https://x.example/t.html" type="text/html"/>'
        '<podcast:transcript url="javascript:alert(1)" type="text/vtt"/>'
        '<podcast:transcript url="file:///etc/passwd" type="text/vtt"/>'
        '<podcast:transcript url="https://x.example/t.json" type="application/json"/>'
        '<podcast:transcript url="https://x.example/c.srt" type="application/srt"'
        ' rel="captions"/>'
        '<podcast:transcript url="https://x.example/t.srt" type="application/x-subrip"'
        ' language="en"/>'
    )
    assert kept(offered) == ("https://x.example/t.srt", "application/x-subrip")
    assert kept(offered[: offered.index('<podcast:transcript url="https://x.example/c')]) == (
        "https://x.example/t.json",
        "application/json",
    )
    # Untyped: the URL's suffix tells; only http(s) URLs are kept.
    assert kept(
        '<podcast:transcript url="https://x.example/a.txt"/>'
        '<podcast:transcript url="https://x.example/b.vtt"/>'
    ) == ("https://x.example/b.vtt", None)
    assert kept('<podcast:transcript url="ftp://x.example/a.vtt" type="text/vtt"/>') == (
        None,
        None,
    )
