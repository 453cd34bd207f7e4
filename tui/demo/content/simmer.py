"""The Slow Simmer: kitchen science for curious cooks."""

from __future__ import annotations

from tui.demo.content.model import DemoEpisode, DemoPodcast

SIMMER = DemoPodcast(
    slug="the-slow-simmer",
    title="The Slow Simmer",
    author="Slow Simmer Kitchen",
    host="Rosa Marín",
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
            transcript="vtt",
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
            transcript="html",
            line="Crunch is mostly about water.",
            notes="""
<p>Crispy means dry and brittle on the outside. We compare roast potatoes parboiled with
and without a pinch of baking soda, and learn why starch matters. With a transcript.</p>
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
