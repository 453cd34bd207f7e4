"""One episode from an <item> or <entry>: one pass over its children into a slot table."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from lxml import etree

from tui.core.feeds.dates import civil, parse_date
from tui.core.feeds.durations import parse_duration
from tui.core.feeds.notes.sanitize import sanitize_html
from tui.core.feeds.tags import (
    ALL_ITEMS_SET,
    ENC_LENGTH,
    ENC_TYPE,
    ITEM_TAGS,
    RDF_ABOUT,
    RDF_RESOURCE,
    RSS1_ITEM,
    SINGLE,
    T_ATOM_LINK,
    T_ENCLOSURE,
    T_MEDIA_CONTENT,
    T_MEDIA_GROUP,
    T_MEDIA_THUMBNAIL,
    T_TRANSCRIPT,
)
from tui.core.feeds.values import (
    atom_markup,
    atom_text,
    bounded_int,
    byte_length,
    deep_text,
    element_text,
    http_url,
    inner_markup,
    mime_type,
    single_line,
)
from tui.core.models import ParsedEpisode
from tui.core.text import clean_line, strip_controls

# An enclosure as found: its URL, MIME type and length as written.
_Enclosure = tuple[str, str | None, str | None]

MAX_SMALL_INT = 2**31 - 1  # episode and season numbers
_MAX_NOTES = 1_000_000  # characters of show notes kept per episode

_EXPLICIT = {
    "yes": True,
    "true": True,
    "explicit": True,
    "no": False,
    "false": False,
    "clean": False,
}
_EPISODE_TYPES = frozenset({"full", "trailer", "bonus"})
# The transcript formats podtui reads, in the order it prefers them (tui.core.transcripts).
_TRANSCRIPT_RANK = {
    "text/vtt": 0,
    "application/x-subrip": 1,
    "application/x-srt": 1,
    "application/srt": 1,
    "text/srt": 1,
    "application/json": 2,
    "text/json": 2,
    "text/html": 3,
    "application/xhtml+xml": 3,
    "text/plain": 4,
}
_TRANSCRIPT_SUFFIX_RANK = {"vtt": 0, "srt": 1, "json": 2, "html": 3, "htm": 3, "txt": 4}
_UNKNOWN_TRANSCRIPT = 9


def _transcript_rank(mime: str | None, url: str, rel: str | None) -> int:
    """Where a podcast:transcript stands: by its type (else its URL's suffix), captions
    after a transcript of the same format."""
    rank = _TRANSCRIPT_RANK.get(mime or "")
    if rank is None:
        try:
            name = urlsplit(url).path.rsplit("/", 1)[-1]
        except ValueError:
            name = ""
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        rank = _TRANSCRIPT_SUFFIX_RANK.get(suffix, _UNKNOWN_TRANSCRIPT)
    captions = (rel or "").strip().lower() == "captions"
    return rank * 2 + captions


def _is_av(mime: str | None) -> bool:
    return mime is not None and mime.startswith(("audio/", "video/"))


def _media_kind(mime: str | None, medium: str | None) -> bool:
    """Whether a media:content element can be the episode's audio or video."""
    if medium and medium.strip().lower() not in ("audio", "video"):
        return False
    return not mime or not mime.startswith(("image/", "text/", "application/pdf"))


def _descendants(item: etree._Element) -> Iterator[etree._Element]:
    """The elements inside an item of a broken document, without the items nested in it.

    Recovery from an unclosed tag leaves an item's later fields (and the following items)
    inside that tag: every element below the item is a candidate field.
    """
    stack = [iter(item)]
    while stack:
        for node in stack[-1]:
            if node.tag in ALL_ITEMS_SET:
                continue
            yield node
            if len(node):
                stack.append(iter(node))
                break
        else:
            stack.pop()


def parse_item(
    item: etree._Element, base: str | None, checked: bool, sound: bool = True
) -> ParsedEpisode | None:
    """One <item> or <entry>; None for an empty one."""
    slots: list[etree._Element | None] = [None] * SINGLE
    multi: list[tuple[int, etree._Element]] = []
    get = ITEM_TAGS.get
    for child in item if sound else _descendants(item):
        code = get(child.tag)
        if code is not None:
            if code < SINGLE:
                slots[code] = child
            else:
                multi.append((code, child))
    (
        title_el,
        guid_el,
        date_el,
        description_el,
        content_el,
        duration_el,
        episode_el,
        season_el,
        episode_type_el,
        explicit_el,
        image_el,
        link_el,
        itunes_title_el,
        summary_el,
        thumbnail_el,
        chapters_el,
        podcast_episode_el,
        podcast_season_el,
        dc_date_el,
        issued_el,
        created_el,
        updated_el,
        modified_el,
        dc_title_el,
        atom_title_el,
        atom_content_el,
        atom_summary_el,
    ) = slots

    # enclosure, links, media, transcripts: in document order
    enclosure: _Enclosure | None = None
    media: tuple[str, str | None, str | None, str | None] | None = None
    transcript: tuple[int, str, str | None] | None = None
    atom_link = None
    for code, child in multi:
        if code in (T_ENCLOSURE, T_ATOM_LINK):
            if code == T_ATOM_LINK:
                rel = (child.get("rel") or "alternate").strip().lower()
                if rel != "enclosure":
                    if rel == "alternate" and atom_link is None:
                        atom_link = http_url(child.get("href"), base)
                    continue
                url = http_url(child.get("href"), base)
            else:
                url = http_url(
                    child.get("url") or child.get("href") or child.get(RDF_RESOURCE), base
                )
            if url is not None:
                mime = mime_type(child.get("type") or child.get(ENC_TYPE))
                if enclosure is None or (not _is_av(enclosure[1]) and _is_av(mime)):
                    enclosure = (url, mime, child.get("length") or child.get(ENC_LENGTH))
        elif code in (T_MEDIA_CONTENT, T_MEDIA_GROUP):
            for node in (child,) if code == T_MEDIA_CONTENT else child:
                node_code = get(node.tag)
                if node_code == T_MEDIA_CONTENT and media is None:
                    url = http_url(node.get("url"), base)
                    mime = mime_type(node.get("type"))
                    if url is not None and _media_kind(mime, node.get("medium")):
                        media = (url, mime, node.get("fileSize"), node.get("duration"))
                elif node_code == T_MEDIA_THUMBNAIL and thumbnail_el is None:
                    thumbnail_el = node
        elif code == T_TRANSCRIPT:
            url = http_url(child.get("url"), base)
            if url is not None:
                mime = mime_type(child.get("type"))
                rank = _transcript_rank(mime, url, child.get("rel"))
                if transcript is None or rank < transcript[0]:
                    transcript = (rank, url, mime)

    # title
    if title_el is not None:
        title = single_line(title_el.text if not len(title_el) else deep_text(title_el), checked)
    elif atom_title_el is not None:
        title = atom_text(atom_title_el)
    else:
        title = ""
    if not title and itunes_title_el is not None:
        title = single_line(element_text(itunes_title_el), checked)
    if not title and dc_title_el is not None:
        title = single_line(element_text(dc_title_el), checked)

    # dates and numbers
    published = parse_date(date_el.text) if date_el is not None else None
    if published is None:
        # pubDate or Atom's published (above), else the other dates a feed may give, the
        # closest to a publication date first
        for element in (dc_date_el, issued_el, created_el, updated_el, modified_el):
            if element is not None:
                published = parse_date(element.text)
                if published is not None:
                    break
    duration = parse_duration(duration_el.text) if duration_el is not None else None

    if enclosure is None and media is not None:
        enclosure = media[:3]
        if duration is None:
            duration = parse_duration(media[3])

    # notes: content:encoded, else description, else itunes:summary
    notes = None
    if content_el is not None:
        notes = content_el.text if not len(content_el) else inner_markup(content_el)
    elif atom_content_el is not None:
        notes = atom_markup(atom_content_el)
    if not notes or notes.isspace():
        if description_el is not None:
            notes = description_el.text if not len(description_el) else inner_markup(description_el)
        if not notes or notes.isspace():
            if summary_el is not None:
                notes = element_text(summary_el)
            elif atom_summary_el is not None:
                notes = atom_markup(atom_summary_el)
    if notes:
        if len(notes) > _MAX_NOTES:
            notes = notes[:_MAX_NOTES]
        notes = sanitize_html(notes.strip(), checked=checked)
    else:
        notes = ""

    if guid_el is not None:
        guid = guid_el.text if not len(guid_el) else deep_text(guid_el)
        if guid:
            guid = guid.strip() if checked else strip_controls(guid).strip()
        guid = guid or None
    else:
        guid = None
    if guid is None and item.tag == RSS1_ITEM:  # RSS 1.0: the item's URI is its id
        about = item.get(RDF_ABOUT)
        if about:
            guid = (about.strip() if checked else strip_controls(about).strip()) or None

    link = http_url(link_el.text or link_el.get("href"), base) if link_el is not None else atom_link
    if (
        link is None
        and guid is not None
        and guid_el is not None
        and guid_el.tag == "guid"
        and (guid_el.get("isPermaLink") or "true").strip().lower() != "false"
    ):  # a permalink guid (isPermaLink is true unless it says false) is the item's page
        link = http_url(guid, None)

    if not title:
        if not (enclosure or guid or link or notes):
            return None  # an empty item
        if not sound and enclosure is None:
            return None  # in a broken document, what is left of an item cut short
        title = _fallback_title(published, enclosure)

    image = None
    if image_el is not None:
        image = http_url(image_el.get("href") or image_el.text, base)
    if image is None and thumbnail_el is not None:
        image = http_url(thumbnail_el.get("url"), base)

    chapters_url = chapters_type = None
    if chapters_el is not None:
        chapters_url = http_url(chapters_el.get("url"), base)
        if chapters_url is not None:
            chapters_type = mime_type(chapters_el.get("type"))

    episode_number = season_number = None
    if episode_el is not None:
        episode_number = bounded_int(episode_el.text, MAX_SMALL_INT)
    if episode_number is None and podcast_episode_el is not None:
        episode_number = bounded_int(podcast_episode_el.text, MAX_SMALL_INT)
    if season_el is not None:
        season_number = bounded_int(season_el.text, MAX_SMALL_INT)
    if season_number is None and podcast_season_el is not None:
        season_number = bounded_int(podcast_season_el.text, MAX_SMALL_INT)

    episode_type = None
    if episode_type_el is not None and episode_type_el.text:
        episode_type = episode_type_el.text.strip().lower()
        if episode_type not in _EPISODE_TYPES:
            episode_type = None
    explicit = None
    if explicit_el is not None and explicit_el.text:
        explicit = _EXPLICIT.get(explicit_el.text.strip().lower())

    enclosure_url: str | None = None
    enclosure_type: str | None = None
    enclosure_length: int | None = None
    if enclosure is not None:
        enclosure_url, enclosure_type, length = enclosure
        enclosure_length = byte_length(length)
    return ParsedEpisode(
        title,
        guid,
        published,
        duration,
        enclosure_url,
        enclosure_type,
        enclosure_length,
        link,
        notes,
        image,
        episode_number,
        season_number,
        episode_type,
        explicit,
        chapters_url,
        chapters_type,
        transcript[1] if transcript else None,
        transcript[2] if transcript else None,
    )


def _fallback_title(published: int | None, enclosure: _Enclosure | None) -> str:
    """A title for an untitled item: its date, else its enclosure's file name."""
    if published is not None:
        year, month, day = civil(published // 86400)
        return f"{year:04d}-{month:02d}-{day:02d}"
    if enclosure:
        try:
            path = urlsplit(enclosure[0]).path
        except ValueError:  # "https://[broken": no file name to take
            path = ""
        name = clean_line(unquote(path.rsplit("/", 1)[-1]))
        if name:
            return name
    return "Untitled episode"


def parse_items(
    items: Iterable[etree._Element],
    base: str | None,
    checked: bool,
    episodes: list[ParsedEpisode],
    sound: bool = True,
) -> None:
    for item in items:
        episode = parse_item(item, base, checked, sound)
        if episode is not None:
            episodes.append(episode)


def distinct_ids(episodes: list[ParsedEpisode]) -> None:
    """Give items that share a guid but not an enclosure guids of their own, in place.

    Each such item's guid becomes ``guid#enclosure URL``, which stays the same whatever
    the feed adds or drops around it: an episode added to a feed that repeats its guids
    never takes an older one's identity (and with it, its played state), nor does an old
    one dropped from the end of the feed hand its identity to the next.
    """
    guids = [episode.guid for episode in episodes if episode.guid is not None]
    if len(set(guids)) == len(guids):
        return
    groups: dict[str, list[ParsedEpisode]] = {}
    for episode in episodes:
        if episode.guid is not None:
            groups.setdefault(episode.guid, []).append(episode)
    for guid, group in groups.items():
        if len({episode.enclosure_url for episode in group}) < 2:
            continue  # the same item repeated, or no audio to tell them apart
        for episode in group:
            if episode.enclosure_url is not None:
                episode.guid = f"{guid}#{episode.enclosure_url}"
