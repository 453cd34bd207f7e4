"""The demo library as plain data: four made-up podcasts written for podtui.

Every podcast, episode title and note here is original. Each episode has a short spoken
clip in ``tui/demo/media`` (made by ``make_media.py`` from the ``say`` fields below); the
notes describe the longer show the clip stands in for. Dates are ages in days, so the
demo always looks current: the server turns them into dates relative to today.

An episode's clip is made of spoken *segments*: the podcast's name, the episode's title,
then either its ``line`` or its ``parts``. ``parts`` are (chapter title, text) pairs;
when an episode has them, each becomes a chapter (after an "Introduction" chapter
covering the name and title), and transcripts cue every segment.
"""

from __future__ import annotations

from tui.demo.content.field import FIELD
from tui.demo.content.lantern import LANTERN
from tui.demo.content.model import DemoEpisode, DemoPodcast
from tui.demo.content.pipes import PIPES
from tui.demo.content.simmer import SIMMER

__all__ = ["PODCASTS", "DemoEpisode", "DemoPodcast", "all_episodes"]

PODCASTS: tuple[DemoPodcast, ...] = (PIPES, SIMMER, LANTERN, FIELD)


def all_episodes() -> list[tuple[DemoPodcast, DemoEpisode]]:
    return [(podcast, episode) for podcast in PODCASTS for episode in podcast.episodes]
