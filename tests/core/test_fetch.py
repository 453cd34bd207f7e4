"""Feed fetching and downloads against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
import os
import tracemalloc
from pathlib import Path

import pytest

import tui
from tests.httpserver import (
    Exchange,
    HTTPTestServer,
    brotli_zeros,
    free_port,
    gzip_zeros,
    self_signed_certificate,
)
from tui.core.errors import FetchError, PodtuiError
from tui.core.feeds.fetch import DownloadCancelled, Fetcher, FetchResult
from tui.core.feeds.light import LightFetcher
from tui.core.net import Decoder, format_bytes, safe_filename, status_message

FEED = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Test</title>
<item><title>One</title><enclosure url="http://127.0.0.1/1.mp3" type="audio/mpeg"/></item>
</channel></rss>
"""
MB = 1024 * 1024


@pytest.fixture(params=[Fetcher, LightFetcher], ids=["shared", "light"])
def make(request: pytest.FixtureRequest):
    """Each feed test runs against both fetchers: the shared client (httpx) and the light
    one the commands use (http.client); they must give the same answers."""
    return request.param


def payload(size: int) -> bytes:
    """Deterministic, incompressible-looking bytes."""
    return (bytes(range(256)) * (size // 256 + 1))[:size]


async def fails(coro, *fragments: str) -> str:
    with pytest.raises(FetchError) as info:
        await coro
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


# --------------------------------------------------------------------------- feeds: basics


async def test_plain_fetch_sends_podtui_headers(make, http_server: HTTPTestServer):
    http_server.route("/feed.xml", FEED)
    async with make() as fetcher:
        result = await fetcher.fetch_feed(http_server.url("/feed.xml"))
    assert isinstance(result, FetchResult)
    assert (result.status, result.content, result.not_modified) == (200, FEED, False)
    assert result.url == http_server.url("/feed.xml")
    assert result.permanent_url is None
    sent = http_server.last("/feed.xml")
    assert sent.header("user-agent") == tui.USER_AGENT
    assert f"podtui/{tui.__version__}" in sent.header("user-agent")
    assert "application/rss+xml" in sent.header("accept")
    encodings = {e.strip() for e in sent.header("accept-encoding").split(",")}
    assert {"gzip", "deflate", "br"} <= encodings
    assert sent.header("if-none-match") is None
    assert sent.header("if-modified-since") is None


async def test_etag_then_not_modified(make, http_server: HTTPTestServer):
    http_server.file("/feed.xml", FEED, content_type="application/rss+xml", etag='"v1"')
    async with make() as fetcher:
        first = await fetcher.fetch_feed(http_server.url("/feed.xml"))
        second = await fetcher.fetch_feed(http_server.url("/feed.xml"), etag=first.etag)
        http_server.file("/feed.xml", FEED + b"<!-- new -->", etag='"v2"')
        third = await fetcher.fetch_feed(http_server.url("/feed.xml"), etag=first.etag)
    assert (first.status, first.content, first.etag) == (200, FEED, '"v1"')
    assert second.status == 304 and second.not_modified
    assert second.content is None
    assert second.etag == '"v1"'
    assert (third.status, third.content, third.etag) == (200, FEED + b"<!-- new -->", '"v2"')
    sent = http_server.requests_to("/feed.xml")
    assert [r.header("if-none-match") for r in sent] == [None, '"v1"', '"v1"']


async def test_last_modified_then_not_modified(make, http_server: HTTPTestServer):
    http_server.file("/feed.xml", FEED, last_modified=1_700_000_000)
    async with make() as fetcher:
        first = await fetcher.fetch_feed(http_server.url("/feed.xml"))
        assert first.last_modified == "Tue, 14 Nov 2023 22:13:20 GMT"
        assert first.etag is None
        second = await fetcher.fetch_feed(
            http_server.url("/feed.xml"), last_modified=first.last_modified
        )
        http_server.file("/feed.xml", b"<rss/>", last_modified=1_800_000_000)
        third = await fetcher.fetch_feed(
            http_server.url("/feed.xml"), last_modified=first.last_modified
        )
    assert second.not_modified and second.content is None
    assert second.last_modified == first.last_modified
    assert third.status == 200 and third.content == b"<rss/>"
    sent = [r.header("if-modified-since") for r in http_server.requests_to("/feed.xml")]
    assert sent == [None, first.last_modified, first.last_modified]


async def test_304_without_validators_keeps_the_ones_sent(make, http_server: HTTPTestServer):
    http_server.route("/feed.xml", status=304, content_type=None)
    async with make() as fetcher:
        result = await fetcher.fetch_feed(
            http_server.url("/feed.xml"),
            etag='"abc"',
            last_modified="Mon, 01 Jan 2024 00:00:00 GMT",
        )
        assert (result.etag, result.last_modified) == ('"abc"', "Mon, 01 Jan 2024 00:00:00 GMT")
        # A 304 to a request that was not conditional cannot be honoured.
        await fails(fetcher.fetch_feed(http_server.url("/feed.xml")), "HTTP 304")


async def test_unsafe_validators_are_not_sent(make, http_server: HTTPTestServer):
    http_server.route("/feed.xml", FEED)
    async with make() as fetcher:
        result = await fetcher.fetch_feed(http_server.url("/feed.xml"), etag='"a"\x1b[2J')
    assert result.content == FEED
    assert http_server.last("/feed.xml").header("if-none-match") is None


# --------------------------------------------------------------------------- redirects


@pytest.mark.parametrize("codes", [(301,), (308,), (301, 308, 301)])
async def test_permanent_redirect_chain_reports_the_new_url(make, http_server, codes):
    http_server.route("/feed.xml", FEED)
    hops = [f"/hop{i}" for i in range(len(codes))] + ["/feed.xml"]
    for code, here, there in zip(codes, hops, hops[1:], strict=False):
        http_server.redirect(here, http_server.url(there), status=code)
    async with make() as fetcher:
        result = await fetcher.fetch_feed(http_server.url("/hop0"))
    assert result.content == FEED
    assert result.url == http_server.url("/feed.xml")
    assert result.permanent_url == http_server.url("/feed.xml")


@pytest.mark.parametrize("codes", [(302,), (307,), (303,), (301, 302), (302, 301), (308, 307)])
async def test_temporary_hop_in_chain_keeps_the_url(make, http_server, codes):
    http_server.route("/feed.xml", FEED)
    hops = [f"/hop{i}" for i in range(len(codes))] + ["/feed.xml"]
    for code, here, there in zip(codes, hops, hops[1:], strict=False):
        http_server.redirect(here, http_server.url(there), status=code)
    async with make() as fetcher:
        result = await fetcher.fetch_feed(http_server.url("/hop0"))
    assert result.content == FEED
    assert result.url == http_server.url("/feed.xml")
    assert result.permanent_url is None
    assert [r.route for r in http_server.requests] == hops


async def test_relative_location_is_resolved(make, http_server: HTTPTestServer):
    http_server.route("/feeds/new.xml", FEED)
    http_server.redirect("/feeds/old/index", "../new.xml", status=301)
    async with make() as fetcher:
        result = await fetcher.fetch_feed(http_server.url("/feeds/old/index"))
    assert result.content == FEED
    assert result.permanent_url == http_server.url("/feeds/new.xml")


async def test_conditional_headers_follow_redirects(make, http_server: HTTPTestServer):
    http_server.file("/feed.xml", FEED, etag='"v1"')
    http_server.redirect("/old", "/feed.xml", status=301)
    async with make() as fetcher:
        result = await fetcher.fetch_feed(http_server.url("/old"), etag='"v1"')
    assert result.not_modified and result.permanent_url == http_server.url("/feed.xml")
    assert http_server.last("/old").header("if-none-match") == '"v1"'
    assert http_server.last("/feed.xml").header("if-none-match") == '"v1"'


async def test_redirect_loop(make, http_server: HTTPTestServer):
    http_server.redirect("/a", "/b", status=302)
    http_server.redirect("/b", "/a", status=301)
    async with make() as fetcher:
        await fails(
            fetcher.fetch_feed(http_server.url("/a")),
            f"redirect loop at {http_server.url('/a')}",
        )
    assert len(http_server.requests) == 2


async def test_redirect_limit(make, http_server: HTTPTestServer):
    http_server.route("/feed.xml", FEED)
    for i in range(4):
        http_server.redirect(f"/r{i}", f"/r{i + 1}" if i < 3 else "/feed.xml")
    async with make(max_redirects=3) as fetcher:
        await fails(fetcher.fetch_feed(http_server.url("/r0")), "too many redirects")
        assert (await fetcher.fetch_feed(http_server.url("/r1"))).content == FEED
    async with make() as fetcher:  # the default allows 10
        assert (await fetcher.fetch_feed(http_server.url("/r0"))).content == FEED


@pytest.mark.parametrize("target", ["ftp://example.org/feed.xml", "file:///etc/passwd"])
async def test_redirect_to_other_scheme_is_refused(make, http_server, target):
    http_server.redirect("/feed.xml", target)
    async with make() as fetcher:
        await fails(fetcher.fetch_feed(http_server.url("/feed.xml")), "non-http(s) URL")


async def test_redirect_without_location(make, http_server: HTTPTestServer):
    http_server.route("/feed.xml", status=302, content_type=None)
    async with make() as fetcher:
        await fails(fetcher.fetch_feed(http_server.url("/feed.xml")), "without a Location")


async def test_cookies_live_for_one_exchange_only(make, http_server: HTTPTestServer):
    """A cookie set on a redirect (a "cookie check") is sent back within the same fetch,
    redirecting to the same URL is then not a loop, and nothing is kept afterwards."""

    @http_server.handler("/feed.xml")
    def cookie_check(exchange: Exchange):
        if "seen=1" in (exchange.request.header("cookie") or ""):
            exchange.respond(200, FEED)
        else:
            exchange.respond(302, b"", {"Location": "/feed.xml", "Set-Cookie": "seen=1; Path=/"})

    async with make() as fetcher:
        assert (await fetcher.fetch_feed(http_server.url("/feed.xml"))).content == FEED
        assert (await fetcher.fetch_feed(http_server.url("/feed.xml"))).content == FEED
    cookies = [r.header("cookie") for r in http_server.requests_to("/feed.xml")]
    assert cookies == [None, "seen=1", None, "seen=1"]


# --------------------------------------------------------------------------- limits


async def test_trickling_server_fails_at_the_deadline(make, http_server: HTTPTestServer):
    http_server.trickle("/feed.xml", interval=0.1, prefix=b"<rss>")
    async with make(deadline=1, read_timeout=5) as fetcher:
        await fails(fetcher.fetch_feed(http_server.url("/feed.xml")), "timed out after 1 s")


async def test_deadline_covers_redirects_and_waiting_body(make, http_server: HTTPTestServer):
    http_server.redirect("/old", "/feed.xml")
    http_server.stall("/feed.xml", prefix=b"<rss>")
    async with make(deadline=0.5, read_timeout=5) as fetcher:
        await fails(fetcher.fetch_feed(http_server.url("/old")), "timed out after 0.5 s")


async def test_read_timeout(make, http_server: HTTPTestServer):
    http_server.stall("/feed.xml", prefix=b"<rss>")
    async with make(deadline=10, read_timeout=0.3) as fetcher:
        await fails(
            fetcher.fetch_feed(http_server.url("/feed.xml")), "no data from 127.0.0.1 for 0.3 s"
        )


@pytest.mark.parametrize("encoding", ["gzip", "br"])
async def test_compression_bomb_is_refused_without_inflating_it(make, http_server, encoding):
    # 10 GB of zeros; the client must stop at 1 MB with bounded memory.
    http_server.bomb("/feed.xml", encoding=encoding, inflated=10 * 1024**3)
    tracemalloc.start()
    try:
        async with make(max_bytes=MB) as fetcher:
            await fails(fetcher.fetch_feed(http_server.url("/feed.xml")), "larger than 1 MB")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * MB, f"peak traced memory {peak / MB:.1f} MB"


async def test_compressed_zeros_under_the_cap_are_decoded_whole(make, http_server: HTTPTestServer):
    http_server.bomb("/gz", encoding="gzip", inflated=3 * MB + 17)
    http_server.bomb("/br", encoding="br", inflated=2 * MB + 5)
    async with make(max_bytes=4 * MB) as fetcher:
        assert (await fetcher.fetch_feed(http_server.url("/gz"))).content == bytes(3 * MB + 17)
        assert (await fetcher.fetch_feed(http_server.url("/br"))).content == bytes(2 * MB + 5)


async def test_content_length_over_the_cap_is_refused_early(make, http_server: HTTPTestServer):
    http_server.route("/big.xml", payload(MB + 1))
    http_server.route("/exact.xml", payload(MB))
    # Announces 100 MB and then sends nothing: only an early refusal can answer.
    http_server.stall("/huge.xml", length=100 * MB)
    async with make(max_bytes=MB, read_timeout=30, deadline=30) as fetcher:
        await fails(fetcher.fetch_feed(http_server.url("/big.xml")), "response larger than 1 MB")
        assert (await fetcher.fetch_feed(http_server.url("/exact.xml"))).content == payload(MB)
        await fails(
            asyncio.wait_for(fetcher.fetch_feed(http_server.url("/huge.xml")), timeout=10),
            "response larger than 1 MB",
        )


async def test_per_host_concurrency_limit(make, http_server: HTTPTestServer):
    http_server.slow("/feed.xml", FEED, delay=0.3)
    async with make(per_host=2, max_connections=8) as fetcher:
        results = await asyncio.gather(
            *(fetcher.fetch_feed(http_server.url(f"/feed.xml?n={i}")) for i in range(6))
        )
    assert all(r.content == FEED for r in results)
    assert len(http_server.requests) == 6
    assert http_server.peak_waiting == 2


async def test_overall_concurrency_limit(make, http_server: HTTPTestServer):
    # Two host names for one server: per host 2 would allow 4 at once, overall 3 caps it.
    http_server.slow("/feed.xml", FEED, delay=0.3)
    urls = [
        http_server.url(f"/feed.xml?n={i}", host=h)
        for i in range(4)
        for h in ("127.0.0.1", "localhost")
    ]
    async with make(per_host=2, max_connections=3) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch_feed(url) for url in urls))
    assert all(r.content == FEED for r in results)
    assert {r.header("host").split(":")[0] for r in http_server.requests} == {
        "127.0.0.1",
        "localhost",
    }
    assert http_server.peak_waiting == 3


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate", "br"])
async def test_content_encodings_are_decoded(make, http_server, encoding):
    http_server.route("/feed.xml", FEED * 50, encoding=encoding)
    async with make() as fetcher:
        assert (await fetcher.fetch_feed(http_server.url("/feed.xml"))).content == FEED * 50


async def test_truncated_and_corrupt_compression(make, http_server: HTTPTestServer):
    packed = gzip.compress(payload(200_000))
    http_server.route("/cut.xml", packed[: len(packed) // 2], headers={"Content-Encoding": "gzip"})
    http_server.route(
        "/bad.xml", b"\x1f\x8b\x08\x00garbage-garbage", headers={"Content-Encoding": "gzip"}
    )
    http_server.route("/odd.xml", FEED, headers={"Content-Encoding": "compress"})
    async with make() as fetcher:
        await fails(fetcher.fetch_feed(http_server.url("/cut.xml")), "gzip response is truncated")
        await fails(fetcher.fetch_feed(http_server.url("/bad.xml")), "cannot decode the gzip")
        await fails(fetcher.fetch_feed(http_server.url("/odd.xml")), "unsupported Content-Encoding")


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_decoder_output_is_bounded_per_piece(encoding):
    packed = b"".join(gzip_zeros(20 * MB) if encoding == "gzip" else brotli_zeros(20 * MB))
    decoder = Decoder(encoding)
    sizes = [len(piece) for piece in decoder.decode(packed)]
    assert sum(sizes) == 20 * MB
    assert max(sizes) <= 128 * 1024
    assert list(decoder.finish()) == []


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, "HTTP 404 Not Found"),
        (410, "HTTP 410 Gone: the feed was removed by its publisher"),
        (500, "HTTP 500 Internal Server Error"),
        (403, "HTTP 403 Forbidden"),
        (204, "HTTP 204 No Content"),
    ],
)
async def test_http_errors(make, http_server, status, message):
    http_server.route("/feed.xml", b"<html>error page</html>", status=status)
    async with make() as fetcher:
        got = await fails(fetcher.fetch_feed(http_server.url("/feed.xml")))
    assert got.startswith(message)


async def test_connection_refused(make):
    port = free_port()
    async with make() as fetcher:
        await fails(
            fetcher.fetch_feed(f"http://127.0.0.1:{port}/feed.xml"),
            "connection refused by 127.0.0.1",
        )


async def test_unresolvable_host(make):
    async with make() as fetcher:
        message = await fails(fetcher.fetch_feed("http://podtui-test.invalid/feed.xml"))
    assert message == "cannot resolve host podtui-test.invalid"


async def test_tls_failure(make, http_server: HTTPTestServer):
    # The server speaks plain HTTP: the TLS handshake fails.
    http_server.route("/feed.xml", FEED)
    async with make() as fetcher:
        message = await fails(fetcher.fetch_feed(f"https://127.0.0.1:{http_server.port}/feed.xml"))
    assert message.startswith("TLS error: ")


async def test_untrusted_certificate(make):
    with HTTPTestServer(tls=True) as server:
        server.route("/feed.xml", FEED)
        assert server.url("/feed.xml").startswith("https://127.0.0.1:")
        async with make() as fetcher:
            message = await fails(fetcher.fetch_feed(server.url("/feed.xml")))
        assert server.requests == []
    assert message == "TLS error: certificate verify failed: self-signed certificate"


async def test_https_with_a_trusted_certificate(make, monkeypatch):
    # SSL_CERT_FILE names the CA bundle to trust (read when the client is created).
    with HTTPTestServer(tls=True) as server:
        server.route("/feed.xml", FEED)
        monkeypatch.setenv("SSL_CERT_FILE", self_signed_certificate()[0])
        async with make() as fetcher:
            result = await fetcher.fetch_feed(server.url("/feed.xml"))
        assert result.content == FEED
        assert result.url == server.url("/feed.xml")


async def test_server_closing_early(make, http_server: HTTPTestServer):
    http_server.file("/feed.xml", FEED * 20, drop_after=100, drops=1)
    async with make() as fetcher:
        await fails(
            fetcher.fetch_feed(http_server.url("/feed.xml")),
            "closed the connection before the response was complete",
        )


@pytest.mark.parametrize(
    "url", ["ftp://example.org/feed.xml", "file:///etc/passwd", "feed.xml", "", "javascript:x"]
)
async def test_not_http_urls(make, url):
    async with make() as fetcher:
        message = await fails(fetcher.fetch_feed(url))
    assert message == "not an http(s) URL"


async def test_messages_carry_no_terminal_controls(make, http_server: HTTPTestServer):
    http_server.redirect("/feed.xml", "gopher://evil\x1b[31m/\x07")
    async with make() as fetcher:
        message = await fails(fetcher.fetch_feed(http_server.url("/feed.xml")))
    assert "\x1b" not in message and "\x07" not in message


async def test_fetcher_without_context_manager(make, http_server: HTTPTestServer):
    http_server.route("/feed.xml", FEED)
    fetcher = make()
    assert (await fetcher.fetch_feed(http_server.url("/feed.xml"))).content == FEED
    await fetcher.aclose()
    with pytest.raises(RuntimeError):
        await fetcher.fetch_feed(http_server.url("/feed.xml"))


async def test_unusable_proxy_settings(make, monkeypatch):
    monkeypatch.setenv("ALL_PROXY", "foo://proxy.invalid")
    async with make() as fetcher:
        await fails(fetcher.fetch_feed("http://127.0.0.1/feed.xml"), "cannot set up", "proxy")


async def test_light_fetcher_keeps_connections_alive(http_server: HTTPTestServer):
    """Feeds from one server share a kept-alive connection; when the server has closed it
    meanwhile, the next fetch opens another and still succeeds."""
    http_server.route("/a.xml", FEED)
    http_server.file("/b.xml", FEED * 3, etag='"b"')
    async with LightFetcher() as fetcher:
        assert (await fetcher.fetch_feed(http_server.url("/a.xml"))).content == FEED
        assert (await fetcher.fetch_feed(http_server.url("/b.xml"), etag='"b"')).not_modified
        assert (await fetcher.fetch_feed(http_server.url("/b.xml"))).content == FEED * 3
        http_server.drop_connections()
        await asyncio.sleep(0.1)
        assert (await fetcher.fetch_feed(http_server.url("/a.xml"))).content == FEED
    peers = [request.peer for request in http_server.requests]
    assert len(peers) == 4 and peers[0] == peers[1] == peers[2]
    assert peers[3] != peers[0]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, False),
        ({"HTTPS_PROXY": "http://proxy:3128"}, True),
        ({"http_proxy": "http://proxy:3128"}, True),
        ({"ALL_PROXY": "socks5://proxy:1080"}, True),
        ({"no_proxy": "*", "ftp_proxy": "http://proxy:21"}, False),
        ({"HTTP_PROXY": "http://proxy:3128", "http_proxy": ""}, False),
        ({"HTTP_PROXY": "http://proxy:3128", "REQUEST_METHOD": "GET"}, False),
        ({"http_proxy": "http://proxy:3128", "REQUEST_METHOD": "GET"}, True),
        ({"Https_Proxy": "http://proxy:3128"}, True),
    ],
)
def test_proxies_are_read_as_urllib_reads_them(env, expected, monkeypatch):
    """Both fetchers decide by one check, which answers as urllib.request (and so httpx)."""
    from urllib.request import getproxies

    from tui.core.net.proxies import proxies_configured

    for name in list(os.environ):
        if name.lower().endswith("_proxy") or name == "REQUEST_METHOD":
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    found = getproxies()
    assert any(found.get(scheme) for scheme in ("http", "https", "all")) == expected
    assert proxies_configured() == expected


def test_helpers():
    assert format_bytes(64 * MB) == "64 MB"
    assert format_bytes(4 * 1024**3) == "4 GB"
    assert format_bytes(1536) == "1.5 KB"
    assert format_bytes(12) == "12 bytes"
    assert status_message(418) == "HTTP 418 I'm a Teapot"
    assert status_message(599) == "HTTP 599"
    assert status_message(410, "file") == "HTTP 410 Gone: the file was removed by its publisher"
    assert issubclass(FetchError, PodtuiError)


# --------------------------------------------------------------------------- downloads


async def test_download_whole_file(http_server: HTTPTestServer, tmp_path: Path):
    data = payload(3 * MB + 123)
    http_server.file("/ep.mp3", data, content_type="audio/mpeg")
    dest = tmp_path / "show" / "1 Episode.mp3"
    seen: list[tuple[int, int | None]] = []
    async with Fetcher() as fetcher:
        got = await fetcher.download(
            http_server.url("/ep.mp3"), dest, progress=lambda n, t: seen.append((n, t))
        )
    assert got == dest
    assert dest.read_bytes() == data
    assert not (tmp_path / "show" / "1 Episode.mp3.part").exists()
    assert seen[0] == (0, len(data)) and seen[-1] == (len(data), len(data))
    assert [n for n, _ in seen] == sorted(n for n, _ in seen)
    sent = http_server.last("/ep.mp3")
    assert sent.header("range") is None
    assert sent.header("accept-encoding") == "identity"
    assert sent.header("user-agent") == tui.USER_AGENT


async def test_download_resumes_after_a_drop(http_server: HTTPTestServer, tmp_path: Path):
    data = payload(MB)
    http_server.file("/ep.mp3", data, etag='"e"', drop_after=300_000, drops=1)
    dest = tmp_path / "ep.mp3"
    part = tmp_path / "ep.mp3.part"
    async with Fetcher() as fetcher:
        await fails(fetcher.download(http_server.url("/ep.mp3"), dest), "closed the connection")
        assert not dest.exists()
        kept = part.stat().st_size
        assert 0 < kept <= 300_000
        assert part.read_bytes() == data[:kept]
        await fetcher.download(http_server.url("/ep.mp3"), dest)
    assert dest.read_bytes() == data
    assert not part.exists()
    sent = [(r.header("range"), r.status) for r in http_server.requests_to("/ep.mp3")]
    assert sent == [(None, 200), (f"bytes={kept}-", 206)]


async def test_download_resume_through_a_redirect(http_server: HTTPTestServer, tmp_path: Path):
    data = payload(200_000)
    http_server.file("/media/ep.mp3", data)
    http_server.redirect("/track/ep.mp3", "/media/ep.mp3", status=302)
    dest = tmp_path / "ep.mp3"
    (tmp_path / "ep.mp3.part").write_bytes(data[:50_000])
    async with Fetcher() as fetcher:
        await fetcher.download(http_server.url("/track/ep.mp3"), dest)
    assert dest.read_bytes() == data
    assert http_server.last("/media/ep.mp3").header("range") == "bytes=50000-"


async def test_server_ignoring_range_restarts_cleanly(http_server: HTTPTestServer, tmp_path):
    data = payload(500_000)
    http_server.file("/ep.mp3", data, ignore_range=True)
    dest = tmp_path / "ep.mp3"
    (tmp_path / "ep.mp3.part").write_bytes(b"stale bytes that must go" * 100)
    async with Fetcher() as fetcher:
        await fetcher.download(http_server.url("/ep.mp3"), dest)
    assert dest.read_bytes() == data
    assert http_server.last("/ep.mp3").header("range") == "bytes=2400-"
    assert http_server.last("/ep.mp3").status == 200
    assert len(http_server.requests) == 1


async def test_resume_false_starts_over(http_server: HTTPTestServer, tmp_path: Path):
    data = payload(100_000)
    http_server.file("/ep.mp3", data)
    dest = tmp_path / "ep.mp3"
    (tmp_path / "ep.mp3.part").write_bytes(b"x" * 10)
    async with Fetcher() as fetcher:
        await fetcher.download(http_server.url("/ep.mp3"), dest, resume=False)
    assert dest.read_bytes() == data
    assert http_server.last("/ep.mp3").header("range") is None


async def test_complete_part_file_finishes_on_416(http_server: HTTPTestServer, tmp_path):
    data = payload(100_000)
    http_server.file("/ep.mp3", data)
    dest = tmp_path / "ep.mp3"
    (tmp_path / "ep.mp3.part").write_bytes(data)
    async with Fetcher() as fetcher:
        await fetcher.download(http_server.url("/ep.mp3"), dest)
    assert dest.read_bytes() == data
    assert [(r.header("range"), r.status) for r in http_server.requests] == [("bytes=100000-", 416)]


async def test_part_longer_than_file_restarts(http_server: HTTPTestServer, tmp_path: Path):
    data = payload(100_000)
    http_server.file("/ep.mp3", data)
    dest = tmp_path / "ep.mp3"
    (tmp_path / "ep.mp3.part").write_bytes(payload(150_000))
    async with Fetcher() as fetcher:
        await fetcher.download(http_server.url("/ep.mp3"), dest)
    assert dest.read_bytes() == data
    assert [(r.header("range"), r.status) for r in http_server.requests] == [
        ("bytes=150000-", 416),
        (None, 200),
    ]


async def test_download_404_leaves_nothing(http_server: HTTPTestServer, tmp_path: Path):
    dest = tmp_path / "ep.mp3"
    async with Fetcher() as fetcher:
        await fails(fetcher.download(http_server.url("/missing.mp3"), dest), "HTTP 404 Not Found")
    assert list(tmp_path.iterdir()) == []


async def test_cancel_while_the_server_stalls(http_server: HTTPTestServer, tmp_path: Path):
    http_server.stall("/ep.mp3", prefix=payload(5000), length=100_000)
    dest = tmp_path / "ep.mp3"
    cancel = asyncio.Event()

    def progress(received: int, total: int | None) -> None:
        if received >= 5000:
            asyncio.get_running_loop().call_later(0.1, cancel.set)

    async with Fetcher(read_timeout=30) as fetcher:
        with pytest.raises(DownloadCancelled) as info:
            await asyncio.wait_for(
                fetcher.download(
                    http_server.url("/ep.mp3"), dest, cancel=cancel, progress=progress
                ),
                timeout=10,  # a guard against hanging, not a timing assertion
            )
    assert str(info.value) == "download cancelled"
    assert not dest.exists()
    assert (tmp_path / "ep.mp3.part").read_bytes() == payload(5000)


async def test_cancel_set_before_start(http_server: HTTPTestServer, tmp_path: Path):
    http_server.file("/ep.mp3", b"data")
    cancel = asyncio.Event()
    cancel.set()
    async with Fetcher() as fetcher:
        with pytest.raises(DownloadCancelled):
            await fetcher.download(http_server.url("/ep.mp3"), tmp_path / "ep.mp3", cancel=cancel)
    assert http_server.requests == []
    assert list(tmp_path.iterdir()) == []


async def test_a_running_download_does_not_hold_up_feeds(http_server, tmp_path: Path):
    http_server.stall("/ep.mp3", prefix=payload(1000), length=100_000)
    http_server.route("/feed.xml", FEED)
    receiving, cancel = asyncio.Event(), asyncio.Event()
    async with Fetcher(per_host=1, max_connections=1, read_timeout=30) as fetcher:
        download = asyncio.create_task(
            fetcher.download(
                http_server.url("/ep.mp3"),
                tmp_path / "ep.mp3",
                cancel=cancel,
                progress=lambda n, _t: n and receiving.set(),
            )
        )
        await asyncio.wait_for(receiving.wait(), timeout=10)  # hang guards only
        result = await asyncio.wait_for(fetcher.fetch_feed(http_server.url("/feed.xml")), 10)
        cancel.set()
        with pytest.raises(DownloadCancelled):
            await download
    assert result.content == FEED


async def test_download_stall_times_out(http_server: HTTPTestServer, tmp_path: Path):
    http_server.stall("/ep.mp3", prefix=payload(5000), length=100_000)
    dest = tmp_path / "ep.mp3"
    async with Fetcher(read_timeout=0.3) as fetcher:
        await fails(fetcher.download(http_server.url("/ep.mp3"), dest), "no data from 127.0.0.1")
    assert not dest.exists()
    assert (tmp_path / "ep.mp3.part").read_bytes() == payload(5000)


async def test_size_mismatch_when_the_server_announces_no_length(http_server, tmp_path: Path):
    data = payload(10_000)

    @http_server.handler("/ep.mp3")
    def close_delimited(exchange: Exchange) -> None:
        exchange.send_headers(200, {"Content-Type": "audio/mpeg"})  # ends at close
        exchange.write(data)

    dest = tmp_path / "ep.mp3"
    async with Fetcher() as fetcher:
        await fails(
            fetcher.download(http_server.url("/ep.mp3"), dest, expected_length=20_000),
            "size mismatch: got 10000 bytes, expected 20000",
        )
        assert not dest.exists()
        await fetcher.download(
            http_server.url("/ep.mp3"), dest, expected_length=10_000, resume=False
        )
    assert dest.read_bytes() == data


async def test_feed_length_does_not_override_the_server(http_server, tmp_path: Path):
    # Enclosure lengths in feeds are often stale: the server's Content-Length wins.
    data = payload(10_000)
    http_server.file("/ep.mp3", data)
    seen: list[tuple[int, int | None]] = []
    async with Fetcher() as fetcher:
        await fetcher.download(
            http_server.url("/ep.mp3"),
            tmp_path / "ep.mp3",
            expected_length=12_345,
            progress=lambda n, t: seen.append((n, t)),
        )
    assert (tmp_path / "ep.mp3").read_bytes() == data
    assert seen[-1] == (10_000, 10_000)


async def test_download_size_cap(http_server: HTTPTestServer, tmp_path: Path):
    http_server.file("/ep.mp3", payload(300_000))
    async with Fetcher() as fetcher:
        await fails(
            fetcher.download(http_server.url("/ep.mp3"), tmp_path / "ep.mp3", max_bytes=1000),
            "file larger than 1000 bytes",
        )
    assert list(tmp_path.iterdir()) == []


async def test_compressed_download_is_decoded(http_server: HTTPTestServer, tmp_path: Path):
    data = payload(50_000)
    http_server.route("/ep.mp3", data, encoding="gzip", content_type="audio/mpeg")
    async with Fetcher() as fetcher:
        await fetcher.download(http_server.url("/ep.mp3"), tmp_path / "ep.mp3")
    assert (tmp_path / "ep.mp3").read_bytes() == data


async def test_write_error_when_the_parent_is_a_file(http_server, tmp_path: Path):
    http_server.file("/ep.mp3", payload(1000))
    blocker = tmp_path / "not-a-dir"
    blocker.write_bytes(b"")
    dest = blocker / "ep.mp3"
    async with Fetcher() as fetcher:
        await fails(
            fetcher.download(http_server.url("/ep.mp3"), dest), "cannot write", str(blocker)
        )
    assert blocker.read_bytes() == b""


async def test_disk_full(http_server: HTTPTestServer, tmp_path: Path):
    # /dev/full answers every write with ENOSPC.
    http_server.file("/ep.mp3", payload(100_000))
    dest = tmp_path / "ep.mp3"
    os.symlink("/dev/full", tmp_path / "ep.mp3.part")
    async with Fetcher() as fetcher:
        await fails(
            fetcher.download(http_server.url("/ep.mp3"), dest),
            "cannot write",
            "No space left on device",
        )
    assert not dest.exists()


async def test_download_of_a_non_http_url(tmp_path: Path):
    async with Fetcher() as fetcher:
        await fails(fetcher.download("file:///etc/passwd", tmp_path / "x"), "not an http(s) URL")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- file names


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..",
        "a\x1b[31mred\x07\x00",
        "\u202egpj.exe",
        ".hidden",
        "C:\\Windows\\system32",
        "é" * 500,
        "x" * 1000,
        "  spaces  ",
        'Ep 12: Who? <What> | "Why" *now*',
    ],
)
def test_safe_filename_is_safe(name):
    safe = safe_filename(name)
    assert safe
    assert "/" not in safe and "\\" not in safe and ".." not in safe
    assert not safe.startswith(".") and not safe.endswith((".", " "))
    assert all(c.isprintable() for c in safe)
    assert not set(safe) & set(':*?"<>|\u202e')
    assert len(safe.encode()) <= 120


def test_safe_filename_values():
    assert safe_filename("../../etc/passwd") == "_._etc_passwd"
    assert safe_filename("a\x1b[31mred\x07") == "a[31mred"
    assert safe_filename("") == "download"
    assert safe_filename("...") == "download"
    assert safe_filename("\x00\x01", fallback="episode") == "episode"
    assert safe_filename("CON") == "_CON"
    assert safe_filename("Ep 12: Intro/Outro") == "Ep 12_ Intro_Outro"
    assert safe_filename("Tab\tand\nnewline") == "Tab and newline"
    assert safe_filename("日本語のタイトル" * 20, max_len=30) == "日本語のタイトル日本"
    assert safe_filename("a" * 200, max_len=10) == "a" * 10
