"""The listening session: what is playing, where it is and when it is over (no Textual).

:class:`ListeningSession` ``(library, config, player, fetcher, *, loop=None)`` plays episodes
through a Player (or a function making one on first use), keeps and restores their places,
finishes them (marked played and out of the queue in one transaction, the next one started
when ``config.auto_advance``), changes the queue (:attr:`ListeningSession.queue`, a
:class:`PlayQueue` whose changes run one at a time) and loads chapters through the shared
HTTP fetcher. It runs on the loop it is given, else the running one; the player's events
are handed to that loop from the player's thread.

Use: ``subscribe(callback)`` (every event of :mod:`tui.session.events`, on the loop), then
``start()``; commands ``play_episode``, ``play_from``, ``toggle_pause``, ``stop``,
``seek_by``, ``restart``, ``change_rate``, ``change_volume``, ``next_chapter``,
``previous_chapter``, ``chapters_of``, ``save_position``, ``set_sleep`` (the sleep timer of
:mod:`tui.session.sleep`: pause after a length of listening or at the episode's end, the
last seconds faded out); state ``snapshot()``, ``episode``,
``state``, ``chapters``; ``shutdown()`` saves the place and closes the player.
"""

from tui.session.core import RESUME_REWIND, SAVE_INTERVAL
from tui.session.events import SessionEvent, Snapshot
from tui.session.queue import PlayQueue, next_place
from tui.session.session import ListeningSession

__all__ = [
    "RESUME_REWIND",
    "SAVE_INTERVAL",
    "ListeningSession",
    "PlayQueue",
    "SessionEvent",
    "Snapshot",
    "next_place",
]
