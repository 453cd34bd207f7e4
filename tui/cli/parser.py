"""The command line's grammar: global options, then one subcommand (or none: the app)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, NoReturn, cast

from tui import __version__
from tui.cli.remote_args import add_remote_commands

# The global options that take a value (as a separate word, --data-dir DIR).
_VALUED = frozenset({"--data-dir", "--config", "--vlc-option", "--audio-output"})


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, like every other failure
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


class _Retry(Exception):
    """A command line the one-command parser cannot take: the whole parser decides."""


class _OneCommandParser(_Parser):
    def error(self, message: str) -> NoReturn:
        raise _Retry(message)


class _Skipped:
    """Stands in for the parser of every command but the one being run: building all of
    them (a parser each, with a help formatter and message lookups per option) costs every
    command ~15 ms."""

    def __getattr__(self, name: str) -> Any:
        return self._ignore

    def _ignore(self, *args: object, **kwargs: object) -> _Skipped:
        return self

    @property
    def choices(self) -> dict[str, argparse.ArgumentParser]:
        return {}


def _command_word(argv: Sequence[str]) -> str | None:
    """The first word that is neither an option nor an option's value: the command."""
    words = iter(argv)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif word == "--":
            return None
        elif not word.startswith("-"):
            return word
    return None


def parse_command_line(argv: Sequence[str]) -> argparse.Namespace:
    """The command line read by a parser of its command alone, else by the whole parser
    (no command, an unknown one, --help or an error: the whole parser answers)."""
    command = _command_word(argv)
    if command is not None:
        try:
            return build_parser(only=command).parse_args(argv)
        except _Retry:
            pass
    return build_parser().parse_args(argv)


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="where the library lives (default: $PODTUI_DATA_DIR or the user data dir)",
    )
    parser.add_argument("--config", metavar="FILE", default=default, help="config file (TOML)")
    parser.add_argument(
        "--vlc-option",
        metavar="OPT",
        action="append",
        default=argparse.SUPPRESS if suppress else [],
        help="pass an option to libVLC, e.g. --vlc-option=--aout=alsa (repeatable)",
    )
    parser.add_argument(
        "--audio-output",
        metavar="NAME",
        default=default,
        help="libVLC audio output (alsa, pulse, ...); see 'podtui doctor'",
    )


def build_parser(*, only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line's parser; with ``only``, one that knows that command alone
    and gives up on anything else (see :func:`parse_command_line`)."""
    kind = _Parser if only is None else _OneCommandParser
    parser = kind(
        prog="podtui",
        description="A terminal podcast player. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"podtui {__version__}")
    _global_options(parser, suppress=False)
    parser.add_argument(
        "--demo", action="store_true", help="open the app on a bundled offline demo library"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=kind)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return cast(argparse.ArgumentParser, _Skipped())
        sub = commands.add_parser(name, help=help, description=help)
        _global_options(sub, suppress=True)
        return sub

    add = command(
        "add", "subscribe to feeds (http(s) URLs, local files, Apple Podcasts URLs, web pages)"
    )
    add.add_argument("sources", nargs="+", metavar="SOURCE")
    search = command("search", "find podcasts by name in the podcast directories")
    search.add_argument("--json", action="store_true", help="print one JSON array")
    search.add_argument("words", nargs="+", metavar="WORD")
    command("refresh", "refresh every subscription")
    listing = command("list", "list episodes, newest first")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    listing.add_argument("query", nargs="*", metavar="QUERY", help="filter, as in the app")
    podcasts = command("podcasts", "list subscriptions")
    podcasts.add_argument("--json", action="store_true", help="print one JSON array")
    remove = command("remove", "unsubscribe from a podcast (by id or title)")
    remove.add_argument("podcast", metavar="PODCAST")
    import_opml = command("import-opml", "subscribe to every feed of an OPML file")
    import_opml.add_argument("file", metavar="FILE")
    export_opml = command("export-opml", "write subscriptions as OPML 2.0")
    export_opml.add_argument("file", nargs="?", metavar="FILE", help="default: stdout")

    queue = command("queue", "show or edit the play queue")
    queue.add_argument("--json", action="store_true", help="print one JSON array")
    queue_commands = queue.add_subparsers(dest="queue_command", metavar="ACTION")
    queue_add = queue_commands.add_parser("add", help="append episodes")
    queue_add.add_argument("ids", nargs="+", type=int, metavar="ID")
    queue_add.add_argument("--next", action="store_true", help="put them first")
    queue_remove = queue_commands.add_parser("remove", help="take episodes out")
    queue_remove.add_argument("ids", nargs="+", type=int, metavar="ID")
    queue_move = queue_commands.add_parser("move", help="move an episode to a place (1 = first)")
    queue_move.add_argument("id", type=int, metavar="ID")
    queue_move.add_argument("position", type=int, metavar="POSITION")
    queue_commands.add_parser("clear", help="empty the queue")
    for sub in queue_commands.choices.values():
        _global_options(sub, suppress=True)

    mark = command("mark", "mark episodes played or unplayed")
    mark.add_argument("state", choices=["played", "unplayed"])
    mark.add_argument("ids", nargs="+", type=int, metavar="ID")

    download = command("download", "download episodes for offline listening")
    download.add_argument("ids", nargs="+", type=int, metavar="ID")
    sync = command("sync", "sync subscriptions and positions with a gpodder server")
    sync_commands = sync.add_subparsers(dest="sync_command", metavar="ACTION")
    login = sync_commands.add_parser("login", help="log in and register this device")
    login.add_argument("server", metavar="SERVER", help="e.g. https://gpodder.net")
    login.add_argument("username", metavar="USERNAME")
    login.add_argument("--device", metavar="ID", help="device id (default: podtui-<hostname>)")
    sync_commands.add_parser("logout", help="forget the login and what waits to be sent")
    status = sync_commands.add_parser("status", help="when the last sync ran, what it changed")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    for sub in sync_commands.choices.values():
        _global_options(sub, suppress=True)
    command("doctor", "check libVLC, audio output, data dir, config and the player service")
    add_remote_commands(command)
    service = command("service", "the background player service")
    service_commands = service.add_subparsers(
        dest="service_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    run = service_commands.add_parser("run", help="run the service in the foreground")
    run.add_argument("--protocol", type=int, default=None, help=argparse.SUPPRESS)
    service_commands.add_parser("stop", help="save and stop the running service")
    for sub in service_commands.choices.values():
        _global_options(sub, suppress=True)
    if only is not None and only not in commands.choices:
        raise _Retry(f"no command {only!r}")
    return parser
