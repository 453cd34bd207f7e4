"""The one worker-error handler: a failed worker becomes a one-line notification, never a
crash (the details of bugs go to the log)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

from tui.core.errors import PodtuiError
from tui.core.text import clean_line

if TYPE_CHECKING:
    from textual.app import App


def report_error(app: App, error: BaseException) -> None:
    """Tell the user, in one line, why something failed (details of bugs go to the log)."""
    if isinstance(error, PodtuiError):
        message = error.message
    else:
        message = f"Unexpected {type(error).__name__}: {error}"
        log = getattr(app, "log_unexpected", None)
        if log is not None:
            log(error)
    app.notify(clean_line(message)[:300], severity="error", markup=False)


class ReportsWorkerErrors:
    """Mixed into a DOM node: its failed workers are reported with :func:`report_error`."""

    app: App

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            report_error(self.app, event.worker.error)
