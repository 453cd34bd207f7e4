"""The service's end of the socket: who may connect, reading requests, replying, pushing.

Runs on the service's asyncio loop. A connection from another uid is closed at once. A
line that is not a message of the protocol gets an error reply; one over the size cap, or
cut short by the client going away, closes that connection. Nothing a client sends can
stop playback or the other clients.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import socket
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.core.errors import PodtuiError
from tui.core.models import SleepMode
from tui.service import protocol
from tui.service.control import (
    AlreadyTold,
    Changed,
    Controls,
    Forwarded,
    Notice,
    Seeked,
    SessionEvent,
)

log = logging.getLogger("podtui.service")

MAX_BACKLOG = 1024 * 1024  # bytes queued for a client that does not read: then it is dropped
MAX_ERRORS = 8  # bad messages on one connection before it is closed


def peer_uid(sock: socket.socket) -> int | None:
    """The uid of the process at the other end of a Unix socket (None if unknown)."""
    try:
        data = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return None
    _pid, uid, _gid = struct.unpack("3i", data)
    return int(uid)


def peer_allowed(uid: int | None, allowed: int) -> bool:
    return uid is not None and uid == allowed


def _number(args: dict[str, Any], key: str) -> float:
    value = args.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PodtuiError(f"{key} must be a number")
    return float(value)


def _episode(args: dict[str, Any], *, required: bool) -> int | None:
    value = args.get("episode")
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise PodtuiError("episode must be an episode id")
    return value


def _sleep(args: dict[str, Any]) -> tuple[SleepMode, float | None]:
    try:
        mode = SleepMode(str(args.get("mode")))
    except ValueError:
        raise PodtuiError("mode must be one of " + ", ".join(SleepMode)) from None
    return mode, _number(args, "seconds") if mode is SleepMode.TIMER else None


class Client:
    """One connected client."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer
        self.subscribed = False

    def send(self, message: dict[str, Any]) -> None:
        if self.writer.is_closing():
            return
        if self.writer.transport.get_write_buffer_size() > MAX_BACKLOG:
            log.info("dropping a client that does not read")
            self.writer.close()
            return
        self.writer.write(protocol.encode(message))


class Server:
    """Serves ``controls`` on a Unix socket."""

    def __init__(
        self,
        controls: Controls,
        *,
        version: str,
        on_shutdown: Callable[[], None],
        allowed_uid: int | None = None,
        protocol_version: int = protocol.PROTOCOL,
    ) -> None:
        self.controls = controls
        self.version = version
        self.on_shutdown = on_shutdown
        self.allowed_uid = os.getuid() if allowed_uid is None else allowed_uid
        self.protocol_version = protocol_version
        self.clients: set[Client] = set()
        self.last_activity = time.monotonic()
        self._server: asyncio.AbstractServer | None = None
        self._status_pending = False
        controls.subscribe(self.on_event)

    async def start(self, path: Path) -> None:
        old = os.umask(0o177)  # the socket is made 0600, never wider for an instant
        try:
            self._server = await asyncio.start_unix_server(
                self._serve, path=str(path), limit=protocol.MAX_MESSAGE
            )
        finally:
            os.umask(old)
        os.chmod(path, 0o600)

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for client in list(self.clients):
            client.writer.close()

    # -- pushing ------------------------------------------------------------------------

    def on_event(self, event: SessionEvent) -> None:
        if isinstance(event, Changed):
            self.push_status_soon()
        elif isinstance(event, Seeked):
            self.push({"type": protocol.EVENT, "event": "seeked", "position": event.position})
            self.push_status_soon()
        elif isinstance(event, Forwarded):
            self.push({"type": protocol.EVENT, "event": "session", "session": event.data})
        elif isinstance(event, Notice):
            self.push(
                {
                    "type": protocol.EVENT,
                    "event": "notice",
                    "message": event.message,
                    "error": event.error,
                }
            )

    def push_status_soon(self) -> None:
        """One status push for every change made in the same turn of the loop."""
        if self._status_pending:
            return
        self._status_pending = True
        asyncio.get_running_loop().call_soon(self.push_status)

    def push_status(self) -> None:
        self._status_pending = False
        if any(client.subscribed for client in self.clients):
            status = self.controls.snapshot().to_dict()
            self.push({"type": protocol.EVENT, "event": "status", "status": status})

    def push(self, message: dict[str, Any]) -> None:
        for client in list(self.clients):
            if client.subscribed:
                client.send(message)

    # -- serving ------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        uid = peer_uid(sock) if sock is not None else None
        if not peer_allowed(uid, self.allowed_uid):
            log.warning("refused a connection from uid %s", uid)
            writer.close()
            return
        client = Client(writer)
        self.clients.add(client)
        self.last_activity = time.monotonic()
        try:
            client.send(protocol.hello(self.version, os.getpid(), self.protocol_version))
            await self._read(reader, client)
        except (ConnectionError, OSError):
            pass
        finally:
            self.clients.discard(client)
            self.last_activity = time.monotonic()
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    async def _read(self, reader: asyncio.StreamReader, client: Client) -> None:
        errors = 0
        while not reader.at_eof():
            try:
                line = await reader.readuntil(b"\n")
            except asyncio.IncompleteReadError as exc:
                if exc.partial:
                    log.info("a client sent a truncated message")
                return
            except asyncio.LimitOverrunError:
                client.send(protocol.failure(None, "message over the size cap"))
                await client.writer.drain()
                return
            try:
                message = protocol.decode(line)
            except protocol.ProtocolError as exc:
                errors += 1
                client.send(protocol.failure(None, str(exc)))
                if errors >= MAX_ERRORS:
                    return
                continue
            client.send(self.handle(message, client))
            await client.writer.drain()

    def handle(self, message: dict[str, Any], client: Client) -> dict[str, Any]:
        """The reply to one request."""
        request_id = message.get("id")
        cmd = message.get("cmd")
        args = message.get("args") or {}
        self.last_activity = time.monotonic()
        if not isinstance(cmd, str) or cmd not in protocol.COMMANDS:
            return protocol.failure(request_id, f"unknown command {str(cmd)[:40]!r}")
        if not isinstance(args, dict):
            return protocol.failure(request_id, "args must be a JSON object")
        try:
            result = self._run(cmd, args, client)
        except PodtuiError as exc:
            return protocol.failure(request_id, exc.message, told=isinstance(exc, AlreadyTold))
        except Exception as exc:  # a bug: the service keeps playing
            log.exception("command %s failed", cmd)
            return protocol.failure(request_id, f"internal error: {type(exc).__name__}")
        return protocol.reply(request_id, result)

    def _run(self, cmd: str, args: dict[str, Any], client: Client) -> Any:
        controls = self.controls
        if cmd == "shutdown":
            asyncio.get_running_loop().call_soon(self.on_shutdown)
            return None
        if cmd == "ping":
            return {"pid": os.getpid()}
        if cmd == "subscribe":
            client.subscribed = True
        elif cmd == "play":
            controls.play(_episode(args, required=False))
        elif cmd == "play_from":
            episode = _episode(args, required=True)
            assert episode is not None
            controls.play_from(episode, _number(args, "start"))
        elif cmd == "pause":
            controls.pause()
        elif cmd == "toggle":
            controls.toggle()
        elif cmd == "stop":
            controls.stop()
        elif cmd == "next":
            controls.next()
        elif cmd == "restart":
            controls.restart()
        elif cmd == "chapter":
            controls.chapter(1 if _number(args, "direction") > 0 else -1)
        elif cmd == "seek":
            if "by" in args:
                controls.seek(_number(args, "by"), relative=True)
            else:
                controls.seek(_number(args, "to"))
        elif cmd == "rate":
            if "by" in args:
                controls.set_rate(_number(args, "by"), relative=True)
            else:
                controls.set_rate(_number(args, "rate"))
        elif cmd == "sleep":
            controls.set_sleep(*_sleep(args))
        elif cmd == "volume":
            if "by" in args:
                controls.set_volume(round(_number(args, "by")), relative=True)
            else:
                controls.set_volume(round(_number(args, "volume")))
        return controls.snapshot().to_dict()
