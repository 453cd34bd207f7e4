"""The demo's one error."""

from __future__ import annotations

from tui.core.errors import PodtuiError


class DemoError(PodtuiError):
    """The demo could not be set up."""
