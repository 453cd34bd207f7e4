"""The command line: ``podtui`` opens the app; subcommands manage the library as scripts.

Subcommands never import Textual, so they start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from tui import __version__
from tui.core.errors import NotFound, PodtuiError
from tui.core.text import clean_line, format_duration


class UsageError(PodtuiError):
    """Wrong arguments (exit status 2, as for argparse's own errors)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, like every other failure
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="podtui",
        description="A terminal podcast player. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"podtui {__version__}")
    _global_options(parser, suppress=False)
    parser.add_argument(
        "--demo", action="store_true", help="open the app on a bundled offline demo library"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        _global_options(sub, suppress=True)
        return sub

    add = command("add", "subscribe to feeds (http(s) URLs or local files)")
    add.add_argument("sources", nargs="+", metavar="SOURCE")
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
    command("doctor", "check libVLC, audio output, data dir and config")
    return parser


# -- helpers --------------------------------------------------------------------------------


def _iso(timestamp: int | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _date(timestamp: int | None) -> str:
    if timestamp is None:
        return "----------"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def episode_json(episode) -> dict:
    return {
        "id": episode.id,
        "podcast": episode.podcast,
        "podcast_id": episode.podcast_id,
        "title": episode.title,
        "guid": episode.guid,
        "published": _iso(episode.published),
        "duration": episode.duration,
        "enclosure": episode.enclosure_url,
        "enclosure_type": episode.enclosure_type,
        "played": episode.played,
        "position": episode.position,
        "queued": episode.queued,
        "queue_position": None if episode.queue_position is None else episode.queue_position + 1,
        "downloaded": episode.downloaded,
        "episode_number": episode.episode_number,
        "season_number": episode.season_number,
        "chapters": episode.chapters_url,
        "transcript": episode.transcript_url,
        "link": episode.link,
    }


def episode_status(episode) -> str:
    if episode.played:
        status = "played"
    elif episode.position > 0:
        if episode.duration:
            status = f"{min(99, int(100 * episode.position / episode.duration))}%"
        else:
            status = "started"
    else:
        status = "new"
    if episode.queued:
        status += ",queued"
    if episode.downloaded:
        status += ",downloaded"
    return status


def episode_line(episode) -> str:
    duration = format_duration(episode.duration) or "-"
    return (
        f"{episode.id:>6}  {_date(episode.published)}  {duration:>8}  "
        f"{episode_status(episode):<10}  {episode.podcast} — {episode.title}"
    )


EPISODE_HEADER = f"{'ID':>6}  {'PUBLISHED':<10}  {'LENGTH':>8}  {'STATUS':<10}  PODCAST — TITLE"


def _header(line: str) -> None:
    """A header line for a person at a terminal; scripts reading a pipe get the rows alone."""
    if sys.stdout.isatty():
        print(line)


def _note(message: str) -> None:
    print(message, file=sys.stderr)


def _print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def run_async(coro):
    """Run a coroutine on a fresh event loop (plain loops shut down faster than asyncio.run)."""
    import asyncio  # here: the commands that need no network start ~40 ms faster without it

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


def _err(message: str) -> None:
    print(f"error: {clean_line(message)}", file=sys.stderr)


# -- commands -------------------------------------------------------------------------------


def _report_sources(results) -> int:
    status = 0
    for result in results:
        if result.ok:
            podcast = result.podcast
            episodes = f"{result.total} episode{'s' if result.total != 1 else ''}"
            name = podcast.title or podcast.url
            if result.status == "added":
                print(f"{name}: {episodes}")
            else:
                new = f", {result.new} new" if result.new else ", none new"
                print(f"{name}: already subscribed; refreshed: {episodes}{new}")
        else:
            _err(f"{result.source}: {result.error}")
            status = 1
    return status


def cmd_add(library, args) -> int:
    from tui.core.subscriptions import add_sources

    return _report_sources(run_async(add_sources(library, args.sources)))


def cmd_refresh(library, args) -> int:
    from tui.core.subscriptions import refresh

    summary = run_async(refresh(library))
    print(summary.line())
    for result in summary.failed:
        title = result.podcast.title if result.podcast else result.source
        _err(f"{title} ({result.source}): {result.error}")
    return 1 if summary.failed else 0


def _filtered(library, words: Sequence[str]):
    """Episodes matching a query of the filter language, in the app's date order."""
    episodes = library.episodes()
    if not words:
        return episodes
    from tui.core.search import EpisodeIndex, parse_query

    while library.index_notes(2000):  # notes added since the last search
        pass
    query = parse_query(" ".join(words))
    if query.hints:  # a script asking for a filter must never get everything instead
        raise UsageError(f"invalid query: {'; '.join(query.hints)}")
    index = EpisodeIndex.from_library(library)
    by_id = {episode.id: episode for episode in episodes}
    return [by_id[index.ids[row]] for row in index.filter(query)]


def cmd_list(library, args) -> int:
    episodes = _filtered(library, args.query)
    if not episodes and not args.query:
        _note("no episodes yet: podtui add URL (a feed's address or file)")
    if args.json:
        _print_json([episode_json(episode) for episode in episodes])
    else:
        if episodes:
            _header(EPISODE_HEADER)
        for episode in episodes:
            print(episode_line(episode))
    return 0


def cmd_podcasts(library, args) -> int:
    podcasts = library.podcasts()
    if not podcasts:
        _note("no subscriptions yet: podtui add URL (a feed's address or file)")
    if args.json:
        _print_json(
            [
                {
                    "id": p.id,
                    "title": p.title,
                    "url": p.url,
                    "link": p.link,
                    "author": p.author,
                    "episodes": p.episode_count,
                    "unplayed": p.unplayed_count,
                    "last_checked": _iso(p.last_checked),
                    "last_error": p.last_error,
                }
                for p in podcasts
            ]
        )
    else:
        for p in podcasts:
            error = f"  (last refresh failed: {p.last_error})" if p.last_error else ""
            print(
                f"{p.id:>4}  {p.title or '(untitled)'}  {p.episode_count} episodes,"
                f" {p.unplayed_count} unplayed  {p.url}{error}"
            )
    return 0


def cmd_remove(library, args) -> int:
    podcast = library.find_podcast(args.podcast)
    library.remove_podcast(podcast.id)
    print(f"Removed {podcast.title or podcast.url} ({podcast.episode_count} episodes)")
    return 0


def cmd_import_opml(library, args) -> int:
    from tui.core.feeds.opml import read_opml
    from tui.core.subscriptions import add_sources

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise PodtuiError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    found = read_opml(data)
    for skipped in found.skipped:
        print(f"skipped: {clean_line(skipped.line())}", file=sys.stderr)
    if not found.feeds:
        skipped = len(found.skipped)
        detail = f" ({skipped} outline{'s' if skipped != 1 else ''} skipped)" if skipped else ""
        raise PodtuiError(f"{args.file}: no usable feeds{detail}")
    return _report_sources(run_async(add_sources(library, [url for url, _ in found.feeds])))


def cmd_export_opml(library, args) -> int:
    from tui.core.feeds.opml import export_opml

    text = export_opml([(p.title or p.url, p.url, p.link) for p in library.podcasts()])
    if args.file:
        try:
            Path(args.file).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise PodtuiError(f"cannot write {args.file}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
    return 0


def cmd_queue(library, args) -> int:
    action = args.queue_command
    if action == "add":
        library.queue_add(args.ids, at=0 if args.next else None)
    elif action == "remove":
        queued = set(library.queue_ids())
        for episode_id in args.ids:
            if episode_id not in queued:
                library.episode(episode_id, with_notes=False)  # NotFound for a wrong id
                raise NotFound(f"episode {episode_id} is not in the queue")
        library.queue_remove(args.ids)
    elif action == "move":
        queued = library.queue_ids()
        if args.id not in queued:
            library.episode(args.id, with_notes=False)
            raise NotFound(f"episode {args.id} is not in the queue")
        if not 1 <= args.position <= len(queued):
            raise PodtuiError(
                f"position {args.position} is out of range: the queue has places 1 to {len(queued)}"
            )
        library.queue_move(args.id, args.position - 1)
    elif action == "clear":
        library.queue_clear()
    if action and not getattr(args, "json", False):
        return 0
    episodes = library.queue()
    if not episodes:
        _note("the queue is empty: podtui queue add ID (IDs from podtui list)")
    if getattr(args, "json", False):
        _print_json([episode_json(episode) for episode in episodes])
    else:
        if episodes:
            _header(f"{'#':>3}  {EPISODE_HEADER}")
        for place, episode in enumerate(episodes, 1):
            print(f"{place:>3}. {episode_line(episode)}")
    return 0


def cmd_mark(library, args) -> int:
    for episode_id in args.ids:
        library.episode(episode_id, with_notes=False)  # NotFound for a wrong id
    library.set_played(args.ids, args.state == "played")
    return 0


def cmd_download(library, args, data_dir: Path, config) -> int:
    from tui.cli_progress import download_with_progress  # lazy: rich and httpx load slowly

    return download_with_progress(library, args.ids, data_dir, config)


def cmd_doctor(args, data_dir: Path, config_path: Path, config, config_error) -> int:
    from tui.player.doctor import doctor_report

    options = config.player_options(args.vlc_option, args.audio_output)
    rows = doctor_report(data_dir, config_path, options, config=config, config_error=config_error)
    width = max(len(check) for check, _, _ in rows)
    for check, detail, ok in rows:
        mark = "   " if ok is None else "ok " if ok else "NO "
        print(f"{mark} {check:<{width}}  {clean_line(detail)}")
    return 0 if all(ok is not False for _, _, ok in rows) else 1


def _load_config(args, config_path: Path):
    """The config, or a ConfigError; a file named by --config must exist (one found through
    $PODTUI_CONFIG or in the default place may be absent: the defaults apply)."""
    from tui.core.config import ConfigError, load_config

    if args.config and not config_path.is_file():
        what = "is not a file" if config_path.exists() else "does not exist"
        raise ConfigError(f"config file {config_path} {what} (named by --config)")
    return load_config(config_path)


LIBRARY_COMMANDS = {
    "add": cmd_add,
    "refresh": cmd_refresh,
    "list": cmd_list,
    "podcasts": cmd_podcasts,
    "remove": cmd_remove,
    "import-opml": cmd_import_opml,
    "export-opml": cmd_export_opml,
    "queue": cmd_queue,
    "mark": cmd_mark,
}


def run() -> None:
    """The console entry point: :func:`main`, then a quick exit after a subcommand.

    A subcommand has closed the library and has nothing left to clean up when it returns;
    the interpreter's own teardown would add tens of milliseconds to every call.
    """
    code = main()
    if _quick_exit:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to say
                stream.flush()
        os._exit(code)
    raise SystemExit(code)


_quick_exit = False


def main(argv: Sequence[str] | None = None) -> int:
    global _quick_exit
    parser = build_parser()
    args = parser.parse_args(argv)
    from tui.core import paths
    from tui.core.config import Config, ConfigError

    try:
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
            from tui.ui.app import run_app

            options = config.player_options(args.vlc_option, args.audio_output)
            return run_app(data_dir, config, vlc_options=options, demo=args.demo)
        if args.command == "doctor":
            return cmd_doctor(args, data_dir, config_path, config, config_error)
        from tui.core.library import Library

        library = Library.open(data_dir)
        try:
            if args.command == "download":
                return cmd_download(library, args, data_dir, config)
            return LIBRARY_COMMANDS[args.command](library, args)
        finally:
            library.close()
            _quick_exit = True
    except UsageError as exc:
        _err(exc.message)
        return 2
    except PodtuiError as exc:
        _err(exc.message)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # output piped into head and the like
        return 0
    except Exception as exc:  # a bug: one line here, the details in the log
        log = _log_unexpected(args)
        _err(f"unexpected {type(exc).__name__}: {exc} (details in {log})")
        return 1


def _log_unexpected(args) -> str:
    import traceback

    from tui.core import paths

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
