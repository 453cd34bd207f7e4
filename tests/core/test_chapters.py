"""Chapters: reading a Podcasting 2.0 chapters file, and where a chapter jump goes."""

from __future__ import annotations

import json

import pytest

from tui.core.feeds.chapters import (
    CHAPTER_RESTART,
    Chapter,
    ChaptersError,
    chapter_target,
    parse_chapters,
)


def test_parse_chapters():
    data = {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 120.5, "title": "Second\x1b[31m part\n"},
            {"startTime": 0, "title": "Intro"},
            {"startTime": 60, "title": "Hidden", "toc": False},
            {"startTime": "90", "title": "String start"},
            {"startTime": True, "title": "Bool start"},
            {"startTime": -3, "title": "Negative"},
            {"startTime": 200},
            {"title": "No start"},
            "junk",
            {"startTime": 0, "title": "Duplicate start"},
        ],
    }
    chapters = parse_chapters(json.dumps(data).encode())
    assert chapters == [Chapter(0.0, "Intro"), Chapter(120.5, "Second part"), Chapter(200.0, "")]
    for bad in (b"", b"{", b"[]", b'{"chapters": 3}', b"null", b"[" * 100_000):
        with pytest.raises(ChaptersError):
            parse_chapters(bad)
    assert parse_chapters(b'{"chapters": []}') == []


def test_chapter_targets():
    chapters = [Chapter(0.0, "a"), Chapter(60.0, "b"), Chapter(120.0, "c")]
    assert chapter_target(chapters, 10, 1) == 60.0
    assert chapter_target(chapters, 59.8, 1) == 120.0  # just before a start: the one after
    assert chapter_target(chapters, 130, 1) is None
    assert chapter_target(chapters, 60 + CHAPTER_RESTART + 1, -1) == 60.0  # restart chapter
    assert chapter_target(chapters, 61, -1) == 0.0  # just into it: the previous one
    assert chapter_target(chapters, 2, -1) == 0.0
    assert chapter_target(chapters, 0.2, -1) is None
