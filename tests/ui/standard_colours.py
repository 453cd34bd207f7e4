"""What a 16-colour terminal (``TERM=xterm``, no ``COLORTERM``) shows: every colour of the
app's output brought down to the 16 standard colours as Rich does when it writes to such a
terminal, so tests and snapshots see what the user sees."""

from __future__ import annotations

from collections.abc import Sequence

from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

from tui.ui.app import PodtuiApp


def standard_style(style: Style) -> Style:
    color, bgcolor = style.color, style.bgcolor
    return style + Style.from_color(
        color.downgrade(ColorSystem.STANDARD) if color is not None else None,
        bgcolor.downgrade(ColorSystem.STANDARD) if bgcolor is not None else None,
    )


def _is_text(text: str) -> bool:
    """Anything but blanks and line art (borders, scrollbars, the progress bar)."""
    return any(not char.isspace() and not 0x2500 <= ord(char) <= 0x259F for char in text)


def unreadable(segment: Segment) -> str | None:
    """Why ``segment`` cannot be read in 16 colours (None: it can)."""
    text, style, _control = segment
    if style is None or not _is_text(text):
        return None
    fg, bg = style.color, style.bgcolor
    if style.reverse:
        fg, bg = bg, fg
    if fg is None or bg is None or fg.number is None or fg.number != bg.number:
        return None  # the terminal's default colours are its own business
    return f"{text.strip()!r} in colour {fg.number} on colour {bg.number}"


class StandardColours(LineFilter):
    """Every colour brought down to one of the 16 standard colours; every text drawn in
    its own background's colour is noted in ``problems``."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: set[str] = set()

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        converted = [
            Segment(text, standard_style(style) if style is not None else None, control)
            for text, style, control in segments
        ]
        for segment in converted:
            problem = unreadable(segment)
            if problem is not None:
                self.problems.add(problem)
        return converted


class SixteenColourApp(PodtuiApp):
    """The app as a 16-colour terminal shows it (``colours.problems``: unreadable text)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.colours = StandardColours()

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), self.colours]
