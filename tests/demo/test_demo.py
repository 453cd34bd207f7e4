"""The offline demo: its loopback server, the library prepare_demo builds, and playback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.audio import read_wav, rms, sound_seconds, sound_span
from tui.core.library import Library
from tui.core.transcripts.parse import parse_transcript
from tui.demo import MARKER, DemoError, DemoServer, prepare_demo, prepare_demo_async
from tui.demo.clips import MEDIA_DIR, load_clips
from tui.demo.content import PODCASTS, all_episodes
from tui.demo.feed import format_duration
from tui.demo.layout import TRANSCRIPT_TYPES

TODAY = date(2026, 3, 14)
EPISODES = {podcast.title: len(podcast.episodes) for podcast in PODCASTS}
TOTAL = sum(EPISODES.values())


@pytest.fixture(scope="module")
def server():
    with DemoServer(today=TODAY) as running:
        yield running


@pytest.fixture(scope="module")
def clips():
    return load_clips()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo library prepared once for the module: (data dir, server)."""
    root, running = prepare_demo(tmp_path_factory.mktemp("demo") / "data")
    with running:
        yield root, running


@pytest.fixture
def library(demo):
    opened = Library.open(demo[0])
    yield opened
    opened.close()


def _is_mp3(data: bytes) -> bool:
    """An MPEG-2 layer III stream from its first byte: no ID3 tag, no Ogg page."""
    return len(data) > 4 and data[0] == 0xFF and data[1] & 0xFE == 0xF2


def _libvlc_problem() -> str | None:
    try:
        from tui.player.vlc import libvlc_version

        libvlc_version()
    except Exception as exc:
        return str(exc) or type(exc).__name__
    return None


# -- content and media -------------------------------------------------------------------------


def test_content_is_a_small_library_with_a_clip_per_episode(clips):
    assert 3 <= len(PODCASTS) <= 4
    assert 45 <= TOTAL <= 55
    slugs = [episode.slug for _, episode in all_episodes()]
    assert len(set(slugs)) == len(slugs)
    assert set(clips) == set(slugs)
    sizes = [clip.size for clip in clips.values()]
    assert sum(sizes) < 900 * 1024
    for slug, clip in clips.items():
        assert _is_mp3(clip.path.read_bytes()), slug
        # Constant bit rate, 16 kbit/s: 2 KB a second (libVLC seeks in CBR MP3 exactly).
        assert abs(clip.size - 2000 * clip.seconds) < 1000, (slug, clip.size, clip.seconds)
        assert 2 < clip.seconds < 15, slug
        starts = [start for start, _ in clip.segments]
        assert starts == sorted(starts) and clip.segments[-1][1] <= clip.seconds, slug
    manifest = json.loads((MEDIA_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == 1
    files = {path.name for path in MEDIA_DIR.iterdir() if path.name != "manifest.json"}
    assert files == {f"{slug}.mp3" for slug in slugs}
    assert {entry["file"] for entry in manifest["clips"].values()} == files


def test_duration_styles():
    assert format_duration(5.6, "seconds") == "6"
    assert format_duration(65.2, "mm:ss") == "01:05"
    assert format_duration(3725, "hh:mm:ss") == "01:02:05"
    assert format_duration(7.4, "h:mm:ss") == "0:00:07"
    assert format_duration(0.2, "seconds") == "1"


# -- the server --------------------------------------------------------------------------------


def test_feeds_parse_with_real_durations_and_dates(server, clips):
    from tui.core.feeds.parse import parse_feed

    assert server.base_url.startswith("http://127.0.0.1:")
    assert len(server.feed_urls) == len(PODCASTS)
    published = []
    for podcast, url in zip(PODCASTS, server.feed_urls, strict=True):
        response = httpx.get(url)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/rss+xml")
        assert response.headers["etag"].startswith('"')
        feed = parse_feed(response.content, url)
        assert feed.title == podcast.title
        assert feed.author == podcast.author
        assert (feed.image is not None) == podcast.image
        assert len(feed.episodes) == len(podcast.episodes)
        by_guid = {episode.guid: episode for episode in feed.episodes}
        for item in podcast.episodes:
            parsed = by_guid[f"podtui-demo/{podcast.slug}/{item.slug}"]
            assert parsed.title == item.title
            assert parsed.duration == max(1, round(clips[item.slug].seconds))
            assert parsed.enclosure_url == f"{server.base_url}/media/{item.slug}.mp3"
            assert parsed.enclosure_type == "audio/mpeg"
            assert parsed.enclosure_length == clips[item.slug].size
            assert parsed.notes.strip()
            assert parsed.episode_number == item.number
            published.append(parsed.published)
    newest, oldest = max(published), min(published)
    assert (newest - oldest) / 86400 > 600  # spread over about two years
    first_day = TODAY - timedelta(days=min(e.days_ago for _, e in all_episodes()))
    assert datetime.fromtimestamp(newest, UTC).date() == first_day


def test_conditional_get_and_head(server):
    url = server.feed_urls[0]
    first = httpx.get(url)
    again = httpx.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    dated = httpx.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert dated.status_code == 304
    other = httpx.get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.content == first.content
    head = httpx.head(url)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(first.content)
    assert httpx.get(server.url("/nothing-here")).status_code == 404
    assert httpx.post(url).status_code == 405


def test_range_requests_on_media(server, clips):
    slug = "pp-the-humble-pipe"
    url = server.url(f"/media/{slug}.mp3")
    data = clips[slug].path.read_bytes()
    total = len(data)

    whole = httpx.get(url)
    assert whole.status_code == 200
    assert whole.headers["content-type"] == "audio/mpeg"
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.content == data
    etag = whole.headers["etag"]

    first = httpx.get(url, headers={"Range": "bytes=0-99"})
    assert first.status_code == 206
    assert first.headers["content-range"] == f"bytes 0-99/{total}"
    assert first.content == data[:100]

    rest = httpx.get(url, headers={"Range": "bytes=100-"})
    assert rest.status_code == 206 and rest.content == data[100:]

    tail = httpx.get(url, headers={"Range": "bytes=-50"})
    assert tail.status_code == 206 and tail.content == data[-50:]
    assert tail.headers["content-range"] == f"bytes {total - 50}-{total - 1}/{total}"

    beyond = httpx.get(url, headers={"Range": f"bytes={total}-"})
    assert beyond.status_code == 416
    assert beyond.headers["content-range"] == f"bytes */{total}"

    stale = httpx.get(url, headers={"Range": "bytes=0-9", "If-Range": '"old"'})
    assert stale.status_code == 200 and stale.content == data
    fresh = httpx.get(url, headers={"Range": "bytes=0-9", "If-Range": etag})
    assert fresh.status_code == 206 and fresh.content == data[:10]

    several = httpx.get(url, headers={"Range": "bytes=0-9,20-29"})
    assert several.status_code == 200 and several.content == data


def test_chapters_transcript_art_and_opml(server, clips):
    chaptered = [(p, e) for p, e in all_episodes() if e.chapters]
    assert chaptered
    for _podcast, episode in chaptered:
        response = httpx.get(server.url(f"/chapters/{episode.slug}.json"))
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json+chapters"
        chapters = response.json()["chapters"]
        assert [c["title"] for c in chapters] == ["Introduction"] + [t for t, _ in episode.parts]
        starts = [c["startTime"] for c in chapters]
        assert starts[0] == 0 and starts == sorted(starts)
        assert starts[-1] < clips[episode.slug].seconds

    transcribed = {e.transcript: (p, e) for p, e in all_episodes() if e.transcript}
    assert set(transcribed) == {"vtt", "srt", "json", "html"}
    for kind, (podcast, episode) in transcribed.items():
        response = httpx.get(server.url(f"/transcripts/{episode.slug}.{kind}"))
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(TRANSCRIPT_TYPES[kind])
        found, cues = parse_transcript(response.content, response.headers["content-type"])
        assert found.value == kind
        # Every spoken segment, timed as spoken, by the podcast's host.
        clip = clips[episode.slug]
        assert [cue.text for cue in cues] == list(clip.texts)
        assert {cue.speaker for cue in cues} == {podcast.speaker}
        starts = [start for start, _ in clip.segments]
        exact = 1.0 if kind == "html" else 0.001  # HTML times are whole seconds
        assert all(abs(c.start - s) < exact for c, s in zip(cues, starts, strict=True))

    art = httpx.get(server.url("/art/pipes-and-prompts.png"))
    assert art.headers["content-type"] == "image/png" and art.content[:8] == b"\x89PNG\r\n\x1a\n"

    from tui.core.feeds.opml import parse_opml

    opml = httpx.get(server.opml_url)
    assert [url for url, _ in parse_opml(opml.content)] == server.feed_urls


# -- prepare_demo ------------------------------------------------------------------------------


def test_prepare_demo_subscribes_every_podcast(demo, library, clips):
    root, running = demo
    assert (root / MARKER).exists()
    podcasts = library.podcasts()
    assert {p.title: p.episode_count for p in podcasts} == EPISODES
    assert {p.url for p in podcasts} == set(running.feed_urls)
    assert all(p.last_error is None and p.etag for p in podcasts)

    episodes = library.episodes()
    assert len(episodes) == TOTAL
    assert Counter(e.podcast for e in episodes) == Counter(EPISODES)
    for episode in episodes:
        slug = episode.enclosure_url.rsplit("/", 1)[1].removesuffix(".mp3")
        assert episode.duration == max(1, round(clips[slug].seconds))
        assert episode.published is not None
        assert library.episode(episode.id).notes.strip()

    wanted = {e.slug for _, e in all_episodes() if e.chapters}
    chaptered = {
        e.enclosure_url.rsplit("/", 1)[1].removesuffix(".mp3"): e
        for e in episodes
        if e.chapters_url
    }
    assert set(chaptered) == wanted
    for slug, episode in chaptered.items():
        assert episode.chapters_url == f"{running.base_url}/chapters/{slug}.json"
        assert episode.chapters_type == "application/json+chapters"
    transcribed = {e.transcript_url.rsplit(".", 1)[1]: e for e in episodes if e.transcript_url}
    assert {kind: e.transcript_type for kind, e in transcribed.items()} == TRANSCRIPT_TYPES
    assert {e.episode_type for e in episodes} == {"full", "trailer", "bonus"}
    assert any(e.season_number == 2 for e in episodes)


def test_every_enclosure_answers_with_audio(demo, library):
    with httpx.Client() as client:
        for episode in library.episodes():
            response = client.get(episode.enclosure_url)
            assert response.status_code == 200, episode.title
            assert response.headers["content-type"] == "audio/mpeg"
            assert _is_mp3(response.content)
            assert len(response.content) == episode.enclosure_length


async def test_download_and_resume_over_loopback(demo, library, tmp_path):
    from tui.core.downloads import DownloadManager
    from tui.core.feeds.fetch import Fetcher

    _, running = demo
    episode = next(e for e in library.episodes() if e.title == "Caramel without fear")
    source = (MEDIA_DIR / "ss-caramel.mp3").read_bytes()
    async with Fetcher() as fetcher:
        manager = DownloadManager(library, fetcher, tmp_path / "downloads")
        manager.start(episode.id)
        await manager.wait()
        saved = library.episode(episode.id, with_notes=False).download_path
        assert saved and Path(saved).read_bytes() == source

        dest = tmp_path / "resumed.mp3"
        dest.with_name(dest.name + ".part").write_bytes(source[:1000])
        await fetcher.download(episode.enclosure_url, dest)
    assert dest.read_bytes() == source
    assert any(
        r.path.endswith("/ss-caramel.mp3") and r.range == "bytes=1000-" and r.status == 206
        for r in running.requests
    )


def test_throw_away_dir_is_removed_on_close():
    root, running = prepare_demo()
    try:
        assert root.name.startswith("podtui-demo-") and (root / "library.db").exists()
    finally:
        running.close()
    assert not root.exists()


def test_reusing_a_demo_dir_moves_podcasts_and_keeps_played_state(tmp_path):
    data = tmp_path / "data"
    root, first = prepare_demo(data)
    with first:
        library = Library.open(root)
        played = library.episodes()[0]
        library.set_played([played.id], True)
        library.close()
    root, second = prepare_demo(data)
    with second:
        library = Library.open(root)
        try:
            assert second.base_url != first.base_url
            assert {p.url for p in library.podcasts()} == set(second.feed_urls)
            assert len(library.episodes()) == TOTAL
            again = library.episode(played.id, with_notes=False)
            assert again.played and again.enclosure_url.startswith(second.base_url)
        finally:
            library.close()
    assert root.exists()  # a dir the caller chose is kept


def test_refuses_a_dir_that_is_not_a_demo(tmp_path):
    (tmp_path / "library.db").write_bytes(b"")
    with pytest.raises(DemoError, match="not a demo data dir"):
        prepare_demo(tmp_path)
    assert (tmp_path / "library.db").read_bytes() == b""


async def test_prepare_demo_from_a_running_loop(tmp_path):
    root, running = prepare_demo(tmp_path / "a")  # sync API inside a loop
    with running:
        library = Library.open(root)
        assert len(library.episodes()) == TOTAL
        library.close()
    root, running = await prepare_demo_async(tmp_path / "b")
    with running:
        library = Library.open(root)
        assert len(library.podcasts()) == len(PODCASTS)
        library.close()


def test_demo_never_imports_textual():
    code = (
        "import sys, tui.demo, tui.demo.server, tui.demo.content, tui.demo.make_media;"
        "sys.exit('textual' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()


# -- playback ----------------------------------------------------------------------------------


def _require_libvlc() -> None:
    """Skip without libVLC locally; fail in CI, where it must be there."""
    problem = _libvlc_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"libVLC is required in CI: {problem}")
        pytest.skip(f"libVLC not available: {problem}")


def test_an_episode_plays_through_libvlc(demo, library, clips, tmp_path):
    _require_libvlc()
    from tui.player.base import EndReached, PlayerError
    from tui.player.vlc import VlcPlayer

    _, running = demo
    episode = next(e for e in library.episodes() if e.title == "Why onions make you cry")
    expected = clips["ss-onions"].seconds
    out = tmp_path / "out.wav"
    done = threading.Event()
    events = []

    def listen(event) -> None:
        events.append(event)
        if isinstance(event, EndReached | PlayerError):
            done.set()

    player = VlcPlayer(
        ["--aout=afile", f"--audiofile-file={out}", "--audiofile-format=s16"],
        log_file=tmp_path / "vlc.log",
    )
    try:
        player.set_listener(listen)
        player.play(episode.enclosure_url, title=episode.title)
        assert done.wait(expected + 20), f"no end after {expected + 20:.0f} s: {events}"
    finally:
        player.close()
    assert not [e for e in events if isinstance(e, PlayerError)], events
    wav = read_wav(out)
    assert abs(wav.seconds - expected) < 0.6, (wav.seconds, expected)
    assert rms(wav.samples) > 500
    assert sound_seconds(wav.samples, wav.rate) > 0.5 * expected
    assert any(r.path == "/media/ss-onions.mp3" for r in running.requests)


@pytest.mark.parametrize("how", ["seek", "start"])
def test_a_chapter_jump_keeps_playing_to_the_end(how, server, clips, tmp_path):
    # libVLC 3 ends playback when asked to seek (or to start late) in a small Ogg file
    # served over HTTP; the demo's clips must take a chapter jump and play on.
    _require_libvlc()
    from tests.player.conftest import Recorder
    from tui.core.models import PlayerState
    from tui.player.base import EndReached, PlayerError, StateChanged
    from tui.player.vlc import VlcPlayer

    episode = next(e for _, e in all_episodes() if e.chapters)
    clip = clips[episode.slug]
    target = server.site.chapter_list(episode)[-1][0]  # the last chapter's start
    assert 1.5 < target < clip.seconds - 1.5
    out = tmp_path / "out.wav"
    recorder = Recorder()
    player = VlcPlayer(
        ["--aout=afile", f"--audiofile-file={out}", "--audiofile-format=s16"],
        log_file=tmp_path / "vlc.log",
    )
    try:
        player.set_listener(recorder)
        url = server.site.media_url(episode)
        if how == "seek":
            player.play(url, title=episode.title)
            recorder.wait_for(
                lambda e: isinstance(e, StateChanged) and e.state is PlayerState.PLAYING
            )
            skipped = target - player.position
            player.seek(target)
            assert player.position == pytest.approx(target, abs=0.05)
        else:
            player.play(url, start=target, title=episode.title)
            skipped = target
        assert skipped > 1.5
        end = recorder.wait_for((EndReached, PlayerError), timeout=clip.seconds + 20)
        assert isinstance(end, EndReached), recorder.of(PlayerError)
        assert player.state is PlayerState.ENDED
    finally:
        player.close()
    wav = read_wav(out)
    # Everything after the jump was heard, and most of what came before it was not. (libVLC
    # decodes into the file ahead of its clock, so some of what preceded the seek can be in
    # the output: a busy machine has seen 1.5 s of it.)
    rest = clip.seconds - skipped
    assert rest - 0.5 < wav.seconds < rest + skipped / 2, (wav.seconds, clip.seconds, skipped)
    heard = sound_span(wav.samples, wav.rate)
    assert heard is not None and heard[1] > wav.seconds - 1.0, (heard, wav.seconds)
    assert sound_seconds(wav.samples, wav.rate) > 0.5 * (clip.seconds - target)
    assert any(r.path == f"/media/{episode.slug}.mp3" for r in server.requests)


# -- paced media ---------------------------------------------------------------------------------


async def test_paced_clips_arrive_piece_by_piece_and_whole(tmp_path):
    from tui.core.feeds.fetch import Fetcher

    slug, clip = next(iter(load_clips().items()))
    seen: list[int] = []
    with DemoServer(today=TODAY, media_rate=8000) as paced:
        url = paced.url(f"/media/{slug}.mp3")
        async with Fetcher() as fetcher:
            path = await fetcher.download(
                url, tmp_path / "clip.mp3", progress=lambda done, total: seen.append(done)
            )
    body = clip.path.read_bytes()
    assert path.read_bytes() == body
    # A download's progress shows steps on the way, not one jump to the end.
    assert len([done for done in seen if 0 < done < len(body)]) >= 3, seen


def test_abandoned_throw_away_dirs_are_swept(tmp_path, monkeypatch):
    import tui.demo as demo_module

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    abandoned = tmp_path / "podtui-demo-abandoned"
    abandoned.mkdir()
    (abandoned / MARKER).write_text(gone.stdout)
    running = tmp_path / "podtui-demo-running"
    running.mkdir()
    (running / MARKER).write_text(f"{os.getpid()}\n")
    foreign = tmp_path / "podtui-demo-foreign"  # no pid: not ours to judge
    foreign.mkdir()
    root, made = demo_module._demo_dir(None)
    assert made and root.parent == tmp_path
    assert not abandoned.exists()
    assert running.exists() and foreign.exists() and root.exists()
