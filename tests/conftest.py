"""Fixtures shared by every test: isolated data and config dirs, the fixture feed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.httpserver import http_server  # noqa: F401

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_RSS = FIXTURES / "datascienceathome.rss"
FIXTURE_JSON = FIXTURES / "datascienceathome.json"


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
