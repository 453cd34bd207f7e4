"""The wire protocol: one JSON object per line, both ways.

On connecting, the service says hello first::

    {"type": "hello", "protocol": 1, "version": "0.1.0", "pid": 4242}

A client then sends requests and gets one reply per request, matched by ``id``::

    {"id": 1, "cmd": "seek", "args": {"to": 90}}
    {"type": "reply", "id": 1, "ok": true, "result": {...}}
    {"type": "reply", "id": 1, "ok": false, "error": "no episode is loaded"}

After ``subscribe`` the service also pushes events to that client::

    {"type": "event", "event": "status", "status": {...}}
    {"type": "event", "event": "notice", "message": "...", "error": true}
    {"type": "event", "event": "session", "session": {"kind": "NowPlaying", ...}}

Two parts never change between protocol versions, so that any podtui can tell any running
service what it needs to: the hello line, and the ``shutdown`` request (save and exit),
which is how a newer podtui replaces an older service.
"""

from __future__ import annotations

import json
from typing import Any

PROTOCOL = 1
MAX_MESSAGE = 64 * 1024  # bytes in one line, newline included
HELLO = "hello"
REPLY = "reply"
EVENT = "event"

COMMANDS = frozenset(
    {
        "status",
        "play",
        "play_from",
        "restart",
        "chapter",
        "pause",
        "toggle",
        "stop",
        "next",
        "seek",
        "rate",
        "volume",
        "sleep",
        "subscribe",
        "shutdown",
        "ping",
    }
)


class ProtocolError(Exception):
    """A message that is not a well-formed line of this protocol."""


def encode(message: dict[str, Any]) -> bytes:
    """One message as a line of JSON (UTF-8, compact, no raw control characters)."""
    line = json.dumps(message, ensure_ascii=True, separators=(",", ":")).encode() + b"\n"
    if len(line) > MAX_MESSAGE:
        raise ProtocolError(f"message of {len(line)} bytes is over the {MAX_MESSAGE} cap")
    return line


def decode(line: bytes) -> dict[str, Any]:
    """A received line as a JSON object, or a ProtocolError saying what is wrong with it."""
    if len(line) > MAX_MESSAGE:
        raise ProtocolError(f"message over the {MAX_MESSAGE}-byte cap")
    if not line.endswith(b"\n"):
        raise ProtocolError("truncated message (no end of line)")
    try:
        message = json.loads(line)
    except (ValueError, RecursionError):
        raise ProtocolError("not a JSON message") from None
    if not isinstance(message, dict):
        raise ProtocolError("a message must be a JSON object")
    return message


def request(request_id: int, cmd: str, args: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": request_id, "cmd": cmd, "args": args or {}}


def reply(request_id: object, result: Any = None) -> dict[str, Any]:
    return {"type": REPLY, "id": request_id, "ok": True, "result": result}


def failure(request_id: object, error: str, *, told: bool = False) -> dict[str, Any]:
    """A failed request; ``told``: subscribers have already heard why, as an event."""
    return {"type": REPLY, "id": request_id, "ok": False, "error": error, "told": told}


def hello(version: str, pid: int, protocol: int = PROTOCOL) -> dict[str, Any]:
    return {"type": HELLO, "protocol": protocol, "version": version, "pid": pid}
