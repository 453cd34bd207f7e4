"""The filter language and the in-memory episode index, over real SQLite libraries."""

from __future__ import annotations

import calendar
import sqlite3
from contextlib import closing

import pytest

import tui.core.library.schema as schema_module
import tui.core.library.sync as library_sync
from tui.core.library import Library
from tui.core.models import ParsedEpisode, ParsedFeed
from tui.core.search import (
    STATUS_VALUES,
    EpisodeIndex,
    Term,
    fts_query,
    parse_query,
    parse_span,
)


def day(year: int, month: int = 1, date: int = 1, hour: int = 0) -> int:
    return calendar.timegm((year, month, date, hour, 0, 0, 0, 0, 0))


def ep(title: str, published: int | None, duration: int | None = 1800, notes: str = ""):
    return ParsedEpisode(
        title=title,
        guid=title,
        published=published,
        duration=duration,
        enclosure_url=f"https://example.com/{abs(hash(title))}.mp3",
        notes=notes,
    )


@pytest.fixture
def library(tmp_path):
    lib = Library.open(tmp_path / "data")
    yield lib
    lib.close_search()
    lib.close()


def store(lib: Library, url: str, title: str, *episodes: ParsedEpisode) -> int:
    podcast = lib.subscribe(url)
    lib.store_feed(podcast.id, ParsedFeed(title=title, episodes=list(episodes)))
    return podcast.id


@pytest.fixture
def shows(library):
    """Two podcasts with known titles, dates, lengths and notes (notes not indexed yet)."""
    science = store(
        library,
        "https://example.com/science.xml",
        "Data Science at Home",
        ep("Neural networks explained", day(2019, 5, 17), 2700, "<p>Backprop and <b>GPUs</b></p>"),
        ep("Café culture and statistics", day(2018, 3, 2), 1200, "<p>Espresso &amp; p-values</p>"),
        ep(
            "Graph databases",
            day(2020, 1, 1),
            5400,
            "<p>A talk about a neural network for graphs</p>",
        ),
        ep("Interview: the network effect", day(2019, 12, 31, 23), None, "<p>Markets</p>"),
        ep("Undated bonus", None, 600, "<p>Bloopers from the studio</p>"),
    )
    cooking = store(
        library,
        "https://example.com/cooking.xml",
        "The Cooking Show",
        ep("Crème brûlée", day(2021, 6, 1), 900, "<p>Sugar, cream and a blowtorch</p>"),
        ep("Knife skills", day(2017, 2, 1), 3600, "<p>Julienne and brunoise</p>"),
    )
    return {"science": science, "cooking": cooking}


def titles(index: EpisodeIndex, rows) -> list[str]:
    return [index.titles[row] for row in rows]


def build(library) -> EpisodeIndex:
    return EpisodeIndex.from_library(library)


# -- the filter language ---------------------------------------------------------------------


def test_words_are_folded_and_anded():
    query = parse_query("  Neural   CAFÉ ")
    assert [term.text for term in query.terms] == ["neural", "cafe"]
    assert not query.hints and not query.is_empty


def test_quoted_phrases_and_unclosed_quotes():
    query = parse_query('"Neural  Network" "deep lea')
    assert query.terms == [Term("neural network", phrase=True), Term("deep lea", phrase=True)]


def test_podcast_token_with_and_without_quotes():
    query = parse_query('podcast:"Data  Science" podcast:Cooking')
    assert query.podcasts == [("data science", False), ("cooking", False)]
    assert not query.terms


@pytest.mark.parametrize("value", STATUS_VALUES)
def test_every_is_value(value):
    assert parse_query(f"is:{value}").statuses == [(value, False)]


def test_is_accepts_a_unique_prefix_and_aliases():
    assert parse_query("is:inp is:q is:IN-PROGRESS").statuses == [
        ("inprogress", False),
        ("queued", False),
        ("inprogress", False),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("after:2019", {"after": day(2019)}),
        ("after:2019-05", {"after": day(2019, 5)}),
        ("before:2019-05-17", {"before": day(2019, 5, 17)}),
        ("after:2019 before:2020-02", {"after": day(2019), "before": day(2020, 2)}),
        ("-after:2019", {"before": day(2019)}),
    ],
)
def test_dates(text, expected):
    query = parse_query(text)
    assert {"after": query.after, "before": query.before} == {
        "after": expected.get("after"),
        "before": expected.get("before"),
    }
    assert not query.hints


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30m", 1800), ("1h", 3600), ("1h30m", 5400), ("90", 5400), ("45s", 45), ("1.5h", 5400)],
)
def test_spans(text, seconds):
    assert parse_span(text) == seconds
    assert parse_query(f"longer:{text}").longer == seconds
    assert parse_query(f"shorter:{text}").shorter == seconds


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        (
            "is:foo",
            "unknown is: value 'foo' (new, played, unplayed, inprogress, queued, downloaded)",
        ),
        ("after:20x9", "after: needs a date like 2019, 2019-05 or 2019-05-17, not '20x9'"),
        ("before:2019-13", "before: needs a date like 2019, 2019-05 or 2019-05-17, not '2019-13'"),
        ("longer:abc", "longer: needs a length like 30m, 1h or 1h30m, not 'abc'"),
        ("shorter:1x", "shorter: needs a length like 30m, 1h or 1h30m, not '1x'"),
    ],
)
def test_bad_tokens_give_hints_and_are_ignored(text, hint):
    query = parse_query(f"neural {text}")
    assert query.hints == [hint]
    assert [term.text for term in query.terms] == ["neural"]
    assert not query.statuses and query.after is None and query.before is None
    assert query.longer is None and query.shorter is None


def test_negation_and_unknown_keys_and_half_typed_keys():
    query = parse_query("-bonus -podcast:cooking -is:played time:10:30 podcast: is:")
    assert query.terms == [Term("bonus", negate=True), Term("time:10:30")]
    assert query.podcasts == [("cooking", True)]
    assert query.statuses == [("played", True)]
    assert not query.hints


def test_fts_queries_for_short_and_long_words():
    assert fts_query(Term("n")) is None
    assert fts_query(Term("ne")) == '"ne"'
    assert fts_query(Term("neu")) == '"neu"*'
    assert fts_query(Term("neural net", phrase=True)) == '"neural net"*'
    assert fts_query(Term("c++")) is None
    assert fts_query(Term('"quoted" it\'s')) == '"quoted it s"'


# -- the index -------------------------------------------------------------------------------


def test_index_rows_are_newest_first_with_undated_last(library, shows):
    index = build(library)
    assert len(index) == 7
    assert titles(index, index.filter("")) == [
        "Crème brûlée",
        "Graph databases",
        "Interview: the network effect",
        "Neural networks explained",
        "Café culture and statistics",
        "Knife skills",
        "Undated bonus",
    ]


def test_accents_and_case_are_ignored(library, shows):
    index = build(library)
    for text in ("cafe", "café", "CAFÉ", "Cafe"):
        assert titles(index, index.filter(text)) == ["Café culture and statistics"]
    assert titles(index, index.filter("creme brulee")) == ["Crème brûlée"]


def test_words_are_anded_over_title_and_podcast(library, shows):
    index = build(library)
    assert titles(index, index.filter("network")) == [
        "Interview: the network effect",
        "Neural networks explained",
    ]
    assert titles(index, index.filter("network neural")) == ["Neural networks explained"]
    assert titles(index, index.filter("cooking knife")) == ["Knife skills"]  # podcast + title
    assert index.filter("network cooking") == []


def test_phrases_keep_word_order(library, shows):
    index = build(library)
    assert titles(index, index.filter('"neural networks"')) == ["Neural networks explained"]
    assert index.filter('"networks neural"') == []


def test_podcast_token(library, shows):
    index = build(library)
    assert titles(index, index.filter('podcast:"cooking show"')) == ["Crème brûlée", "Knife skills"]
    assert len(index.filter("-podcast:cooking")) == 5
    assert index.filter("podcast:nothing") == []


def test_status_tokens(library, shows):
    rows = {episode.title: episode.id for episode in library.episodes()}
    library.set_played([rows["Knife skills"], rows["Graph databases"]])
    library.save_position(rows["Crème brûlée"], 300)
    library.queue_add([rows["Undated bonus"]])
    library.set_download(rows["Café culture and statistics"], "/tmp/cafe.mp3")
    index = build(library)
    assert titles(index, index.filter("is:played")) == ["Graph databases", "Knife skills"]
    assert titles(index, index.filter("is:inprogress")) == ["Crème brûlée"]
    assert titles(index, index.filter("is:queued")) == ["Undated bonus"]
    assert titles(index, index.filter("is:downloaded")) == ["Café culture and statistics"]
    assert titles(index, index.filter("is:unplayed")) == [
        "Crème brûlée",
        "Interview: the network effect",
        "Neural networks explained",
        "Café culture and statistics",
        "Undated bonus",
    ]
    assert titles(index, index.filter("is:new")) == [
        "Interview: the network effect",
        "Neural networks explained",
        "Café culture and statistics",
        "Undated bonus",
    ]
    assert len(index.filter("-is:played")) == 5


def test_date_tokens(library, shows):
    index = build(library)
    assert titles(index, index.filter("after:2020")) == ["Crème brûlée", "Graph databases"]
    assert titles(index, index.filter("after:2019 before:2020")) == [
        "Interview: the network effect",
        "Neural networks explained",
    ]
    assert titles(index, index.filter("after:2019-05-17 before:2019-05-18")) == [
        "Neural networks explained"
    ]
    assert titles(index, index.filter("before:2018-03")) == ["Knife skills"]
    assert index.filter("after:2030") == []
    # Undated episodes match neither bound.
    assert "Undated bonus" not in titles(index, index.filter("before:2100"))
    assert "Undated bonus" not in titles(index, index.filter("after:1970"))


def test_length_tokens(library, shows):
    index = build(library)
    assert titles(index, index.filter("longer:1h")) == ["Graph databases", "Knife skills"]
    assert titles(index, index.filter("longer:1h30m")) == ["Graph databases"]
    assert titles(index, index.filter("shorter:16")) == ["Crème brûlée", "Undated bonus"]
    assert titles(index, index.filter("shorter:15")) == ["Undated bonus"]  # 900 s is not < 15m
    assert "Crème brûlée" in titles(index, index.filter("longer:15"))  # but it is >= 15m
    # Unknown length matches neither.
    assert "Interview: the network effect" not in titles(index, index.filter("shorter:10h"))
    assert "Interview: the network effect" not in titles(index, index.filter("longer:0s"))


def test_negated_words(library, shows):
    index = build(library)
    assert titles(index, index.filter("network -neural")) == ["Interview: the network effect"]


def test_bad_tokens_do_not_stop_the_filter(library, shows):
    index = build(library)
    query = parse_query("network is:foo longer:abc")
    assert len(query.hints) == 2
    assert titles(index, index.filter(query)) == titles(index, index.filter("network"))


def test_podcast_scope_and_counts(library, shows):
    index = build(library)
    assert titles(index, index.filter("", podcast_id=shows["cooking"])) == [
        "Crème brûlée",
        "Knife skills",
    ]
    assert index.filter("graph", podcast_id=shows["cooking"]) == []
    assert index.count() == 7
    assert index.count(shows["science"]) == 5


# -- notes -----------------------------------------------------------------------------------


def test_notes_match_only_once_indexed(library, shows):
    index = build(library)
    assert index.filter("blowtorch") == []  # notes not indexed yet
    assert library.pending_notes() == 7
    while library.index_notes(batch=3):
        pass
    assert library.pending_notes() == 0
    index = build(library)
    assert titles(index, index.filter("blowtorch")) == ["Crème brûlée"]
    assert titles(index, index.filter("blowt")) == ["Crème brûlée"]  # word prefix
    assert titles(index, index.filter("espresso p-values")) == ["Café culture and statistics"]
    assert titles(index, index.filter("amp")) == []  # entities are text, not words
    assert titles(index, index.filter("gpus")) == ["Neural networks explained"]  # tags stripped
    # Title, podcast and notes together, ANDed.
    assert titles(index, index.filter("neural graph")) == ["Graph databases"]
    assert titles(index, index.filter('"neural network"')) == [
        "Graph databases",
        "Neural networks explained",
    ]


def test_short_words_and_notes(library, shows):
    while library.index_notes():
        pass
    store(
        library,
        "https://example.com/ai.xml",
        "Talking Machines",
        ep("Episode one", day(2022), 60, "<p>All about AI and ML</p>"),
    )
    while library.index_notes():
        pass
    index = build(library)
    assert titles(index, index.filter("ml")) == ["Episode one"]  # whole word in notes
    assert index.filter("ou") == []  # "about" is not matched by a two-letter word
    assert "Episode one" not in titles(index, index.filter("x"))  # 1 letter: titles only


def test_notes_reindexed_after_a_refresh_changes_them(library, shows):
    while library.index_notes():
        pass
    podcast = library.podcast(shows["cooking"])
    library.store_feed(
        podcast.id,
        ParsedFeed(
            title="The Cooking Show",
            episodes=[
                ep("Crème brûlée", day(2021, 6, 1), 900, "<p>Caramel and a kitchen torch</p>"),
                ep("Knife skills", day(2017, 2, 1), 3600, "<p>Julienne and brunoise</p>"),
            ],
        ),
    )
    assert library.pending_notes() == 1  # only the changed one
    while library.index_notes():
        pass
    index = build(library)
    assert titles(index, index.filter("caramel")) == ["Crème brûlée"]
    assert index.filter("blowtorch") == []


def test_removed_podcasts_leave_the_notes_index(library, shows):
    while library.index_notes():
        pass
    library.remove_podcast(shows["cooking"])
    with closing(sqlite3.connect(library.path)) as db:
        assert db.execute("SELECT COUNT(*) FROM notes_fts").fetchone()[0] == 5
    assert library.match_notes('"julienne"') == []


def test_notes_changed_while_indexing_stay_pending(library, shows, monkeypatch):
    original = Library._plain_notes
    changed = []

    def plain_and_change(notes):
        if "blowtorch" in notes and not changed:
            changed.append(True)
            library._db.execute(
                "UPDATE episodes SET notes = '<p>Now with caramel</p>' WHERE title = 'Crème brûlée'"
            )
        return original(notes)

    monkeypatch.setattr(Library, "_plain_notes", staticmethod(plain_and_change))
    while library.index_notes():
        pass
    assert changed
    assert library.match_notes('"caramel"')
    assert not library.match_notes('"blowtorch"')


def test_migration_queues_existing_notes(tmp_path, monkeypatch):
    monkeypatch.setattr(schema_module, "MIGRATIONS", schema_module.MIGRATIONS[:1])
    # A podtui of schema 1 had no sync tables, so it recorded nothing for a sync.
    monkeypatch.setattr(library_sync, "_enabled", lambda db: False)
    old = Library.open(tmp_path / "data")
    store(old, "https://example.com/a.xml", "A", ep("One", day(2020), 60, "<p>hello world</p>"))
    assert old.schema_version == 1
    old.close()
    monkeypatch.undo()
    lib = Library.open(tmp_path / "data")
    assert lib.schema_version == len(schema_module.MIGRATIONS)
    assert lib.pending_notes() == 1
    lib.index_notes()
    assert titles(build(lib), build(lib).filter("hello")) == ["One"]
    lib.close_search()
    lib.close()


def test_migration_script_keeps_trigger_bodies_whole():
    statements = schema_module.split_sql(
        "CREATE TABLE t (a); CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;"
    )
    assert [s.strip().split()[1] for s in statements] == ["TABLE", "TRIGGER"]
    assert statements[1].strip().endswith("END")


# -- sorting and relevance -------------------------------------------------------------------


def test_sort_keys(library, shows):
    index = build(library)
    index.sort("title")
    assert titles(index, index.filter(""))[:3] == [
        "Café culture and statistics",
        "Crème brûlée",
        "Graph databases",
    ]
    index.sort("title", reverse=True)
    assert titles(index, index.filter(""))[0] == "Undated bonus"
    index.sort("duration")
    assert titles(index, index.filter("")) == [
        "Undated bonus",
        "Crème brûlée",
        "Café culture and statistics",
        "Neural networks explained",
        "Knife skills",
        "Graph databases",
        "Interview: the network effect",  # unknown length last
    ]
    index.sort("duration", reverse=True)
    assert titles(index, index.filter(""))[0] == "Graph databases"
    assert titles(index, index.filter(""))[-1] == "Interview: the network effect"
    index.sort("podcast")
    assert titles(index, index.filter(""))[:2] == [
        "Graph databases",
        "Interview: the network effect",
    ]
    assert titles(index, index.filter(""))[-2:] == ["Crème brûlée", "Knife skills"]
    index.sort("podcast", reverse=True)
    assert titles(index, index.filter(""))[:2] == ["Crème brûlée", "Knife skills"]
    index.sort("date", reverse=True)
    assert titles(index, index.filter("")) == [
        "Knife skills",
        "Café culture and statistics",
        "Neural networks explained",
        "Interview: the network effect",
        "Graph databases",
        "Crème brûlée",
        "Undated bonus",  # unknown dates stay last
    ]
    with pytest.raises(ValueError):
        index.sort("colour")


def test_relevance_puts_title_matches_before_notes_matches(library, shows):
    while library.index_notes():
        pass
    index = build(library)
    assert titles(index, index.filter("neural")) == [
        "Graph databases",  # notes only, but newer
        "Neural networks explained",
    ]
    index.sort("relevance")
    assert titles(index, index.filter("neural")) == [
        "Neural networks explained",
        "Graph databases",
    ]
    index.sort("relevance", reverse=True)
    assert titles(index, index.filter("neural")) == [
        "Graph databases",
        "Neural networks explained",
    ]
    index.sort("relevance")
    assert titles(index, index.filter("")) == titles(index, index.filter("", None))  # date order
    assert titles(index, index.filter(""))[0] == "Crème brûlée"


# -- statuses --------------------------------------------------------------------------------


def test_status_text_and_updates(library, shows):
    index = build(library)
    ids = {title: index.episode_id(row) for row, title in enumerate(index.titles)}
    neural = ids["Neural networks explained"]  # 2700 s
    interview = ids["Interview: the network effect"]  # unknown length
    assert index.status(neural) == "new"
    assert index.update(neural, position=1134)
    assert index.status(neural) == "▶ 42%"
    assert index.update(neural, queued=True, downloaded=True)
    assert index.status(neural) == "▶ 42% ≡ ↓"
    index.set_progress(neural, 0.375)
    assert index.status(neural) == "▶ 42% ≡ ↓ 37%"
    index.set_progress(neural, None)
    index.update(neural, played=True)
    assert index.status(neural) == "played ≡ ↓"
    index.update(interview, position=125)
    assert index.status(interview) == "▶ 2:05"
    assert titles(index, index.filter("is:inprogress")) == ["Interview: the network effect"]
    assert titles(index, index.filter("is:played")) == ["Neural networks explained"]
    assert not index.update(999_999, played=True)
    assert index.status(999_999) == ""


def test_episodes_added_after_the_index_was_built_are_ignored(library, shows):
    index = build(library)
    store(
        library,
        "https://example.com/late.xml",
        "Late",
        ep("Late arrival", day(2023), 60, "<p>unique zebra words</p>"),
    )
    while library.index_notes():
        pass
    index.invalidate_notes()
    assert index.filter("zebra") == []
    assert titles(build(library), build(library).filter("zebra")) == ["Late arrival"]


def test_empty_library(library):
    index = build(library)
    assert len(index) == 0
    assert index.filter("") == []
    assert index.filter("anything is:new after:2019") == []
    index.sort("title")
    assert index.filter("") == []


@pytest.mark.parametrize("podcasts", [3, 300])  # up to 256 podcasts rows carry a byte code
def test_podcast_masks_with_few_and_many_podcasts(podcasts):
    rows = [
        (
            episode_id,
            episode_id % podcasts,
            f"Episode {episode_id}",
            10_000 - episode_id,
            60,
            0,
            0.0,
            0,
            0,
        )
        for episode_id in range(1, 2 * podcasts + 1)
    ]
    names = {pid: f"Show {pid:03d}" for pid in range(podcasts)}
    index = EpisodeIndex(rows, names)
    last = podcasts - 1
    expected = [f"Episode {i}" for i in range(1, 2 * podcasts + 1) if i % podcasts == last]
    assert titles(index, index.filter(f"podcast:{last:03d}")) == expected
    assert titles(index, index.filter("", podcast_id=last)) == expected
    assert index.count(last) == 2
    assert len(index.filter(f"-podcast:{last:03d}")) == 2 * podcasts - 2


@pytest.mark.parametrize("count", [1, 2, 40])
def test_notes_matches_land_on_their_rows(library, count):
    """Whatever ids a notes search answers (those of the index, ids it does not know, ids
    above its newest), exactly the index's rows with those ids match, in any row order."""
    store(
        library,
        "https://example.com/many.xml",
        "Many",
        *(ep(f"Episode {n}", day(2020, 1 + n % 12, 1 + n % 28, n % 24)) for n in range(count)),
    )
    rows = library.episode_rows(unknown_time=-(2**62))
    known = [row[0] for row in rows]
    wanted = set(known[::3]) | {0}  # and an id no episode has
    # ... an id above the newest (added since the build), one below zero
    for extra in ([], [max(known) + 7], [-3]):
        found = [*wanted, *extra]
        index = EpisodeIndex(
            rows,
            library.podcast_titles(),
            notes_search=lambda query, max_id, found=found: list(found),
        )
        matched = {index.episode_id(row) for row in index.filter("zebra")}
        assert matched == wanted & set(known)
