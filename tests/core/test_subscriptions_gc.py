"""Storing a feed pauses the garbage collector and always turns it back on."""

from __future__ import annotations

import asyncio
import gc

from tests.conftest import FIXTURE_RSS
from tests.httpserver import HTTPTestServer
from tui.core.library import Library
from tui.core.subscriptions import add_sources


def test_the_collector_is_paused_while_a_feed_is_parsed_and_stored(tmp_path):
    library = Library.open(tmp_path / "data")
    seen: list[bool] = []
    store = library.store_feed

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return store(*args, **kwargs)

    library.store_feed = watched  # type: ignore[method-assign]
    try:
        with HTTPTestServer() as server:
            server.route("/feed.xml", FIXTURE_RSS.read_bytes())
            server.route("/broken.xml", b"<html><body>not a feed</body></html>")
            sources = [server.url("/feed.xml"), server.url("/broken.xml"), str(FIXTURE_RSS)]
            assert gc.isenabled()
            results = asyncio.run(add_sources(library, sources))
            assert gc.isenabled()  # back on, after a feed stored and one that failed
    finally:
        library.close()
    assert [result.ok for result in results] == [True, False, True]
    assert seen == [False, False]


def test_a_collector_turned_off_by_the_caller_stays_off(tmp_path):
    library = Library.open(tmp_path / "data")
    gc.disable()
    try:
        results = asyncio.run(add_sources(library, [str(FIXTURE_RSS)]))
        assert not gc.isenabled()
    finally:
        gc.enable()
        library.close()
    assert results[0].ok and results[0].total == 93
