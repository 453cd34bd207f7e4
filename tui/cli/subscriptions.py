"""``add``, ``refresh``, ``remove``, ``import-opml`` and ``export-opml``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.common import run_async
from tui.cli.output import err
from tui.core.errors import PodtuiError
from tui.core.models import SourceStatus
from tui.core.text import clean_line

if TYPE_CHECKING:
    from tui.core.config import Config
    from tui.core.directories.apple import FeedLink
    from tui.core.library import Library
    from tui.core.subscriptions import SourceResult


def _report_sources(results: Iterable[SourceResult]) -> int:
    status = 0
    for result in results:
        if result.ok and result.podcast is not None:
            podcast = result.podcast
            episodes = f"{result.total} episode{'s' if result.total != 1 else ''}"
            name = podcast.title or podcast.url
            if result.status == "added":
                print(f"{name}: {episodes}")
            else:
                new = f", {result.new} new" if result.new else ", none new"
                print(f"{name}: already subscribed; refreshed: {episodes}{new}")
        else:
            err(f"{result.source}: {result.error}")
            status = 1
    return status


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask_feed(source: str, choices: list[FeedLink]) -> str | None:
    """The feed the user picks among those a page links to (None: none)."""
    print(f"{clean_line(source)} links to {len(choices)} feeds:")
    for number, link in enumerate(choices, 1):
        print(f"{number:>3}. {clean_line(link.line())}")
    while True:
        try:
            answer = input(f"Subscribe to which one? [1-{len(choices)}, Enter: none] ").strip()
        except EOFError:
            return None
        if not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1].url
        print(f"Type a number from 1 to {len(choices)}, or nothing to skip")


def cmd_add(library: Library, args: argparse.Namespace, config: Config | None = None) -> int:
    from tui.core.subscriptions import add_sources  # lazy: the HTTP stack, for network commands

    directories = config.directories if config is not None else None
    results = run_async(add_sources(library, args.sources, directories=directories))
    status = 0
    for result in results:
        if result.status != SourceStatus.CHOOSE:
            status |= _report_sources([result])
            continue
        if not _interactive():
            err(f"{result.source}: the page links to {len(result.choices)} feeds:")
            for link in result.choices:
                print(f"  {clean_line(link.line())}", file=sys.stderr)
            print("hint: run podtui add with the URL of the one you want", file=sys.stderr)
            status = 1
            continue
        picked = _ask_feed(result.source, result.choices)
        if picked is None:
            status = 1
            continue
        status |= _report_sources(
            run_async(add_sources(library, [picked], directories=directories))
        )
    return status


def cmd_refresh(library: Library, args: argparse.Namespace) -> int:
    from tui.core.subscriptions import refresh  # lazy: the HTTP stack, for network commands

    summary = run_async(refresh(library))
    print(summary.line())
    for result in summary.failed:
        title = result.podcast.title if result.podcast else result.source
        err(f"{title} ({result.source}): {result.error}")
    return 1 if summary.failed else 0


def cmd_remove(library: Library, args: argparse.Namespace) -> int:
    podcast = library.find_podcast(args.podcast)
    library.remove_podcast(podcast.id)
    print(f"Removed {podcast.title or podcast.url} ({podcast.episode_count} episodes)")
    return 0


def cmd_import_opml(library: Library, args: argparse.Namespace) -> int:
    from tui.core.feeds.opml import read_opml  # lazy: the XML parser, for OPML commands
    from tui.core.subscriptions import add_sources  # lazy: the HTTP stack, for network commands

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise PodtuiError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    found = read_opml(data)
    for skipped in found.skipped:
        print(f"skipped: {clean_line(skipped.line())}", file=sys.stderr)
    if not found.feeds:
        count = len(found.skipped)
        detail = f" ({count} outline{'s' if count != 1 else ''} skipped)" if count else ""
        raise PodtuiError(f"{args.file}: no usable feeds{detail}")
    return _report_sources(run_async(add_sources(library, [url for url, _ in found.feeds])))


def cmd_export_opml(library: Library, args: argparse.Namespace) -> int:
    from tui.core.feeds.opml import export_opml  # lazy: the XML writer, for OPML commands

    text = export_opml([(p.title or p.url, p.url, p.link) for p in library.podcasts()])
    if args.file:
        try:
            Path(args.file).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise PodtuiError(f"cannot write {args.file}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
    return 0
