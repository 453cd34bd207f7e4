"""A deterministic, realistic RSS 2.0 + iTunes podcast feed of any size, for benchmarks.

``make_feed(10_000)`` is about 24 MB: each item has ~2 KB of HTML show notes in
``content:encoded``, an escaped HTML ``description``, a guid, an RFC 822 ``pubDate``,
``itunes:duration`` in mixed forms, an enclosure and episode/season/image/explicit tags.

Run as a script to write a feed file: ``python benchmarks/gen_feed.py 10000 feed.xml``.
"""

from __future__ import annotations

import html
import random
import sys

_WORDS = tuple(
    str.split(
        "data model learning neural network training inference graph bias variance "
        "gradient descent privacy federated security attack robust vision language "
        "transformer token embedding cluster sample batch epoch metric loss kernel tensor "
        "compiler rust python memory cache latency throughput scale cloud edge device "
        "sensor signal audio speech research paper review startup product market ethics "
        "regulation open source community"
    )
)
_NAMES = ("Ada", "Grace", "José", "Barbara", "Zoë", "Frances", "Łukasz", "Margaret", "Søren")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

BASE = "https://podcast.example.com"
MEDIA = "https://media.example.com/audio"


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice((".", ".", ".", "?", "!"))


def _rfc822(ts: int) -> str:
    days, rest = divmod(ts, 86400)
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    # civil-from-days (proleptic Gregorian), to stay independent of the parser under test
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (month <= 2)
    weekday = _DAYS[(days + 3) % 7]  # 1970-01-01 was a Thursday
    return (
        f"{weekday}, {day:02d} {_MONTHS[month - 1]} {year} {hour:02d}:{minute:02d}:{second:02d}"
        " +0000"
    )


def _duration(rng: random.Random, seconds: int) -> str:
    form = rng.randrange(4)
    if form == 0:
        return str(seconds)
    if form == 1:
        return f"{seconds // 60}:{seconds % 60:02d}"
    hours, rest = divmod(seconds, 3600)
    if form == 2:
        return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _notes(rng: random.Random, number: int) -> str:
    parts = [f"<p>{_sentence(rng, 15, 30)} {_sentence(rng, 12, 24)}</p>"]
    guest = rng.choice(_NAMES)
    parts.append(
        f"<p>In episode {number} we talk with <strong>{guest}</strong> about"
        f" <em>{rng.choice(_WORDS)} {rng.choice(_WORDS)}</em> — it’s a good one."
        f" {_sentence(rng)}</p>"
    )
    parts.append("<h3>Chapters</h3><ul>")
    minute = 0
    for _ in range(rng.randint(3, 6)):
        minute += rng.randint(3, 12)
        parts.append(f"<li>{minute // 60:02d}:{minute % 60:02d}:00 {_sentence(rng, 3, 7)}</li>")
    parts.append("</ul>")
    parts.append(f"<p>{_sentence(rng, 10, 20)}<br>{_sentence(rng, 6, 12)}</p>")
    parts.append("<p>Links:</p><ul>")
    for index in range(rng.randint(2, 4)):
        word = rng.choice(_WORDS)
        parts.append(
            f'<li><a href="https://{word}.example.org/post/{number}-{index}?ref=pod&amp;s={index}"'
            f' target="_blank" rel="noopener">{word.capitalize()} article</a></li>'
        )
    parts.append("</ul>")
    parts.append(
        f'<p>Support the show on <a href="{BASE}/support">our page</a>'
        " &amp; join the community!</p>"
    )
    return "".join(parts)


def make_feed(n: int = 10_000, seed: int = 0) -> bytes:
    """A deterministic RSS 2.0 + iTunes feed with ``n`` items, newest first."""
    rng = random.Random(seed)
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:atom="http://www.w3.org/2005/Atom"'
        ' xmlns:podcast="https://podcastindex.org/namespace/1.0">\n<channel>\n'
        "  <title>The Benchmark Hour</title>\n"
        f"  <link>{BASE}/</link>\n"
        f'  <atom:link href="{BASE}/feed.xml" rel="self" type="application/rss+xml"/>\n'
        "  <language>en-us</language>\n"
        "  <description>Conversations about data, machines and the people who build"
        " them. A long-running show with a very long back catalogue.</description>\n"
        "  <itunes:author>Benchmark Studios</itunes:author>\n"
        f'  <itunes:image href="{BASE}/cover.jpg"/>\n'
        '  <itunes:category text="Technology"/>\n'
        "  <itunes:explicit>false</itunes:explicit>\n"
        "  <podcast:guid>5f0e2c1a-7b3d-5e9f-a1c2-0d4e6f8a9b10</podcast:guid>\n"
    ]
    newest = 1_700_000_000
    for index in range(n):
        number = n - index
        season = 1 + (number - 1) // 100
        published = newest - index * 86400 * 3 - rng.randrange(3600)
        seconds = rng.randint(600, 7200)
        title = f"#{number}: {_sentence(rng, 4, 9)[:-1]}"
        notes = _notes(rng, number)
        summary = html.escape(f"<p>{_sentence(rng, 15, 30)}</p>")
        out.append(
            "  <item>\n"
            f"    <title>{html.escape(title, quote=False)}</title>\n"
            f"    <link>{BASE}/episodes/{number}</link>\n"
            f'    <guid isPermaLink="false">bench-{seed}-{number:06d}</guid>\n'
            f"    <pubDate>{_rfc822(published)}</pubDate>\n"
            f"    <description>{summary}</description>\n"
            f"    <content:encoded><![CDATA[{notes}]]></content:encoded>\n"
            f'    <enclosure url="{MEDIA}/episode-{number:06d}.mp3?source=feed"'
            f' length="{seconds * 16000}" type="audio/mpeg"/>\n'
            f"    <itunes:duration>{_duration(rng, seconds)}</itunes:duration>\n"
            f"    <itunes:episode>{number}</itunes:episode>\n"
            f"    <itunes:season>{season}</itunes:season>\n"
            "    <itunes:episodeType>full</itunes:episodeType>\n"
            f"    <itunes:explicit>{rng.choice(('false', 'no', 'true'))}</itunes:explicit>\n"
            f'    <itunes:image href="{BASE}/art/{number}.jpg"/>\n'
            "  </item>\n"
        )
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode("utf-8")


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 10_000
    data = make_feed(n)
    if len(argv) > 2:
        with open(argv[2], "wb") as handle:
            handle.write(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
