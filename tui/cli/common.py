"""What every subcommand shares: the usage error and a quick event loop."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, TypeVar

from tui.core.errors import PodtuiError

T = TypeVar("T")


class UsageError(PodtuiError):
    """Wrong arguments (exit status 2, as for argparse's own errors)."""


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a fresh event loop (plain loops shut down faster than asyncio.run)."""
    import asyncio  # lazy: the commands that need no network start ~40 ms faster without it

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
