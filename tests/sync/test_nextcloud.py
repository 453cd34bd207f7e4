"""The Nextcloud "gPodder Sync" flavour, against a stand-in of its API (see
nextcloud_standin.py): the same sync through the app's four endpoints."""

from __future__ import annotations

import json
import time

import pytest

from tests.sync.conftest import iso
from tests.sync.helpers import account_file, library, login, podtui, rss
from tests.sync.nextcloud_standin import BASE, NextcloudStandIn


@pytest.fixture
def nextcloud():
    with NextcloudStandIn("nina", "app-password") as server:
        yield server


@pytest.mark.parametrize("address", ["root", "app path"])
def test_login_finds_the_nextcloud_app(nextcloud, monkeypatch, address, capsys):
    url = nextcloud.url if address == "root" else nextcloud.url + BASE
    login(url, "nina", "app-password", monkeypatch)
    assert "Nextcloud gPodder Sync" in capsys.readouterr().out
    stored = json.loads(account_file().read_text())
    assert (stored["server"], stored["flavour"]) == (nextcloud.url, "nextcloud")


def test_a_wrong_password_is_refused(nextcloud, monkeypatch, capsys):
    monkeypatch.setenv("PODTUI_SYNC_PASSWORD", "nope")
    assert podtui("sync", "login", nextcloud.url, "nina") == 1
    assert capsys.readouterr().err == "error: the server refused the credentials\n"


def test_subscriptions_and_positions_both_ways(nextcloud, http_server, monkeypatch, capsys):
    enclosures = [http_server.url(f"/ep{n}.mp3") for n in (1, 2)]
    http_server.route(
        "/show.xml", rss("Show", [(f"g{n}", f"E{n}", u) for n, u in enumerate(enclosures)])
    )
    feed_url = http_server.url("/show.xml")
    login(nextcloud.url, "nina", "app-password", monkeypatch)
    # The phone subscribed and stopped the first episode at 4:10.
    nextcloud.subscriptions[feed_url] = (True, time.time())
    nextcloud.actions.append(
        (
            time.time(),
            {
                "podcast": feed_url,
                "episode": enclosures[0],
                "action": "PLAY",
                "timestamp": iso(time.time() - 5),
                "started": 0,
                "position": 250,
                "total": 600,
            },
        )
    )
    capsys.readouterr()
    assert podtui("sync") == 0
    assert capsys.readouterr().out.strip() == "1 new subscription, 1 position updated"
    lib = library()
    positions = {e.enclosure_url: e.position for e in lib.episodes()}
    assert positions[enclosures[0]] == 250
    second = next(e.id for e in lib.episodes() if e.enclosure_url == enclosures[1])
    lib.save_position(second, 77)
    lib.close()
    assert podtui("sync") == 0
    sent = [a for _, a in nextcloud.actions if a.get("device", "").startswith("podtui")]
    assert [(a["episode"], a["position"]) for a in sent] == [(enclosures[1], 77)]
    assert not any(path.startswith("/api/2/") for path in nextcloud.paths[1:])
