"""The command-line contract, run as a user runs it: a real process, real HTTP, real SQLite."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_JSON, FIXTURE_RSS
from tui.cli.parser import build_parser, parse_command_line
from tui.cli.remote_args import REMOTE_COMMANDS
from tui.cli.root import LIBRARY_COMMANDS, library_command

ROOT = Path(__file__).resolve().parents[2]


def podtui(data_dir: Path, *args: str, check: int | None = 0) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    if check is not None:
        assert result.returncode == check, (result.stdout, result.stderr)
    return result


def feed_bytes(server, extra_items: str = "") -> bytes:
    text = FIXTURE_RSS.read_text(encoding="utf-8")
    text = text.replace("https://media.datascienceathome.invalid", server.url(""))
    if extra_items:
        text = text.replace("<item>", extra_items + "<item>", 1)
    return text.encode("utf-8")


def list_json(data_dir: Path, *query: str) -> list[dict]:
    return json.loads(podtui(data_dir, "list", "--json", *query).stdout)


@pytest.fixture
def served_feed(http_server):
    http_server.file("/feed.xml", feed_bytes(http_server), etag='"v1"')
    return http_server


def test_add_over_http_stores_every_episode(served_feed, data_dir):
    result = podtui(data_dir, "add", served_feed.url("/feed.xml"))
    assert result.stdout.strip() == "Data Science at Home: 93 episodes"
    episodes = list_json(data_dir)
    expected = json.loads(FIXTURE_JSON.read_text())["episodes"]
    assert len(episodes) == len(expected) == 93
    for got, want in zip(episodes, expected, strict=True):
        assert got["title"] == want["title"]
        assert got["published"].startswith(want["date"])
        minutes, seconds = want["duration"].split(":")
        assert got["duration"] == int(minutes) * 60 + int(seconds)
        assert got["podcast"] == "Data Science at Home"
        assert got["enclosure"].startswith(served_feed.url("/episodes/"))
        assert got["played"] is False and got["position"] == 0
        assert isinstance(got["id"], int) and got["guid"]
    user_agent = served_feed.requests_to("/feed.xml")[0].header("user-agent")
    assert user_agent.startswith("podtui/")


def test_add_again_refreshes_without_duplicates(served_feed, data_dir):
    url = served_feed.url("/feed.xml")
    podtui(data_dir, "add", url)
    ids = [e["id"] for e in list_json(data_dir)]
    podtui(data_dir, "add", url)
    assert [e["id"] for e in list_json(data_dir)] == ids
    podcasts = json.loads(podtui(data_dir, "podcasts", "--json").stdout)
    assert len(podcasts) == 1 and podcasts[0]["episodes"] == 93


def test_add_reports_each_failure_and_keeps_the_others(served_feed, data_dir, tmp_path):
    served_feed.route("/missing", b"nope", status=404)
    served_feed.route("/garbage", b"\x00\x01 this is not xml at all", status=200)
    served_feed.route("/page", b"<html><body>Hello</body></html>", status=200)
    result = podtui(
        data_dir,
        "add",
        served_feed.url("/missing"),
        served_feed.url("/feed.xml"),
        served_feed.url("/garbage"),
        served_feed.url("/page"),
        str(tmp_path / "nothing.rss"),
        check=1,
    )
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 4
    assert errors[0] == f"error: {served_feed.url('/missing')}: HTTP 404 Not Found"
    assert all(line.startswith("error: ") for line in errors)
    assert "Data Science at Home: 93 episodes" in result.stdout
    assert len(list_json(data_dir)) == 93
    podcasts = json.loads(podtui(data_dir, "podcasts", "--json").stdout)
    assert [p["title"] for p in podcasts] == ["Data Science at Home"]


def test_refresh_conditional_get_and_new_episodes(served_feed, data_dir):
    podtui(data_dir, "add", served_feed.url("/feed.xml"))
    result = podtui(data_dir, "refresh")
    assert result.stdout.strip() == "1 feed: 0 updated, 1 unchanged, 0 failed; +0 new episodes"
    last = served_feed.requests_to("/feed.xml")[-1]
    assert last.header("if-none-match") == '"v1"' and last.status == 304

    item = (
        "<item><title>Brand new</title><guid>new-1</guid>"
        "<pubDate>Mon, 06 Jan 2020 06:00:00 +0000</pubDate>"
        f'<enclosure url="{served_feed.url("/new.mp3")}" type="audio/mpeg"/></item>'
    )
    served_feed.file("/feed.xml", feed_bytes(served_feed, item), etag='"v2"')
    result = podtui(data_dir, "refresh")
    assert result.stdout.strip() == "1 feed: 1 updated, 0 unchanged, 0 failed; +1 new episode"
    assert list_json(data_dir)[0]["title"] == "Brand new"


def test_failed_refresh_loses_nothing(served_feed, data_dir):
    podtui(data_dir, "add", served_feed.url("/feed.xml"))
    first, second = list_json(data_dir)[:2]
    podtui(data_dir, "mark", "played", str(first["id"]))
    podtui(data_dir, "queue", "add", str(second["id"]))
    for body, status in ((b"oops", 500), (b"<rss><channel><title>x", 200), (b"", 200)):
        served_feed.route("/feed.xml", body, status=status)
        result = podtui(data_dir, "refresh", check=1)
        assert result.stdout.startswith("1 feed: 0 updated, 0 unchanged, 1 failed")
        assert result.stderr.startswith("error: Data Science at Home")
        assert len(result.stderr.strip().splitlines()) == 1
        episodes = list_json(data_dir)
        assert len(episodes) == 93
        assert episodes[0]["played"] is True
        assert [e["id"] for e in json.loads(podtui(data_dir, "queue", "--json").stdout)] == [
            second["id"]
        ]


def test_gone_feed_is_reported_as_such(served_feed, data_dir):
    podtui(data_dir, "add", served_feed.url("/feed.xml"))
    served_feed.route("/feed.xml", b"", status=410)
    result = podtui(data_dir, "refresh", check=1)
    assert "410 Gone" in result.stderr
    assert len(list_json(data_dir)) == 93


def test_permanent_redirect_updates_the_stored_url(served_feed, data_dir):
    served_feed.redirect("/old.xml", "/feed.xml", status=301)
    served_feed.redirect("/temp.xml", "/feed.xml", status=302)
    podtui(data_dir, "add", served_feed.url("/old.xml"))
    podcasts = json.loads(podtui(data_dir, "podcasts", "--json").stdout)
    assert podcasts[0]["url"] == served_feed.url("/feed.xml")
    podtui(data_dir, "add", served_feed.url("/temp.xml"))
    urls = {p["url"] for p in json.loads(podtui(data_dir, "podcasts", "--json").stdout)}
    assert served_feed.url("/temp.xml") in urls


def test_list_plain_and_query(served_feed, data_dir):
    podtui(data_dir, "add", served_feed.url("/feed.xml"))
    lines = podtui(data_dir, "list").stdout.splitlines()
    assert len(lines) == 93
    assert "The dark side of AI: recommend and manipulate (Ep. 90)" in lines[0]
    assert "2019-12-11" in lines[0] and "20:33" in lines[0]
    expected = json.loads(FIXTURE_JSON.read_text())["episodes"]
    notes = {e["title"]: (e["title"] + " " + e["notes"]).lower() for e in expected}
    gan = list_json(data_dir, "GAN")
    assert 0 < len(gan) < 93
    assert all("gan" in notes[e["title"]] for e in gan)
    titled = {e["title"] for e in expected if re.search(r"\bGANs?\b", e["title"])}
    assert titled and titled <= {e["title"] for e in gan}


def test_remove_by_title_and_errors(served_feed, data_dir):
    podtui(data_dir, "add", served_feed.url("/feed.xml"))
    result = podtui(data_dir, "remove", "nothing like this", check=1)
    assert result.stderr.strip() == "error: no podcast matches 'nothing like this'"
    result = podtui(data_dir, "remove", "data science at home")
    assert result.stdout.startswith("Removed Data Science at Home (93 episodes)")
    assert list_json(data_dir) == []


def test_opml_round_trip(served_feed, data_dir, tmp_path):
    podtui(data_dir, "add", served_feed.url("/feed.xml"))
    out = tmp_path / "subs.opml"
    podtui(data_dir, "export-opml", str(out))
    text = out.read_text()
    assert 'version="2.0"' in text and served_feed.url("/feed.xml").replace("&", "&amp;") in text
    stamp = re.compile(r"<dateCreated>[^<]*</dateCreated>")
    assert stamp.sub("", podtui(data_dir, "export-opml").stdout) == stamp.sub("", text)
    other = tmp_path / "other"
    result = podtui(other, "import-opml", str(out))
    assert "Data Science at Home: 93 episodes" in result.stdout
    assert len(list_json(other)) == 93


def test_queue_commands(served_feed, data_dir):
    podtui(data_dir, "add", served_feed.url("/feed.xml"))
    ids = [e["id"] for e in list_json(data_dir)[:3]]
    podtui(data_dir, "queue", "add", *map(str, ids))
    podtui(data_dir, "queue", "move", str(ids[2]), "1")
    queue = json.loads(podtui(data_dir, "queue", "--json").stdout)
    assert [e["id"] for e in queue] == [ids[2], ids[0], ids[1]]
    assert queue[0]["title"] and "enclosure" in queue[0]
    podtui(data_dir, "queue", "remove", str(ids[0]))
    assert len(podtui(data_dir, "queue").stdout.splitlines()) == 2
    result = podtui(data_dir, "queue", "add", "999999", check=1)
    assert result.stderr.strip() == "error: no episode with id 999999"
    podtui(data_dir, "queue", "clear")
    assert json.loads(podtui(data_dir, "queue", "--json").stdout) == []


@pytest.mark.parametrize(
    "args",
    [
        ("bogus-command",),
        ("list", "--no-such-flag"),
        ("queue", "move", "x", "1"),
        ("remove",),
    ],
)
def test_bad_arguments_are_one_line(data_dir, args):
    result = podtui(data_dir, *args, check=2)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("error: ")


def test_unusable_data_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = podtui(blocker / "data", "list", check=1)
    assert result.stderr.startswith("error: cannot create data dir")


def test_data_dir_from_environment(served_feed, tmp_path):
    env_dir = tmp_path / "from-env"
    env = dict(os.environ, PYTHONPATH=str(ROOT), PODTUI_DATA_DIR=str(env_dir))
    subprocess.run(
        [sys.executable, "-m", "tui", "add", served_feed.url("/feed.xml")],
        check=True,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert (env_dir / "library.db").exists()


def test_subcommands_do_not_import_textual(served_feed, data_dir):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for args in (("add", served_feed.url("/feed.xml")), ("list",), ("refresh",)):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "tui", "--data-dir", str(data_dir), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
        assert "textual" not in imported
        assert "lxml.etree" in imported or args != ("add", served_feed.url("/feed.xml"))


def test_add_leaves_out_the_http_stack_and_the_terminal_libraries(served_feed, data_dir):
    # A command fetches through the light fetcher (http.client): neither httpx nor what
    # its command-line client would pull in (click, rich, pygments) is imported.
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = ["-X", "importtime", "-m", "tui", "--data-dir", str(data_dir), "add"]
    result = subprocess.run(
        [sys.executable, *command, served_feed.url("/feed.xml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert "http.client" in imported
    assert not {"httpx", "httpcore", "anyio", "h11", "rich", "click", "pygments"} & imported


@pytest.mark.parametrize(
    "argv",
    [
        ["add", "https://example.org/feed.xml", "feed2.xml"],
        ["--data-dir", "list", "list", "--json", "has:transcript"],
        ["--data", "add", "list"],
        ["--config", "c.toml", "--vlc-option=--aout=afile", "podcasts", "--json"],
        ["--data-dir=d", "queue", "add", "3", "4", "--next"],
        ["queue", "move", "3", "1", "--data-dir", "d"],
        ["sync", "login", "https://gpodder.example", "me", "--device", "box"],
        ["mark", "played", "1", "2"],
        ["seek", "-10"],
        ["status", "--format", "{title}"],
        ["service", "run"],
        ["--demo"],
        [],
    ],
)
def test_the_one_command_parser_reads_as_the_whole_parser(argv):
    assert parse_command_line(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["add"],
        ["bogus"],
        ["queue", "add", "x"],
        ["mark", "half", "1"],
        ["list", "--frobnicate"],
        ["--config"],
        ["add", "--config"],
        ["service"],
    ],
)
def test_the_one_command_parser_fails_as_the_whole_parser(argv, capsys):
    with pytest.raises(SystemExit) as whole:
        build_parser().parse_args(argv)
    expected = capsys.readouterr()
    with pytest.raises(SystemExit) as one:
        parse_command_line(argv)
    assert one.value.code == whole.value.code == 2
    assert capsys.readouterr() == expected


def test_every_subcommand_has_its_handler():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert set(commands) == {
        *LIBRARY_COMMANDS,
        *REMOTE_COMMANDS,
        "download",
        "doctor",
        "search",
        "service",
        "sync",
    }
    for name in LIBRARY_COMMANDS:
        assert callable(library_command(name)), name


def test_core_session_and_player_import_without_textual():
    code = (
        "import sys, pkgutil, importlib, tui.core, tui.session, tui.player, tui.service\n"
        "for pkg in (tui.core, tui.session, tui.player, tui.service):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "found = sorted(n for n in sys.modules if n.split('.')[0] == 'textual')\n"
        "assert not found, found\n"
        "assert 'tui.session.finish' in sys.modules\n"
        "print('ok')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_queue_errors_are_one_line_and_change_nothing(served_feed, data_dir):
    podtui(data_dir, "add", served_feed.url("/feed.xml"))
    ids = [e["id"] for e in list_json(data_dir)[:4]]
    podtui(data_dir, "queue", "add", *map(str, ids[:3]))
    before = podtui(data_dir, "queue", "--json").stdout
    cases = {
        ("remove", "5000"): "error: no episode with id 5000",
        ("remove", str(ids[3])): f"error: episode {ids[3]} is not in the queue",
        (
            "move",
            str(ids[2]),
            "99",
        ): "error: position 99 is out of range: the queue has places 1 to 3",
        (
            "move",
            str(ids[2]),
            "0",
        ): "error: position 0 is out of range: the queue has places 1 to 3",
        (
            "move",
            str(ids[2]),
            "-1",
        ): "error: position -1 is out of range: the queue has places 1 to 3",
        ("move", "5000", "1"): "error: no episode with id 5000",
        ("move", str(ids[3]), "1"): f"error: episode {ids[3]} is not in the queue",
    }
    for args, message in cases.items():
        result = podtui(data_dir, "queue", *args, check=1)
        assert result.stderr.splitlines() == [message], args
        assert result.stdout == ""
    assert podtui(data_dir, "queue", "--json").stdout == before
    podtui(data_dir, "queue", "move", str(ids[2]), "3")  # the last place is in range


@pytest.mark.parametrize("query", [["after:notadate"], ["--json", "is:bogus"], ["GAN", "longer:x"]])
def test_invalid_query_is_an_error(served_feed, data_dir, query):
    podtui(data_dir, "add", served_feed.url("/feed.xml"))
    result = podtui(data_dir, "list", *query, check=2)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: invalid query: ")
    assert "notadate" in lines[0] or "bogus" in lines[0] or "'x'" in lines[0]


def test_local_file_subscription_round_trips_through_opml(served_feed, data_dir, tmp_path):
    local = tmp_path / "local feeds" / "show.rss"
    local.parent.mkdir()
    local.write_bytes(feed_bytes(served_feed))
    podtui(data_dir, "add", str(local))
    podtui(data_dir, "add", served_feed.url("/feed.xml"))
    out = tmp_path / "subs.opml"
    podtui(data_dir, "export-opml", str(out))
    assert f'xmlUrl="{local.as_uri()}"' in out.read_text()
    other = tmp_path / "other"
    result = podtui(other, "import-opml", str(out))
    assert result.stderr == ""
    assert result.stdout.count("Data Science at Home: 93 episodes") == 2
    podcasts = json.loads(podtui(other, "podcasts", "--json").stdout)
    assert sorted(p["url"] for p in podcasts) == sorted([str(local), served_feed.url("/feed.xml")])
    third = tmp_path / "third"
    podtui(third, "add", local.as_uri())
    assert [p["url"] for p in json.loads(podtui(third, "podcasts", "--json").stdout)] == [
        str(local)
    ]


def test_import_reports_skipped_outlines_and_fails_without_feeds(served_feed, data_dir, tmp_path):
    mixed = tmp_path / "mixed.opml"
    mixed.write_text(
        '<opml version="2.0"><body>'
        f'<outline text="Good" xmlUrl="{served_feed.url("/feed.xml")}"/>'
        '<outline text="Gopher" xmlUrl="gopher://old.example/feed"/>'
        '<outline text="Nothing"/>'
        "</body></opml>"
    )
    result = podtui(data_dir, "import-opml", str(mixed))
    assert result.stdout.strip() == "Data Science at Home: 93 episodes"
    assert result.stderr.splitlines() == [
        "skipped: 'Gopher': unsupported URL scheme 'gopher' (only http(s) and file)",
        "skipped: 'Nothing': no feed URL (xmlUrl)",
    ]
    useless = tmp_path / "useless.opml"
    useless.write_text(
        '<opml version="2.0"><body><outline text="Gopher" xmlUrl="gopher://old.example/feed"/>'
        "</body></opml>"
    )
    result = podtui(data_dir, "import-opml", str(useless), check=1)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "skipped: 'Gopher': unsupported URL scheme 'gopher' (only http(s) and file)",
        f"error: {useless}: no usable feeds (1 outline skipped)",
    ]
    empty = tmp_path / "empty.opml"
    empty.write_text('<opml version="2.0"><head/><body/></opml>')
    result = podtui(data_dir, "import-opml", str(empty), check=1)
    assert result.stderr.splitlines() == [f"error: {empty}: no usable feeds"]


def test_config_named_on_the_command_line_must_exist_and_parse(data_dir, tmp_path):
    missing = tmp_path / "nonexistent.toml"
    for args in (("list",), ("queue",), ("podcasts", "--json")):
        result = podtui(data_dir, "--config", str(missing), *args, check=1)
        assert result.stdout == ""
        assert result.stderr.splitlines() == [
            f"error: config file {missing} does not exist (named by --config)"
        ]
    broken = tmp_path / "broken.toml"
    broken.write_text("theme = \n")
    result = podtui(data_dir, "--config", str(broken), "list", check=1)
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"error: config {broken} is not valid TOML")
    # The config found through $PODTUI_CONFIG (or the default place) may be absent.
    assert not Path(os.environ["PODTUI_CONFIG"]).exists()
    podtui(data_dir, "list")


def podtui_on_a_terminal(data_dir: Path, *args: str) -> tuple[str, str]:
    """Run podtui with stdout on a pseudo-terminal, as a person at a terminal does."""
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui", "--data-dir", str(data_dir), *args],
            stdout=slave,
            stderr=subprocess.PIPE,
            env=env,
        )
        os.close(slave)
        output = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other side closed
                break
            if not chunk:
                break
            output += chunk
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=60) == 0, stderr
    finally:
        os.close(master)
    return output.decode().replace("\r\n", "\n"), stderr


def test_list_and_queue_have_a_header_on_a_terminal_only(served_feed, data_dir):
    podtui(data_dir, "add", served_feed.url("/feed.xml"))
    first = list_json(data_dir)[0]["id"]
    podtui(data_dir, "queue", "add", str(first))
    header = "    ID  PUBLISHED     LENGTH  STATUS      PODCAST — TITLE"
    shown, _ = podtui_on_a_terminal(data_dir, "list")
    lines = shown.splitlines()
    assert lines[0] == header and len(lines) == 94
    assert lines[1] == podtui(data_dir, "list").stdout.splitlines()[0]
    shown, _ = podtui_on_a_terminal(data_dir, "queue")
    assert shown.splitlines() == ["  #  " + header, podtui(data_dir, "queue").stdout.rstrip("\n")]
    piped = podtui(data_dir, "list").stdout.splitlines()
    assert len(piped) == 93 and piped[0].lstrip().startswith(str(first))
    shown, _ = podtui_on_a_terminal(data_dir, "list", "--json")
    assert json.loads(shown) == list_json(data_dir)


def test_empty_library_and_queue_say_so_on_stderr(data_dir):
    result = podtui(data_dir, "list")
    assert result.stdout == ""
    assert result.stderr == "no episodes yet: podtui add URL (a feed's address or file)\n"
    result = podtui(data_dir, "list", "--json")
    assert json.loads(result.stdout) == [] and result.stderr.startswith("no episodes yet")
    result = podtui(data_dir, "queue")
    assert result.stdout == ""
    assert result.stderr == "the queue is empty: podtui queue add ID (IDs from podtui list)\n"
    result = podtui(data_dir, "podcasts")
    assert result.stdout == "" and result.stderr.startswith("no subscriptions yet: podtui add")


def test_adding_a_subscribed_feed_says_it_was_refreshed(served_feed, data_dir):
    url = served_feed.url("/feed.xml")
    assert podtui(data_dir, "add", url).stdout == "Data Science at Home: 93 episodes\n"
    again = podtui(data_dir, "add", url).stdout
    assert again == "Data Science at Home: already subscribed; refreshed: 93 episodes, none new\n"
    item = (
        "<item><title>Brand new</title><guid>new-1</guid>"
        f'<enclosure url="{served_feed.url("/new.mp3")}" type="audio/mpeg"/></item>'
    )
    served_feed.file("/feed.xml", feed_bytes(served_feed, item), etag='"v2"')
    again = podtui(data_dir, "add", url).stdout
    assert again == "Data Science at Home: already subscribed; refreshed: 94 episodes, 1 new\n"


def _edited_feed(server, version: int) -> bytes:
    """A small feed whose items a publisher edits between versions."""
    items = [
        ("a", f"Alpha v{version}", f"<p>notes of alpha, edit {version}</p>", version),
        ("b", "Beta", "<p>beta notes</p>" if version == 1 else "<p>beta, corrected</p>", 1),
    ]
    if version == 1:
        items.append(("c", "Gamma", "<p>gamma notes</p>", 1))  # dropped by later versions
    body = "".join(
        f"<item><title>{title}</title><guid>{guid}</guid>"
        f"<pubDate>Mon, 0{day} Jan 2024 06:00:00 +0000</pubDate>"
        f"<description>{notes.replace('<', '&lt;')}</description>"
        f'<enclosure url="{server.url(f"/{guid}-{version}.mp3")}" type="audio/mpeg"/></item>'
        for guid, title, notes, day in items
    )
    return f"<rss version='2.0'><channel><title>Edits</title>{body}</channel></rss>".encode()


def test_refresh_stores_a_feeds_edits(http_server, data_dir):
    http_server.file("/feed.xml", _edited_feed(http_server, 1), etag='"v1"')
    podtui(data_dir, "add", http_server.url("/feed.xml"))
    # Twice: with the first notes still waiting for the search index, then again.
    for version in (2, 3):
        http_server.file("/feed.xml", _edited_feed(http_server, version), etag=f'"v{version}"')
        result = podtui(data_dir, "refresh")
        assert "1 updated" in result.stdout and result.stderr == ""
        episodes = {e["guid"]: e for e in list_json(data_dir)}
        assert episodes["a"]["title"] == f"Alpha v{version}"
        assert episodes["a"]["enclosure"] == http_server.url(f"/a-{version}.mp3")
        assert episodes["a"]["published"].startswith(f"2024-01-0{version}")
        assert episodes["c"]["title"] == "Gamma"  # an item gone from the feed is kept
        with sqlite3.connect(data_dir / "library.db") as db:
            notes = dict(db.execute("SELECT guid, notes FROM episodes"))
        assert f"edit {version}" in notes["a"] and "corrected" in notes["b"]


def test_the_demo_refuses_a_data_dir_rather_than_ignore_it(data_dir):
    result = podtui(data_dir, "--demo", check=2)
    assert result.stderr == (
        "error: --demo keeps a library of its own and prints where it is; leave out --data-dir\n"
    )
    assert not data_dir.exists() or not any(data_dir.iterdir())


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"XDG_DATA_HOME": "/srv/data", "XDG_CONFIG_HOME": "/srv/config"},
        {"XDG_DATA_HOME": "  ", "XDG_CONFIG_HOME": ""},
        {"HOME": "/home/listener"},
    ],
)
def test_default_folders_are_the_ones_platformdirs_gives(env, monkeypatch):
    import platformdirs

    from tui.core.paths import config_file, data_dir

    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "PODTUI_DATA_DIR", "PODTUI_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert data_dir() == Path(platformdirs.user_data_dir("podtui", appauthor=False))
    assert config_file() == Path(platformdirs.user_config_dir("podtui", appauthor=False)) / (
        "config.toml"
    )
