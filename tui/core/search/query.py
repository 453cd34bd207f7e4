"""The filter language: tokens to a :class:`Query`, with a hint for each token not understood.

Parsing never raises: a bad token is left out of the query and explained in ``hints``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tui.core.text import fold

STATUS_VALUES = ("new", "played", "unplayed", "inprogress", "queued", "downloaded")
HAS_VALUES = ("transcript",)

_TOKEN = re.compile(
    r"""
    (?P<neg>-)?
    (?:(?P<key>[A-Za-z]+):)?
    (?:"(?P<quoted>[^"]*)(?:"|$) | (?P<bare>\S*))
    """,
    re.VERBOSE,
)
_KEYS = ("podcast", "is", "has", "after", "before", "longer", "shorter")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_SPAN = re.compile(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?:in)?)?(?:(\d+(?:\.\d+)?)s)?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_FTS_WORD = re.compile(r"\w+")
_ALIASES = {"in-progress": "inprogress", "started": "inprogress", "unheard": "unplayed"}


@dataclass(slots=True, frozen=True)
class Term:
    """A word or phrase to find (already folded)."""

    text: str
    phrase: bool = False
    negate: bool = False


@dataclass(slots=True)
class Query:
    """A parsed filter."""

    text: str = ""
    terms: list[Term] = field(default_factory=list)
    podcasts: list[tuple[str, bool]] = field(default_factory=list)  # (folded name, negate)
    statuses: list[tuple[str, bool]] = field(default_factory=list)  # (status, negate)
    has: list[tuple[str, bool]] = field(default_factory=list)  # (what it has, negate)
    after: int | None = None  # published >= after
    before: int | None = None  # published < before
    longer: int | None = None  # duration >= longer (seconds)
    shorter: int | None = None  # duration < shorter (seconds)
    hints: list[str] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        """The words and phrases that must match (for relevance and highlighting)."""
        return [term.text for term in self.terms if not term.negate]

    @property
    def is_empty(self) -> bool:
        return not (
            self.terms
            or self.podcasts
            or self.statuses
            or self.has
            or self.after is not None
            or self.before is not None
            or self.longer is not None
            or self.shorter is not None
        )


def parse_query(text: str) -> Query:
    """Parse the filter language (see :mod:`tui.core.search`); never raises."""
    query = Query(text=text)
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            break
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:  # pragma: no cover - the regex always moves
            position += 1
            continue
        position = match.end()
        negate = match["neg"] is not None
        key = (match["key"] or "").lower()
        quoted = match["quoted"]
        value = quoted if quoted is not None else match["bare"]
        if match["key"] and key not in _KEYS:
            # Not a filter key ("c:", "10:30"): the whole token is a word.
            value = match.group(0)[1 if negate else 0 :]
            key = ""
            quoted = None
        _add_token(query, key, value, quoted is not None, negate)
    return query


def _add_token(query: Query, key: str, value: str, quoted: bool, negate: bool) -> None:
    value = value.strip()
    if not key:
        folded = fold(" ".join(value.split()))
        if folded:
            query.terms.append(Term(folded, phrase=quoted and " " in folded, negate=negate))
        return
    if not value:
        return  # a key still being typed
    if key == "podcast":
        query.podcasts.append((fold(" ".join(value.split())), negate))
    elif key == "is":
        status = _status_value(value)
        if status is None:
            query.hints.append(f"unknown is: value {value!r} ({', '.join(STATUS_VALUES)})")
        else:
            query.statuses.append((status, negate))
    elif key == "has":
        value = value.lower()
        found = [name for name in HAS_VALUES if name.startswith(value)]
        if len(found) == 1:
            query.has.append((found[0], negate))
        else:
            query.hints.append(f"unknown has: value {value!r} ({', '.join(HAS_VALUES)})")
    elif key in ("after", "before"):
        start = _date_start(value)
        if start is None:
            query.hints.append(
                f"{key}: needs a date like 2019, 2019-05 or 2019-05-17, not {value!r}"
            )
        elif negate:  # -after:X is before:X and the other way round
            setattr(query, "before" if key == "after" else "after", start)
        else:
            setattr(query, key, start)
    else:  # longer / shorter
        seconds = parse_span(value)
        if seconds is None:
            query.hints.append(f"{key}: needs a length like 30m, 1h or 1h30m, not {value!r}")
        elif negate:
            setattr(query, "shorter" if key == "longer" else "longer", seconds)
        else:
            setattr(query, key, seconds)


def _status_value(value: str) -> str | None:
    value = value.lower()
    value = _ALIASES.get(value, value)
    if value in STATUS_VALUES:
        return value
    candidates = [status for status in STATUS_VALUES if status.startswith(value)]
    return candidates[0] if len(candidates) == 1 else None


def _date_start(value: str) -> int | None:
    """Unix time of the start (UTC) of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    match = _DATE.fullmatch(value)
    if match is None:
        return None
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        start = datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None
    return calendar.timegm(start.timetuple())


def parse_span(value: str) -> int | None:
    """Seconds in ``30m``, ``1h``, ``1h30m``, ``45s``, ``1.5h``; a plain number is minutes."""
    value = value.strip().lower()
    if _NUMBER.fullmatch(value):
        return round(float(value) * 60)
    match = _SPAN.fullmatch(value)
    if match is None or not any(match.groups()):
        return None
    hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    return round(hours * 3600 + minutes * 60 + seconds)


def fts_query(term: Term) -> str | None:
    """The FTS5 query for a term's notes matches, or None when notes should not be searched.

    The last word is a prefix when it has three or more characters; shorter words match
    whole words, and one-character terms do not search notes at all.
    """
    words = _FTS_WORD.findall(term.text)
    if not words or (len(words) == 1 and len(words[0]) < 2):
        return None
    prefix = "*" if len(words[-1]) >= 3 else ""
    return '"' + " ".join(words) + '"' + prefix
