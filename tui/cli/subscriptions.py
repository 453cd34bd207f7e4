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
from tui.core.text import clean_line

if TYPE_CHECKING:
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


def cmd_add(library: Library, args: argparse.Namespace) -> int:
    from tui.core.subscriptions import add_sources  # lazy: the HTTP stack, for network commands

    return _report_sources(run_async(add_sources(library, args.sources)))


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
