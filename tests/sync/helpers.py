"""Feeds for the sync tests and a way to run podtui's sync commands."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from tui.cli import main
from tui.core.library import Library
from tui.core.paths import data_dir


def rss(title: str, episodes: list[tuple[str, str, str]]) -> bytes:
    """A feed of ``(guid, title, enclosure URL)`` items, each 600 s long."""
    items = "".join(
        f"<item><guid>{escape(guid)}</guid><title>{escape(name)}</title>"
        f'<enclosure url="{escape(url)}" type="audio/mpeg" length="1000"/>'
        f"<itunes:duration>600</itunes:duration></item>"
        for guid, name, url in episodes
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"'
        ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
        f"<channel><title>{escape(title)}</title>{items}</channel></rss>"
    ).encode()


def podtui(*args: str) -> int:
    return main(list(args))


def library() -> Library:
    return Library.open(data_dir())


def login(server_url: str, user: str, password: str, monkeypatch) -> None:
    monkeypatch.setenv("PODTUI_SYNC_PASSWORD", password)
    assert podtui("sync", "login", server_url, user) == 0


def account_file() -> Path:
    import os

    return Path(os.environ["PODTUI_CONFIG"]).parent / "sync.json"
