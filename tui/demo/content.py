"""The demo library as plain data: four made-up podcasts written for podtui.

Every podcast, episode title and note here is original. Each episode has a short spoken
clip in ``tui/demo/media`` (made by ``make_media.py`` from the ``say`` fields below); the
notes describe the longer show the clip stands in for. Dates are ages in days, so the
demo always looks current: the server turns them into dates relative to today.

An episode's clip is made of spoken *segments*: the podcast's name, the episode's title,
then either its ``line`` or its ``parts``. ``parts`` are (chapter title, text) pairs;
when an episode has them, each becomes a chapter (after an "Introduction" chapter
covering the name and title), and transcripts cue every segment.
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
    transcript: bool = False  # advertise podcast:transcript
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

    @property
    def spoken_title(self) -> str:
        return self.say or self.title


# -- Pipes & Prompts ---------------------------------------------------------------------------

PIPES = DemoPodcast(
    slug="pipes-and-prompts",
    title="Pipes & Prompts",
    say="Pipes and Prompts",
    author="The Pipes & Prompts crew",
    description=(
        "A friendly show about terminals, shells and the small Unix tools that do one thing"
        " well. Every week: one tool, one idea, and at least one one-liner you will actually"
        " use."
    ),
    voice="en-us",
    duration_style="hh:mm:ss",
    release_hour=7,
    category="Technology",
    accent=(46, 160, 110),
    episodes=(
        DemoEpisode(
            slug="pp-trailer",
            title="Welcome to Pipes & Prompts",
            say="Welcome to the show",
            episode_type="trailer",
            season=1,
            days_ago=548,
            line="One tool, one idea, every week.",
            summary="What this show is, and who it is for.",
            notes="""
<p>Hello, terminal dwellers! <strong>Pipes &amp; Prompts</strong> is a short weekly show
about the command line: the tools, the habits and the small joys of text in, text out.</p>
<h3>What to expect</h3>
<ul>
<li>One tool or idea per episode, explained from scratch</li>
<li>A <em>one-liner of the week</em> you can paste right away</li>
<li>No gatekeeping: every question is a good question</li>
</ul>
<p>New episodes every Tuesday morning.</p>
""",
        ),
        DemoEpisode(
            slug="pp-everything-is-a-file",
            title="Everything is a file (almost)",
            number=1,
            season=1,
            days_ago=534,
            line="Today: files, devices and the odd exception.",
            notes="""
<p>We start at the bottom: the idea that a disk, a terminal and a process's memory can all
be opened, read and written like a file.</p>
<h3>In this episode</h3>
<ul>
<li>What a <em>file descriptor</em> really is</li>
<li>A stroll through <code>/dev</code> and <code>/proc</code></li>
<li>Where the idea stops working (sockets, we are looking at you)</li>
</ul>
<p>One-liner of the week: <code>ls -l /proc/self/fd</code></p>
<p>Further reading: <a href="https://man7.org/linux/man-pages/man5/proc.5.html">proc(5)</a>.</p>
""",
        ),
        DemoEpisode(
            slug="pp-the-humble-pipe",
            title="The humble pipe",
            number=2,
            season=1,
            days_ago=520,
            line="Small programs, joined together.",
            notes="""
<p>The vertical bar is the most powerful character on your keyboard. We look at how a pipe
joins two programs, what happens when one side is faster than the other, and why
<code>head</code> can end a pipeline early.</p>
<h3>Topics</h3>
<ol>
<li>Standard input, output and error</li>
<li>Buffers and back-pressure</li>
<li><code>SIGPIPE</code>, the polite way to say <em>I have heard enough</em></li>
</ol>
<p>See also <a href="https://man7.org/linux/man-pages/man7/pipe.7.html">pipe(7)</a>.</p>
""",
        ),
        DemoEpisode(
            slug="pp-grep",
            title="grep, and the art of finding things",
            number=3,
            season=1,
            days_ago=506,
            line="Searching text, fast.",
            notes="""
<p>Twenty minutes on the tool you already use every day, and the flags you probably
don't.</p>
<h3>Flags we love</h3>
<ul>
<li><code>-r</code> and <code>-l</code>: which files mention it?</li>
<li><code>-w</code>: whole words only</li>
<li><code>-C 3</code>: a little context, please</li>
<li><code>-F</code>: no regular expressions, just the text</li>
</ul>
<p>And a short detour into <strong>why fixed strings are so fast</strong>.</p>
""",
        ),
        DemoEpisode(
            slug="pp-sed",
            title="sed for people who are afraid of sed",
            say="sed, for people who are afraid of sed",
            number=4,
            season=1,
            days_ago=492,
            line="One substitution at a time.",
            notes="""
<p><em>sed</em> has a reputation. We think it is undeserved. This week we learn exactly
one command, <code>s/old/new/</code>, and then a few friends of it.</p>
<h3>Covered</h3>
<ul>
<li>Addresses: line numbers and patterns</li>
<li>In-place editing, and the backup you should keep</li>
<li>Choosing a delimiter that is not a slash</li>
</ul>
<p>Homework: rename every <code>colour</code> to <code>color</code> in a copy of your
notes, then change your mind.</p>
""",
        ),
        DemoEpisode(
            slug="pp-awk",
            title="awk: a language hiding in plain sight",
            say="awk, a language hiding in plain sight",
            number=5,
            season=1,
            days_ago=478,
            line="Columns, patterns and actions.",
            notes="""
<p>Most people use <code>awk '{print $2}'</code> and stop there. It is a whole programming
language, and a pleasant one.</p>
<h3>In this episode</h3>
<ol>
<li>Patterns and actions</li>
<li>Fields, records and separators</li>
<li>Associative arrays: counting words in three lines</li>
</ol>
<p><strong>One-liner:</strong> <code>awk '{n[$1]++} END {for (k in n) print n[k], k}'</code></p>
""",
        ),
        DemoEpisode(
            slug="pp-job-control",
            title="Job control: fg, bg and the mysterious Ctrl-Z",
            say="Job control, and the mysterious control Z",
            number=6,
            season=1,
            days_ago=464,
            line="Pausing programs on purpose.",
            notes="""
<p>You pressed <code>Ctrl-Z</code> and your editor vanished. Where did it go? This week:
jobs, process groups and how the shell juggles them.</p>
<ul>
<li><code>jobs</code>, <code>fg</code>, <code>bg</code> and <code>%1</code></li>
<li>Why a background job stops when it reads from the terminal</li>
<li><code>nohup</code>, <code>disown</code> and leaving things running</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="pp-dotfiles",
            title="Dotfiles, and how to keep them tidy",
            number=7,
            season=1,
            days_ago=450,
            line="Your settings, under version control.",
            notes="""
<p>Season finale! We talk about the hidden files that make a shell feel like home, and
how to carry them from machine to machine.</p>
<h3>Ideas</h3>
<ul>
<li>A plain git repository and a few symbolic links</li>
<li>Keeping machine-specific bits in a separate file</li>
<li>Comment everything: future you will not remember</li>
</ul>
<p>Thank you for a wonderful first season. See you after the break.</p>
""",
        ),
        DemoEpisode(
            slug="pp-mailbag",
            title="Listener mailbag: your favourite one-liners",
            say="Listener mailbag, your favourite one-liners",
            episode_type="bonus",
            season=1,
            days_ago=436,
            line="You sent them, we read them.",
            notes="""
<p>A bonus episode made of <em>your</em> messages. Our favourites:</p>
<ol>
<li><code>history | awk '{print $2}' | sort | uniq -c | sort -rn | head</code>: which
commands do you really use?</li>
<li><code>du -sh -- * | sort -h</code>: where did the disk go?</li>
<li><code>python3 -m http.server</code>: share a folder in a hurry</li>
</ol>
<p>Keep them coming at <a href="mailto:mailbag@example.com">mailbag@example.com</a>.</p>
""",
        ),
        DemoEpisode(
            slug="pp-escape-sequences",
            title="Escape sequences, and why colours break",
            number=8,
            season=2,
            days_ago=86,
            line="The secret language of terminals.",
            notes="""
<p>Season two begins inside the terminal itself. How does a program make text bold, move
the cursor or change colour? With <em>escape sequences</em>, invisible bytes that the
terminal interprets.</p>
<h3>Covered</h3>
<ul>
<li>A short history, from glass teletypes to today's emulators</li>
<li><code>TERM</code>, terminfo and capability databases</li>
<li>Why piping coloured output into a file looks strange</li>
<li>And why programs should <strong>never</strong> print text from the internet raw</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="pp-find-xargs",
            title="find, xargs and the space in the filename",
            number=9,
            season=2,
            days_ago=72,
            line="Handling every file, safely.",
            notes="""
<p>Sooner or later someone names a file <code>my notes (final).txt</code>. This episode
is about the tools that walk directory trees, and how to make them survive spaces,
quotes and newlines.</p>
<ol>
<li><code>find</code> tests and actions</li>
<li><code>-print0</code> with <code>xargs -0</code></li>
<li><code>-exec … {} +</code>, the quiet hero</li>
</ol>
""",
        ),
        DemoEpisode(
            slug="pp-anatomy-of-a-pipeline",
            title="Anatomy of a pipeline",
            number=10,
            season=2,
            days_ago=58,
            chapters=True,
            parts=(
                ("The producer", "First, a producer writes lines."),
                ("The filter", "Then a filter keeps the good ones."),
                ("The consumer", "Last, a consumer reads them all."),
            ),
            notes="""
<p>A chapter-by-chapter tour of one real pipeline: from the program that makes the data,
through the filters that shape it, to the program that finally uses it.</p>
<h3>Chapters</h3>
<ol>
<li><strong>The producer</strong>: where lines come from</li>
<li><strong>The filter</strong>: grep, sort and friends in the middle</li>
<li><strong>The consumer</strong>: a reader that decides when to stop</li>
</ol>
<p>This episode has chapters: jump between them in your player.</p>
""",
        ),
        DemoEpisode(
            slug="pp-sessions",
            title="tmux, screen and sessions that survive",
            say="Sessions that survive",
            number=11,
            season=2,
            days_ago=44,
            line="Close the laptop, keep the work.",
            notes="""
<p>Terminal multiplexers keep your programs running when the connection drops, and let
you split one window into many.</p>
<ul>
<li>Sessions, windows and panes</li>
<li>Detaching and reattaching over SSH</li>
<li>A minimal configuration to start from</li>
</ul>
<p><em>Tip:</em> name your sessions. You will thank yourself.</p>
""",
        ),
        DemoEpisode(
            slug="pp-make",
            title="Make is not just for C",
            number=12,
            season=2,
            days_ago=30,
            line="Rules, targets and fewer typos.",
            notes="""
<p>A Makefile is a list of recipes with a memory: it knows what is already done. We use
one to build a website, resize photos and run tests.</p>
<h3>Takeaways</h3>
<ul>
<li>Targets, prerequisites and recipes</li>
<li>Phony targets for everyday tasks</li>
<li>The tab character, and how to make peace with it</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="pp-man-pages",
            title="Reading man pages without fear",
            number=13,
            season=2,
            days_ago=9,
            line="The manual is better than you think.",
            notes="""
<p>Manual pages look dense, but they follow a pattern. Once you know the sections, finding
the one flag you need takes seconds.</p>
<ol>
<li>NAME, SYNOPSIS, DESCRIPTION and friends</li>
<li>Searching inside the pager with <code>/</code></li>
<li><code>man -k</code> when you do not know the name</li>
</ol>
<p>Start here: <a href="https://man7.org/linux/man-pages/man1/man.1.html">man(1)</a>.</p>
""",
        ),
    ),
)

# -- The Slow Simmer ---------------------------------------------------------------------------

SIMMER = DemoPodcast(
    slug="the-slow-simmer",
    title="The Slow Simmer",
    author="Slow Simmer Kitchen",
    description=(
        "Kitchen science for curious cooks. Why recipes work, why they sometimes don't, and"
        " what is really happening in the pan. A fortnightly show with a recipe in every"
        " episode."
    ),
    voice="en-gb+f3",
    duration_style="mm:ss",
    release_hour=17,
    category="Arts",
    subcategory="Food",
    accent=(214, 120, 60),
    episodes=(
        DemoEpisode(
            slug="ss-onions",
            title="Why onions make you cry",
            number=1,
            season=1,
            days_ago=702,
            line="A sharp knife helps.",
            notes="""
<p>Our very first episode starts with tears. When you cut an onion, two separate
compartments of its cells mix, and a little chemistry reaches your eyes.</p>
<h3>Try this</h3>
<ul>
<li>Chill the onion for half an hour first</li>
<li>Use your sharpest knife: fewer crushed cells</li>
<li>Cut the root end last</li>
</ul>
<p><strong>Recipe:</strong> slow-cooked onion soup, in the notes below the notes.</p>
""",
        ),
        DemoEpisode(
            slug="ss-maillard",
            title="The Maillard reaction, slowly",
            number=2,
            season=1,
            days_ago=646,
            line="Browning is flavour.",
            notes="""
<p>Toast, seared mushrooms, roasted coffee: the brown crust is where the flavour lives.
We explain the reaction between sugars and amino acids, and why a wet pan never browns.</p>
<h3>Key points</h3>
<ol>
<li>Dry the surface first</li>
<li>Do not crowd the pan</li>
<li>Patience: let it sit before you move it</li>
</ol>
<p>Read more: <a href="https://en.wikipedia.org/wiki/Maillard_reaction">Maillard
reaction</a>.</p>
""",
        ),
        DemoEpisode(
            slug="ss-salt",
            title="Salt: when, how much, and why",
            say="Salt. When, how much, and why",
            number=3,
            season=1,
            days_ago=590,
            line="Season early, taste often.",
            notes="""
<p>Salt does more than make food salty: it changes texture, draws out water and tames
bitterness. We compare salting meat the night before with salting at the last minute.</p>
<ul>
<li><em>Dry brining</em> explained</li>
<li>Flaky, coarse and fine: does the crystal matter?</li>
<li>Rescuing an over-salted soup (spoiler: the potato trick is a myth)</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="ss-bread",
            title="Bread is a living thing",
            number=4,
            season=1,
            days_ago=534,
            line="Yeast, water, flour and time.",
            notes="""
<p>Four ingredients and a lot of patience. We follow a loaf from the first stir to the
cooling rack.</p>
<h3>The stages</h3>
<ol>
<li>Mixing and autolyse</li>
<li>Kneading, or folding if you are lazy like us</li>
<li>Proofing: the poke test</li>
<li>Baking with steam for a crackling crust</li>
</ol>
<p>Our no-knead loaf recipe is in the episode, step by step.</p>
""",
        ),
        DemoEpisode(
            slug="ss-emulsions",
            title="Emulsions: mayonnaise and the magic of lecithin",
            say="Emulsions, and the magic of lecithin",
            number=5,
            season=1,
            days_ago=478,
            line="Oil and water, made friends.",
            notes="""
<p>Oil and water do not mix, unless you give them a go-between. Egg yolk contains
<strong>lecithin</strong>, a molecule with one foot in each world.</p>
<ul>
<li>Why you add the oil drop by drop at first</li>
<li>How to rescue a split mayonnaise with a fresh yolk</li>
<li>Vinaigrettes, and why mustard helps</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="ss-caramel",
            title="Caramel without fear",
            number=6,
            season=1,
            days_ago=422,
            line="Watch the colour, not the clock.",
            notes="""
<p>Sugar melts, then browns, then burns, and the window between the last two is small.
We make a dry caramel and a wet caramel side by side.</p>
<h3>Safety first</h3>
<ul>
<li>Hot sugar is much hotter than boiling water</li>
<li>Warm the cream before you add it</li>
<li>Keep a bowl of cold water nearby</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="ss-pressure",
            title="Pressure cookers and the boiling point",
            number=7,
            season=1,
            days_ago=366,
            line="Higher pressure, hotter water.",
            notes="""
<p>Why do beans cook in a third of the time under pressure? Because water boils at a
higher temperature when the pressure goes up. We also visit a mountain kitchen, where the
opposite happens.</p>
<p><em>Season one ends here.</em> Thank you for cooking with us!</p>
""",
        ),
        DemoEpisode(
            slug="ss-fermentation",
            title="Fermentation on the windowsill",
            number=8,
            season=2,
            days_ago=246,
            transcript=True,
            parts=(
                ("Cabbage", "Shred a cabbage and add salt."),
                ("Jar", "Pack it tight in a clean jar."),
                ("Wait", "Then wait a week, and taste."),
            ),
            notes="""
<p>Season two opens with the slowest recipe we know: sauerkraut. Cabbage, salt and a week
of patience, while friendly bacteria do the cooking.</p>
<h3>You will need</h3>
<ul>
<li>One firm cabbage</li>
<li>Two percent of its weight in salt</li>
<li>A clean jar and something to weigh the cabbage down</li>
</ul>
<p>This episode has a <strong>transcript</strong>.</p>
""",
        ),
        DemoEpisode(
            slug="ss-crispy",
            title="The science of crispy",
            number=9,
            season=2,
            days_ago=196,
            line="Crunch is mostly about water.",
            notes="""
<p>Crispy means dry and brittle on the outside. We compare roast potatoes parboiled with
and without a pinch of baking soda, and learn why starch matters.</p>
<ol>
<li>Rough surfaces brown better</li>
<li>Hot fat, single layer, no lid</li>
<li>Rest on a rack, never on a plate</li>
</ol>
""",
        ),
        DemoEpisode(
            slug="ss-stock",
            title="Stock, broth and the great gelatin question",
            number=10,
            season=2,
            days_ago=146,
            line="A good stock wobbles.",
            notes="""
<p>Is there a difference between stock and broth? We say yes, and it is
<em>gelatin</em>. Bones and a long, gentle simmer give a stock that sets like jelly in the
fridge.</p>
<ul>
<li>Never let it boil hard</li>
<li>Skim, strain, chill, lift off the fat</li>
<li>A vegetable stock that still has body</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="ss-spices",
            title="Spices: toast, bloom or grind?",
            say="Spices. Toast, bloom or grind?",
            number=11,
            season=2,
            days_ago=96,
            line="Wake up the flavour.",
            notes="""
<p>Most flavour molecules in spices dissolve in fat, not water. That is why frying whole
spices in oil, <em>blooming</em> them, changes a dish so much.</p>
<h3>Quick guide</h3>
<ul>
<li>Toast whole seeds in a dry pan until fragrant</li>
<li>Grind just before use</li>
<li>Bloom ground spices in oil for thirty seconds, no more</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="ss-eggs",
            title="Eggs, in eleven temperatures",
            number=12,
            season=2,
            days_ago=47,
            line="From silky to firm, degree by degree.",
            notes="""
<p>The white and the yolk set at different temperatures. We cooked eggs in a water bath
from sixty to seventy degrees and tasted every one.</p>
<ol>
<li>Below sixty-two: barely set, custardy</li>
<li>Around sixty-five: the famous jammy yolk</li>
<li>Above seventy: firm and crumbly</li>
</ol>
<p>Full table in <a href="https://example.com/slow-simmer/eggs">our kitchen notes</a>.</p>
""",
        ),
        DemoEpisode(
            slug="ss-ice-cream",
            title="Ice cream and the physics of small crystals",
            number=13,
            season=2,
            days_ago=3,
            line="Churn fast, freeze cold.",
            notes="""
<p>Smooth ice cream is all about tiny ice crystals. Sugar, fat and constant churning keep
them small; a slow freeze makes them grow.</p>
<ul>
<li>Why homemade ice cream goes hard in the freezer</li>
<li>A no-churn method that actually works</li>
<li><strong>Bonus:</strong> a two-ingredient sorbet</li>
</ul>
""",
        ),
    ),
)

# -- Lanternlight Stories ----------------------------------------------------------------------

LANTERN = DemoPodcast(
    slug="lanternlight-stories",
    title="Lanternlight Stories",
    author="Lanternlight Press",
    description=(
        "Short original stories to listen to by lamplight, each one under fifteen minutes."
        " Gentle, strange and a little bit magical. A new story every month."
    ),
    voice="en-gb-x-rp",
    duration_style="seconds",
    release_hour=20,
    category="Fiction",
    image=False,
    accent=(200, 170, 80),
    episodes=(
        DemoEpisode(
            slug="ls-lighthouse-cat",
            title="The Lighthouse Keeper's Cat",
            number=1,
            days_ago=724,
            line="The light was never really kept by him.",
            notes="""
<p>On a rock far out at sea, an old lighthouse is kept running by a keeper who is slowly
losing his sight, and by a grey cat who is not.</p>
<blockquote><p><em>"Every night at dusk the cat climbed the stairs first, and every night
the lamp was already warm."</em></p></blockquote>
<p>Running time about eleven minutes.</p>
""",
        ),
        DemoEpisode(
            slug="ls-map-of-the-rain",
            title="A Map of the Rain",
            number=2,
            days_ago=662,
            plain_notes=True,
            line="She charted every storm by hand.",
            notes=(
                "A cartographer who has mapped every road in her country decides to map the"
                " one thing that never stays still: the rain. A story about patience and"
                " weather. Running time about nine minutes."
            ),
        ),
        DemoEpisode(
            slug="ls-clockmaker",
            title="The Clockmaker's Apprentice",
            number=3,
            days_ago=604,
            chapters=True,
            parts=(
                ("Part one: the shop", "Part one. A shop full of ticking."),
                ("Part two: the silent clock", "Part two. One clock that will not tick."),
            ),
            notes="""
<p>An apprentice is given one task: make the silent clock in the window tick again. Nobody
has managed it in forty years.</p>
<h3>Parts</h3>
<ol>
<li>The shop</li>
<li>The silent clock</li>
</ol>
<p>A story in two parts, with chapters.</p>
""",
        ),
        DemoEpisode(
            slug="ls-thirteenth-floor",
            title="Letters to the Thirteenth Floor",
            number=4,
            days_ago=546,
            line="The building had only twelve.",
            notes="""
<p>A new postal worker keeps finding letters addressed to a floor the building does not
have. So she starts to answer them.</p>
<p><strong>Content note:</strong> none. This one is cosy.</p>
""",
        ),
        DemoEpisode(
            slug="ls-orchard",
            title="The Orchard at the End of the Line",
            number=5,
            days_ago=482,
            plain_notes=True,
            line="The last stop smelled of apples.",
            notes=(
                "A night train's final stop is a station nobody remembers building, beside an"
                " orchard that is always in blossom. A conductor decides to get off. Running"
                " time about thirteen minutes."
            ),
        ),
        DemoEpisode(
            slug="ls-saltwater-radio",
            title="Saltwater Radio",
            number=6,
            days_ago=424,
            line="A station that only plays at low tide.",
            notes="""
<p>In a fishing town, an old radio picks up a station that broadcasts only when the tide is
out. The songs are about the town, and some have not happened yet.</p>
<blockquote><p>"Good evening, harbour. The weather tomorrow will be kind."</p></blockquote>
""",
        ),
        DemoEpisode(
            slug="ls-library-weather",
            title="The Library That Lent Out Weather",
            number=7,
            days_ago=366,
            line="Two weeks of sunshine, due back Friday.",
            notes="""
<p>In this library you can borrow a fog for a mystery novel or a thunderstorm for a
dramatic evening. Late returns are <em>strongly</em> discouraged.</p>
<ul>
<li>Running time: about ten minutes</li>
<li>Suitable for all ages</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="ls-two-kettles",
            title="Two Kettles",
            number=8,
            days_ago=302,
            line="Neighbours, and a wall as thin as paper.",
            notes="""
<p>Two neighbours who have never met hear each other's kettles every morning through the
wall. One day, only one kettle sings.</p>
""",
        ),
        DemoEpisode(
            slug="ls-night-ferry",
            title="The Night Ferry",
            number=9,
            days_ago=242,
            line="Passengers, cargo, and one lost umbrella.",
            notes="""
<p>The overnight ferry between two islands carries the same passengers every week, and one
umbrella that nobody will admit to owning.</p>
<p>Written for the <em>lamplight</em> in all of us.</p>
""",
        ),
        DemoEpisode(
            slug="ls-snow-remembered",
            title="What the Snow Remembered",
            number=10,
            days_ago=152,
            line="Every footprint, for one night only.",
            notes="""
<p>Fresh snow remembers every footprint until morning. A child learns to read the
footprints in her street and finds a path she has never walked.</p>
<h3>Listener favourite</h3>
<p>Our most requested story of the year.</p>
""",
        ),
        DemoEpisode(
            slug="ls-bookbinder",
            title="The Last Bookbinder on Mill Street",
            number=11,
            days_ago=62,
            line="Thread, glue, and a great deal of care.",
            notes="""
<p>A bookbinder who repairs old books finds a note tucked into a spine, written to
whoever would one day mend it.</p>
<ul>
<li>Running time: about twelve minutes</li>
<li>Music: a single cello, recorded in our kitchen</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="ls-small-repair",
            title="A Small Repair",
            number=12,
            days_ago=16,
            line="Some things are worth fixing.",
            notes="""
<p>A bicycle, a broken bell and a grandfather who is determined to fix both before the
summer ends. Our shortest and, we think, warmest story so far.</p>
""",
        ),
    ),
)

# -- Field Notes in Sound ----------------------------------------------------------------------

FIELD = DemoPodcast(
    slug="field-notes-in-sound",
    title="Field Notes in Sound",
    author="Field Notes in Sound",
    description=(
        "Field recordings from ordinary places: harbours, woods, markets and weather. No"
        " music, very little talking. Put on headphones and go somewhere else for a while."
    ),
    voice="en-gb-scotland",
    duration_style="h:mm:ss",
    release_hour=5,
    category="Society & Culture",
    subcategory="Places & Travel",
    accent=(70, 110, 170),
    episodes=(
        DemoEpisode(
            slug="fn-harbour-dawn",
            title="Harbour at dawn",
            number=1,
            days_ago=694,
            ambience="stream",
            line="Water against the boats.",
            notes="""
<p>Recorded from the end of a stone pier just before sunrise. Ropes creak, water slaps
against the hulls and, in the distance, an engine starts.</p>
<h3>Recording notes</h3>
<ul>
<li>Two small omnidirectional microphones, thirty centimetres apart</li>
<li>Light wind from the sea</li>
<li>Full recording: about twenty-five minutes</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="fn-tin-roof",
            title="Rain on a tin roof",
            number=2,
            days_ago=612,
            ambience="rain",
            line="An afternoon shower in a garden shed.",
            notes="""
<p>A summer shower on the roof of a garden shed. It starts softly, builds for ten minutes
and then fades to drips from the gutter.</p>
<p><em>Best with headphones.</em></p>
""",
        ),
        DemoEpisode(
            slug="fn-beech-wood",
            title="A beech wood in October",
            number=3,
            days_ago=508,
            ambience="wind",
            line="Leaves, wind and a distant woodpecker.",
            notes="""
<p>Dry leaves underfoot, wind in the canopy and, if you listen closely, a woodpecker
somewhere far up the hill.</p>
<ul>
<li>Location: a mixed beech wood, late afternoon</li>
<li>Temperature: cold enough for gloves</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="fn-night-crickets",
            title="Night crickets by the river",
            number=4,
            days_ago=456,
            ambience="night",
            line="A warm night, and thousands of crickets.",
            notes="""
<p>A warm night by a slow river. Crickets in the grass, the occasional fish jumping and
one very opinionated frog.</p>
<p>Recorded well after midnight; the nearest road was two kilometres away.</p>
""",
        ),
        DemoEpisode(
            slug="fn-market-morning",
            title="Market morning",
            days_ago=384,
            ambience="stream",
            line="Stalls opening, crates and chatter.",
            notes="""
<p>A covered market as it opens: shutters rolling up, crates stacked, coffee poured. All
voices in this recording are too far away to make out, on purpose.</p>
""",
        ),
        DemoEpisode(
            slug="fn-salt-marsh",
            title="Wind over the salt marsh",
            number=5,
            days_ago=332,
            ambience="wind",
            line="Wide open, and always a little windy.",
            notes="""
<p>Flat land, tall grass and a wind that never quite stops. Wading birds call from the
mud flats as the tide turns.</p>
<h3>Gear</h3>
<ul>
<li>A fluffy wind cover, absolutely necessary</li>
<li>A low stand hidden in the grass</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="fn-footbridge",
            title="The railway footbridge",
            number=6,
            days_ago=262,
            ambience="stream",
            line="Trains pass beneath, one by one.",
            notes="""
<p>An iron footbridge over a busy line. Trains arrive from both directions; the bridge
hums for a moment after each one has gone.</p>
""",
        ),
        DemoEpisode(
            slug="fn-pine-snow",
            title="Snow in the pine forest",
            number=7,
            days_ago=204,
            ambience="wind",
            line="The quietest recording we have.",
            notes="""
<p>Snow absorbs sound, and a pine forest in fresh snow is the quietest place we have ever
recorded. Now and then a branch lets go of its load.</p>
<p><strong>Tip:</strong> turn the volume up a little for this one.</p>
""",
        ),
        DemoEpisode(
            slug="fn-thunderstorm",
            title="A thunderstorm rolls past",
            number=8,
            days_ago=134,
            ambience="rain",
            line="Recorded safely from a porch.",
            notes="""
<p>A summer thunderstorm approaching over the hills, passing overhead and rumbling away to
the east. Recorded from a covered porch.</p>
<ul>
<li>Rain: heavy</li>
<li>Thunder: several rolls, none too close</li>
<li>Full recording: about forty minutes</li>
</ul>
""",
        ),
        DemoEpisode(
            slug="fn-frogs",
            title="Frogs after the rain",
            days_ago=77,
            ambience="night",
            line="Every puddle becomes a choir.",
            notes="""
<p>The evening after a long rain, every ditch and puddle near the village filled with
frogs. We stood still for an hour.</p>
""",
        ),
        DemoEpisode(
            slug="fn-valley-bells",
            title="Bells across the valley",
            number=9,
            days_ago=21,
            ambience="bells",
            line="Sunday morning, from the hillside.",
            notes="""
<p>Church bells from three villages, heard together from a hillside path. They never quite
agree on the time, which is the charm of it.</p>
<p>Find the path on <a href="https://example.com/field-notes/valley">our map page</a>.</p>
""",
        ),
    ),
)

PODCASTS: tuple[DemoPodcast, ...] = (PIPES, SIMMER, LANTERN, FIELD)


def all_episodes() -> list[tuple[DemoPodcast, DemoEpisode]]:
    return [(podcast, episode) for podcast in PODCASTS for episode in podcast.episodes]
