"""``search WORDS [--json]``: podcasts by name from the podcast directories."""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TYPE_CHECKING

from tui.cli.common import UsageError, run_async
from tui.cli.output import err, header, print_json
from tui.core.text import clean_line

if TYPE_CHECKING:
    from tui.core.config import Config
    from tui.core.directories.models import FoundPodcast, SearchOutcome


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def result_lines(results: list[FoundPodcast], width: int) -> list[str]:
    """A header and one row per podcast: title, author, episodes, last episode, directories."""
    counts = [f"{r.episodes:,}" if r.episodes is not None else "" for r in results]
    dates = [r.last_episode.isoformat() if r.last_episode else "" for r in results]
    count = max([len("EPISODES"), *map(len, counts)])
    last = max([len("LAST"), *map(len, dates)])
    where = max([len("DIRECTORY"), *(len(r.directory_names) for r in results)])
    room = max(24, width - count - last - where - 8)
    author = min(max([len("AUTHOR"), *(len(r.author) for r in results)]), room // 3)
    title = min(max([len("TITLE"), *(len(r.title) for r in results)]), max(12, room - author))
    lines = [
        f"{'TITLE':<{title}}  {'AUTHOR':<{author}}  {'EPISODES':>{count}}  {'LAST':<{last}}"
        "  DIRECTORY"
    ]
    for r, episodes, date in zip(results, counts, dates, strict=True):
        lines.append(
            f"{_fit(r.title or '?', title):<{title}}  {_fit(r.author, author):<{author}}"
            f"  {episodes:>{count}}  {date:<{last}}  {r.directory_names}"
        )
    return lines


def cmd_search(args: argparse.Namespace, config: Config) -> int:
    from tui.core.directories.search import search_directories  # lazy: network commands only
    from tui.core.feeds.light import LightFetcher  # lazy: network commands only

    words = clean_line(" ".join(args.words))
    if not words:
        raise UsageError("search needs words to look for")

    async def search() -> SearchOutcome:
        async with LightFetcher() as fetcher:
            return await search_directories(fetcher, config.directories, words)

    outcome = run_async(search())
    for failure in outcome.failures:
        err(failure.line())
    if args.json:
        print_json([found.as_json() for found in outcome.results])
    elif outcome.results:
        # Cut to the terminal's width; piped, every text whole.
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000
        heading, *rows = result_lines(outcome.results, width)
        header(heading)
        print("\n".join(rows))
    elif not outcome.all_failed:
        print(f"No podcast found for {words!r}", file=sys.stderr)
    return 1 if outcome.all_failed else 0
