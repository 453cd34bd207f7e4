"""The demo's web pages (an index, one per podcast, one per episode) and its OPML list."""

from __future__ import annotations

import html
from xml.sax.saxutils import quoteattr

from tui.demo.content import PODCASTS, DemoEpisode, DemoPodcast
from tui.demo.layout import SiteLayout


def episode_page(podcast: DemoPodcast, episode: DemoEpisode, layout: SiteLayout) -> str:
    notes = episode.notes.strip()
    if episode.plain_notes:
        notes = f"<p>{html.escape(notes)}</p>"
    return (
        "<!doctype html>\n<meta charset=utf-8>\n"
        f"<title>{html.escape(episode.title)} · {html.escape(podcast.title)}</title>\n"
        f"<p><a href='{html.escape(layout.page_url(podcast))}'>"
        f"{html.escape(podcast.title)}</a></p>\n"
        f"<h1>{html.escape(episode.title)}</h1>\n{notes}\n"
        f"<audio controls preload=none src='{html.escape(layout.media_url(episode))}'>"
        "</audio>\n"
    )


def podcast_page(podcast: DemoPodcast, layout: SiteLayout) -> str:
    items = "\n".join(
        f"<li><a href='{html.escape(layout.page_url(podcast, e))}'>{html.escape(e.title)}</a>"
        for e in podcast.episodes
    )
    return (
        "<!doctype html>\n<meta charset=utf-8>\n"
        f"<title>{html.escape(podcast.title)}</title>\n"
        f"<h1>{html.escape(podcast.title)}</h1>\n<p>{html.escape(podcast.description)}</p>\n"
        f"<p>Feed: <a href='{html.escape(layout.feed_url(podcast))}'>"
        f"{html.escape(layout.feed_url(podcast))}</a></p>\n<ul>\n{items}\n</ul>\n"
    )


def opml(layout: SiteLayout) -> str:
    outlines = "\n".join(
        f'    <outline type="rss" text={quoteattr(p.title)} title={quoteattr(p.title)}'
        f" xmlUrl={quoteattr(layout.feed_url(p))} htmlUrl={quoteattr(layout.page_url(p))}/>"
        for p in PODCASTS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n'
        "  <head><title>podtui demo</title></head>\n"
        f"  <body>\n{outlines}\n  </body>\n</opml>\n"
    )


def index(layout: SiteLayout) -> str:
    items = "\n".join(
        f"<li><a href='{html.escape(layout.page_url(p))}'>{html.escape(p.title)}</a>"
        f" (<a href='{html.escape(layout.feed_url(p))}'>feed</a>)"
        for p in PODCASTS
    )
    return (
        "<!doctype html>\n<meta charset=utf-8>\n<title>podtui demo</title>\n"
        f"<h1>podtui demo</h1>\n<ul>\n{items}\n</ul>\n"
        "<p><a href='/demo.opml'>All feeds as OPML</a></p>\n"
    )
