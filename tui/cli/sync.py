"""``sync``, ``sync login SERVER USERNAME``, ``sync logout`` and ``sync status [--json]``."""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.common import UsageError, run_async
from tui.cli.output import iso
from tui.core.errors import PodtuiError
from tui.core.sync.account import (
    Account,
    account_path,
    default_device,
    delete_account,
    load_account,
    save_account,
)
from tui.core.text import clean_line

if TYPE_CHECKING:
    from tui.core.library import Library

PASSWORD_VARIABLE = "PODTUI_SYNC_PASSWORD"


def cmd_sync(library: Library, args: argparse.Namespace, config_file: Path) -> int:
    path = account_path(config_file)
    action = args.sync_command
    if action == "login":
        return _login(library, args, path)
    if action == "logout":
        return _logout(library, path)
    if action == "status":
        return _status(library, path, as_json=args.json)
    account = load_account(path)
    if account is None:
        raise PodtuiError("not logged in: run 'podtui sync login SERVER USERNAME' first")
    from tui.core.sync.engine import sync_and_fetch  # lazy: the HTTP stack
    from tui.core.sync.wire import CredentialsRefused  # lazy: with the HTTP stack

    def feed_failed(source: str, error: str) -> None:
        print(f"{source}: {error}", file=sys.stderr)

    try:
        summary = run_async(sync_and_fetch(library, account, on_feed_error=feed_failed))
    except CredentialsRefused as exc:
        raise PodtuiError(f"{exc.message} (log in again: 'podtui sync login')") from None
    print(summary.line())
    return 0


def _password(username: str, server: str) -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password:
        return password
    if not sys.stdin.isatty():
        raise UsageError(f"no terminal to ask the password on: set {PASSWORD_VARIABLE}")
    import getpass  # lazy: only when asking

    password = getpass.getpass(f"Password for {username} on {server}: ")
    if not password:
        raise UsageError("no password given")
    return password


def _device_kind() -> str:
    graphical = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    return "server" if os.environ.get("SSH_CONNECTION") and not graphical else "laptop"


def _login(library: Library, args: argparse.Namespace, path: Path) -> int:
    from tui.core.sync.client import Flavour, GpodderClient, split_server  # lazy: HTTP stack

    server, known = split_server(args.server)
    username = args.username.strip()
    if not username:
        raise UsageError("the user name is empty")
    device = args.device or default_device()
    password = _password(username, server)

    async def check() -> Flavour:
        flavour = known or Flavour.GPODDER
        async with GpodderClient(server, username, password, flavour=flavour) as client:
            flavour = await client.detect()
            caption = f"podtui on {socket.gethostname()}"
            await client.register_device(device, caption, _device_kind())
        return flavour

    flavour = run_async(check())
    account = Account(server, username, password, device, str(flavour))
    save_account(path, account)
    meta = library.sync_meta()
    same = (meta.get("server"), meta.get("username"), meta.get("device")) == (
        server,
        username,
        device,
    )
    if not same:
        library.sync_enable({"server": server, "username": username, "device": device})
    kind = " (Nextcloud gPodder Sync)" if flavour == Flavour.NEXTCLOUD else ""
    print(f"Logged in to {server}{kind} as {username} (this device: {device}).")
    print("Run 'podtui sync' to sync now; the app syncs when it starts.")
    return 0


def _logout(library: Library, path: Path) -> int:
    unsent = library.sync_outbox_count()
    had = delete_account(path)
    library.sync_disable()
    if not had:
        print("Not logged in.")
        return 0
    dropped = f" ({unsent} unsent change{'s' if unsent != 1 else ''} dropped)" if unsent else ""
    print(f"Logged out{dropped}.")
    return 0


def _status(library: Library, path: Path, *, as_json: bool) -> int:
    account = load_account(path)
    meta = library.sync_meta()
    last = int(meta["last_sync"]) if meta.get("last_sync", "").isdigit() else None
    try:
        changed = json.loads(meta.get("last_summary", "null"))
    except ValueError:
        changed = None
    unsent = library.sync_outbox_count() + sum(map(len, library.sync_feed_changes()))
    if as_json:
        data = {
            "logged_in": account is not None,
            "server": account.server if account else None,
            "username": account.username if account else None,
            "device": account.device if account else None,
            "last_sync": iso(last),
            "last_changes": changed if isinstance(changed, dict) else None,
            "unsent": unsent,
        }
        print(json.dumps(data, indent=2))
        return 0
    if account is None:
        print("Not logged in (podtui sync login SERVER USERNAME).")
        return 0
    print(f"Logged in to {clean_line(account.server)} as {clean_line(account.username)}")
    print(f"This device: {clean_line(account.device)}")
    if last is None:
        print("Last sync: never")
    else:
        when = datetime.fromtimestamp(last).strftime("%Y-%m-%d %H:%M")
        print(f"Last sync: {when}")
        if isinstance(changed, dict):
            from tui.core.sync.engine import SyncSummary  # lazy: the HTTP stack

            fields = set(SyncSummary.__dataclass_fields__)
            summary = SyncSummary(**{k: v for k, v in changed.items() if k in fields})
            print(f"It changed: {summary.line()}")
    print(f"Waiting to be sent: {unsent}")
    return 0
