"""Every resource of the demo, rendered once for one base URL and one "today".

Feeds, pages, chapters, transcripts and artwork are rendered when the site is built;
the clips stay on disk until first asked for. Each resource carries a strong ETag and a
Last-Modified date for conditional requests.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from tui.demo import pages
from tui.demo.artwork import png
from tui.demo.clips import Clip, load_clips
from tui.demo.content import PODCASTS, DemoEpisode
from tui.demo.cues import chapter_list, render_chapters, render_transcript
from tui.demo.errors import DemoError
from tui.demo.feed import render_feed
from tui.demo.layout import (
    AUDIO_TYPE,
    CHAPTERS_TYPE,
    FEED_TYPE,
    HTML_TYPE,
    OPML_TYPE,
    TRANSCRIPT_TYPES,
    SiteLayout,
)


@dataclass(frozen=True, slots=True)
class Resource:
    body: bytes
    content_type: str
    etag: str
    last_modified: datetime  # whole seconds, UTC

    @classmethod
    def of(cls, body: bytes, content_type: str, modified: datetime) -> Resource:
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        return cls(body, content_type, etag, modified.replace(microsecond=0))


class DemoSite(SiteLayout):
    """Every resource of the demo, by path, with its URLs and dates (:class:`SiteLayout`)."""

    def __init__(
        self, base_url: str, today: date | None = None, clips: dict[str, Clip] | None = None
    ) -> None:
        super().__init__(base_url, today)
        self.clips = clips if clips is not None else load_clips()
        missing = [e.slug for p in PODCASTS for e in p.episodes if e.slug not in self.clips]
        if missing:
            raise DemoError(f"demo media missing for {', '.join(missing)}")
        self.built = datetime.now(UTC).replace(microsecond=0)
        self.resources: dict[str, Resource] = {}
        self.media: dict[str, Path] = {}  # path -> file, served from disk
        self._build()

    def chapter_list(self, episode: DemoEpisode) -> list[tuple[float, str]]:
        """(start seconds, title) of an episode's chapters."""
        return chapter_list(episode, self.clips[episode.slug])

    def lookup(self, path: str) -> Resource | None:
        found = self.resources.get(path)
        if found is not None:
            return found
        file = self.media.get(path)
        if file is None:
            return None
        resource = Resource.of(file.read_bytes(), AUDIO_TYPE, self.built)
        self.resources[path] = resource  # dict assignment is atomic: racing threads agree
        return resource

    def _add(self, path: str, body: bytes | str, content_type: str, modified: datetime) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.resources[path] = Resource.of(data, content_type, modified)

    def _build(self) -> None:
        for podcast in PODCASTS:
            newest = max(self.published(podcast, e) for e in podcast.episodes)
            feed = render_feed(podcast, self, self.clips)
            self._add(f"/feeds/{podcast.slug}.xml", feed, FEED_TYPE, newest)
            page = pages.podcast_page(podcast, self)
            self._add(f"/shows/{podcast.slug}/", page, HTML_TYPE, newest)
            if podcast.image:
                art = png(160, 160, podcast.accent)
                self._add(f"/art/{podcast.slug}.png", art, "image/png", self.built)
            for episode in podcast.episodes:
                when = self.published(podcast, episode)
                clip = self.clips[episode.slug]
                self.media[f"/media/{episode.slug}.mp3"] = clip.path
                page = pages.episode_page(podcast, episode, self)
                self._add(f"/shows/{podcast.slug}/{episode.slug}", page, HTML_TYPE, when)
                if episode.chapters:
                    body = render_chapters(episode, clip)
                    self._add(f"/chapters/{episode.slug}.json", body, CHAPTERS_TYPE, when)
                if episode.transcript:
                    kind = episode.transcript
                    body = render_transcript(clip, kind, podcast.speaker)
                    self._add(
                        f"/transcripts/{episode.slug}.{kind}",
                        body,
                        TRANSCRIPT_TYPES[kind] + "; charset=utf-8",
                        when,
                    )
        self._add("/demo.opml", pages.opml(self), OPML_TYPE, self.built)
        self._add("/", pages.index(self), HTML_TYPE, self.built)
