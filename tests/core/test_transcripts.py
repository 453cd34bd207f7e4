"""Reading transcripts: WebVTT, SRT, the Podcasting 2.0 JSON format, HTML and plain text,
including hostile and malformed files."""

from __future__ import annotations

import json

import pytest

from tui.core.transcripts import Cue, TranscriptError, TranscriptFormat
from tui.core.transcripts.model import MAX_CUE_TEXT, MAX_CUES
from tui.core.transcripts.parse import declared_format, parse_transcript

VTT = """WEBVTT - an episode

NOTE written by hand
over two lines

STYLE
::cue { color: red }

intro
00:00.000 --> 00:02.500 align:start position:10%
<v Ada Lovelace>Hello and <b>welcome</b> &amp; thanks.

00:00:02.500 --> 00:00:05.000
<v.loud Grace>Glad to be here.</v>
Two lines of it.

3
00:00:07.000 --> 00:00:06.000
An end before its start keeps its start.
"""

SRT = """1
00:00:00,000 --> 00:00:02,000
Ada: Hello there.

2
00:00:02,000 --> 00:00:04,250
<i>No speaker</i> named here.

3
01:02:03,500 --> 01:02:05,000
Grace Hopper: Late in the show.
"""

JSON = {
    "version": "1.0.0",
    "segments": [
        {"speaker": "Ada", "startTime": 0.0, "endTime": 0.4, "body": "Hello"},
        {"speaker": "Ada", "startTime": 0.4, "endTime": 0.8, "body": "world."},
        {"speaker": "Ada", "startTime": 0.9, "endTime": 1.2, "body": "Again"},
        {"speaker": "Grace", "startTime": 1.3, "endTime": 2.0, "body": "Hi"},
        {"startTime": "bad", "endTime": 3, "body": "dropped: no time"},
        {"startTime": 30, "endTime": 31, "body": "After a long pause"},
    ],
}

HTML = """<!DOCTYPE html><html><head><title>T</title><script>alert(1)</script></head>
<body>
<cite>Ada:</cite>
<time>0:00</time>
<p>Hello <a href="javascript:x">and</a> welcome.</p>
<cite>Grace:</cite>
<time>1:02:03</time>
<p>Later on.</p>
<p>No time of its own.</p>
</body></html>"""


def test_webvtt_cues_speakers_settings_and_blocks():
    found, cues = parse_transcript(VTT.encode(), "text/vtt")
    assert found is TranscriptFormat.VTT
    assert cues == [
        Cue(0.0, 2.5, "Ada Lovelace", "Hello and welcome & thanks."),
        Cue(2.5, 5.0, "Grace", "Glad to be here. Two lines of it."),
        Cue(7.0, None, "", "An end before its start keeps its start."),
    ]


def test_srt_cues_and_speaker_prefixes():
    found, cues = parse_transcript(SRT.encode("utf-8-sig"), "application/x-subrip")
    assert found is TranscriptFormat.SRT
    assert cues == [
        Cue(0.0, 2.0, "Ada", "Hello there."),
        Cue(2.0, 4.25, "", "No speaker named here."),
        Cue(3723.5, 3725.0, "Grace Hopper", "Late in the show."),
    ]


def test_json_segments_are_joined_into_sentences():
    found, cues = parse_transcript(json.dumps(JSON).encode(), "application/json")
    assert found is TranscriptFormat.JSON
    assert cues == [
        Cue(0.0, 0.8, "Ada", "Hello world."),
        Cue(0.9, 1.2, "Ada", "Again"),
        Cue(1.3, 2.0, "Grace", "Hi"),
        Cue(30.0, 31.0, "", "After a long pause"),
    ]


def test_html_turns_with_cite_and_time():
    found, cues = parse_transcript(HTML.encode(), "text/html")
    assert found is TranscriptFormat.HTML
    assert cues == [
        Cue(0.0, None, "Ada", "Hello and welcome."),
        Cue(3723.0, None, "Grace", "Later on."),
        Cue(3723.0, None, "Grace", "No time of its own."),
    ]


def test_html_without_times_is_untimed_paragraphs():
    _, cues = parse_transcript(b"<div><p>One.</p><p>Two <b>bold</b>.</p></div>", "text/html")
    assert cues == [Cue(None, None, "", "One."), Cue(None, None, "", "Two bold .")]


def test_plain_text_paragraphs():
    text = "First paragraph\nstill first.\n\n<b>Second</b> &amp; last.\n"
    found, cues = parse_transcript(text.encode(), "text/plain")
    assert found is TranscriptFormat.TEXT
    # Plain text is text: what looks like markup is shown as written.
    assert cues == [
        Cue(None, None, "", "First paragraph still first."),
        Cue(None, None, "", "<b>Second</b> &amp; last."),
    ]


def test_the_content_decides_over_a_wrong_type():
    assert parse_transcript(VTT.encode(), "text/plain")[0] is TranscriptFormat.VTT
    assert parse_transcript(SRT.encode(), "text/plain")[0] is TranscriptFormat.SRT
    assert parse_transcript(json.dumps(JSON).encode(), None)[0] is TranscriptFormat.JSON
    assert declared_format(None, "https://x/t.srt?x=1") is TranscriptFormat.SRT
    assert declared_format("application/srt") is TranscriptFormat.SRT
    assert declared_format(None, "https://x/t") is None


ESC = "\x1b]52;c;SGVsbG8=\x07\x1b[2J\x9b31m\x07\u202e"


@pytest.mark.parametrize(
    ("mime", "body"),
    [
        ("text/vtt", f"WEBVTT\n\n00:00.000 --> 00:01.000\n<v Evil{ESC}>bad{ESC} text\n"),
        ("application/srt", f"1\n00:00:00,000 --> 00:00:01,000\nEvil{ESC}: bad{ESC} text\n"),
        (
            "application/json",
            json.dumps(
                {"segments": [{"speaker": f"Evil{ESC}", "startTime": 0, "body": f"bad{ESC} text"}]}
            ),
        ),
        ("text/html", f"<cite>Evil{ESC}:</cite><time>0:00</time><p>bad{ESC} text</p>"),
        ("text/plain", f"bad{ESC} text"),
    ],
)
def test_no_escape_or_control_character_survives(mime, body):
    _, cues = parse_transcript(body.encode(), mime)
    for cue in cues:
        for text in (cue.speaker, cue.text):
            assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text), text
            assert "\u202e" not in text and "]52" not in text
    assert cues[0].text == "bad text"


@pytest.mark.parametrize(
    ("mime", "body", "message"),
    [
        ("text/vtt", "WEBVTT\n\n99:99.000 --> 00:01.000\nx\n", "cue times cannot be read"),
        ("text/vtt", "not a webvtt file at all\n", "no WEBVTT header"),
        ("application/json", "{", "not valid JSON"),
        ("application/json", '{"segments": 3}', "no segment list"),
        ("application/json", '{"segments": [{"startTime": -1, "body": "x"}]}', "has no"),
        ("application/json", "[" * 100_000, "not valid JSON"),
        ("text/html", "<html></html>", "transcript"),
        ("text/plain", " \n\t\n", "has no text"),
        ("application/srt", "1\n00:00:00,000 --> 00:00:70,000\n\n", "transcript has no"),
    ],
)
def test_malformed_transcripts_give_one_line(mime, body, message):
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(body.encode(), mime)
    assert message in caught.value.message
    assert "\n" not in caught.value.message


def test_webvtt_needs_its_header():
    from tui.core.transcripts.timed import parse_vtt

    with pytest.raises(TranscriptError, match="no WEBVTT header"):
        parse_vtt("00:00.000 --> 00:01.000\nx\n")


def test_malformed_times_skip_only_their_cue():
    body = "WEBVTT\n\n00:00.000 --> 00:01.000\ngood\n\n00:xx.000 --> 00:02.000\nbad\n"
    _, cues = parse_transcript(body.encode(), "text/vtt")
    assert [cue.text for cue in cues] == ["good"]


def test_huge_transcripts_are_capped():
    long_text = "word " * MAX_CUE_TEXT
    body = "WEBVTT\n\n" + "".join(
        f"{n // 60:02d}:{n % 60:02d}.000 --> {n // 60:02d}:{n % 60:02d}.500\n{long_text}\n\n"
        for n in range(3)
    )
    _, cues = parse_transcript(body.encode(), "text/vtt")
    assert all(len(cue.text) <= MAX_CUE_TEXT for cue in cues)
    many = "\n\n".join(f"line {n}" for n in range(MAX_CUES + 10))
    _, cues = parse_transcript(many.encode(), "text/plain")
    assert len(cues) == MAX_CUES


def test_deep_html_is_refused_in_one_line():
    with pytest.raises(TranscriptError, match="nests too deeply"):
        parse_transcript(("<div>" * 300_000 + "x").encode(), "text/html")


def test_a_three_hour_webvtt_keeps_every_cue_in_order():
    lines = ["WEBVTT", ""]
    for n in range(5000):
        start = n * 2.16
        lines += [
            f"{int(start // 3600):02d}:{int(start % 3600 // 60):02d}:{start % 60:06.3f} --> "
            f"{int((start + 2) // 3600):02d}:{int((start + 2) % 3600 // 60):02d}:"
            f"{(start + 2) % 60:06.3f}",
            f"<v Speaker {n % 3}>Cue number {n}",
            "",
        ]
    _, cues = parse_transcript("\n".join(lines).encode(), "text/vtt")
    assert len(cues) == 5000
    assert cues[-1].text == "Cue number 4999" and cues[-1].speaker == "Speaker 1"
    assert cues[-1].start == pytest.approx(4999 * 2.16, abs=0.001)


async def test_fetching_through_the_shared_client(http_server):
    from tui.core.feeds.fetch import Fetcher
    from tui.core.transcripts.fetch import fetch_transcript

    http_server.route("/t.srt", SRT.encode(), content_type="application/x-subrip")
    http_server.route(
        "/big.vtt", b"WEBVTT\n\n" + b"x" * (17 * 1024 * 1024), content_type="text/vtt"
    )
    http_server.route("/gone.vtt", b"", status=404)
    async with Fetcher() as fetcher:
        found, cues = await fetch_transcript(fetcher, http_server.url("/t.srt"), None)
        assert found is TranscriptFormat.SRT and len(cues) == 3
        with pytest.raises(TranscriptError, match="larger than 16 MiB"):
            await fetch_transcript(fetcher, http_server.url("/big.vtt"), "text/vtt")
        with pytest.raises(TranscriptError, match="cannot fetch the transcript: HTTP 404"):
            await fetch_transcript(fetcher, http_server.url("/gone.vtt"), "text/vtt")
        with pytest.raises(TranscriptError, match="cannot fetch the transcript"):
            await fetch_transcript(fetcher, "file:///etc/passwd", "text/vtt")
