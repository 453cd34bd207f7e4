"""The demo's loopback HTTP server: real feeds, audio, chapters and transcripts.

Everything is rendered once, when the server starts, with the server's own base URL
(``http://127.0.0.1:<random port>``), so podtui fetches, parses, streams and downloads
the demo exactly as it would a podcast on the internet. Every resource answers GET and
HEAD with a strong ETag and Last-Modified (conditional requests get 304), and single
byte ranges (206, 416, If-Range), which is what libVLC and resumed downloads use.
With ``media_rate`` the clips are sent at that many bytes a second, like a podcast host
far away: fast enough to stream, slow enough that a download's progress can be watched.

Paths::

    /                          an HTML index
    /demo.opml                 every demo feed as OPML
    /feeds/<podcast>.xml       RSS 2.0 with iTunes and Podcasting 2.0 tags
    /media/<episode>.mp3       the episode's clip (MP3)
    /chapters/<episode>.json   Podcasting 2.0 JSON chapters
    /transcripts/<episode>.vtt WebVTT transcript
    /art/<podcast>.png         generated artwork
    /shows/<podcast>/          podcast page; /shows/<podcast>/<episode>: episode page
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import html
import json
import re
import shutil
import socket
import struct
import threading
import uuid
import zlib
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from time import monotonic, sleep
from xml.sax.saxutils import escape, quoteattr

from tui import __version__
from tui.core.errors import PodtuiError
from tui.demo.content import PODCASTS, DemoEpisode, DemoPodcast

MEDIA_DIR = Path(__file__).resolve().parent / "media"
MANIFEST = MEDIA_DIR / "manifest.json"

AUDIO_TYPE = "audio/mpeg"
FEED_TYPE = "application/rss+xml; charset=utf-8"
CHAPTERS_TYPE = "application/json+chapters"
TRANSCRIPT_TYPE = "text/vtt"
HTML_TYPE = "text/html; charset=utf-8"

# How each podcast writes its dates: the same instants in different zones.
_ZONES = {
    "pipes-and-prompts": UTC,
    "the-slow-simmer": timezone(timedelta(hours=1)),
    "lanternlight-stories": timezone(timedelta(hours=-5)),
    "field-notes-in-sound": timezone(timedelta(hours=2)),
}
_GUID_NAMESPACE = uuid.UUID("9b2f6c1e-57a4-4c55-8a38-3f1f3b8e2d40")


class DemoError(PodtuiError):
    """The demo could not be set up."""


@dataclass(frozen=True, slots=True)
class Clip:
    """One episode's audio, as recorded in media/manifest.json."""

    path: Path
    seconds: float
    segments: tuple[tuple[float, float], ...]
    texts: tuple[str, ...]

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def load_clips() -> dict[str, Clip]:
    """Every clip of the manifest, by episode slug."""
    try:
        data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DemoError(f"demo media are missing or damaged ({MANIFEST}): {exc}") from None
    return {
        slug: Clip(
            MEDIA_DIR / entry["file"],
            float(entry["seconds"]),
            tuple((float(a), float(b)) for a, b in entry["segments"]),
            tuple(entry["texts"]),
        )
        for slug, entry in data["clips"].items()
    }


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


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    method: str
    path: str
    status: int
    range: str | None


# -- formats -----------------------------------------------------------------------------------


def format_duration(seconds: float, style: str) -> str:
    """itunes:duration in one of the forms feeds use."""
    whole = max(1, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if style == "seconds":
        return str(whole)
    if style == "mm:ss":
        return f"{hours * 60 + minutes:02d}:{secs:02d}"
    if style == "hh:mm:ss":
        return f"{hours:02d}:{minutes:02d}:{secs:02d}"
    if style == "h:mm:ss":
        return f"{hours}:{minutes:02d}:{secs:02d}"
    raise ValueError(f"unknown duration style {style!r}")


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _http_date(when: datetime) -> str:
    return email.utils.format_datetime(when.astimezone(UTC), usegmt=True)


def _plain(notes_html: str) -> str:
    """The first paragraph of some notes as plain text (for <description>)."""
    first = re.search(r"<p>(.*?)</p>", notes_html, re.S)
    text = re.sub(r"<[^>]+>", "", first.group(1) if first else notes_html)
    return " ".join(html.unescape(text).split())


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """Simple artwork: a vertical gradient of ``rgb`` with a pale disc in the middle."""
    r0, g0, b0 = rgb
    cx, cy, radius = width / 2, height / 2, min(width, height) * 0.3
    rows = bytearray()
    for y in range(height):
        shade = 0.55 + 0.45 * (1 - y / height)
        base = bytes((int(r0 * shade), int(g0 * shade), int(b0 * shade)))
        row = bytearray(base * width)
        dy = (y + 0.5 - cy) ** 2
        if dy < radius * radius:
            half = (radius * radius - dy) ** 0.5
            x0, x1 = max(0, int(cx - half)), min(width, int(cx + half))
            light = bytes((min(255, 150 + r0 // 2), min(255, 150 + g0 // 2), 235))
            row[3 * x0 : 3 * x1] = light * (x1 - x0)
        rows += b"\x00" + row

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


# -- the site ----------------------------------------------------------------------------------


class DemoSite:
    """Every resource of the demo, rendered for one base URL and one "today"."""

    def __init__(
        self, base_url: str, today: date | None = None, clips: dict[str, Clip] | None = None
    ) -> None:
        self.base = base_url.rstrip("/")
        self.today = today or datetime.now(UTC).date()
        self.clips = clips if clips is not None else load_clips()
        missing = [e.slug for p in PODCASTS for e in p.episodes if e.slug not in self.clips]
        if missing:
            raise DemoError(f"demo media missing for {', '.join(missing)}")
        self.built = datetime.now(UTC).replace(microsecond=0)
        self.resources: dict[str, Resource] = {}
        self.media: dict[str, Path] = {}  # path -> file, served from disk
        self._build()

    # urls
    def feed_url(self, podcast: DemoPodcast) -> str:
        return f"{self.base}/feeds/{podcast.slug}.xml"

    def media_url(self, episode: DemoEpisode) -> str:
        return f"{self.base}/media/{episode.slug}.mp3"

    def page_url(self, podcast: DemoPodcast, episode: DemoEpisode | None = None) -> str:
        return f"{self.base}/shows/{podcast.slug}/{episode.slug if episode else ''}"

    def published(self, podcast: DemoPodcast, episode: DemoEpisode) -> datetime:
        day = self.today - timedelta(days=episode.days_ago)
        minute = (episode.days_ago * 13) % 60  # not always on the hour, like real feeds
        when = datetime.combine(day, time(podcast.release_hour, minute), UTC)
        return when.astimezone(_ZONES.get(podcast.slug, UTC))

    def _add(self, path: str, body: bytes | str, content_type: str, modified: datetime) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.resources[path] = Resource.of(data, content_type, modified)

    def _build(self) -> None:
        for podcast in PODCASTS:
            newest = max(self.published(podcast, e) for e in podcast.episodes)
            self._add(f"/feeds/{podcast.slug}.xml", self.feed(podcast), FEED_TYPE, newest)
            self._add(f"/shows/{podcast.slug}/", self.podcast_page(podcast), HTML_TYPE, newest)
            if podcast.image:
                art = png(160, 160, podcast.accent)
                self._add(f"/art/{podcast.slug}.png", art, "image/png", self.built)
            for episode in podcast.episodes:
                when = self.published(podcast, episode)
                clip = self.clips[episode.slug]
                self.media[f"/media/{episode.slug}.mp3"] = clip.path
                page = self.episode_page(podcast, episode)
                self._add(f"/shows/{podcast.slug}/{episode.slug}", page, HTML_TYPE, when)
                if episode.chapters:
                    body = self.chapters(episode)
                    self._add(f"/chapters/{episode.slug}.json", body, CHAPTERS_TYPE, when)
                if episode.transcript:
                    body = self.transcript(episode)
                    self._add(
                        f"/transcripts/{episode.slug}.vtt",
                        body,
                        TRANSCRIPT_TYPE + "; charset=utf-8",
                        when,
                    )
        self._add("/demo.opml", self.opml(), "text/x-opml; charset=utf-8", self.built)
        self._add("/", self.index(), HTML_TYPE, self.built)

    # renderers
    def feed(self, podcast: DemoPodcast) -> str:
        episodes = sorted(podcast.episodes, key=lambda e: self.published(podcast, e), reverse=True)
        newest = self.published(podcast, episodes[0])
        guid = uuid.uuid5(_GUID_NAMESPACE, podcast.slug)
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<rss version="2.0"'
            ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
            ' xmlns:podcast="https://podcastindex.org/namespace/1.0"'
            ' xmlns:atom="http://www.w3.org/2005/Atom">',
            "<channel>",
            f"  <title>{escape(podcast.title)}</title>",
            f"  <link>{escape(self.page_url(podcast))}</link>",
            f'  <atom:link href={quoteattr(self.feed_url(podcast))} rel="self"'
            ' type="application/rss+xml"/>',
            f"  <description>{escape(podcast.description)}</description>",
            f"  <language>{podcast.language}</language>",
            f"  <generator>podtui {__version__} demo</generator>",
            f"  <lastBuildDate>{email.utils.format_datetime(newest)}</lastBuildDate>",
            f"  <itunes:author>{escape(podcast.author)}</itunes:author>",
            f"  <itunes:summary>{escape(podcast.description)}</itunes:summary>",
            f"  <itunes:type>{podcast.podcast_type}</itunes:type>",
            "  <itunes:explicit>false</itunes:explicit>",
        ]
        if podcast.image:
            art = f"{self.base}/art/{podcast.slug}.png"
            lines += [
                f"  <itunes:image href={quoteattr(art)}/>",
                f"  <image><url>{escape(art)}</url><title>{escape(podcast.title)}</title>"
                f"<link>{escape(self.page_url(podcast))}</link></image>",
            ]
        category = f"  <itunes:category text={quoteattr(podcast.category)}"
        if podcast.subcategory:
            category += f"><itunes:category text={quoteattr(podcast.subcategory)}/>"
            category += "</itunes:category>"
        else:
            category += "/>"
        lines += [category, f"  <podcast:guid>{guid}</podcast:guid>"]
        lines += ["  <podcast:locked>no</podcast:locked>"]
        for episode in episodes:
            lines += self._item(podcast, episode)
        lines += ["</channel>", "</rss>", ""]
        return "\n".join(lines)

    def _item(self, podcast: DemoPodcast, episode: DemoEpisode) -> list[str]:
        clip = self.clips[episode.slug]
        notes = episode.notes.strip()
        lines = [
            "  <item>",
            f"    <title>{escape(episode.title)}</title>",
            f'    <guid isPermaLink="false">podtui-demo/{podcast.slug}/{episode.slug}</guid>',
            f"    <pubDate>{email.utils.format_datetime(self.published(podcast, episode))}"
            "</pubDate>",
            f"    <link>{escape(self.page_url(podcast, episode))}</link>",
        ]
        if episode.plain_notes:
            lines.append(f"    <description>{escape(notes)}</description>")
        elif podcast.slug == "lanternlight-stories":
            # HTML notes escaped inside <description>, as many feeds do.
            lines.append(f"    <description>{escape(notes)}</description>")
        else:
            if "]]>" in notes:
                raise ValueError(f"{episode.slug}: notes must not contain ']]>'")
            summary = episode.summary or _plain(notes)
            lines.append(f"    <description>{escape(summary)}</description>")
            lines.append(f"    <content:encoded><![CDATA[{notes}]]></content:encoded>")
        lines += [
            f'    <enclosure url={quoteattr(self.media_url(episode))} length="{clip.size}"'
            f' type="{AUDIO_TYPE}"/>',
            "    <itunes:duration>"
            f"{format_duration(clip.seconds, podcast.duration_style)}</itunes:duration>",
        ]
        if episode.number is not None:
            lines.append(f"    <itunes:episode>{episode.number}</itunes:episode>")
        if episode.season is not None:
            lines.append(f"    <itunes:season>{episode.season}</itunes:season>")
        lines += [
            f"    <itunes:episodeType>{episode.episode_type}</itunes:episodeType>",
            "    <itunes:explicit>false</itunes:explicit>",
        ]
        if episode.chapters:
            url = f"{self.base}/chapters/{episode.slug}.json"
            lines.append(f'    <podcast:chapters url={quoteattr(url)} type="{CHAPTERS_TYPE}"/>')
        if episode.transcript:
            url = f"{self.base}/transcripts/{episode.slug}.vtt"
            lines.append(
                f"    <podcast:transcript url={quoteattr(url)}"
                f' type="{TRANSCRIPT_TYPE}" language="{podcast.language}"/>'
            )
        lines.append("  </item>")
        return lines

    def chapter_list(self, episode: DemoEpisode) -> list[tuple[float, str]]:
        """(start seconds, title): an introduction, then one chapter per part."""
        clip = self.clips[episode.slug]
        chapters = [(0.0, "Introduction")]
        for (title, _), (start, _) in zip(episode.parts, clip.segments[2:], strict=False):
            chapters.append((start, title))
        return chapters

    def chapters(self, episode: DemoEpisode) -> str:
        chapters = [
            {"startTime": round(start, 3), "title": title}
            for start, title in self.chapter_list(episode)
        ]
        return json.dumps({"version": "1.2.0", "chapters": chapters}, indent=1) + "\n"

    def transcript(self, episode: DemoEpisode) -> str:
        clip = self.clips[episode.slug]
        cues = ["WEBVTT", ""]
        for number, ((start, end), text) in enumerate(
            zip(clip.segments, clip.texts, strict=True), 1
        ):
            cues += [str(number), f"{_timestamp(start)} --> {_timestamp(end)}", text, ""]
        return "\n".join(cues)

    def episode_page(self, podcast: DemoPodcast, episode: DemoEpisode) -> str:
        notes = episode.notes.strip()
        if episode.plain_notes:
            notes = f"<p>{html.escape(notes)}</p>"
        return (
            "<!doctype html>\n<meta charset=utf-8>\n"
            f"<title>{html.escape(episode.title)} · {html.escape(podcast.title)}</title>\n"
            f"<p><a href='{html.escape(self.page_url(podcast))}'>"
            f"{html.escape(podcast.title)}</a></p>\n"
            f"<h1>{html.escape(episode.title)}</h1>\n{notes}\n"
            f"<audio controls preload=none src='{html.escape(self.media_url(episode))}'>"
            "</audio>\n"
        )

    def podcast_page(self, podcast: DemoPodcast) -> str:
        items = "\n".join(
            f"<li><a href='{html.escape(self.page_url(podcast, e))}'>{html.escape(e.title)}</a>"
            for e in podcast.episodes
        )
        return (
            "<!doctype html>\n<meta charset=utf-8>\n"
            f"<title>{html.escape(podcast.title)}</title>\n"
            f"<h1>{html.escape(podcast.title)}</h1>\n<p>{html.escape(podcast.description)}</p>\n"
            f"<p>Feed: <a href='{html.escape(self.feed_url(podcast))}'>"
            f"{html.escape(self.feed_url(podcast))}</a></p>\n<ul>\n{items}\n</ul>\n"
        )

    def opml(self) -> str:
        outlines = "\n".join(
            f'    <outline type="rss" text={quoteattr(p.title)} title={quoteattr(p.title)}'
            f" xmlUrl={quoteattr(self.feed_url(p))} htmlUrl={quoteattr(self.page_url(p))}/>"
            for p in PODCASTS
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n'
            "  <head><title>podtui demo</title></head>\n"
            f"  <body>\n{outlines}\n  </body>\n</opml>\n"
        )

    def index(self) -> str:
        items = "\n".join(
            f"<li><a href='{html.escape(self.page_url(p))}'>{html.escape(p.title)}</a>"
            f" (<a href='{html.escape(self.feed_url(p))}'>feed</a>)"
            for p in PODCASTS
        )
        return (
            "<!doctype html>\n<meta charset=utf-8>\n<title>podtui demo</title>\n"
            f"<h1>podtui demo</h1>\n<ul>\n{items}\n</ul>\n"
            "<p><a href='/demo.opml'>All feeds as OPML</a></p>\n"
        )

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


# -- HTTP --------------------------------------------------------------------------------------


def _parse_range(header: str, total: int) -> tuple[int, int] | bool | None:
    """(start, end) inclusive for a satisfiable single range; False if unsatisfiable;
    None to ignore the header (bad syntax, several ranges)."""
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash:
        return None
    try:
        if first:
            start = int(first)
            end = int(last) if last else total - 1
            if start < 0 or end < start:
                return None if start < total else False
        else:
            suffix = int(last)
            if suffix <= 0:
                return False
            start, end = max(0, total - suffix), total - 1
    except ValueError:
        return None
    if start >= total:
        return False
    return start, min(end, total - 1)


def _etag_matches(header: str, etag: str, *, weak: bool) -> bool:
    if header.strip() == "*":
        return True
    for candidate in header.split(","):
        candidate = candidate.strip()
        if weak and candidate.startswith("W/"):
            candidate = candidate[2:]
        if candidate == etag:
            return True
    return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "podtui-demo"
    sys_version = ""
    timeout = 30
    disable_nagle_algorithm = True  # headers and body go out at once
    server: _HTTPServer

    def log_message(self, format: str, *args: object) -> None:  # never write to the terminal
        pass

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _not_allowed(self) -> None:
        self._answer(405, b"method not allowed\n", "text/plain", head=False, allow="GET, HEAD")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def _answer(
        self,
        status: int,
        body: bytes,
        content_type: str,
        *,
        head: bool,
        allow: str | None = None,
    ) -> None:
        self._log(status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if allow:
            self.send_header("Allow", allow)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _log(self, status: int) -> None:
        path = self.path.split("?", 1)[0]
        self.server.log.append(LoggedRequest(self.command, path, status, self.headers.get("Range")))

    def _serve(self, *, head: bool) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        resource = self.server.site.lookup(path)
        if resource is None:
            self._answer(404, b"not found\n", "text/plain; charset=utf-8", head=head)
            return
        modified = _http_date(resource.last_modified)
        if self._not_modified(resource):
            self._log(304)
            self.send_response(304)
            self.send_header("ETag", resource.etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            return
        body = resource.body
        total = len(body)
        status, start, end = 200, 0, total - 1
        wanted = self.headers.get("Range")
        if wanted and self._if_range_holds(resource):
            chosen = _parse_range(wanted, total)
            if chosen is False:
                self._log(416)
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{total}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if chosen:
                status, (start, end) = 206, chosen
        self._log(status)
        self.send_response(status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(end - start + 1 if total else 0))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", resource.etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Cache-Control", "no-cache")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{total}")
        self.end_headers()
        if not head and total:
            rate = self.server.media_rate if resource.content_type.startswith("audio/") else None
            self._send(body[start : end + 1], rate)

    def _send(self, data: bytes, rate: int | None) -> None:
        if not rate:
            self.wfile.write(data)
            return
        piece = max(1, rate // 10)  # ten writes a second
        started = monotonic()
        for offset in range(0, len(data), piece):
            due = started + offset / rate
            delay = due - monotonic()
            if delay > 0:
                sleep(delay)
            self.wfile.write(data[offset : offset + piece])

    def _not_modified(self, resource: Resource) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return _etag_matches(if_none_match, resource.etag, weak=True)
        since = self.headers.get("If-Modified-Since")
        if since:
            with contextlib.suppress(TypeError, ValueError, IndexError):
                when = email.utils.parsedate_to_datetime(since)
                if when.tzinfo is None:
                    when = when.replace(tzinfo=UTC)
                return resource.last_modified <= when
        return False

    def _if_range_holds(self, resource: Resource) -> bool:
        condition = self.headers.get("If-Range")
        if not condition:
            return True
        condition = condition.strip()
        if condition.startswith('"'):
            return condition == resource.etag
        return condition == _http_date(resource.last_modified)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(
        self, site_factory, address: tuple[str, int], media_rate: int | None = None
    ) -> None:
        super().__init__(address, _Handler)
        self.media_rate = media_rate
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self.log: deque[LoggedRequest] = deque(maxlen=2000)
        try:
            self.site: DemoSite = site_factory(self)
        except BaseException:
            self.server_close()
            raise

    def track(self, connection: socket.socket, alive: bool) -> None:
        with self._connections_lock:
            if alive:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def drop_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request, client_address) -> None:  # a client hung up mid-body
        pass


class DemoServer:
    """The demo's HTTP server on 127.0.0.1 (a random port), running in a daemon thread.

    Use as a context manager or call :meth:`close`. ``feed_urls`` lists the demo feeds in
    the order of :data:`tui.demo.content.PODCASTS`; ``requests`` logs what was asked.
    ``media_rate`` (bytes a second) paces the clips; None sends them at once.
    """

    def __init__(
        self,
        *,
        today: date | None = None,
        host: str = "127.0.0.1",
        media_rate: int | None = None,
    ) -> None:
        def site(httpd: _HTTPServer) -> DemoSite:
            port = httpd.server_address[1]
            return DemoSite(f"http://{host}:{port}", today)

        self._httpd = _HTTPServer(site, (host, 0), media_rate)
        self.site = self._httpd.site
        self.base_url = self.site.base
        self.feed_urls: list[str] = [self.site.feed_url(p) for p in PODCASTS]
        self._cleanup: list[Path] = []
        self._closed = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="podtui-demo-http",
            daemon=True,
        )
        self._thread.start()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def requests(self) -> list[LoggedRequest]:
        return list(self._httpd.log)

    @property
    def opml_url(self) -> str:
        return f"{self.base_url}/demo.opml"

    def url(self, path: str) -> str:
        return self.base_url + path

    def remove_on_close(self, paths: Iterable[Path]) -> None:
        """Delete these directories when the server closes (the throw-away data dir)."""
        self._cleanup.extend(paths)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._httpd.shutdown()
        self._httpd.drop_connections()
        self._httpd.server_close()
        self._thread.join(5)
        for path in self._cleanup:
            shutil.rmtree(path, ignore_errors=True)

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
