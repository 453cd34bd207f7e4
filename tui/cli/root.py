"""The composition root: arguments, the data dir and config, then a subcommand or the app.

Every failure a user can cause ends as one line on stderr and an exit status (2 for
usage, 1 for the rest, 130 for Ctrl-C); a bug's traceback goes to the log file.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path

from tui import __version__
from tui.cli.common import UsageError
from tui.cli.output import err
from tui.cli.parser import parse_command_line
from tui.cli.remote_args import REMOTE_COMMANDS
from tui.core import paths
from tui.core.config import Config, ConfigError, load_config
from tui.core.errors import PodtuiError
from tui.core.library import Library

LibraryCommand = Callable[[Library, argparse.Namespace], int]

LIBRARY_COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("subscriptions", "cmd_add"),
    "refresh": ("subscriptions", "cmd_refresh"),
    "remove": ("subscriptions", "cmd_remove"),
    "import-opml": ("subscriptions", "cmd_import_opml"),
    "export-opml": ("subscriptions", "cmd_export_opml"),
    "list": ("listing", "cmd_list"),
    "podcasts": ("listing", "cmd_podcasts"),
    "queue": ("queue", "cmd_queue"),
    "mark": ("mark", "cmd_mark"),
}
"""Command -> (module of tui.cli, function): a command imports only its own module."""


def library_command(name: str) -> LibraryCommand:
    module, function = LIBRARY_COMMANDS[name]
    command: LibraryCommand = getattr(import_module(f"tui.cli.{module}"), function)
    return command


def run() -> None:
    """The console entry point: :func:`main`, then a quick exit after a subcommand.

    A subcommand has closed the library and has nothing left to clean up when it returns;
    the interpreter's own teardown would add tens of milliseconds to every call. The
    garbage collector stays off through a library command (see :func:`_dispatch`).
    """
    gc.disable()
    code = main()
    if _quick_exit:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to say
                stream.flush()
        os._exit(code)
    raise SystemExit(code)


_quick_exit = False


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_command_line(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(args)
    except UsageError as exc:
        err(exc.message)
        return 2
    except PodtuiError as exc:
        err(exc.message)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # output piped into head and the like
        return 0
    except Exception as exc:  # a bug: one line here, the details in the log
        log = _log_unexpected(args)
        err(f"unexpected {type(exc).__name__}: {exc} (details in {log})")
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    global _quick_exit
    if args.command not in LIBRARY_COMMANDS:
        # The app, the player service, downloads and sync run long: the collector works as
        # usual there. A library command (add, refresh, list...) ends within seconds and
        # leaves little cyclic garbage behind (~7 KB a feed fetched), while the collector's
        # passes over the objects of its imports and its feeds cost ~20 ms a run.
        gc.enable()
    if args.command is None and args.demo and args.data_dir is not None:
        # The demo's library is its own, made and removed by the demo: never the user's.
        raise UsageError(
            "--demo keeps a library of its own and prints where it is; leave out --data-dir"
        )
    data_dir = paths.data_dir(args.data_dir)
    config_path = paths.config_file(args.config)
    config_error = None
    try:
        config = _load_config(args, config_path)
    except ConfigError as exc:
        if args.command != "doctor":
            raise
        config, config_error = Config(path=config_path), exc.message  # doctor reports it
    if args.command is None:
        from tui.cli.service import connector  # lazy: for the app alone
        from tui.cli.start import run_app  # lazy: Textual and libVLC, for the app alone

        options = config.player_options(args.vlc_option, args.audio_output)
        if args.demo:
            data_dir = _start_demo()
        service = connector(args, data_dir, config_path)
        return run_app(data_dir, config, vlc_options=options, service=service)
    if args.command == "doctor":
        from tui.cli.doctor import cmd_doctor  # lazy: libVLC, for this command alone

        return cmd_doctor(args, data_dir, config_path, config, config_error)
    if args.command in REMOTE_COMMANDS or args.command == "service":
        from tui.cli.service import cmd_service  # lazy: keeps the library commands lean

        _quick_exit = args.command != "service" or args.service_command != "run"
        return cmd_service(args, data_dir, config_path, config)
    if args.command == "search":
        from tui.cli.search import cmd_search  # lazy: the HTTP stack, for this command

        return cmd_search(args, config)
    library = Library.open(data_dir)
    try:
        if args.command == "add":
            from tui.cli.subscriptions import cmd_add  # lazy: like every library command

            return cmd_add(library, args, config)
        if args.command == "download":
            from tui.cli.download import cmd_download  # lazy: the HTTP stack, for this command

            return cmd_download(library, args, data_dir, config)
        if args.command == "sync":
            from tui.cli.sync import cmd_sync  # lazy: the HTTP stack, for this command

            return cmd_sync(library, args, config_path)
        return library_command(args.command)(library, args)
    finally:
        library.close()
        _quick_exit = True


def _start_demo() -> Path:
    from tui.cli.demo_host import start_demo_host  # lazy: for --demo alone

    print("Preparing the demo library…", file=sys.stderr, flush=True)
    data_dir = start_demo_host()
    print(
        f"demo library: {data_dir}; remote control: podtui --data-dir {data_dir} status",
        file=sys.stderr,
        flush=True,
    )
    return data_dir


def _load_config(args: argparse.Namespace, config_path: Path) -> Config:
    """The config, or a ConfigError; a file named by --config must exist (one found through
    $PODTUI_CONFIG or in the default place may be absent: the defaults apply)."""
    if args.config and not config_path.is_file():
        what = "is not a file" if config_path.exists() else "does not exist"
        raise ConfigError(f"config file {config_path} {what} (named by --config)")
    return load_config(config_path)


def _log_unexpected(args: argparse.Namespace) -> str:
    import traceback  # lazy: only after a bug

    try:
        root = paths.data_dir(args.data_dir)
        root.mkdir(parents=True, exist_ok=True)
        log = paths.log_path(root)
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"--- podtui {__version__} {datetime.now(UTC).isoformat()}\n")
            traceback.print_exc(file=handle)
        return str(log)
    except Exception:
        return "nowhere: the log could not be written"
