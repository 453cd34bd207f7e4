"""Which library episode (and podcast) a URL from another device means.

Real feeds hand out the same episode under different URLs: http on one device and https
on another, and wrapped in tracking redirects (``dts.podtrac.com/redirect.mp3/``,
``chtbl.com/track/ID/``, ``pdst.fm/e/`` ...) that come and go. A URL's key drops the
scheme and every known redirect prefix; keys are compared with and without the query.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from typing import TypeVar
from urllib.parse import unquote

from tui.core.models import EpisodeAction

K = TypeVar("K", bound=Hashable)

# Tracking and measurement services that put the real URL after their own path.
_PREFIXES = re.compile(
    r"^(?:"
    r"(?:dts\.|www\.)?podtrac\.com/(?:pts/)?redirect\.[a-z0-9]+/"
    r"|chtbl\.com/track/[^/]+/"
    r"|chrt\.fm/track/[^/]+/"
    r"|pdst\.fm/e/"
    r"|pdcn\.co/e/"
    r"|op3\.dev/e(?:,[^/]*)?/"
    r"|pfx\.vpixl\.com/[^/]+/"
    r"|arttrk\.com/p/[^/]+/"
    r"|(?:verifi\.)?podscribe\.com/rss/p/"
    r"|pscrb\.fm/rss/p/"
    r"|mgln\.ai/e/[^/]+/"
    r"|claritaspod\.com/measure/"
    r"|clrtpod\.com/m/"
    r"|prfx\.byspotify\.com/e/"
    r"|prefix\.up\.audio/s/"
    r"|tracking\.swap\.fm/track/[^/]+/"
    r"|media\.blubrry\.com/[^/]+/"
    r"|growx\.podkite\.com/[^/]+/"
    r"|[a-z0-9.-]+\.podtrac\.com/redirect\.[a-z0-9]+/"
    r")",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# What follows a prefix must look like a host and a path: a dot before the first slash.
_HOST = re.compile(r"^[^/?#]+\.[^/?#]+/")


def url_key(url: str) -> str:
    """``host/path?query`` with the scheme and known redirect prefixes removed, percent
    escapes decoded; the host lower-cased, a leading ``www.`` and the fragment dropped."""
    # Servers percent-encode what they store differently (``:`` in a wrapped URL's port).
    text = _SCHEME.sub("", unquote(url.strip())).split("#", 1)[0]
    while True:
        found = _PREFIXES.match(text)
        if not found or not _HOST.match(text[found.end() :]):
            break
        text = _SCHEME.sub("", text[found.end() :])
    host, slash, rest = text.partition("/")
    host = host.lower().removeprefix("www.")
    return host + slash + rest if rest or slash else host + "/"


def without_query(key: str) -> str:
    return key.split("?", 1)[0]


def feed_key(url: str) -> str:
    """A feed URL's identity for comparing subscriptions (scheme-insensitive too)."""
    return url_key(url).rstrip("/")


class EpisodeMatcher:
    """Library episodes by guid and by URL key, built from ``Library.sync_episode_keys``."""

    def __init__(self, rows: Iterable[tuple[int, str, str, str | None]]) -> None:
        """``rows``: ``(episode id, podcast URL, guid, enclosure URL)``."""
        self._guid: dict[tuple[str, str], int | None] = {}
        self._full: dict[str, int | None] = {}
        self._bare: dict[str, int | None] = {}
        for episode_id, podcast_url, guid, enclosure in rows:
            if guid:
                _put(self._guid, (feed_key(podcast_url), guid), episode_id)
            if enclosure:
                key = url_key(enclosure)
                _put(self._full, key, episode_id)
                _put(self._bare, without_query(key), episode_id)

    def match(self, action: EpisodeAction) -> int | None:
        """The library episode an action is about, or None (unknown or ambiguous)."""
        if action.guid:
            found = self._guid.get((feed_key(action.podcast), action.guid))
            if found is not None:
                return found
        key = url_key(action.episode)
        found = self._full.get(key)
        if found is not None:
            return found
        return self._bare.get(without_query(key))


def _put(index: dict[K, int | None], key: K, episode_id: int) -> None:
    """Remember ``key`` -> ``episode_id``; a key two episodes share matches neither."""
    if key in index and index[key] != episode_id:
        index[key] = None
    else:
        index[key] = episode_id
