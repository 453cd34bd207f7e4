"""``podtui service run|stop`` and the remote commands' way to reach (or start) a service."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from tui.cli.remote import cmd_remote
from tui.cli.remote_args import REMOTE_COMMANDS
from tui.core.config import Config
from tui.service.client import NotRunning, ServiceClient


def cmd_service(args: argparse.Namespace, data_dir: Path, config_path: Path, config: Config) -> int:
    if args.command in REMOTE_COMMANDS:
        return cmd_remote(args, data_dir, lambda: _ensure(args, data_dir, config_path))
    if args.service_command == "run":
        from tui.service.daemon import run_service  # lazy: asyncio and libVLC, service only

        options = config.player_options(args.vlc_option, args.audio_output)
        if args.protocol is not None:
            return run_service(data_dir, config, options, protocol_version=args.protocol)
        return run_service(data_dir, config, options)
    from tui.service.launcher import stop_service  # lazy: only to stop a service

    try:
        client = ServiceClient.connect(data_dir, check_version=False)
    except NotRunning as exc:
        print(exc.message)
        return 3
    stop_service(client, data_dir)
    return 0


def connector(
    args: argparse.Namespace, data_dir: Path, config_path: Path
) -> Callable[[], ServiceClient]:
    """What the app calls to reach the data dir's service (starting one if needed)."""
    return lambda: _ensure(args, data_dir, config_path)


def _ensure(args: argparse.Namespace, data_dir: Path, config_path: Path) -> ServiceClient:
    """The running service, or one started with this command's data dir, config and
    libVLC options."""
    from tui.service.launcher import ensure_service, service_command  # lazy: subprocess

    command = service_command(
        data_dir,
        config=config_path if config_path.is_file() else None,
        vlc_options=args.vlc_option,
        audio_output=args.audio_output,
    )
    return ensure_service(data_dir, command)
