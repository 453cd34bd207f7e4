"""Podcast directories on a loopback server, answering in each one's documented format.

One :class:`~tests.httpserver.HTTPTestServer` plays iTunes (under ``/itunes``),
gpodder.net (``/gpodder``) and Podcast Index (``/podcastindex``) with the answers
recorded in ``tests/fixtures/directories/``, and serves the feed they name
(``/feed.xml``, the Data Science at Home fixture) and web pages linking to it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.conftest import FIXTURE_RSS, FIXTURES
from tests.httpserver import Exchange, HTTPTestServer
from tui.core.directories.models import DirectorySettings

ANSWERS = FIXTURES / "directories"
# The feed host the recorded answers name, replaced by the loopback server's.
RECORDED_HOST = "https://feeds.datascienceathome.invalid"
KEY = "UXKCGDSYGUUEVQJSYDZH"
SECRET = "yzJe2eE7XV-3eY576dyRZ6wXyAbndh6LUrCZ8KN|"


def answer(server: HTTPTestServer, name: str) -> bytes:
    text = (ANSWERS / name).read_text(encoding="utf-8")
    return text.replace(RECORDED_HOST, server.url("").rstrip("/")).encode("utf-8")


def serve_directories(server: HTTPTestServer) -> None:
    """Every directory's search (and the iTunes lookup), the feed and two pages."""
    json_type = "application/json; charset=utf-8"
    server.route("/itunes/search", answer(server, "itunes_search.json"), content_type=json_type)
    server.route("/itunes/lookup", answer(server, "itunes_lookup.json"), content_type=json_type)
    server.route(
        "/gpodder/search.json", answer(server, "gpodder_search.json"), content_type=json_type
    )
    body = answer(server, "podcastindex_search.json")

    @server.handler("/podcastindex/api/1.0/search/byterm")
    def podcast_index(exchange: Exchange) -> None:
        # As the real service does: a request without valid authorisation is refused.
        request = exchange.request
        date = request.header("x-auth-date") or ""
        expected = hashlib.sha1((KEY + SECRET + date).encode()).hexdigest()
        if request.header("x-auth-key") != KEY or request.header("authorization") != expected:
            exchange.respond(401, b'{"status":"false","description":"Authorization failed"}')
            return
        exchange.respond(200, body, {"Content-Type": json_type})

    feed = FIXTURE_RSS.read_bytes()
    server.route("/feed.xml", feed, content_type="application/rss+xml")
    server.route("/site/", (ANSWERS / "page_one_feed.html").read_bytes(), content_type="text/html")
    server.route(
        "/two/index.html",
        (ANSWERS / "page_two_feeds.html").read_bytes(),
        content_type="text/html; charset=utf-8",
    )
    server.route("/two/feed.xml", feed, content_type="application/rss+xml")


def settings(
    server: HTTPTestServer, *, key: bool = False, timeout: float = 5.0
) -> DirectorySettings:
    return DirectorySettings(
        itunes=server.url("/itunes"),
        gpodder=server.url("/gpodder"),
        podcastindex=server.url("/podcastindex"),
        podcastindex_key=KEY if key else "",
        podcastindex_secret=SECRET if key else "",
        timeout=timeout,
    )


def write_config(
    path: Path, server: HTTPTestServer, *, key: bool = False, timeout: float = 5.0
) -> Path:
    """A config file pointing every directory at ``server``."""
    lines = [
        "[directories]",
        f'itunes = "{server.url("/itunes")}"',
        f'gpodder = "{server.url("/gpodder")}"',
        f'podcastindex = "{server.url("/podcastindex")}"',
        f"timeout = {timeout}",
    ]
    if key:
        lines += [f'podcastindex_key = "{KEY}"', f'podcastindex_secret = "{SECRET}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
