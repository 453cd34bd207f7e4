"""Notices that merge: a notice repeated while its toast is still up updates that toast
("Added 4 episodes to the queue") instead of stacking another one over the screen."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.notifications import Notification, Notify, SeverityLevel

if TYPE_CHECKING:
    from textual.app import App

MOUNTING = 1.0  # seconds a new toast may take to appear


class Notices:
    """The app's toasts, one per kind of notice."""

    def __init__(self, app: App) -> None:
        self._app = app
        self._thread = threading.get_ident()
        self._live: dict[str, tuple[Notification, set[object]]] = {}

    def _showing(self, notification: Notification) -> bool:
        """The notification's toast is up (or about to be: it was raised a moment ago);
        a toast clicked away is not, though its time is not up."""
        if notification.has_expired:
            return False
        if time.time() - notification.raised_at < MOUNTING:
            return True
        identity = notification.identity
        return any(
            identity in (holder.id or "") for holder in self._app.screen.query("ToastHolder")
        )

    def post(
        self,
        message: str,
        *,
        kind: str | None = None,
        merged: Callable[[int], str] | None = None,
        item: object = None,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show ``message``; while a notice of the same ``kind`` (by default: the same
        text and severity) is on screen, that toast says ``merged(count)`` instead (by
        default the message and "×count"), count being the number of different ``item``
        (every notice counts when no item is given)."""
        if threading.get_ident() != self._thread:  # notify is thread-safe: so is this
            self._app.call_from_thread(
                self.post,
                message,
                kind=kind,
                merged=merged,
                item=item,
                title=title,
                severity=severity,
                timeout=timeout,
                markup=markup,
            )
            return
        key = f"{severity}:{kind}" if kind is not None else f"{severity}:{title}:{message}"
        live = self._live.get(key)
        if live is not None and self._showing(live[0]):
            notification, items = live
            items.add(item if item is not None else object())
            count = len(items)
            text = merged(count) if merged is not None else f"{message} (×{count})"
            # The merged toast stays its whole time from the latest notice: a new
            # notification takes the old one's place (a toast's timer is set when it is
            # mounted and cannot be moved).
            renewed = Notification(
                text, title, severity, notification.timeout, markup=notification.markup
            )
            self._live[key] = (renewed, items)
            # In turn after the old notification's own Notify, which may not be in yet.
            self._app.call_later(self._app._unnotify, notification, refresh=False)
            self._app.post_message(Notify(renewed))
            return
        if timeout is None:
            timeout = self._app.NOTIFICATION_TIMEOUT
        notification = Notification(message, title, severity, timeout, markup=markup)
        self._live = {k: v for k, v in self._live.items() if not v[0].has_expired}
        self._live[key] = (notification, {item if item is not None else object()})
        self._app.post_message(Notify(notification))
