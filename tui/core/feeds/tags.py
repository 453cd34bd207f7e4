"""The tags of the feed formats: namespaces, and the codes items and channels dispatch on.

Each tag is registered in every spelling feeds write it (Clark notation, or an undeclared
``prefix:local``), so reading an element is one dictionary lookup.
"""

from __future__ import annotations

# -- namespaces ------------------------------------------------------------------------------------

ITUNES = (
    "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "https://www.itunes.com/dtds/podcast-1.0.dtd",
    "http://www.itunes.com/DTDs/Podcast-1.0.dtd",
    "http://www.itunes.com/dtds/Podcast-1.0.dtd",
    "itunes",  # prefix used without a declaration: libxml2 keeps "itunes:tag"
)
CONTENT = ("http://purl.org/rss/1.0/modules/content/", "content")
MEDIA = ("http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss", "media")
PODCAST = (
    "https://podcastindex.org/namespace/1.0",
    "http://podcastindex.org/namespace/1.0",
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
    "podcast",
)
GOOGLEPLAY = ("http://www.google.com/schemas/play-podcasts/1.0", "googleplay")
DC = ("http://purl.org/dc/elements/1.1/", "dc")
DCTERMS = ("http://purl.org/dc/terms/", "dcterms")
ATOM_NS = "http://www.w3.org/2005/Atom"
RSS1 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ENC = "http://purl.oclc.org/net/rss_2.0/enc#"  # enclosures in RSS 1.0


def _names(namespaces: tuple[str, ...], local: str) -> list[str]:
    """Every spelling of a namespaced tag: Clark notation, or ``prefix:local`` undeclared."""
    return [f"{ns}:{local}" if "/" not in ns else f"{{{ns}}}{local}" for ns in namespaces]


# -- item tags -------------------------------------------------------------------------------------

# Single-valued tags (the last one wins) come first; their elements go to a slot table.
(
    T_TITLE,
    T_GUID,
    T_DATE,
    T_DESCRIPTION,
    T_CONTENT,
    T_DURATION,
    T_EPISODE,
    T_SEASON,
    T_EPISODE_TYPE,
    T_EXPLICIT,
    T_IMAGE,
    T_LINK,
    T_ITUNES_TITLE,
    T_SUMMARY,
    T_MEDIA_THUMBNAIL,
    T_CHAPTERS,
    T_PODCAST_EPISODE,
    T_PODCAST_SEASON,
    T_DC_DATE,
    T_ISSUED,
    T_CREATED,
    T_UPDATED,
    T_MODIFIED,
    T_DC_TITLE,
    T_ATOM_TITLE,
    T_ATOM_CONTENT,
    T_ATOM_SUMMARY,
    # multi-valued: kept in document order
    T_ENCLOSURE,
    T_ATOM_LINK,
    T_MEDIA_CONTENT,
    T_MEDIA_GROUP,
    T_TRANSCRIPT,
    T_ITEM,
) = range(33)
SINGLE = T_ENCLOSURE  # codes below are single-valued

ITEM_TAGS: dict[str, int] = {}


def _register(table: dict[str, int], code: int, *names: str | list[str]) -> None:
    for name in names:
        for spelling in [name] if isinstance(name, str) else name:
            table[spelling] = code


_register(ITEM_TAGS, T_TITLE, "title", f"{{{RSS1}}}title")
_register(ITEM_TAGS, T_GUID, "guid", f"{{{ATOM_NS}}}id")
_register(ITEM_TAGS, T_DATE, "pubDate", "pubdate", "PubDate", f"{{{ATOM_NS}}}published")
_register(ITEM_TAGS, T_DESCRIPTION, "description", f"{{{RSS1}}}description")
_register(ITEM_TAGS, T_CONTENT, _names(CONTENT, "encoded"))
_register(ITEM_TAGS, T_ENCLOSURE, "enclosure", f"{{{ENC}}}enclosure")
_register(ITEM_TAGS, T_DURATION, _names(ITUNES, "duration"))
_register(ITEM_TAGS, T_EPISODE, _names(ITUNES, "episode"))
_register(ITEM_TAGS, T_SEASON, _names(ITUNES, "season"))
_register(ITEM_TAGS, T_EPISODE_TYPE, _names(ITUNES, "episodeType"), _names(ITUNES, "episodetype"))
_register(ITEM_TAGS, T_EXPLICIT, _names(ITUNES, "explicit"))
_register(ITEM_TAGS, T_IMAGE, _names(ITUNES, "image"), _names(GOOGLEPLAY, "image"))
_register(ITEM_TAGS, T_LINK, "link", f"{{{RSS1}}}link")
_register(ITEM_TAGS, T_ITUNES_TITLE, _names(ITUNES, "title"))
_register(ITEM_TAGS, T_SUMMARY, _names(ITUNES, "summary"), _names(GOOGLEPLAY, "description"))
_register(ITEM_TAGS, T_MEDIA_CONTENT, _names(MEDIA, "content"))
_register(ITEM_TAGS, T_MEDIA_GROUP, _names(MEDIA, "group"))
_register(ITEM_TAGS, T_MEDIA_THUMBNAIL, _names(MEDIA, "thumbnail"))
_register(ITEM_TAGS, T_CHAPTERS, _names(PODCAST, "chapters"))
_register(ITEM_TAGS, T_TRANSCRIPT, _names(PODCAST, "transcript"))
_register(ITEM_TAGS, T_PODCAST_EPISODE, _names(PODCAST, "episode"))
_register(ITEM_TAGS, T_PODCAST_SEASON, _names(PODCAST, "season"))
_register(ITEM_TAGS, T_DC_DATE, _names(DC, "date"))
_register(ITEM_TAGS, T_ISSUED, _names(DCTERMS, "issued"), f"{{{ATOM_NS}}}issued")
_register(ITEM_TAGS, T_CREATED, _names(DCTERMS, "created"), f"{{{ATOM_NS}}}created")
_register(ITEM_TAGS, T_UPDATED, f"{{{ATOM_NS}}}updated", "atom:updated", f"{{{ATOM_NS}}}modified")
_register(ITEM_TAGS, T_MODIFIED, _names(DCTERMS, "modified"))
_register(ITEM_TAGS, T_DC_TITLE, _names(DC, "title"))
_register(ITEM_TAGS, T_ATOM_TITLE, f"{{{ATOM_NS}}}title")
_register(ITEM_TAGS, T_ATOM_LINK, f"{{{ATOM_NS}}}link")
_register(ITEM_TAGS, T_ATOM_CONTENT, f"{{{ATOM_NS}}}content")
_register(ITEM_TAGS, T_ATOM_SUMMARY, f"{{{ATOM_NS}}}summary")
_register(ITEM_TAGS, T_ITEM, "item", f"{{{RSS1}}}item", f"{{{ATOM_NS}}}entry")

# -- channel tags ----------------------------------------------------------------------------------

(
    C_TITLE,
    C_LINK,
    C_DESCRIPTION,
    C_AUTHOR,
    C_AUTHOR_FALLBACK,
    C_OWNER,
    C_ITUNES_IMAGE,
    C_IMAGE,
    C_IMAGE_FALLBACK,
    C_LANGUAGE,
    C_NEW_URL,
    C_GUID,
    C_SUMMARY,
    C_ITEM,
    C_ATOM_LINK,
    C_ATOM_TITLE,
    C_ATOM_SUBTITLE,
    C_ATOM_AUTHOR,
    C_ATOM_LOGO,
    C_ATOM_ICON,
    C_DC_TITLE,
) = range(21)

CHANNEL_TAGS: dict[str, int] = {}
_register(CHANNEL_TAGS, C_TITLE, "title", f"{{{RSS1}}}title")
_register(CHANNEL_TAGS, C_DC_TITLE, _names(DC, "title"))
_register(CHANNEL_TAGS, C_LINK, "link", f"{{{RSS1}}}link")
_register(CHANNEL_TAGS, C_DESCRIPTION, "description", f"{{{RSS1}}}description")
_register(CHANNEL_TAGS, C_AUTHOR, _names(ITUNES, "author"), _names(GOOGLEPLAY, "author"))
_register(CHANNEL_TAGS, C_AUTHOR_FALLBACK, "managingEditor", _names(DC, "creator"))
_register(CHANNEL_TAGS, C_OWNER, _names(ITUNES, "owner"))
_register(CHANNEL_TAGS, C_ITUNES_IMAGE, _names(ITUNES, "image"))
_register(CHANNEL_TAGS, C_IMAGE, "image", f"{{{RSS1}}}image")
_register(CHANNEL_TAGS, C_IMAGE_FALLBACK, _names(MEDIA, "thumbnail"), _names(GOOGLEPLAY, "image"))
_register(CHANNEL_TAGS, C_LANGUAGE, "language", _names(DC, "language"))
_register(CHANNEL_TAGS, C_NEW_URL, _names(ITUNES, "new-feed-url"))
_register(CHANNEL_TAGS, C_GUID, _names(PODCAST, "guid"))
_register(CHANNEL_TAGS, C_SUMMARY, _names(ITUNES, "summary"), _names(ITUNES, "subtitle"))
_register(CHANNEL_TAGS, C_ITEM, "item", f"{{{RSS1}}}item", f"{{{ATOM_NS}}}entry")
_register(CHANNEL_TAGS, C_ATOM_LINK, f"{{{ATOM_NS}}}link")
_register(CHANNEL_TAGS, C_ATOM_TITLE, f"{{{ATOM_NS}}}title")
_register(CHANNEL_TAGS, C_ATOM_SUBTITLE, f"{{{ATOM_NS}}}subtitle", f"{{{ATOM_NS}}}tagline")
_register(CHANNEL_TAGS, C_ATOM_AUTHOR, f"{{{ATOM_NS}}}author")
_register(CHANNEL_TAGS, C_ATOM_LOGO, f"{{{ATOM_NS}}}logo")
_register(CHANNEL_TAGS, C_ATOM_ICON, f"{{{ATOM_NS}}}icon")

RSS_ROOTS = frozenset({"rss", "RSS", "Rss", f"{{{RDF}}}RDF", "rdf:RDF", "RDF"})
ATOM_ROOTS = frozenset({f"{{{ATOM_NS}}}feed"})
CHANNELS = frozenset({"channel", f"{{{RSS1}}}channel", "Channel"})
ITEMS = frozenset({"item", f"{{{RSS1}}}item"})
ALL_ITEMS = ("item", f"{{{RSS1}}}item", f"{{{ATOM_NS}}}entry")
ALL_ITEMS_SET = frozenset(ALL_ITEMS)
RSS1_ITEM = f"{{{RSS1}}}item"
RDF_ABOUT = f"{{{RDF}}}about"
RDF_RESOURCE = f"{{{RDF}}}resource"
ENC_TYPE, ENC_LENGTH = f"{{{ENC}}}type", f"{{{ENC}}}length"
ATOM_NAME = f"{{{ATOM_NS}}}name"
ITUNES_NAMES = frozenset(_names(ITUNES, "name"))
