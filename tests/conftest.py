"""Fixtures shared by every test: isolated data and config dirs, the shared feed fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.httpserver import http_server  # noqa: F401

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"
FIXTURE_RSS = SHARED / "datascienceathome.rss"
FIXTURE_JSON = SHARED / "datascienceathome.json"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Never touch the user's real library or config."""
    root = tmp_path_factory.mktemp("podtui-home")
    monkeypatch.setenv("PODTUI_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("PODTUI_CONFIG", str(root / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "xdg-config"))


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture(scope="session")
def fixture_rss() -> bytes:
    return FIXTURE_RSS.read_bytes()
