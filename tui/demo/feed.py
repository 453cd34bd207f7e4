"""The demo's RSS 2.0 feeds, with iTunes and Podcasting 2.0 tags.

The podcasts differ where real feeds differ: the form of ``itunes:duration``, the time
zone of dates, notes as CDATA ``content:encoded`` next to a plain summary, as escaped
HTML in ``<description>`` or as plain text only, artwork or none, chapters and
transcripts on some episodes.
"""

from __future__ import annotations

import email.utils
import html
import re
import uuid
from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

from tui import __version__
from tui.demo.clips import Clip
from tui.demo.content import DemoEpisode, DemoPodcast
from tui.demo.layout import AUDIO_TYPE, CHAPTERS_TYPE, GUID_NAMESPACE, TRANSCRIPT_TYPES, SiteLayout


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


def render_feed(podcast: DemoPodcast, layout: SiteLayout, clips: Mapping[str, Clip]) -> str:
    episodes = sorted(podcast.episodes, key=lambda e: layout.published(podcast, e), reverse=True)
    newest = layout.published(podcast, episodes[0])
    guid = uuid.uuid5(GUID_NAMESPACE, podcast.slug)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0"'
        ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:podcast="https://podcastindex.org/namespace/1.0"'
        ' xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"  <title>{escape(podcast.title)}</title>",
        f"  <link>{escape(layout.page_url(podcast))}</link>",
        f'  <atom:link href={quoteattr(layout.feed_url(podcast))} rel="self"'
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
        art = layout.art_url(podcast)
        lines += [
            f"  <itunes:image href={quoteattr(art)}/>",
            f"  <image><url>{escape(art)}</url><title>{escape(podcast.title)}</title>"
            f"<link>{escape(layout.page_url(podcast))}</link></image>",
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
        lines += _item(podcast, episode, layout, clips[episode.slug])
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines)


def _item(podcast: DemoPodcast, episode: DemoEpisode, layout: SiteLayout, clip: Clip) -> list[str]:
    notes = episode.notes.strip()
    lines = [
        "  <item>",
        f"    <title>{escape(episode.title)}</title>",
        f'    <guid isPermaLink="false">podtui-demo/{podcast.slug}/{episode.slug}</guid>',
        f"    <pubDate>{email.utils.format_datetime(layout.published(podcast, episode))}</pubDate>",
        f"    <link>{escape(layout.page_url(podcast, episode))}</link>",
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
        f'    <enclosure url={quoteattr(layout.media_url(episode))} length="{clip.size}"'
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
        url = layout.chapters_url(episode)
        lines.append(f'    <podcast:chapters url={quoteattr(url)} type="{CHAPTERS_TYPE}"/>')
    if episode.transcript:
        url = layout.transcript_url(episode)
        lines.append(
            f"    <podcast:transcript url={quoteattr(url)}"
            f' type="{TRANSCRIPT_TYPES[episode.transcript]}" language="{podcast.language}"/>'
        )
    lines.append("  </item>")
    return lines


def _plain(notes_html: str) -> str:
    """The first paragraph of some notes as plain text (for <description>)."""
    first = re.search(r"<p>(.*?)</p>", notes_html, re.S)
    text = re.sub(r"<[^>]+>", "", first.group(1) if first else notes_html)
    return " ".join(html.unescape(text).split())
