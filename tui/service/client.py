"""The client's end: connect to a data dir's service, send commands, read replies and events.

Standard library only, and nothing heavy imported: a remote command must be quick.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tui.core.errors import PodtuiError
from tui.service import protocol
from tui.service.address import socket_path

CONNECT_TIMEOUT = 2.0
REPLY_TIMEOUT = 5.0


class ServiceError(PodtuiError):
    """The service refused a command, or the connection to it failed."""


class Refused(ServiceError):
    """The service refused a command (``told``: its subscribers heard why already)."""

    def __init__(self, message: str, *, told: bool = False) -> None:
        super().__init__(message)
        self.told = told


class NotRunning(ServiceError):
    """No service runs for this data dir."""


class VersionMismatch(ServiceError):
    """The running service speaks another protocol version."""

    def __init__(self, message: str, hello: dict[str, Any]) -> None:
        super().__init__(message)
        self.hello = hello


class ServiceClient:
    """A connection to a running service (a context manager)."""

    def __init__(self, sock: socket.socket, hello: dict[str, Any], path: Path) -> None:
        self.sock = sock
        self.hello = hello
        self.path = path
        self._buffer = b""
        self._next_id = 0
        self.pending_events: list[dict[str, Any]] = []

    @classmethod
    def connect(
        cls, data_dir: Path, *, timeout: float = CONNECT_TIMEOUT, check_version: bool = True
    ) -> ServiceClient:
        """Connect and read the service's hello. NotRunning when nothing listens;
        VersionMismatch when it speaks another protocol (unless not ``check_version``)."""
        path = socket_path(data_dir)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            raise NotRunning(f"no player service is running for {data_dir}") from None
        except OSError as exc:
            sock.close()
            raise ServiceError(f"cannot reach the player service at {path}: {exc}") from None
        client = cls(sock, {}, path)
        try:
            hello = client._read()
        except ServiceError:
            client.close()
            raise
        client.hello = hello
        if hello.get("type") != protocol.HELLO:
            client.close()
            raise ServiceError(f"{path} is not a podtui player service")
        if check_version and hello.get("protocol") != protocol.PROTOCOL:
            client.close()
            raise VersionMismatch(mismatch_message(hello), hello)
        return client

    def __enter__(self) -> ServiceClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.sock.close()

    @property
    def pid(self) -> int | None:
        pid = self.hello.get("pid")
        return pid if isinstance(pid, int) else None

    def call(self, cmd: str, **args: Any) -> Any:
        """Send one command and wait for its reply: the result, or a ServiceError."""
        self._next_id += 1
        request_id = self._next_id
        self.sock.settimeout(REPLY_TIMEOUT)
        try:
            self.sock.sendall(protocol.encode(protocol.request(request_id, cmd, args)))
        except OSError as exc:
            raise ServiceError(f"the player service went away: {exc}") from None
        while True:
            try:
                message = self._read()
            except TimeoutError:
                raise ServiceError("the player service did not answer") from None
            if message.get("type") == protocol.EVENT:
                self.pending_events.append(message)
                continue
            if message.get("type") != protocol.REPLY or message.get("id") not in (
                request_id,
                None,
            ):
                continue
            if not message.get("ok"):
                error = str(message.get("error") or "the command failed")
                raise Refused(error, told=message.get("told") is True)
            return message.get("result")

    def events(self, timeout: float | None = None) -> Iterator[dict[str, Any]]:
        """Pushed events as they come (after ``call("subscribe")``), until the service goes
        away; with ``timeout``, a silence that long ends the iteration too."""
        while self.pending_events:
            yield self.pending_events.pop(0)
        self.sock.settimeout(timeout)
        while True:
            try:
                message = self._read()
            except TimeoutError:
                return
            except ServiceError:
                return
            if message.get("type") == protocol.EVENT:
                yield message

    def _read(self) -> dict[str, Any]:
        while b"\n" not in self._buffer:
            if len(self._buffer) > protocol.MAX_MESSAGE:
                raise ServiceError("the player service sent an oversized message")
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                raise
            except OSError as exc:
                raise ServiceError(f"the player service went away: {exc}") from None
            if not chunk:
                raise ServiceError("the player service closed the connection")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        try:
            message = json.loads(line)
        except ValueError:
            raise ServiceError("the player service sent a garbled message") from None
        if not isinstance(message, dict):
            raise ServiceError("the player service sent a garbled message")
        return message


def mismatch_message(hello: dict[str, Any]) -> str:
    theirs, version = hello.get("protocol"), hello.get("version", "?")
    older = isinstance(theirs, int) and theirs < protocol.PROTOCOL
    if older:
        return (
            f"the running player service is an older podtui ({version}, protocol {theirs});"
            " 'podtui play' replaces it"
        )
    return (
        f"the running player service is a newer podtui ({version}, protocol {theirs}) than"
        f" this one (protocol {protocol.PROTOCOL}): use the newer podtui, or stop the"
        " service with 'podtui service stop'"
    )
