"""Lanternlight Stories: short fiction, its notes sent as escaped HTML in <description>."""

from __future__ import annotations

from tui.demo.content.model import DemoEpisode, DemoPodcast

LANTERN = DemoPodcast(
    slug="lanternlight-stories",
    title="Lanternlight Stories",
    author="Lanternlight Press",
    host="Nell Hartley",
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
            transcript="json",
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
