"""Publication dates as Unix seconds (UTC), from every form feeds write them in.

Read: RFC 822/2822 (day and month names short or in full, any case, weekday optional or
wrong, comma missing or doubled, seconds or time missing, two- and three-digit years,
``+hhmm``/``+hh:mm``/``GMT+2``/``UTC-05:30`` offsets, named zones including the US ``ET``
``CT`` ``MT`` ``PT`` ``AT`` with daylight saving time applied by date, RFC 822's military
letters, comments in parentheses, AM/PM, fractional seconds); RFC 3339 and W3C-DTF
(``2003``, ``2003-12``, ``2003-12-31``, with a time, fractional seconds, ``Z`` or an
offset, ``T`` or a space, a named zone); ISO 8601's basic (``20031231T101455Z``) and
ordinal (``2003-365``) forms; asctime (``Sun Jan  4 16:29:06 2004``, also with a zone
before the year); ``Month day, year``.

Refused (None, so that the episode keeps its place among the undated): dates before 1900
or after 2200, impossible days (``31 Feb``), hours past 24, and the first day of 1970,
which feed generators write for a date they do not have. ISO 8601's two-digit-year forms
(``03-12-31``, ``031231``) are refused too: they read as day-month-year just as well.
"""

from __future__ import annotations

import functools
import re

__all__ = ["civil", "parse_date"]

_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
):
    _MONTHS[_name] = _MONTHS[_name.title()] = _MONTHS[_name.upper()] = _number

# Minutes east of UTC.
_ZONES = {
    "ut": 0,
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "wet": 0,
    "edt": -4 * 60,
    "est": -5 * 60,
    "cdt": -5 * 60,
    "cst": -6 * 60,
    "mdt": -6 * 60,
    "mst": -7 * 60,
    "pdt": -7 * 60,
    "pst": -8 * 60,
    "akdt": -8 * 60,
    "akst": -9 * 60,
    "hst": -10 * 60,
    "hast": -10 * 60,
    "hadt": -9 * 60,
    "adt": -3 * 60,
    "ast": -4 * 60,
    "ndt": -150,
    "nst": -210,
    "bst": 60,
    "ist": 330,
    "cet": 60,
    "met": 60,
    "west": 60,
    "cest": 120,
    "mest": 120,
    "eet": 120,
    "eest": 180,
    "msk": 180,
    "sgt": 480,
    "hkt": 480,
    "awst": 480,
    "jst": 540,
    "kst": 540,
    "acst": 570,
    "aest": 600,
    "acdt": 630,
    "aedt": 660,
    "nzst": 720,
    "nzdt": 780,
}
# RFC 822's military zones as the RFC writes them (A is -1 hour, N +1, Z UTC; no J).
for _index, _letter in enumerate("abcdefghiklm", 1):
    _ZONES[_letter] = -60 * _index
for _index, _letter in enumerate("nopqrstuvwxy", 1):
    _ZONES[_letter] = 60 * _index
# US zones named without standard or daylight: standard offset, plus an hour in summer.
_US_ZONES = {"et": -5 * 60, "ct": -6 * 60, "mt": -7 * 60, "pt": -8 * 60, "at": -4 * 60}
_US_ZONES["akt"] = -9 * 60

# The canonical RFC 822 form most feeds use, matched in one step.
_RFC822_STRICT = re.compile(
    r"\s*(?:[A-Za-z]{3},\s*)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d\d):(\d\d):(\d\d)"
    r" ?([+-]\d{4}|GMT|UTC|UT|Z)?\s*"
)
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_ZONE = r"((?:GMT|UTC|UT)?\s?[+-]\d{1,2}(?::?\d{2})?\b|\d{4}\b|(?:Etc/)?[A-Za-z]{1,5}\b)"
_TIME = r"(?:[\sT,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[.,]\d+)?\s*([AP]\.?M\.?)?)?"
_ISO_ZONE = (
    r"\s*(Z\b|[+-]\d{2}(?::?\d{2})?\b|(?:GMT|UTC|UT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?\b"
    r"|[A-Za-z]{2,5}\b)?"
)
_ISO_TIME = r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?"


# The other forms, in the order _forms() gives them; most feeds write only the canonical
# form, and compiling these takes milliseconds: they are compiled for the first date that
# needs them.
_FORMS = (
    (
        r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/.,]*" + _MONTH + r"[\s\-/.,]*(\d{2,4})(?!\d)"
        r"" + _TIME + r"\s*" + _ZONE + "?"
    ),  # RFC 822 in all its spellings
    _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)" + _TIME + r"\s*" + _ZONE + "?",
    (
        _MONTH + r"\s+(\d{1,2}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*"
        r"(?:([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})\s+)?(\d{4})(?!\d)"
    ),  # asctime
    r"(\d{4})[-/](0?\d{1,2})[-/](\d{1,2})(?!\d)" + _ISO_TIME + _ISO_ZONE,
    r"(\d{4})-(\d{3})(?!\d)" + _ISO_TIME + _ISO_ZONE,  # ISO 8601 ordinal
    r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?",
    r"(\d{4})(?:-(\d{2}))?",  # W3C-DTF's year or month alone
)


@functools.cache
def _forms() -> list[re.Pattern[str]]:
    """RFC 822, month first, asctime, ISO, ISO ordinal, ISO basic, W3C partial (any case)."""
    return [re.compile(pattern, re.I) for pattern in _FORMS]


_month_days: dict[tuple[int, int], int] = {}
_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# The first day of 1970, in any zone: what generators write for a date they do not have.
_EPOCH_LOW, _EPOCH_HIGH = -14 * 3600, 38 * 3600


def _days(year: int, month: int) -> int:
    """Days from 1970-01-01 to the first of ``month`` (proleptic Gregorian), cached."""
    key = (year, month)
    days = _month_days.get(key)
    if days is None:
        y = year - (month <= 2)
        era = y // 400
        yoe = y - era * 400
        doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5
        days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
        if len(_month_days) < 10_000:
            _month_days[key] = days
    return days


def _month_length(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _LENGTHS[month - 1]


def _timestamp(
    year: int, month: int, day: int, hour: int, minute: int, second: int, zone: int
) -> int | None:
    if not (1900 <= year <= 2200 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    if hour > 24 or minute > 59 or second > 60:
        return None
    if day > 28 and day > _month_length(year, month):
        return None
    days = _days(year, month) + day - 1
    value = days * 86400 + hour * 3600 + minute * 60 + min(second, 59) - zone * 60
    return None if _EPOCH_LOW < value < _EPOCH_HIGH else value


def _us_summer(year: int, month: int, day: int, hour: int) -> bool:
    """Whether US daylight saving time is in force at this local standard time."""
    if year >= 2007:
        start, end = (3, _sunday(year, 3, 2)), (11, _sunday(year, 11, 1))
    elif year >= 1987:
        start, end = (4, _sunday(year, 4, 1)), (10, _sunday(year, 10, -1))
    else:
        start, end = (4, _sunday(year, 4, -1)), (10, _sunday(year, 10, -1))
    # Both changes happen at 02:00 local (the end at 02:00 daylight, 01:00 standard).
    return (month, day, hour) >= (*start, 2) and (month, day, hour) < (*end, 1)


def _sunday(year: int, month: int, nth: int) -> int:
    """The day of the month of its ``nth`` Sunday (-1: the last)."""
    first = _days(year, month)
    first_sunday = 1 + (3 - first) % 7  # 1970-01-04 was a Sunday
    if nth > 0:
        return first_sunday + 7 * (nth - 1)
    length = _month_length(year, month)
    return first_sunday + 7 * ((length - first_sunday) // 7)


def _zone_minutes(zone: str | None, when: tuple[int, int, int, int] | None = None) -> int:
    """Minutes east of UTC for a zone: ``+0100``, ``-05:00``, ``0000``, ``GMT+1``, ``PDT``,
    ``ET`` (``when``, the local year, month, day and hour, tells standard from daylight)."""
    if not zone:
        return 0
    zone = zone.replace(" ", "")
    if zone[:1] not in ("+", "-"):
        upper = zone.upper()
        if upper.startswith("ETC/"):
            zone, upper = zone[4:], upper[4:]
        for prefix in ("GMT", "UTC", "UT"):
            if upper.startswith(prefix) and zone[len(prefix) : len(prefix) + 1] in ("+", "-"):
                zone = zone[len(prefix) :]
                break
        else:
            if zone.isdigit():  # "0000": an offset that lost its sign
                return _offset(1, zone)
            name = zone.lower()
            standard = _US_ZONES.get(name)
            if standard is not None:
                return standard + 60 if when is not None and _us_summer(*when) else standard
            return _ZONES.get(name, 0)
    return _offset(-1 if zone[0] == "-" else 1, zone[1:])


def _offset(sign: int, digits: str) -> int:
    digits = digits.replace(":", "")
    if len(digits) <= 2:
        hours, minutes = int(digits or 0), 0
    else:
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    if hours > 14 or minutes > 59:
        return 0
    return sign * (hours * 60 + minutes)


def _clock(
    hour: str | None, minute: str | None, second: str | None, ampm: str | None
) -> tuple[int, int, int]:
    if hour is None:
        return 0, 0, 0
    h = int(hour)
    if ampm and h <= 12:
        if h == 12:
            h = 0
        if ampm[0] in "pP":
            h += 12
    return h, int(minute or 0), int(second or 0)


def _year(text: str) -> int:
    """A year as written: two digits are 1950-2049, three are counted from 1900 (RFC 2822)."""
    year = int(text)
    if len(text) == 2:
        return year + (2000 if year < 50 else 1900)
    if len(text) == 3:
        return year + 1900
    return year


def parse_date(text: str | None) -> int | None:
    """Unix seconds (UTC) from a date in any of the forms above; None when unreadable."""
    if not text:
        return None
    size = len(text)
    if (size == 31 or size == 29) and text[3:5] == ", " and text[25] == " ":
        # "Sat, 11 Nov 2023 21:16:09 +0000" or "... GMT": read by position, no regex
        month = _MONTHS.get(text[8:11])
        if month is not None and text[19] == ":" == text[22]:
            try:
                day = int(text[5:7])
                year = int(text[12:16])
                hour = int(text[17:19])
                minute = int(text[20:22])
                second = int(text[23:25])
                zone = int(text[26:]) if size == 31 else (0 if text[26:] == "GMT" else None)
            except ValueError:
                zone = None
            if zone is not None and 1900 <= year <= 2200 and 0 < day < 32 and hour < 25:
                minutes = abs(zone) % 100
                offset = abs(zone) // 100 * 60 + minutes
                if minute < 60 and second < 61 and minutes < 60 and offset <= 14 * 60:
                    if day > 28 and day > _month_length(year, month):
                        return None
                    if zone < 0:
                        offset = -offset
                    days = _month_days.get((year, month))
                    if days is None:
                        days = _days(year, month)
                    value = (
                        (days + day - 1) * 86400
                        + hour * 3600
                        + minute * 60
                        + min(second, 59)
                        - offset * 60
                    )
                    if value > _EPOCH_HIGH or value < _EPOCH_LOW:
                        return value
                    return None
    match = _RFC822_STRICT.fullmatch(text)
    if match is not None:
        day_, month_name, year_, hour_, minute_, second_, zone_ = match.groups()
        month = _MONTHS.get(month_name)
        if month is not None:
            if zone_ is None or zone_[0] not in "+-":
                offset = 0
            else:
                offset = int(zone_[1:3]) * 60 + int(zone_[3:5])
                if offset > 14 * 60 or int(zone_[3:5]) > 59:
                    offset = 0
                elif zone_[0] == "-":
                    offset = -offset
            return _timestamp(
                int(year_), month, int(day_), int(hour_), int(minute_), int(second_), offset
            )
    return _parse_date_slow(text[:128])


def _parse_date_slow(text: str) -> int | None:
    rfc822, month_first, asctime, iso, iso_ordinal, iso_basic, w3c_partial = _forms()
    stripped = text.strip()
    if stripped[:1].isdigit():
        if stripped[4:5] in ("-", "/"):
            match = iso.match(stripped)
            if match is not None:
                return _iso(match)
        match = w3c_partial.fullmatch(stripped)
        if match is not None:  # "2003", "2003-12": the start of that year or month
            return _timestamp(int(match.group(1)), int(match.group(2) or 1), 1, 0, 0, 0, 0)
        match = iso_basic.fullmatch(stripped)
        if match is not None:
            return _iso(match)
        match = iso_ordinal.match(stripped)
        if match is not None:
            return _ordinal(match)
    match = rfc822.search(text)
    if match is not None:
        day, month_name, year, hour, minute, second, ampm, zone = match.groups()
        return _local(_year(year), month_name, int(day), (hour, minute, second, ampm), zone)
    match = asctime.search(text)
    if match is not None:
        month_name, day, hour, minute, second, zone, year = match.groups()
        return _local(int(year), month_name, int(day), (hour, minute, second, None), zone)
    match = month_first.search(text)
    if match is not None:
        month_name, day, year, hour, minute, second, ampm, zone = match.groups()
        return _local(int(year), month_name, int(day), (hour, minute, second, ampm), zone)
    match = iso.search(text)
    return _iso(match) if match is not None else None


def _local(
    year: int,
    month_name: str,
    day: int,
    clock: tuple[str | None, str | None, str | None, str | None],
    zone: str | None,
) -> int | None:
    """A date read in words; a zone counts only after a time (``11 Dec 2019 at noon``)."""
    month = _MONTHS[month_name[:3].lower()]
    hour, minute, second = _clock(*clock)
    offset = _zone_minutes(zone, (year, month, day, hour)) if clock[0] is not None else 0
    return _timestamp(year, month, day, hour, minute, second, offset)


def _iso(match: re.Match[str]) -> int | None:
    year, month, day, hour, minute, second, zone = match.groups()
    y, m, d, h = int(year), int(month), int(day), int(hour or 0)
    return _timestamp(y, m, d, h, int(minute or 0), int(second or 0), _zone_minutes(zone))


def _ordinal(match: re.Match[str]) -> int | None:
    """``2003-335``: the 335th day of 2003."""
    year, number, hour, minute, second, zone = match.groups()
    y, n = int(year), int(number)
    if not 1 <= n <= 365 + (_month_length(y, 2) == 29):
        return None
    stamp = _timestamp(y, 1, 1, int(hour or 0), int(minute or 0), int(second or 0), 0)
    if stamp is None:
        return None
    return stamp + (n - 1) * 86400 - _zone_minutes(zone) * 60


def civil(days: int) -> tuple[int, int, int]:
    """(year, month, day) of a day number counted from 1970-01-01."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day
