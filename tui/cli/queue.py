"""``queue``: show the play queue, or add, remove, move and clear its episodes."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.cli.output import EPISODE_HEADER, episode_json, episode_line, header, note, print_json
from tui.core.errors import NotFound, PodtuiError

if TYPE_CHECKING:
    from tui.core.library import Library


def _change(library: Library, args: argparse.Namespace) -> None:
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
        places = library.queue_ids()
        if args.id not in places:
            library.episode(args.id, with_notes=False)
            raise NotFound(f"episode {args.id} is not in the queue")
        if not 1 <= args.position <= len(places):
            raise PodtuiError(
                f"position {args.position} is out of range: the queue has places 1 to {len(places)}"
            )
        library.queue_move(args.id, args.position - 1)
    elif action == "clear":
        library.queue_clear()


def cmd_queue(library: Library, args: argparse.Namespace) -> int:
    _change(library, args)
    as_json = bool(getattr(args, "json", False))
    if args.queue_command and not as_json:
        return 0
    episodes = library.queue()
    if not episodes:
        note("the queue is empty: podtui queue add ID (IDs from podtui list)")
    if as_json:
        print_json([episode_json(episode) for episode in episodes])
    else:
        if episodes:
            header(f"{'#':>3}  {EPISODE_HEADER}")
        for place, episode in enumerate(episodes, 1):
            print(f"{place:>3}. {episode_line(episode)}")
    return 0
