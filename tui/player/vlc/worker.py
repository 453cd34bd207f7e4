"""The player thread: delivers events to the listener in order and runs follow-up work.

libVLC's callbacks and the commands put items on its queue; nothing on it runs on a libVLC
thread, so the listener and the work may call the player (and libVLC) freely.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from queue import Empty, SimpleQueue

from tui.player.base import Listener, PlayerEvent

FAST_TICK = 0.02  # seconds between ticks while the volume is still being pushed
TICK = 0.1  # seconds between ticks otherwise (the stall watchdog)


@dataclass(frozen=True, slots=True)
class _Deliver:
    event: PlayerEvent


@dataclass(frozen=True, slots=True)
class _Task:
    session: int
    run: Callable[[], None]


class _Close:
    pass


_Item = _Deliver | _Task | _Close


class Worker:
    """One thread per player.

    ``listener()`` is who gets the events now; ``current(session)`` tells whether work
    queued for ``session`` still matters; ``tick(fast)`` runs after every item and at
    least every :data:`TICK` seconds (every :data:`FAST_TICK` while ``fast()``);
    ``failed(exc)`` hears of an exception from the listener or the work.
    """

    def __init__(
        self,
        *,
        listener: Callable[[], Listener | None],
        current: Callable[[int], bool],
        tick: Callable[[], None],
        fast: Callable[[], bool],
        failed: Callable[[Exception], None],
    ) -> None:
        self._listener = listener
        self._current = current
        self._tick = tick
        self._fast = fast
        self._failed = failed
        self._queue: SimpleQueue[_Item] = SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="podtui-player", daemon=True)
        self._thread.start()

    def deliver(self, event: PlayerEvent) -> None:
        """Hand ``event`` to the listener (after everything queued before it)."""
        self._queue.put(_Deliver(event))

    def later(self, session: int, task: Callable[[], None]) -> None:
        """Run ``task`` on the player thread unless ``session`` is over by then."""
        self._queue.put(_Task(session, task))

    def close(self) -> None:
        """Stop the thread (waiting a little for it unless called from it)."""
        self._queue.put(_Close())
        if threading.current_thread() is not self._thread:
            self._thread.join(2)

    def _run(self) -> None:
        while True:
            try:
                item: _Item | None = self._queue.get(timeout=FAST_TICK if self._fast() else TICK)
            except Empty:
                item = None
            if isinstance(item, _Close):
                return
            try:
                if isinstance(item, _Deliver):
                    listener = self._listener()
                    if listener is not None:
                        listener(item.event)
                elif isinstance(item, _Task) and self._current(item.session):
                    item.run()
                self._tick()
            except Exception as exc:
                self._failed(exc)
