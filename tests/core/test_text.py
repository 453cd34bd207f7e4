"""The one way durations are written, and their one rounding."""

from __future__ import annotations

import pytest

from tui.core.text import format_duration, format_span, whole_seconds


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (0.49, "0:00"),
        (0.5, "0:01"),
        (5.4, "0:05"),
        (5.6, "0:06"),  # libVLC's 5.6 s and a feed's rounded 6 s read the same
        (6, "0:06"),
        (59.5, "1:00"),
        (754, "12:34"),
        (3599.6, "1:00:00"),
        (3723, "1:02:03"),
        (36000, "10:00:00"),
    ],
)
def test_format_duration_rounds_to_the_nearest_second(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize("seconds", [None, -1, -0.2, float("nan"), float("inf")])
def test_format_duration_of_an_unknown_length_is_empty(seconds):
    assert format_duration(seconds) == ""


def test_whole_seconds_rounds_halves_up():
    # Not banker's rounding: 2.5 s is 3 s, as 3.5 s is 4 s.
    assert [whole_seconds(x) for x in (1.5, 2.5, 3.5, 4.49)] == [2, 3, 4, 4]
    assert whole_seconds(-3) == 0


def test_format_span_uses_the_same_seconds():
    assert format_span(29.6) == "30 s"
    assert format_span(59.6) == "1 min"
    assert format_span(3599.6) == "1 h"
    assert format_span(3 * 3600 + 12 * 60 + 5) == "3 h 12 min"
