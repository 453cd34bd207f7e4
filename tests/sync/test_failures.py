"""A sync against a server that fails: one clear line each, nothing changed here."""

from __future__ import annotations

import asyncio

import pytest

from tests.sync.helpers import account_file, library, podtui
from tui.core.models import ParsedEpisode, ParsedFeed
from tui.core.sync.account import Account, save_account
from tui.core.sync.client import GpodderClient
from tui.core.sync.engine import sync
from tui.core.sync.wire import SyncError

USER = "anna"


def logged_in(http_server) -> Account:
    """A library with one podcast, one kept place waiting to be sent, and a login."""
    account = Account(http_server.url("").rstrip("/"), USER, "pw", "podtui-test")
    save_account(account_file(), account)
    lib = library()
    podcast = lib.subscribe("http://127.0.0.1:9/feed.xml")
    lib.store_feed(
        podcast.id,
        ParsedFeed(
            title="Show",
            episodes=[
                ParsedEpisode(title="One", guid="g1", enclosure_url="http://127.0.0.1:9/1.mp3")
            ],
        ),
    )
    lib.sync_enable({"device": account.device, "server": account.server, "username": USER})
    lib.save_position(lib.episodes()[0].id, 42)
    lib.close()
    return account


def state() -> tuple[object, ...]:
    lib = library()
    try:
        return (
            [(p.url, p.episode_count) for p in lib.podcasts()],
            [(e.position, e.played) for e in lib.episodes()],
            lib.sync_outbox_count(),
            lib.sync_meta(),
        )
    finally:
        lib.close()


def serve_login(http_server) -> None:
    http_server.route(f"/api/2/auth/{USER}/login.json", b"", content_type=None)
    http_server.route(
        f"/api/2/sync-devices/{USER}.json",
        b'{"synchronized": [], "not-synchronized": []}',
        content_type="application/json",
    )


def test_a_server_error_is_one_line_and_changes_nothing(http_server, capsys):
    logged_in(http_server)
    http_server.route(f"/api/2/auth/{USER}/login.json", b"boom", status=500)
    before = state()
    assert podtui("sync") == 1
    err = capsys.readouterr().err
    assert err == "error: the sync server failed: HTTP 500 Internal Server Error\n"
    assert state() == before


def test_garbage_is_one_line_and_changes_nothing(http_server, capsys):
    logged_in(http_server)
    serve_login(http_server)
    http_server.route(f"/api/2/episodes/{USER}.json", b'{"timestamp": 5}')
    http_server.route(f"/api/2/subscriptions/{USER}/podtui-test.json", b"<html>gateway</html>")
    before = state()
    assert podtui("sync") == 1
    assert capsys.readouterr().err == "error: the sync server sent an answer that is not JSON\n"
    assert state() == before


def test_refused_credentials_during_a_sync(http_server, capsys):
    logged_in(http_server)
    http_server.route(
        f"/api/2/auth/{USER}/login.json", b"", status=401, headers={"WWW-Authenticate": "Basic"}
    )
    before = state()
    assert podtui("sync") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the server refused the credentials (log in again")
    assert state() == before


def test_a_server_that_stops_answering_times_out(http_server):
    account = logged_in(http_server)
    http_server.stall(f"/api/2/auth/{USER}/login.json")
    before = state()

    async def run() -> None:
        lib = library()
        try:
            client = GpodderClient(account.server, USER, "pw", read_timeout=0.5)
            async with client:
                await sync(lib, account, client=client)
        finally:
            lib.close()

    with pytest.raises(SyncError, match=r"^cannot sync: no data from 127\.0\.0\.1 for 0\.5 s$"):
        asyncio.run(run())
    assert state() == before


def test_an_answer_over_the_size_cap_is_refused(http_server):
    account = logged_in(http_server)
    serve_login(http_server)
    http_server.route(f"/api/2/episodes/{USER}.json", b'{"timestamp": 5}')
    http_server.route(
        f"/api/2/subscriptions/{USER}/podtui-test.json",
        b'{"add": ["' + b"x" * 5000 + b'"], "remove": [], "timestamp": 1}',
    )

    async def run() -> None:
        lib = library()
        try:
            client = GpodderClient(account.server, USER, "pw", max_bytes=4096)
            async with client:
                await sync(lib, account, client=client)
        finally:
            lib.close()

    with pytest.raises(SyncError, match="larger than"):
        asyncio.run(run())
    assert state()[0] == [("http://127.0.0.1:9/feed.xml", 1)]


def test_a_second_sync_at_the_same_time_is_refused(http_server, capsys):
    logged_in(http_server)
    lib = library()
    assert lib.sync_claim("another-process")
    lib.close()
    before = state()
    assert podtui("sync") == 1
    assert capsys.readouterr().err == "error: another sync of this library is running\n"
    assert state() == before
    assert http_server.requests == []  # nothing was sent
