"""A fresh library in a temporary data dir."""

from __future__ import annotations

import pytest

from tui.core.library import Library


@pytest.fixture
def library(tmp_path):
    lib = Library.open(tmp_path / "data")
    yield lib
    lib.close()
