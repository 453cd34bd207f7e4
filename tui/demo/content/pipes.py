"""Pipes & Prompts: a weekly show about terminals, shells and small Unix tools."""

from __future__ import annotations

from tui.demo.content.model import DemoEpisode, DemoPodcast

PIPES = DemoPodcast(
    slug="pipes-and-prompts",
    title="Pipes & Prompts",
    say="Pipes and Prompts",
    author="The Pipes & Prompts crew",
    host="Sam Okafor",
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
            transcript="srt",
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
