"""Syncing from the app with the gpodder server ``podtui sync login`` set up: at start and
after a refresh (as the config says), and on demand; in a thread of its own (with its own
event loop and HTTP client), never holding up the interface; a notice says what changed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.errors import PodtuiError
from tui.core.library import Library
from tui.core.sync.account import Account, load_account

if TYPE_CHECKING:
    from textual.app import App

    from tui.core.sync.engine import SyncSummary


class AppSync:
    """Runs one sync at a time for the app."""

    def __init__(
        self,
        app: App[Any],
        library: Library,
        account_file: Path,
        on_received: Callable[[], object],
    ) -> None:
        self.app = app
        self.library = library
        self.path = account_file
        self._on_received = on_received  # something came in: the views must follow
        self.running = False
        self.last: SyncSummary | None = None

    def account(self) -> Account | None:
        return load_account(self.path)

    def start(self, *, asked: bool = False) -> None:
        """Sync now if logged in. ``asked``: the user asked, so every outcome is told
        (otherwise only changes and failures are)."""
        try:
            account = self.account()
        except PodtuiError as exc:
            self.app.notify(f"Sync: {exc.message}", severity="error", markup=False)
            return
        if account is not None and not self._set_up(account):
            account = None  # logged in with another library (or this is the demo's)
        if account is None:
            if asked:
                self.app.notify(
                    "This library is not logged in to a sync server:"
                    " run podtui sync login SERVER USERNAME",
                    severity="warning",
                    markup=False,
                )
            return
        if self.running:
            if asked:
                self.app.notify("A sync is already running", markup=False)
            return
        self.running = True
        self.app.run_worker(
            partial(self._run, account, asked), thread=True, group="sync", exit_on_error=False
        )

    def _set_up(self, account: Account) -> bool:
        meta = self.library.sync_meta()
        return meta.get("device") == account.device and meta.get("server") == account.server

    def _run(self, account: Account, asked: bool) -> None:
        from tui.core.sync.engine import sync_and_fetch  # lazy: the HTTP stack, when syncing

        failed: list[str] = []
        try:
            summary = asyncio.run(
                sync_and_fetch(
                    self.library,
                    account,
                    on_feed_error=lambda source, error: failed.append(f"{source}: {error}"),
                )
            )
        except PodtuiError as exc:
            self.app.call_from_thread(self._failed, exc.message)
            return
        finally:
            self.running = False
        self.app.call_from_thread(self._done, summary, asked, failed)

    def _failed(self, message: str) -> None:
        self.app.notify(f"Sync failed: {message}", severity="error", markup=False, timeout=10)

    def _done(self, summary: SyncSummary, asked: bool, failed: list[str]) -> None:
        self.last = summary
        if summary.received or asked:
            self.app.notify(f"Synced: {summary.line()}", markup=False)
        for line in failed[:3]:
            self.app.notify(line, severity="error", markup=False)
        if summary.received:
            self._on_received()
