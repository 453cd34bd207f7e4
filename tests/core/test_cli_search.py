"""``podtui search`` and ``podtui add`` with web pages, run as a user runs them."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import re
import select
import subprocess
import sys

import pytest

from tests.core.test_cli import ROOT, podtui, podtui_on_a_terminal
from tests.directories import serve_directories, write_config


@pytest.fixture
def directories(http_server):
    serve_directories(http_server)
    return http_server


def test_search_prints_the_merged_list(directories, data_dir, tmp_path):
    config = write_config(tmp_path / "config.toml", directories)
    result = podtui(data_dir, "--config", str(config), "search", "data", "science")
    lines = result.stdout.splitlines()  # piped: the rows alone, no header
    assert re.split(r"\s{2,}", lines[0]) == [
        "Data Science at Home",
        "Francesco Gadaleta",
        "93",
        "2019-12-11",
        "iTunes, gpodder.net",
    ]
    assert re.split(r"\s{2,}", lines[2]) == [
        "Data Engineering Podcast",
        "Tobias Macey",
        "gpodder.net",
    ]
    assert len(lines) == 4
    assert "\x1b" not in result.stdout
    assert result.stderr == ""
    assert "term=data+science" in directories.last("/itunes/search").path


def test_search_json_names_the_feed_urls(directories, data_dir, tmp_path):
    config = write_config(tmp_path / "config.toml", directories, key=True)
    result = podtui(data_dir, "--config", str(config), "search", "--json", "data science")
    found = json.loads(result.stdout)
    assert found[0] == {
        "title": "Data Science at Home",
        "author": "Francesco Gadaleta",
        "episodes": 93,
        "last_episode": "2019-12-11",
        "feed_url": directories.url("/feed.xml"),
        "directories": ["itunes", "podcastindex", "gpodder"],
    }
    assert {"Practical AI: Machine Learning, Data Science, LLM"} < {f["title"] for f in found}


def test_search_reports_a_failing_directory_on_stderr_and_succeeds(directories, data_dir, tmp_path):
    directories.route("/gpodder/search.json", b"", status=500)
    config = write_config(tmp_path / "config.toml", directories)
    result = podtui(data_dir, "--config", str(config), "search", "--json", "data science")
    assert result.stderr.splitlines() == ["error: gpodder.net: HTTP 500 Internal Server Error"]
    assert len(json.loads(result.stdout)) == 3


def test_search_fails_when_every_directory_fails(directories, data_dir, tmp_path):
    directories.route("/gpodder/search.json", b"", status=429)
    directories.route("/itunes/search", b"{", content_type="application/json")
    config = write_config(tmp_path / "config.toml", directories)
    result = podtui(data_dir, "--config", str(config), "search", "data", check=1)
    assert result.stderr.splitlines() == [
        "error: iTunes: malformed answer (not JSON)",
        "error: gpodder.net: HTTP 429 Too Many Requests: the server asks to try again later",
    ]
    assert result.stdout == ""


def test_a_wrong_directory_setting_is_one_line(data_dir, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[directories]\nitunes = "ftp://example.org"\n')
    result = podtui(data_dir, "--config", str(config), "search", "data", check=1)
    assert result.stderr.strip() == (f"error: {config}: directories.itunes must be an http(s) URL")


def test_add_an_apple_podcasts_url(directories, data_dir, tmp_path):
    config = write_config(tmp_path / "config.toml", directories)
    apple = "https://podcasts.apple.com/us/podcast/data-science-at-home/id1069871378"
    result = podtui(data_dir, "--config", str(config), "add", apple)
    assert result.stdout.strip() == "Data Science at Home: 93 episodes"
    podcasts = json.loads(podtui(data_dir, "podcasts", "--json").stdout)
    assert [p["url"] for p in podcasts] == [directories.url("/feed.xml")]


def test_add_a_web_page_naming_its_feed(directories, data_dir):
    result = podtui(data_dir, "add", directories.url("/site/"))
    assert result.stdout.strip() == "Data Science at Home: 93 episodes"


def test_add_a_page_naming_two_feeds_lists_them_when_not_interactive(directories, data_dir):
    page = directories.url("/two/index.html")
    result = podtui(data_dir, "add", page, check=1)
    assert result.stderr.splitlines() == [
        f"error: {page}: the page links to 2 feeds:",
        f"  Data Science at Home (MP3): {directories.url('/two/feed.xml')}",
        "  Data Science at Home \u2013 Blog: https://datascienceathome.invalid/blog/atom.xml",
        "hint: run podtui add with the URL of the one you want",
    ]
    assert json.loads(podtui(data_dir, "podcasts", "--json").stdout) == []


def test_add_a_page_naming_two_feeds_asks_on_a_terminal(directories, data_dir):
    leader, follower = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    page = directories.url("/two/index.html")
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "--data-dir", str(data_dir), "add", page],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    seen = b""
    try:
        while b"Subscribe to which one?" not in seen:
            ready, _, _ = select.select([leader], [], [], 30)
            assert ready, seen
            seen += os.read(leader, 4096)
        os.write(leader, b"1\n")
        assert process.wait(timeout=30) == 0
        with contextlib.suppress(OSError):
            while chunk := os.read(leader, 4096):
                seen += chunk
    finally:
        process.kill()
        os.close(leader)
    text = seen.decode()
    assert f"{page} links to 2 feeds:" in text
    assert f"  1. Data Science at Home (MP3): {directories.url('/two/feed.xml')}" in text
    assert "Data Science at Home: 93 episodes" in text
    podcasts = json.loads(podtui(data_dir, "podcasts", "--json").stdout)
    assert [p["url"] for p in podcasts] == [directories.url("/two/feed.xml")]


def test_search_on_a_terminal_has_a_header(directories, data_dir, tmp_path):
    config = write_config(tmp_path / "config.toml", directories)
    output, _ = podtui_on_a_terminal(data_dir, "--config", str(config), "search", "data", "science")
    lines = output.splitlines()
    assert lines[0].split() == ["TITLE", "AUTHOR", "EPISODES", "LAST", "DIRECTORY"]
    assert lines[1].startswith("Data Science at Home")
