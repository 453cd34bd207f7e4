"""``list`` (episodes, filtered by the app's filter language) and ``podcasts``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.cli.common import UsageError
from tui.cli.output import EPISODE_HEADER, episode_json, episode_line, header, iso, note, print_json

if TYPE_CHECKING:
    from tui.core.library import Library
    from tui.core.models import Episode


def _filtered(library: Library, words: Sequence[str]) -> list[Episode]:
    """Episodes matching a query of the filter language, in the app's date order."""
    episodes = library.episodes()
    if not words:
        return episodes
    from tui.core.search import EpisodeIndex, parse_query  # lazy: only a filtered list needs it

    while library.index_notes(2000):  # notes added since the last search
        pass
    query = parse_query(" ".join(words))
    if query.hints:  # a script asking for a filter must never get everything instead
        raise UsageError(f"invalid query: {'; '.join(query.hints)}")
    index = EpisodeIndex.from_library(library)
    by_id = {episode.id: episode for episode in episodes}
    return [by_id[index.ids[row]] for row in index.filter(query)]


def cmd_list(library: Library, args: argparse.Namespace) -> int:
    episodes = _filtered(library, args.query)
    if not episodes and not args.query:
        note("no episodes yet: podtui add URL (a feed's address or file)")
    if args.json:
        print_json([episode_json(episode) for episode in episodes])
    else:
        if episodes:
            header(EPISODE_HEADER)
        for episode in episodes:
            print(episode_line(episode))
    return 0


def cmd_podcasts(library: Library, args: argparse.Namespace) -> int:
    podcasts = library.podcasts()
    if not podcasts:
        note("no subscriptions yet: podtui add URL (a feed's address or file)")
    if args.json:
        print_json(
            [
                {
                    "id": p.id,
                    "title": p.title,
                    "url": p.url,
                    "link": p.link,
                    "author": p.author,
                    "episodes": p.episode_count,
                    "unplayed": p.unplayed_count,
                    "last_checked": iso(p.last_checked),
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
