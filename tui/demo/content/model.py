"""The shape of the demo's data: a podcast and its episodes.

An episode's clip is made of spoken *segments*: the podcast's name, the episode's title,
then either its ``line`` or its ``parts``. ``parts`` are (chapter title, text) pairs;
when an episode has them, each becomes a chapter (after an "Introduction" chapter
covering the name and title), and transcripts (WebVTT, SRT, JSON or HTML) cue every
segment, spoken by the podcast's host.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class DemoEpisode:
    slug: str  # unique across the demo; names the clip (media/<slug>.mp3)
    title: str
    notes: str  # HTML show notes (content:encoded), or plain text when ``plain_notes``
    days_ago: int  # publication age, in days before the demo's "today"
    line: str = ""  # the closing sentence the clip says
    say: str = ""  # how to speak the title, when the written form reads badly
    summary: str = ""  # a short plain <description> next to the HTML notes
    number: int | None = None
    season: int | None = None
    episode_type: str = "full"  # full | trailer | bonus
    parts: tuple[tuple[str, str], ...] = ()  # (chapter title, spoken text)
    chapters: bool = False  # advertise podcast:chapters
    transcript: str = ""  # advertise podcast:transcript in this format: vtt | srt | json | html
    plain_notes: bool = False  # notes only as a plain <description>, no content:encoded
    ambience: str | None = None  # field recordings: "rain", "wind", "stream", "night", "bells"

    @property
    def spoken_title(self) -> str:
        return self.say or self.title

    def segments(self, podcast: DemoPodcast) -> list[str]:
        """The spoken texts of the clip, in order."""
        body = [text for _, text in self.parts] if self.parts else [self.line]
        return [podcast.spoken_title, self.spoken_title, *[text for text in body if text]]


@dataclass(frozen=True, slots=True)
class DemoPodcast:
    slug: str
    title: str
    author: str
    description: str
    voice: str  # espeak-ng voice for the clips
    duration_style: str  # how itunes:duration is written: seconds | mm:ss | hh:mm:ss | h:mm:ss
    release_hour: int  # UTC hour episodes come out
    category: str
    subcategory: str | None = None
    say: str = ""
    image: bool = True  # itunes:image (generated artwork)
    podcast_type: str = "episodic"
    language: str = "en"
    accent: tuple[int, int, int] = (90, 140, 200)  # artwork colours
    episodes: tuple[DemoEpisode, ...] = field(default_factory=tuple)
    host: str = ""  # who speaks the clips (transcripts name them), else the author

    @property
    def spoken_title(self) -> str:
        return self.say or self.title

    @property
    def speaker(self) -> str:
        return self.host or self.author
