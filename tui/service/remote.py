"""The listening session of the player service, seen from the app: the same commands and
the same events as :class:`tui.session.ListeningSession`, over the service's socket.

Commands go over one blocking connection (a reply takes well under a millisecond); the
session's events come over a second one, read on the app's loop, and reach subscribers as
the session's own event dataclasses. When the service goes away, subscribers hear that
it stopped; the next command starts a new one.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.config import Config
from tui.core.errors import PodtuiError
from tui.core.feeds.chapters import Chapter, ChaptersError
from tui.core.library import Library
from tui.core.models import Episode, PlayerState, SleepMode
from tui.player.base import Player
from tui.service import protocol
from tui.service.address import socket_path
from tui.service.client import Refused, ServiceClient, ServiceError, mismatch_message
from tui.service.control import ACTIVE, Snapshot
from tui.service.events import from_wire
from tui.service.mirror import MirrorPlayer
from tui.session import PlayQueue
from tui.session import events as ev
from tui.session.chapters import ChapterCache

if TYPE_CHECKING:
    from tui.core.feeds.fetch import Fetcher

Subscriber = Callable[[ev.SessionEvent], None]
STOPPED_NOTICE = "The player service stopped; play an episode to start it again"


class Leaving(StrEnum):
    """What closing the app does to what plays."""

    STOP = "stop"  # q: stop and save
    KEEP = "keep"  # detach, or a hang-up that keeps playing
    PAUSE = "pause"  # a hang-up that pauses


class RemoteSession:
    """Drives the data dir's player service. ``connect`` gives a connection to it (starting
    one when none runs; it blocks, so it runs in a thread)."""

    def __init__(
        self,
        library: Library,
        config: Config,
        connect: Callable[[], ServiceClient],
        fetcher: Callable[[], Fetcher],
        data_dir: Path,
    ) -> None:
        self.library = library
        self.config = config
        self.data_dir = data_dir
        self._connect = connect
        self._subscribers: list[Subscriber] = []
        self.queue = PlayQueue(library, self._playing_id, self._publish)
        self.chapter_cache = ChapterCache(fetcher)
        self.mirror = MirrorPlayer()
        self.snapshot_now = Snapshot()
        # Quitting on purpose stops (the app's quit says so); any other end of the app
        # (a hang-up, a signal, the terminal gone) leaves as the config says.
        self.leaving = Leaving(config.hangup.value)
        self._client: ServiceClient | None = None
        self._listener: asyncio.Task[None] | None = None
        self._pending: tuple[str, dict[str, Any]] | None = None
        self._lost_episode: int | None = None  # what played when the service went away
        self._closed = False

    # -- what the app calls as it would a ListeningSession -------------------------------

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber)

    def start(self) -> None:
        """Connect (in the background): subscribers then hear what is playing."""
        self._reconnect()

    @property
    def current_player(self) -> Player | None:
        return self.mirror

    @property
    def state(self) -> PlayerState:
        return self.mirror.state

    @property
    def connected(self) -> bool:
        return self._client is not None

    def play_episode(self, episode_id: int) -> bool:
        return self._call("play", episode=episode_id)

    def play_from(self, episode_id: int, start: float) -> bool:
        return self._call("play_from", episode=episode_id, start=start)

    def toggle_pause(self) -> None:
        self._call("toggle")

    def stop(self) -> None:
        self._call("stop")

    def seek_by(self, delta: float) -> None:
        if self.state in ACTIVE:
            self._call("seek", by=delta)

    def restart(self) -> None:
        self._call("restart")

    def change_rate(self, delta: float) -> float | None:
        return self.mirror.rate if self._call("rate", by=delta) else None

    def change_volume(self, delta: int) -> int | None:
        return self.mirror.volume if self._call("volume", by=delta) else None

    def set_sleep(self, mode: SleepMode, seconds: float | None = None) -> bool:
        return self._call("sleep", mode=mode.value, seconds=seconds)

    def next_chapter(self) -> None:
        self._call("chapter", direction=1)

    def previous_chapter(self) -> None:
        self._call("chapter", direction=-1)

    async def chapters_of(self, episode: Episode) -> list[Chapter] | ChaptersError | None:
        return await self.chapter_cache.load(episode)

    def save_position(self) -> bool:
        return False  # the service saves

    def shutdown(self) -> None:
        """Leave as :attr:`leaving` says (stop, pause, or keep playing), then disconnect."""
        if self._closed:
            return
        self._closed = True
        client = self._client
        if client is not None:
            with contextlib.suppress(ServiceError, OSError):
                if self.leaving is Leaving.STOP:
                    client.call("stop")
                elif self.leaving is Leaving.PAUSE:
                    client.call("pause")
            client.close()
        self._client = None
        if self._listener is not None:
            self._listener.cancel()
        self.chapter_cache.cancel()

    # -- commands ---------------------------------------------------------------------------

    def _call(self, cmd: str, **args: Any) -> bool:
        if self._closed:
            return False
        client = self._client
        if client is None:
            self._pending = (cmd, args)  # sent once connected
            self._reconnect()
            return True
        try:
            result = client.call(cmd, **args)
        except Refused as exc:
            if not exc.told:
                self._publish(ev.Notice(exc.message, error=True))
            return False
        except ServiceError as exc:
            if client is self._client and not _alive(client):
                self._lost()
                self._pending = (cmd, args)
                self._reconnect()
                return True
            self._publish(ev.Notice(exc.message, error=True))
            return False
        if isinstance(result, dict):
            self._update(Snapshot.from_dict(result))
        return True

    def _update(self, snapshot: Snapshot) -> None:
        self.snapshot_now = snapshot
        self.mirror.update(snapshot)

    def _playing_id(self) -> int | None:
        snapshot = self.snapshot_now
        return snapshot.episode_id if snapshot.active else None

    @property
    def playing_id(self) -> int | None:
        """The episode playing, paused or loading in the service (None when stopped)."""
        return self._playing_id()

    # -- connecting and listening ---------------------------------------------------------

    def _reconnect(self) -> None:
        if self._closed or (self._listener is not None and not self._listener.done()):
            return
        self._listener = asyncio.get_running_loop().create_task(self._listen())

    async def _listen(self) -> None:
        try:
            client = await asyncio.to_thread(self._connect)
        except PodtuiError as exc:
            self._publish(ev.Notice(f"Cannot reach the player service: {exc.message}", True))
            return
        if self._closed:
            client.close()
            return
        self._client = client
        try:
            await self._follow()
        except (ConnectionError, OSError, ServiceError, ValueError) as exc:
            message = exc.message if isinstance(exc, ServiceError) else str(exc)
            self._publish(ev.Notice(f"The player service: {message}", error=True))
        if not self._closed:
            self._lost()

    async def _follow(self) -> None:
        reader, writer = await asyncio.open_unix_connection(
            str(socket_path(self.data_dir)), limit=protocol.MAX_MESSAGE
        )
        try:
            hello = json.loads(await reader.readline())
            if hello.get("protocol") != protocol.PROTOCOL:
                raise ServiceError(mismatch_message(hello))
            writer.write(protocol.encode(protocol.request(1, "subscribe")))
            await writer.drain()
            reply = json.loads(await reader.readline())
            if not reply.get("ok"):
                raise ServiceError(str(reply.get("error")))
            snapshot = Snapshot.from_dict(reply["result"])
            self._attached(snapshot)
            pending, self._pending = self._pending, None
            lost = self._lost_episode
            if pending is not None and pending[0] == "toggle" and snapshot.episode_id is None:
                pending = ("play", {"episode": lost}) if lost is not None else pending
            if pending is not None:
                self._call(pending[0], **pending[1])
            while line := await reader.readline():
                self._receive(json.loads(line))
        finally:
            writer.close()

    def _attached(self, snapshot: Snapshot) -> None:
        """Show at once what the service plays (or has paused, or keeps parked)."""
        self._update(snapshot)
        self._publish(
            ev.SleepTimerChanged(
                snapshot.sleep,
                snapshot.sleep_remaining,
                snapshot.sleep_length,
                running=snapshot.sleep is not SleepMode.OFF
                and snapshot.state is PlayerState.PLAYING,
            )
        )
        if snapshot.episode_id is None:
            return
        self.mirror.load(
            snapshot.url if snapshot.active else None, snapshot.position, snapshot.duration
        )
        self._publish(
            ev.NowPlaying(
                snapshot.episode_id,
                snapshot.title,
                snapshot.podcast,
                snapshot.position,
                snapshot.duration,
                parked=not snapshot.active,
            )
        )
        if snapshot.active:
            self._publish(ev.StateChanged(snapshot.state))
        self._publish(ev.PlayerUpdated())

    def _receive(self, message: dict[str, Any]) -> None:
        if message.get("type") != protocol.EVENT:
            return
        kind = message.get("event")
        if kind == "status" and isinstance(message.get("status"), dict):
            before = self.mirror.position
            snapshot = Snapshot.from_dict(message["status"])
            self._update(snapshot)
            if snapshot.state is not PlayerState.PLAYING and snapshot.position != before:
                self._publish(ev.PlayerUpdated())  # where it stopped (at the end, say)
        elif kind == "session" and isinstance(message.get("session"), dict):
            event = from_wire(message["session"])
            if event is None:
                return
            if isinstance(event, ev.StateChanged):
                self.mirror.set_state(event.state)
            elif isinstance(event, ev.NowPlaying):
                source = None if event.parked else f"episode:{event.episode_id}"
                self.mirror.load(source, event.position, event.duration)
            self._publish(event)

    def _lost(self) -> None:
        """The service went away: say so, show it stopped."""
        client, self._client = self._client, None
        if client is not None:
            client.close()
        self._lost_episode = self.snapshot_now.episode_id
        if self._closed:
            return
        self.mirror.set_state(PlayerState.STOPPED)
        self._publish(ev.StateChanged(PlayerState.STOPPED))
        self._publish(ev.SleepTimerChanged(SleepMode.OFF))
        self._publish(ev.Notice(STOPPED_NOTICE, error=True))

    def _publish(self, event: ev.SessionEvent) -> None:
        for subscriber in list(self._subscribers):
            subscriber(event)


def _alive(client: ServiceClient) -> bool:
    try:
        client.call("ping")
    except ServiceError:
        return False
    return True
