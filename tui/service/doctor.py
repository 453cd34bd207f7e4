"""What ``podtui doctor`` says of the player service and of the D-Bus session bus."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from tui.service.address import socket_path
from tui.service.client import NotRunning, ServiceClient, ServiceError
from tui.service.mpris_name import BUS_NAME
from tui.service.protocol import PROTOCOL

Row = tuple[str, str, bool | None]  # check, detail, ok (None: neither good nor bad)


def service_row(data_dir: Path) -> Row:
    try:
        path = str(socket_path(data_dir))
    except ServiceError as exc:
        return ("player service", exc.message, False)
    try:
        client = ServiceClient.connect(data_dir, check_version=False, timeout=1.0)
    except NotRunning:
        return ("player service", f"not running (its socket would be {path})", None)
    except ServiceError as exc:
        return ("player service", exc.message, False)
    with client:
        hello = client.hello
    version, protocol = hello.get("version", "?"), hello.get("protocol")
    detail = f"running, pid {hello.get('pid')}, podtui {version} (protocol {protocol}), {path}"
    if protocol != PROTOCOL:
        return ("player service", f"{detail}: this podtui speaks protocol {PROTOCOL}", False)
    return ("player service", detail, True)


def bus_row() -> Row:
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        return ("D-Bus session bus", "none (no MPRIS; the service plays the same)", None)
    where = _unix_address(address)
    if where is None:
        return ("D-Bus session bus", f"{address} (not checked: not a Unix socket)", None)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(1.0)
    try:
        sock.connect(where)
    except OSError as exc:
        return ("D-Bus session bus", f"{address} cannot be reached: {exc.strerror or exc}", False)
    finally:
        sock.close()
    return ("D-Bus session bus", f"{address}: the service appears as {BUS_NAME}", True)


def _unix_address(address: str) -> str | None:
    """The socket of the first Unix address in a D-Bus address list, None if none."""
    for entry in address.split(";"):
        kind, _, rest = entry.partition(":")
        if kind != "unix":
            continue
        pairs = dict(part.partition("=")[::2] for part in rest.split(","))
        if "path" in pairs:
            return pairs["path"]
        if "abstract" in pairs:
            return "\0" + pairs["abstract"]
    return None
