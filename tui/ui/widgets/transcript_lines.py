"""A transcript's cues laid out in lines for one width (the transcript view draws them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, chop_cells

from tui.core.transcripts import Cue

GUTTER = 10  # "▶ 1:02:03 " for timed transcripts
UNTIMED_GUTTER = 2
# What a line is: the speaker's name, the first line of a cue's text, a following one.
SPEAKER, FIRST, MORE = 0, 1, 2


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken between words."""
    width = max(1, width)
    if (len(text) <= width and text.isascii()) or cell_len(text) <= width:
        return [text]
    measure = len if text.isascii() else cell_len
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not current:
            current = word
        elif measure(current) + 1 + measure(word) <= width:
            current = f"{current} {word}"
        else:
            lines.append(current)
            current = word
        if measure(current) > width:  # a word longer than the line: cut it
            pieces = chop_cells(current, width)
            lines.extend(pieces[:-1])
            current = pieces[-1]
    if current or not lines:
        lines.append(current)
    return lines


@dataclass(slots=True)
class Lines:
    """The cues laid out for one width: every line's cue, kind and text, and where each
    cue starts and ends (its speaker line included)."""

    width: int
    cue: list[int]
    kind: list[int]
    text: list[str]
    first: list[int]  # cue -> its first line
    end: list[int]  # cue -> the line after its last


def lay_out(cues: Sequence[Cue], width: int, gutter: int) -> Lines:
    room = max(8, width - gutter - 1)
    line_cue: list[int] = []
    kinds: list[int] = []
    texts: list[str] = []
    first: list[int] = []
    end: list[int] = []
    speaker = ""
    for number, cue in enumerate(cues):
        first.append(len(texts))
        if cue.speaker and cue.speaker != speaker:
            line_cue.append(number)
            kinds.append(SPEAKER)
            texts.append(cue.speaker[:room])
        speaker = cue.speaker
        pieces = wrap(cue.text, room)
        line_cue.extend([number] * len(pieces))
        kinds.append(FIRST)
        kinds.extend([MORE] * (len(pieces) - 1))
        texts.extend(pieces)
        end.append(len(texts))
    return Lines(width, line_cue, kinds, texts, first, end)
