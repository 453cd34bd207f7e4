"""Changes to the play queue, one at a time, in the order asked.

The queue lives in the library (SQLite), so it survives quitting, crashes and refreshes.
Each change runs in a thread after the changes asked before it; the session's subscribers
hear :class:`QueueChanged` with the order before and after.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from tui.core.library import Library
from tui.core.models import Episode
from tui.session.events import QueueChanged


def next_place(order: Sequence[int], playing: int | None, episode_id: int) -> int:
    """Where "play next" puts ``episode_id``: right after the playing episode when that is
    queued, else at the front (an index into the queue without ``episode_id``)."""
    rest = [queued for queued in order if queued != episode_id]
    if playing is not None and playing in rest:
        return rest.index(playing) + 1
    return 0


class PlayQueue:
    """The session's queue: ``playing`` tells which episode is loaded, ``publish`` gets
    a :class:`QueueChanged` after each change."""

    def __init__(
        self,
        library: Library,
        playing: Callable[[], int | None],
        publish: Callable[[QueueChanged], None],
    ) -> None:
        self.library = library
        self._playing = playing
        self._publish = publish
        self._lock = asyncio.Lock()

    @property
    def playing_id(self) -> int | None:
        """The episode loaded in the player (playing, paused or buffering), if any."""
        return self._playing()

    async def _change(self, change: Callable[[], list[int]]) -> list[int]:
        library = self.library

        def run() -> tuple[list[int], list[int]]:
            before = library.queue_ids()
            return before, change()

        async with self._lock:
            before, after = await asyncio.to_thread(run)
        self._publish(QueueChanged(tuple(before), tuple(after)))
        return after

    async def append(self, episode_id: int) -> list[int]:
        """Put an episode at the end of the queue (moving it there if it was queued)."""
        return await self._change(lambda: self.library.queue_add([episode_id]))

    async def play_next(self, episode_id: int) -> list[int]:
        """Put an episode right after what is playing (see :func:`next_place`)."""
        playing = self.playing_id

        def change() -> list[int]:
            at = next_place(self.library.queue_ids(), playing, episode_id)
            return self.library.queue_add([episode_id], at=at)

        return await self._change(change)

    async def remove(self, episode_id: int) -> list[int]:
        return await self._change(lambda: self.library.queue_remove([episode_id]))

    async def move_by(self, episode_id: int, delta: int) -> list[int]:
        """Move a queued episode ``delta`` places (negative: towards the front)."""

        def change() -> list[int]:
            order = self.library.queue_ids()
            if episode_id not in order:
                return order
            return self.library.queue_move(episode_id, max(0, order.index(episode_id) + delta))

        return await self._change(change)

    async def clear(self) -> list[int]:
        def change() -> list[int]:
            self.library.queue_clear()
            return []

        return await self._change(change)

    async def episodes(self) -> list[Episode]:
        """The queued episodes, in order."""
        async with self._lock:
            return await asyncio.to_thread(self.library.queue)

    def ids(self) -> list[int]:
        return self.library.queue_ids()
