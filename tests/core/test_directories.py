"""Podcast directories over real HTTP on loopback: search, merge, failures, web pages."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import replace
from datetime import date

import pytest

from tests.directories import KEY, SECRET, answer, serve_directories, settings
from tui.core.config import ConfigError, load_config
from tui.core.directories.apple import apple_podcast_id
from tui.core.directories.models import Directory
from tui.core.directories.pages import discover_feeds
from tui.core.directories.search import search_directories
from tui.core.feeds.fetch import Fetcher
from tui.core.library import Library
from tui.core.models import SourceStatus
from tui.core.subscriptions import add_sources


def search(server, words="data science", **options):
    async def run():
        async with Fetcher() as fetcher:
            return await search_directories(fetcher, settings(server, **options), words)

    return asyncio.run(run())


@pytest.fixture
def directories(http_server):
    serve_directories(http_server)
    return http_server


def test_search_merges_itunes_and_gpodder_in_turns_with_one_row_per_feed(directories):
    outcome = search(directories)
    assert outcome.failures == []
    feed = directories.url("/feed.xml")
    first = outcome.results[0]
    assert (first.title, first.author, first.feed_url) == (
        "Data Science at Home",
        "Francesco Gadaleta",
        feed,
    )
    # Named by both: once, with both names and what iTunes knew of its episodes.
    assert first.directories == (Directory.ITUNES, Directory.GPODDER)
    assert (first.episodes, first.last_episode) == (93, date(2019, 12, 11))
    assert first.episodes_text() == "93 episodes, last 2019-12-11"
    titles = [found.title for found in outcome.results]
    assert titles == [
        "Data Science at Home",
        "Vanishing Gradients",
        "Data Engineering Podcast",
        "Data Science Weekly & Friends",
    ]
    # The query went out as the documented parameters.
    itunes = directories.last("/itunes/search").path
    assert "media=podcast" in itunes and "term=data+science" in itunes
    assert "q=data+science" in directories.last("/gpodder/search.json").path
    # Without a key, Podcast Index is never asked.
    assert directories.requests_to("/podcastindex/api/1.0/search/byterm") == []


def test_directory_text_is_cleaned_and_only_http_feeds_are_kept(directories):
    outcome = search(directories)
    weekly = next(found for found in outcome.results if "Weekly" in found.title)
    assert weekly.title == "Data Science Weekly & Friends"
    assert weekly.author == "Data Science Weekly Crew"  # escape sequences and tags gone
    assert all(found.feed_url.startswith("http") for found in outcome.results)
    assert "Not a feed" not in [found.title for found in outcome.results]


def test_podcast_index_is_asked_with_a_key_and_signs_its_requests(directories):
    outcome = search(directories, key=True)
    assert outcome.failures == []
    request = directories.last("/podcastindex/api/1.0/search/byterm")
    assert "q=data+science" in request.path
    stamp = request.header("x-auth-date")
    assert stamp is not None and stamp.isdigit()
    assert request.header("x-auth-key") == KEY
    assert (
        request.header("authorization") == hashlib.sha1((KEY + SECRET + stamp).encode()).hexdigest()
    )
    assert request.header("user-agent").startswith("podtui/")
    first = outcome.results[0]
    assert first.directories == (Directory.ITUNES, Directory.PODCASTINDEX, Directory.GPODDER)
    practical = next(found for found in outcome.results if found.title.startswith("Practical"))
    assert (practical.episodes, practical.last_episode) == (268, date(2024, 5, 6))
    assert practical.directories == (Directory.PODCASTINDEX,)


@pytest.mark.parametrize(
    ("answer", "line"),
    [
        ({"status": 429}, "gpodder.net: HTTP 429 Too Many Requests"),
        ({"status": 500}, "gpodder.net: HTTP 500 Internal Server Error"),
        ({"body": b'[{"url": '}, "gpodder.net: malformed answer (not JSON)"),
        (
            {"body": b"<html><body>Maintenance</body></html>"},
            "gpodder.net: malformed answer (an HTML page)",
        ),
        ({"body": b'{"results": []}'}, "gpodder.net: malformed answer"),
        ({"stall": True}, "gpodder.net: timed out after 1 s"),
    ],
)
def test_one_failing_directory_gives_one_line_and_keeps_the_others(directories, answer, line):
    if answer.get("stall"):
        directories.stall("/gpodder/search.json", prefix=b"[", headers={"Content-Length": "900"})
    else:
        directories.route(
            "/gpodder/search.json",
            answer.get("body", b"[]"),
            status=answer.get("status", 200),
            content_type="application/json",
        )
    outcome = search(directories, timeout=1.0)
    assert len(outcome.failures) == 1
    assert outcome.failures[0].line().startswith(line), outcome.failures[0].line()
    assert not outcome.all_failed
    assert outcome.results[0].directories == (Directory.ITUNES,)
    assert len(outcome.results) == 3  # iTunes' three


def test_every_directory_failing_is_all_failed(directories):
    directories.route("/gpodder/search.json", b"", status=503)
    directories.route("/itunes/search", b"nope", content_type="text/plain")
    outcome = search(directories)
    assert outcome.all_failed and outcome.results == []
    assert [failure.directory for failure in outcome.failures] == [
        Directory.ITUNES,
        Directory.GPODDER,
    ]


def test_a_wrong_podcast_index_key_is_one_line(directories):
    async def run():
        async with Fetcher() as fetcher:
            wrong = settings(directories, key=True)
            return await search_directories(
                fetcher, replace(wrong, podcastindex_secret="wrong"), "data science"
            )

    outcome = asyncio.run(run())
    assert [failure.line() for failure in outcome.failures] == [
        "Podcast Index: HTTP 401 Unauthorized: the directory needs a login"
        " (check directories.podcastindex_key and podcastindex_secret in the config)"
    ]
    assert outcome.results


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("https://podcasts.apple.com/us/podcast/data-science-at-home/id1069871378", "1069871378"),
        ("https://podcasts.apple.com/it/podcast/id1069871378?uo=4", "1069871378"),
        ("http://itunes.apple.com/podcast/data-science-at-home/id1069871378?mt=2", "1069871378"),
        ("https://podcasts.apple.com/us/podcast/x/id1069871378?i=1000460000000", "1069871378"),
        ("https://example.com/podcast/id1069871378", None),
        ("https://podcasts.apple.com/us/browse", None),
        ("ftp://podcasts.apple.com/us/podcast/x/id1", None),
    ],
)
def test_apple_podcast_ids(url, found):
    assert apple_podcast_id(url) == found


def test_discovery_resolves_relative_links_and_ignores_other_alternates():
    page = b"""<!doctype html><html><head><base href="/podcast/">
    <link rel="Alternate" type="application/rss+xml; charset=utf-8" href="feed.xml"
          title="Main &amp; <b>only</b>">
    <link rel="alternate" type="text/html" href="/other">
    <link rel="alternate" type="application/atom+xml" href="javascript:alert(1)">
    <link rel="alternate stylesheet" type="application/atom+xml" href="//cdn.example.org/atom">
    </head><body><link rel="alternate" type="application/rss+xml" href="feed.xml"></body></html>"""
    links = discover_feeds(page, "https://example.org/shows/index.html")
    assert [(link.url, link.title) for link in links] == [
        ("https://example.org/podcast/feed.xml", "Main & only"),
        ("https://cdn.example.org/atom", ""),
    ]


def test_discovery_never_expands_entities_or_fetches_anything():
    page = b"""<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <html><head><link rel="alternate" type="application/rss+xml" href="/f?&x;" title="&x;">
    </head></html>"""
    links = discover_feeds(page, "https://example.org/")
    assert all("root:" not in link.url + link.title for link in links)


def test_an_apple_podcasts_url_subscribes_to_the_feed_its_lookup_names(directories, tmp_path):
    library = Library.open(tmp_path / "data")
    apple = "https://podcasts.apple.com/us/podcast/data-science-at-home/id1069871378"
    [result] = asyncio.run(add_sources(library, [apple], directories=settings(directories)))
    assert result.status == SourceStatus.ADDED, result.error
    assert result.podcast.url == directories.url("/feed.xml")
    assert result.podcast.title == "Data Science at Home"
    assert "id=1069871378" in directories.last("/itunes/lookup").path
    library.close()


def test_an_unknown_apple_podcast_is_one_clear_line(directories, tmp_path):
    directories.route("/itunes/lookup", b'{"resultCount":0,"results":[]}')
    library = Library.open(tmp_path / "data")
    apple = "https://podcasts.apple.com/us/podcast/gone/id42"
    [result] = asyncio.run(add_sources(library, [apple], directories=settings(directories)))
    assert result.status == SourceStatus.FAILED
    assert result.error == (
        "iTunes lookup of an Apple Podcasts URL: Apple Podcasts knows no podcast with id 42"
    )
    assert library.podcasts() == []
    library.close()


def test_a_web_page_with_one_feed_link_subscribes_to_it(directories, tmp_path):
    library = Library.open(tmp_path / "data")
    [result] = asyncio.run(add_sources(library, [directories.url("/site/")]))
    assert result.status == SourceStatus.ADDED, result.error
    assert result.podcast.url == directories.url("/feed.xml")
    assert result.source == directories.url("/site/")
    library.close()


def test_a_web_page_with_two_feed_links_asks_which(directories, tmp_path):
    library = Library.open(tmp_path / "data")
    [result] = asyncio.run(add_sources(library, [directories.url("/two/index.html")]))
    assert result.status == SourceStatus.CHOOSE and not result.ok
    assert [link.url for link in result.choices] == [
        directories.url("/two/feed.xml"),
        "https://datascienceathome.invalid/blog/atom.xml",
    ]
    assert [link.title for link in result.choices] == [
        "Data Science at Home (MP3)",
        "Data Science at Home \u2013 Blog",
    ]
    assert library.podcasts() == []
    library.close()


def test_a_web_page_without_feed_links_keeps_the_html_error(http_server, tmp_path):
    http_server.route("/plain.html", b"<!DOCTYPE html><html><head><title>x</title></head></html>")
    library = Library.open(tmp_path / "data")
    [result] = asyncio.run(add_sources(library, [http_server.url("/plain.html")]))
    assert result.status == SourceStatus.FAILED
    assert result.error == "not a podcast feed (an HTML page that links to no feed)"
    library.close()


def test_a_page_linking_to_another_page_stops_there(http_server, tmp_path):
    http_server.route(
        "/loop.html",
        b'<html><head><link rel="alternate" type="application/rss+xml" href="/loop.html">'
        b"</head></html>",
        content_type="text/html",
    )
    library = Library.open(tmp_path / "data")
    [result] = asyncio.run(add_sources(library, [http_server.url("/loop.html")]))
    assert result.status == SourceStatus.FAILED
    assert result.error == "not a podcast feed (an HTML page)"
    assert len(http_server.requests_to("/loop.html")) == 2
    library.close()


def test_the_config_names_the_directories(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        "[directories]\n"
        'itunes = "http://127.0.0.1:9/itunes/"\n'
        'podcastindex_key = "K"\npodcastindex_secret = "S"\ntimeout = 4\n'
    )
    found = load_config(path).directories
    assert found.itunes == "http://127.0.0.1:9/itunes/"
    assert found.gpodder == "https://gpodder.net"
    assert found.enabled() == (Directory.ITUNES, Directory.PODCASTINDEX, Directory.GPODDER)
    assert found.timeout == 4.0
    assert load_config(tmp_path / "absent.toml").directories.enabled() == (
        Directory.ITUNES,
        Directory.GPODDER,
    )


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ('itunes = "itunes.apple.com"', "directories.itunes must be an http(s) URL"),
        (
            'podcastindex_key = "K"',
            "directories.podcastindex_key and podcastindex_secret go together",
        ),
        ("timeout = 0", "directories.timeout must be between 0 and 300 seconds"),
        ('itunez = "https://x"', "directories.itunez is not a setting"),
    ],
)
def test_a_wrong_directory_setting_is_a_config_error(tmp_path, table, error):
    path = tmp_path / "config.toml"
    path.write_text(f"[directories]\n{table}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert raised.value.message == f"{path}: {error}"


def test_the_directories_are_asked_at_once(directories):
    for path, name in (
        ("/itunes/search", "itunes_search.json"),
        ("/gpodder/search.json", "gpodder_search.json"),
    ):
        directories.route(path, answer(directories, name), delay=0.5)
    outcome = search(directories)
    assert outcome.failures == [] and len(outcome.results) == 4
    assert directories.peak_waiting == 2  # both requests were waiting at the same time
