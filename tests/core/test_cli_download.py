"""``podtui download``, run as a user runs it: a real process, real HTTP, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURE_RSS

ROOT = Path(__file__).resolve().parents[2]


def podtui(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_download_reports_each_episode_and_the_failures(http_server, data_dir):
    feed = FIXTURE_RSS.read_text(encoding="utf-8")
    feed = feed.replace("https://media.datascienceathome.invalid", http_server.url(""))
    http_server.file("/feed.xml", feed.encode("utf-8"))
    assert podtui(data_dir, "add", http_server.url("/feed.xml")).returncode == 0
    episodes = json.loads(podtui(data_dir, "list", "--json").stdout)[:2]
    served, missing = episodes
    audio = b"ID3" + bytes(range(256)) * 40
    http_server.file("/" + served["enclosure"].split("/", 3)[3], audio)

    result = podtui(data_dir, "download", str(served["id"]), str(missing["id"]))

    assert result.returncode == 1
    assert result.stdout == "1 of 2 downloaded\n"
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {missing['id']} ")
    files = [path for path in (data_dir / "downloads").rglob("*") if path.is_file()]
    assert [path.read_bytes() for path in files if path.suffix != ".part"] == [audio]
    listed = {e["id"]: e for e in json.loads(podtui(data_dir, "list", "--json").stdout)}
    assert listed[served["id"]]["downloaded"] and not listed[missing["id"]]["downloaded"]


def test_download_of_an_unknown_episode_is_one_line(data_dir):
    result = podtui(data_dir, "download", "12345")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "12345" in result.stderr
