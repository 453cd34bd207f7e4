"""Where each demo resource lives, what type it is served as, and when each episode came out.

Dates are ages in days in the demo's data; here they become instants relative to the
site's "today", written in each podcast's own time zone, as real feeds differ in that.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone

from tui.demo.content import DemoEpisode, DemoPodcast

AUDIO_TYPE = "audio/mpeg"
FEED_TYPE = "application/rss+xml; charset=utf-8"
CHAPTERS_TYPE = "application/json+chapters"
# The transcript formats, as served and advertised.
TRANSCRIPT_TYPES = {
    "vtt": "text/vtt",
    "srt": "application/x-subrip",
    "json": "application/json",
    "html": "text/html",
}
HTML_TYPE = "text/html; charset=utf-8"
OPML_TYPE = "text/x-opml; charset=utf-8"

# How each podcast writes its dates: the same instants in different zones.
_ZONES = {
    "pipes-and-prompts": UTC,
    "the-slow-simmer": timezone(timedelta(hours=1)),
    "lanternlight-stories": timezone(timedelta(hours=-5)),
    "field-notes-in-sound": timezone(timedelta(hours=2)),
}
GUID_NAMESPACE = uuid.UUID("9b2f6c1e-57a4-4c55-8a38-3f1f3b8e2d40")


class SiteLayout:
    """The demo's URLs under one base URL, and its episodes' dates for one "today"."""

    def __init__(self, base_url: str, today: date | None = None) -> None:
        self.base = base_url.rstrip("/")
        self.today = today or datetime.now(UTC).date()

    def feed_url(self, podcast: DemoPodcast) -> str:
        return f"{self.base}/feeds/{podcast.slug}.xml"

    def media_url(self, episode: DemoEpisode) -> str:
        return f"{self.base}/media/{episode.slug}.mp3"

    def page_url(self, podcast: DemoPodcast, episode: DemoEpisode | None = None) -> str:
        return f"{self.base}/shows/{podcast.slug}/{episode.slug if episode else ''}"

    def art_url(self, podcast: DemoPodcast) -> str:
        return f"{self.base}/art/{podcast.slug}.png"

    def chapters_url(self, episode: DemoEpisode) -> str:
        return f"{self.base}/chapters/{episode.slug}.json"

    def transcript_url(self, episode: DemoEpisode) -> str:
        return f"{self.base}/transcripts/{episode.slug}.{episode.transcript}"

    def published(self, podcast: DemoPodcast, episode: DemoEpisode) -> datetime:
        day = self.today - timedelta(days=episode.days_ago)
        minute = (episode.days_ago * 13) % 60  # not always on the hour, like real feeds
        when = datetime.combine(day, time(podcast.release_hour, minute), UTC)
        return when.astimezone(_ZONES.get(podcast.slug, UTC))
