"""The listening session: what is playing, where it is and when it is over (no Textual).

:class:`ListeningSession` plays episodes through a Player, keeps and restores their places,
finishes them (marked played, out of the queue, the next one started), changes the queue
(:attr:`ListeningSession.queue`) and loads chapters; subscribers hear the events of
:mod:`tui.session.events`.
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
