"""podtui syncing with a real gpodder API server, a second device standing in for a phone."""

from __future__ import annotations

import json
import stat
import time

from tests.sync.conftest import Phone
from tests.sync.helpers import account_file, library, login, podtui, rss


def serve_show(http_server, name: str = "show", count: int = 3) -> tuple[str, list[str]]:
    """A feed on the test HTTP server: its URL and its episodes' enclosure URLs."""
    enclosures = [http_server.url(f"/{name}/ep{n}.mp3") for n in range(1, count + 1)]
    items = [(f"{name}-guid-{n}", f"Episode {n}", url) for n, url in enumerate(enclosures, 1)]
    http_server.route(f"/{name}.xml", rss(name.title(), items))
    return http_server.url(f"/{name}.xml"), enclosures


def test_login_stores_the_credentials_for_the_owner_alone(gpodder_server, monkeypatch, capsys):
    user, password = gpodder_server.register()
    login(gpodder_server.url, user, password, monkeypatch)
    mode = stat.S_IMODE(account_file().stat().st_mode)
    assert mode == 0o600
    assert "Logged in" in capsys.readouterr().out
    devices = Phone(gpodder_server.url, user, password)._call("GET", f"/api/2/devices/{user}.json")
    assert [d["id"] for d in devices] == [json.loads(account_file().read_text())["device"]]


def test_wrong_password_is_refused_in_one_line(gpodder_server, monkeypatch, capsys):
    user, _ = gpodder_server.register()
    monkeypatch.setenv("PODTUI_SYNC_PASSWORD", "wrong")
    assert podtui("sync", "login", gpodder_server.url, user) == 1
    err = capsys.readouterr().err
    assert err.strip() == "error: the server refused the credentials"
    assert not account_file().exists()


def test_a_subscription_added_on_the_phone_appears_after_sync(
    gpodder_server, http_server, monkeypatch, capsys
):
    user, password = gpodder_server.register()
    login(gpodder_server.url, user, password, monkeypatch)
    feed_url, enclosures = serve_show(http_server)
    phone = Phone(gpodder_server.url, user, password)
    phone.subscribe(feed_url)
    phone.play(feed_url, enclosures[0], 100, 600, when=time.time() - 10)
    capsys.readouterr()
    assert podtui("sync") == 0
    assert capsys.readouterr().out.strip() == "1 new subscription, 1 position updated"
    lib = library()
    podcast = lib.podcast_by_url(feed_url)
    assert podcast is not None and podcast.title == "Show" and podcast.episode_count == 3
    assert [e.position for e in lib.episodes() if e.enclosure_url == enclosures[0]] == [100]
    assert lib.sync_inbox() == []
    lib.close()
    assert podtui("sync") == 0  # nothing new the second time
    assert capsys.readouterr().out.strip() == "nothing new"


def test_a_position_set_on_the_phone_is_where_the_library_resumes(
    gpodder_server, http_server, monkeypatch, capsys
):
    """The phone knows the episode by an https URL behind two tracking redirects."""
    user, password = gpodder_server.register()
    feed_url, enclosures = serve_show(http_server)
    assert podtui("add", feed_url) == 0
    login(gpodder_server.url, user, password, monkeypatch)
    assert podtui("sync") == 0
    bare = enclosures[1].removeprefix("http://")
    tracked = f"https://dts.podtrac.com/redirect.mp3/chtbl.com/track/AB12/{bare}"
    Phone(gpodder_server.url, user, password).play(
        feed_url, tracked, 2472, 3600, when=time.time() - 5
    )
    capsys.readouterr()
    assert podtui("sync") == 0
    assert capsys.readouterr().out.strip() == "1 position updated"
    lib = library()
    episode = next(e for e in lib.episodes() if e.enclosure_url == enclosures[1])
    assert episode.position == 2472 and not episode.played
    assert lib.last_listened() == episode.id  # what the player offers to resume
    lib.close()


def test_a_position_played_here_reaches_the_phone_once(gpodder_server, http_server, monkeypatch):
    user, password = gpodder_server.register()
    feed_url, enclosures = serve_show(http_server)
    assert podtui("add", feed_url) == 0
    login(gpodder_server.url, user, password, monkeypatch)
    lib = library()
    first, second = (e for e in lib.episodes() if e.enclosure_url in enclosures[:2])
    lib.save_position(first.id, 30)
    lib.save_position(first.id, 95.6)
    lib.set_played([second.id])
    lib.close()
    assert podtui("sync") == 0
    assert podtui("sync") == 0
    phone = Phone(gpodder_server.url, user, password)
    mine = [a for a in phone.actions() if a["device"] != "phone"]
    by_episode = {a["episode"]: a for a in mine}
    assert len(mine) == len(by_episode) == 2  # one each, never sent twice
    assert (
        by_episode[first.enclosure_url]["position"],
        by_episode[first.enclosure_url]["total"],
    ) == (95, 600)
    assert by_episode[first.enclosure_url]["started"] == 0
    played = by_episode[second.enclosure_url]
    assert played["action"] == "play" and played["position"] == played["total"] == 600
    assert phone.subscriptions() == [feed_url]


def test_an_older_action_never_moves_a_newer_place_back(gpodder_server, http_server, monkeypatch):
    user, password = gpodder_server.register()
    feed_url, enclosures = serve_show(http_server)
    assert podtui("add", feed_url) == 0
    login(gpodder_server.url, user, password, monkeypatch)
    lib = library()
    episode = next(e for e in lib.episodes() if e.enclosure_url == enclosures[0])
    lib.save_position(episode.id, 300)
    lib.close()
    Phone(gpodder_server.url, user, password).play(
        feed_url, enclosures[0], 100, 600, when=time.time() - 3600
    )
    assert podtui("sync") == 0
    lib = library()
    assert lib.episode(episode.id).position == 300
    lib.close()


def test_positions_kept_while_the_server_is_down_go_up_at_the_next_sync(
    private_gpodder_server, http_server, monkeypatch, capsys
):
    server = private_gpodder_server
    user, password = server.register()
    feed_url, enclosures = serve_show(http_server)
    assert podtui("add", feed_url) == 0
    login(server.url, user, password, monkeypatch)
    assert podtui("sync") == 0
    server.stop()
    lib = library()
    episode = next(e for e in lib.episodes() if e.enclosure_url == enclosures[2])
    lib.save_position(episode.id, 123)
    lib.close()
    capsys.readouterr()
    assert podtui("sync") == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: cannot sync: connection refused by 127.0.0.1"), err
    assert "\n" not in err
    lib = library()
    assert lib.sync_outbox_count() == 1 and lib.episode(episode.id).position == 123
    lib.close()
    server.start()
    assert podtui("sync") == 0
    assert capsys.readouterr().out.strip() == "1 change sent"
    actions = Phone(server.url, user, password).actions()
    assert [(a["episode"], a["position"]) for a in actions] == [(enclosures[2], 123)]
    lib = library()
    assert lib.sync_outbox_count() == 0
    lib.close()


def test_status_says_when_it_ran_and_what_it_changed(
    gpodder_server, http_server, monkeypatch, capsys
):
    user, password = gpodder_server.register()
    assert podtui("sync", "status") == 0
    assert "Not logged in" in capsys.readouterr().out
    login(gpodder_server.url, user, password, monkeypatch)
    feed_url, _ = serve_show(http_server)
    Phone(gpodder_server.url, user, password).subscribe(feed_url)
    assert podtui("sync") == 0
    capsys.readouterr()
    assert podtui("sync", "status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert status["logged_in"] and status["username"] == user
    assert status["last_changes"]["new_subscriptions"] == 1 and status["unsent"] == 0
    assert podtui("sync", "logout") == 0
    assert not account_file().exists()
    assert podtui("sync") == 1
    assert "not logged in" in capsys.readouterr().err


def test_the_sync_commands_never_load_textual(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "tui",
            "--data-dir",
            str(tmp_path),
            "sync",
            "status",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert "tui.cli.sync" in imported and "textual" not in imported


def test_a_library_not_logged_in_is_not_synced(gpodder_server, monkeypatch, tmp_path, capsys):
    user, password = gpodder_server.register()
    login(gpodder_server.url, user, password, monkeypatch)
    capsys.readouterr()
    assert podtui("--data-dir", str(tmp_path / "other"), "sync") == 1
    assert capsys.readouterr().err == (
        "error: this library is not set up for syncing: run 'podtui sync login' with its data dir\n"
    )
