"""MPRIS on the D-Bus session bus: desktops, media keys and ``playerctl`` drive the session.

The service appears as ``org.mpris.MediaPlayer2.podtui`` with the root and the Player
interfaces. Properties are read from the session's snapshot; changes go out as
PropertiesChanged, jumps as Seeked. Times on the bus are in microseconds.
"""

# No ``from __future__ import annotations``: dbus-fast reads the signatures from the
# annotations at class creation.

from typing import Annotated, Any

from dbus_fast import BusType, PropertyAccess, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import (
    DBusBool,
    DBusDict,
    DBusDouble,
    DBusInt64,
    DBusObjectPath,
    DBusSignature,
    DBusStr,
)
from dbus_fast.errors import DBusError
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property, dbus_signal

from tui.core.errors import PodtuiError
from tui.core.models import PlayerState
from tui.player.base import MAX_RATE, MAX_VOLUME, MIN_RATE
from tui.service.control import Changed, Controls, Seeked, SessionEvent, Snapshot
from tui.service.mpris_name import BUS_NAME

OBJECT_PATH = "/org/mpris/MediaPlayer2"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
ERROR = "org.mpris.MediaPlayer2.podtui.Failed"
USEC = 1_000_000

DBusStrList = Annotated[list[str], DBusSignature("as")]

_STATUS = {
    PlayerState.PLAYING: "Playing",
    PlayerState.BUFFERING: "Playing",
    PlayerState.PAUSED: "Paused",
}


def track_id(episode_id: int | None) -> str:
    return NO_TRACK if episode_id is None else f"/org/podtui/episode/{episode_id}"


def metadata(snapshot: Snapshot) -> dict[str, Variant]:
    data = {"mpris:trackid": Variant("o", track_id(snapshot.episode_id))}
    if snapshot.episode_id is None:
        return data
    data["xesam:title"] = Variant("s", snapshot.title)
    data["xesam:album"] = Variant("s", snapshot.podcast)
    if snapshot.duration:
        data["mpris:length"] = Variant("x", round(snapshot.duration * USEC))
    if snapshot.url:
        data["xesam:url"] = Variant("s", snapshot.url)
    return data


def _act(action: Any, *args: Any) -> None:
    try:
        action(*args)
    except PodtuiError as exc:
        raise DBusError(ERROR, exc.message) from None


class Root(ServiceInterface):
    def __init__(self) -> None:
        super().__init__("org.mpris.MediaPlayer2")

    @dbus_method()
    def Raise(self) -> None:
        pass

    @dbus_method()
    def Quit(self) -> None:
        pass

    @dbus_property(access=PropertyAccess.READ)
    def CanQuit(self) -> DBusBool:
        return False

    @dbus_property(access=PropertyAccess.READ)
    def CanRaise(self) -> DBusBool:
        return False

    @dbus_property(access=PropertyAccess.READ)
    def HasTrackList(self) -> DBusBool:
        return False

    @dbus_property(access=PropertyAccess.READ)
    def Identity(self) -> DBusStr:
        return "podtui"

    @dbus_property(access=PropertyAccess.READ)
    def SupportedUriSchemes(self) -> DBusStrList:
        return []

    @dbus_property(access=PropertyAccess.READ)
    def SupportedMimeTypes(self) -> DBusStrList:
        return []


class Player(ServiceInterface):
    def __init__(self, controls: Controls) -> None:
        super().__init__("org.mpris.MediaPlayer2.Player")
        self.controls = controls
        self._shown: dict[str, Any] = self._changing()
        controls.subscribe(self.on_event)

    # -- the session's events -----------------------------------------------------------

    def _changing(self) -> dict[str, Any]:
        """The properties that PropertiesChanged reports, as they are now."""
        snapshot = self.controls.snapshot()
        return {
            "PlaybackStatus": _STATUS.get(snapshot.state, "Stopped"),
            "Metadata": metadata(snapshot),
            "Rate": snapshot.rate,
            "Volume": snapshot.volume / 100,
            "CanSeek": snapshot.active,
            "CanGoNext": snapshot.queue_length > 0,
        }

    def on_event(self, event: SessionEvent) -> None:
        if isinstance(event, Seeked):
            self.Seeked(round(event.position * USEC))
        if isinstance(event, Changed | Seeked):
            now = self._changing()
            changed = {key: value for key, value in now.items() if self._shown.get(key) != value}
            self._shown = now
            if changed:
                self.emit_properties_changed(changed)

    # -- methods ------------------------------------------------------------------------

    @dbus_method()
    def Next(self) -> None:
        _act(self.controls.next)

    @dbus_method()
    def Previous(self) -> None:
        pass

    @dbus_method()
    def Pause(self) -> None:
        _act(self.controls.pause)

    @dbus_method()
    def PlayPause(self) -> None:
        _act(self.controls.toggle)

    @dbus_method()
    def Stop(self) -> None:
        _act(self.controls.stop)

    @dbus_method()
    def Play(self) -> None:
        _act(self.controls.play, None)

    @dbus_method()
    def Seek(self, offset: DBusInt64) -> None:
        _act(lambda: self.controls.seek(offset / USEC, relative=True))

    @dbus_method()
    def SetPosition(self, track: DBusObjectPath, position: DBusInt64) -> None:
        snapshot = self.controls.snapshot()
        if track != track_id(snapshot.episode_id) or position < 0:
            return  # the spec: ignore a stale track or a negative position
        if snapshot.duration and position > snapshot.duration * USEC:
            return
        _act(lambda: self.controls.seek(position / USEC))

    @dbus_method()
    def OpenUri(self, uri: DBusStr) -> None:
        raise DBusError(ERROR, "podtui plays the episodes of its library")

    @dbus_signal()
    def Seeked(self, position: DBusInt64) -> DBusInt64:
        return position

    # -- properties -----------------------------------------------------------------------

    @dbus_property(access=PropertyAccess.READ)
    def PlaybackStatus(self) -> DBusStr:
        return str(self._changing()["PlaybackStatus"])

    @dbus_property(access=PropertyAccess.READ)
    def Metadata(self) -> DBusDict:
        return metadata(self.controls.snapshot())

    @dbus_property(access=PropertyAccess.READ)
    def Position(self) -> DBusInt64:
        return round(self.controls.snapshot().position * USEC)

    @dbus_property()
    def Rate(self) -> DBusDouble:
        return self.controls.snapshot().rate

    @Rate.setter  # type: ignore[no-redef]
    def Rate(self, rate: DBusDouble) -> None:
        if rate > 0:
            _act(self.controls.set_rate, rate)

    @dbus_property()
    def Volume(self) -> DBusDouble:
        return self.controls.snapshot().volume / 100

    @Volume.setter  # type: ignore[no-redef]
    def Volume(self, volume: DBusDouble) -> None:
        _act(self.controls.set_volume, round(min(MAX_VOLUME / 100, max(0.0, volume)) * 100))

    @dbus_property(access=PropertyAccess.READ)
    def MinimumRate(self) -> DBusDouble:
        return MIN_RATE

    @dbus_property(access=PropertyAccess.READ)
    def MaximumRate(self) -> DBusDouble:
        return MAX_RATE

    @dbus_property(access=PropertyAccess.READ)
    def CanGoNext(self) -> DBusBool:
        return bool(self._changing()["CanGoNext"])

    @dbus_property(access=PropertyAccess.READ)
    def CanGoPrevious(self) -> DBusBool:
        return False

    @dbus_property(access=PropertyAccess.READ)
    def CanPlay(self) -> DBusBool:
        return True

    @dbus_property(access=PropertyAccess.READ)
    def CanPause(self) -> DBusBool:
        return True

    @dbus_property(access=PropertyAccess.READ)
    def CanSeek(self) -> DBusBool:
        return self.controls.snapshot().active

    @dbus_property(access=PropertyAccess.READ)
    def CanControl(self) -> DBusBool:
        return True


async def publish(controls: Controls) -> MessageBus:
    """Connect to the session bus and appear as :data:`BUS_NAME`; the bus (to disconnect)."""
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    bus.export(OBJECT_PATH, Root())
    bus.export(OBJECT_PATH, Player(controls))
    await bus.request_name(BUS_NAME)
    return bus
