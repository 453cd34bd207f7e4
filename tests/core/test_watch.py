"""Reading what another connection changed: the merged index equals a full rebuild."""

from __future__ import annotations

from tests.core.library.helpers import ep, feed
from tui.core.library import Library
from tui.core.search import EpisodeIndex
from tui.core.watch import read_changes


def columns(index: EpisodeIndex) -> tuple:
    return (
        list(index.ids), list(index.podcast_ids), list(index.titles), list(index.published),
        list(index.played), index.positions, list(index.queued), dict(index.podcast_names),
    )  # fmt: skip


def shows(root, titles_dates) -> list[int]:
    library = Library.open(root)
    ids = []
    for name, dates in titles_dates:
        podcast = library.subscribe(f"http://127.0.0.1:9/{name}.xml")
        episodes = [ep(f"{name} {d}", f"{name}-{d}", published=d) for d in dates]
        library.store_feed(podcast.id, feed(*episodes, title=name))
        ids.append(podcast.id)
    library.close()
    return ids


def test_changes_from_another_connection(tmp_path):
    a, b = shows(tmp_path, [("A", [10, 30, 50]), ("B", [20, 40, None])])
    app = Library.open(tmp_path)
    index = EpisodeIndex.from_library(app)
    shown = {podcast.id: podcast for podcast in app.podcasts()}
    version = app.data_version()
    assert read_changes(app, index, shown).index is None  # nothing changed
    # Only statuses: changed in place, no new index.
    other = Library.open(tmp_path)
    other.set_played([index.ids[0]])
    other.queue_add([index.ids[1]])
    assert app.data_version() != version
    delta = read_changes(app, index, shown)
    assert delta.index is None
    assert delta.statuses == {index.ids[0]: (1, 0.0, 0, 0), index.ids[1]: (0, 0.0, 1, 0)}
    for episode_id, (played, position, queued, _downloaded) in delta.statuses.items():
        index.update(episode_id, played=bool(played), position=position, queued=bool(queued))
    assert read_changes(app, index, shown).statuses == {}
    # And back: unplayed, out of the queue.
    other.set_played([index.ids[0]], False)
    other.queue_remove([index.ids[1]])
    delta = read_changes(app, index, shown)
    assert delta.statuses == {index.ids[0]: (0, 0.0, 0, 0), index.ids[1]: (0, 0.0, 0, 0)}
    # A podcast added, one removed, one renamed by a refresh.
    (c,) = shows(tmp_path, [("C", [15, 60])])
    other.remove_podcast(b)
    other.store_feed(a, feed(ep("A 10", "A-10", published=10), ep("A 70", "A-70", published=70),
                             title="A renamed"))  # fmt: skip
    other.save_position(index.ids[index.row_of(min(index.ids))], 12.5)
    other.close()
    delta = read_changes(app, index, shown)
    assert delta.index is not None
    assert columns(delta.index) == columns(EpisodeIndex.from_library(app))
    assert {p.id for p in delta.podcasts} == {a, c}
    app.close()
