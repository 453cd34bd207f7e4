"""Field Notes in Sound: field recordings, each clip ending in a few seconds of ambience."""

from __future__ import annotations

from tui.demo.content.model import DemoEpisode, DemoPodcast

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
