"""Publication dates: every form RFC 822/2822, RFC 3339/W3C-DTF and asctime allow, and the
misspellings feeds make of them."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.core.feeds.dates import civil, parse_date

ROOT = Path(__file__).resolve().parents[2]


def utc(*parts: int) -> int:
    return int(datetime(*parts, tzinfo=UTC).timestamp())


EXPECTED = 1576044000  # Wed, 11 Dec 2019 06:00:00 UTC


@pytest.mark.parametrize(
    ("text", "timestamp"),
    [
        ("Wed, 11 Dec 2019 06:00:00 +0000", EXPECTED),
        ("Wed, 11 Dec 2019 06:00:00 GMT", EXPECTED),
        ("11 Dec 2019 06:00:00 GMT", EXPECTED),  # no weekday
        ("Mon, 11 Dec 2019 06:00:00 +0000", EXPECTED),  # wrong weekday
        ("Wed, 11 Dec 19 06:00:00 +0000", EXPECTED),  # two-digit year
        ("Wed, 11 Dec 99 06:00:00 +0000", 944892000),
        ("Wed, 11 Dec 2019 01:00:00 EST", EXPECTED),
        ("Wed, 11 Dec 2019 02:00:00 EDT", EXPECTED),
        ("Tue, 10 Dec 2019 22:00:00 PST", EXPECTED),
        ("Tue, 10 Dec 2019 23:00:00 PDT", EXPECTED),
        ("Wed, 11 Dec 2019 06:00:00 UT", EXPECTED),
        ("Wed, 11 Dec 2019 06:00:00 UTC", EXPECTED),
        ("Wed, 11 Dec 2019 06:00:00 Z", EXPECTED),
        ("Wed, 11 Dec 2019 06:00:00 0000", EXPECTED),  # lost its sign
        ("Wed, 11 Dec 2019 06:00:00", EXPECTED),  # no zone
        ("Wed, 11 Dec 2019 08:00:00 +0200", EXPECTED),
        ("Wed, 11 Dec 2019 08:00:00 +02:00", EXPECTED),
        ("Wed, 11 Dec 2019 00:30:00 -0530", EXPECTED),
        ("Wednesday, 11 December 2019 06:00:00 +0000", EXPECTED),
        ("Wed, 11 December 2019 06:00 +0000", EXPECTED),  # no seconds
        ("Wed,  11  Dec  2019  06:00:00  +0000", EXPECTED),
        ("  Wed, 11 Dec 2019 06:00:00 +0000  ", EXPECTED),
        ("Wed, 11 Dec 2019 06:00:00 +0000 (Coordinated Universal Time)", EXPECTED),
        ("Wed, 11 Dec 2019 06:00:00 GMT+0000", EXPECTED),
        ("Wed, 11 dec 2019 06:00:00 +0000", EXPECTED),
        ("Wed, 11 DEC 2019 06:00:00 +0000", EXPECTED),
        ("Wed, 11 Dec 2019 6:00:00 AM +0000", EXPECTED),
        ("Wed, 11 Dec 2019 06:00:00 PM +0000", EXPECTED + 12 * 3600),
        ("Dec 11, 2019 06:00:00 GMT", EXPECTED),
        ("December 11th, 2019", EXPECTED - 6 * 3600),
        ("Wed Dec 11 2019 07:00:00 GMT+0100 (CET)", EXPECTED),
        ("Wed, 11 Dec 2019", EXPECTED - 6 * 3600),
        ("11-Dec-2019 06:00:00", EXPECTED),
        ("2019-12-11T06:00:00Z", EXPECTED),
        ("2019-12-11T06:00:00+00:00", EXPECTED),
        ("2019-12-11T07:00:00.250+01:00", EXPECTED),
        ("2019-12-11T06:00:00.123456", EXPECTED),
        ("2019-12-11 06:00:00", EXPECTED),
        ("2019-12-11T01:00:00-0500", EXPECTED),
        ("2019-12-11", EXPECTED - 6 * 3600),
        ("Wed, 2019-12-11T06:00:00Z", EXPECTED),  # ISO inside pubDate
        ("Wed, 29 Feb 2012 00:00:00 +0000", 1330473600),  # leap day
        ("not a date", None),
        ("", None),
        (None, None),
        ("Wed, 32 Dec 2019 06:00:00 +0000", None),
        ("Wed, 11 Foo 2019 06:00:00 +0000", None),
        ("Wed, 11 Dec 2019 25:00:00 +0000", None),
        ("9999-99-99", None),
        ("Wed, 11 Dec 0001 06:00:00 +0000", None),
    ],
)
def test_dates_already_read(text, timestamp):
    assert parse_date(text) == timestamp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # US zones without standard/daylight: the offset in force on that date
        ("Mon, 26 January 2004 16:31:00 ET", utc(2004, 1, 26, 21, 31)),
        ("Mon, 26 January 2004 16:31:00 CT", utc(2004, 1, 26, 22, 31)),
        ("Mon, 26 January 2004 16:31:00 MT", utc(2004, 1, 26, 23, 31)),
        ("Mon, 26 January 2004 16:31:00 PT", utc(2004, 1, 27, 0, 31)),
        ("Mon, 26 January 2004 16:31:00 AT", utc(2004, 1, 26, 20, 31)),
        ("Mon, 15 Jul 2024 10:00:00 ET", utc(2024, 7, 15, 14)),
        ("Mon, 15 Jul 2024 10:00:00 PT", utc(2024, 7, 15, 17)),
        ("Sun, 10 Mar 2024 01:59:00 ET", utc(2024, 3, 10, 6, 59)),  # last standard minute
        ("Sun, 10 Mar 2024 03:00:00 ET", utc(2024, 3, 10, 7)),  # first daylight hour
        ("Sun, 3 Nov 2024 12:00:00 ET", utc(2024, 11, 3, 17)),  # back to standard
        ("Sun, 26 Mar 2006 12:00:00 ET", utc(2006, 3, 26, 17)),  # the rules before 2007
        ("Sun, 2 Apr 2006 12:00:00 ET", utc(2006, 4, 2, 16)),
        ("Sun, 29 Oct 2006 12:00:00 ET", utc(2006, 10, 29, 17)),
        ("Wed, 11 Dec 2019 06:00:00 et", utc(2019, 12, 11, 11)),
        # the usual abbreviations
        ("Thu, 30 Apr 2015 08:57:00 MET", utc(2015, 4, 30, 7, 57)),
        ("Thu, 30 Apr 2015 08:57:00 MEST", utc(2015, 4, 30, 6, 57)),
        ("Wed, 11 Dec 2019 03:00:00 AKST", utc(2019, 12, 11, 12)),
        ("Wed, 11 Dec 2019 06:00:00 Etc/GMT", utc(2019, 12, 11, 6)),
        # RFC 822 military zones, as RFC 822 writes them
        ("Wed, 11 Dec 2019 05:00:00 A", utc(2019, 12, 11, 6)),
        ("Wed, 11 Dec 2019 07:00:00 N", utc(2019, 12, 11, 6)),
        ("Tue, 10 Dec 2019 18:00:00 M", utc(2019, 12, 11, 6)),
        ("Wed, 11 Dec 2019 18:00:00 Y", utc(2019, 12, 11, 6)),
        ("Wed, 11 Dec 2019 06:00:00 z", utc(2019, 12, 11, 6)),
        # asctime, with or without a zone before the year
        ("Sun Jan  4 16:29:06 2004", utc(2004, 1, 4, 16, 29, 6)),
        ("Sun Jul 15 01:16:00 +0000 2012", utc(2012, 7, 15, 1, 16)),
        ("Wed Dec 11 01:00:00 EST 2019", utc(2019, 12, 11, 6)),
        ("Wed Dec 11 07:00 +01:00 2019", utc(2019, 12, 11, 6)),
        # W3C-DTF and RFC 3339, whole and partial
        ("2003", utc(2003, 1, 1)),
        ("2003-12", utc(2003, 12, 1)),
        (" 2003-12 ", utc(2003, 12, 1)),
        ("2003-12-31T10:14Z", utc(2003, 12, 31, 10, 14)),
        ("2003-12-31t10:14:55z", utc(2003, 12, 31, 10, 14, 55)),
        ("2003-12-31T10:14:55.1234Z", utc(2003, 12, 31, 10, 14, 55)),
        ("2007-04-23T23:25:47.538+10:00", utc(2007, 4, 23, 13, 25, 47)),
        ("2003-12-31T10:14:55-00:00", utc(2003, 12, 31, 10, 14, 55)),
        ("2003-012-31T10:14:55+00:00", utc(2003, 12, 31, 10, 14, 55)),  # a zero too many
        ("2004-02-28T18:14:55-08:00", utc(2004, 2, 29, 2, 14, 55)),
        ("2003-02-28T18:14:55-08:00", utc(2003, 3, 1, 2, 14, 55)),
        ("2000-02-28T18:14:55-08:00", utc(2000, 2, 29, 2, 14, 55)),
        ("2016-12-31T23:59:60Z", utc(2016, 12, 31, 23, 59, 59)),  # leap second
        ("2004-07-08 23:56:58 -00:20", utc(2004, 7, 9, 0, 16, 58)),
        ("2004-07-08 23:56:58.0", utc(2004, 7, 8, 23, 56, 58)),
        ("2019-12-11 01:00:00 EST", utc(2019, 12, 11, 6)),
        ("Fri, 2006/09/15 08:19:53 EDT", utc(2006, 9, 15, 12, 19, 53)),
        # ISO 8601 basic and ordinal forms
        ("20191211T060000Z", utc(2019, 12, 11, 6)),
        ("20191211T0700+0100", utc(2019, 12, 11, 6)),
        ("20191211", utc(2019, 12, 11)),
        ("2019-345", utc(2019, 12, 11)),
        ("2019-345T06:00:00Z", utc(2019, 12, 11, 6)),
        # RFC 822/2822 as feeds misspell it
        ("Wed 11 Dec 2019 06:00:00 +0000", utc(2019, 12, 11, 6)),  # comma missing
        ("Mon, 13 Feb, 2012 06:28:00 UTC", utc(2012, 2, 13, 6, 28)),  # comma too many
        ("wed, 11 dec 2019 06:00:00 gmt", utc(2019, 12, 11, 6)),
        ("WED, 11 DECEMBER 2019 06:00:00 GMT", utc(2019, 12, 11, 6)),
        ("Wed, 11 Dec. 2019 06:00 +0000", utc(2019, 12, 11, 6)),
        ("Wed, 11 Sept 2019 06:00:00 +0000", utc(2019, 9, 11, 6)),
        ("Wed, 11 Dec 2019 11:30:00 +05:30", utc(2019, 12, 11, 6)),
        ("Wed, 11 Dec 2019 08:00:00 GMT+2", utc(2019, 12, 11, 6)),
        ("Wed, 11 Dec 2019 05:00:00 GMT-01:00", utc(2019, 12, 11, 6)),
        ("Wed, 11 Dec 2019 01:00:00 UTC-05:00", utc(2019, 12, 11, 6)),
        ("Wed, 11 Dec 2019 06:00:00.5 +0000", utc(2019, 12, 11, 6)),  # fractional seconds
        ("Wed, 11 Dec 2019 06:00:00 -0000", utc(2019, 12, 11, 6)),
        ("Wed, 11 Dec 119 06:00:00 +0000", utc(2019, 12, 11, 6)),  # three-digit year
        ("Wednesday, 11-Dec-19 06:00:00 GMT", utc(2019, 12, 11, 6)),  # RFC 850
        ("\tWed,\r\n 11 Dec 2019\r\n 06:00:00 +0000", utc(2019, 12, 11, 6)),  # folded
        ("Thu, 1 Jan 2004 00:00 GMT", utc(2004, 1, 1)),
        ("Thu,  5 Apr 2012 10:00:00 GMT", utc(2012, 4, 5, 10)),
        ("Thu, 01 Jan 2004", utc(2004, 1, 1)),
        ("Thu Aug 30 2012 17:26:16 +0200", utc(2012, 8, 30, 15, 26, 16)),
        ("Wed, 11 Dec 2019 at 10:00", utc(2019, 12, 11)),  # a word is not a zone
        ("Sat, 29 Feb 2020 12:00:00 +0000", utc(2020, 2, 29, 12)),
        ("Sat, 30 Nov 2019 12:00:00 +0000", utc(2019, 11, 30, 12)),
    ],
)
def test_date_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Thu, 01 Jan 1970 00:00:00 +0000",  # an unset date written as the epoch
        "Thu, 01 Jan 1970 00:00:00 GMT",
        "1970-01-01T00:00:00Z",
        "Wed, 31 Dec 1969 19:00:00 EST",
        "Fri, 31 Feb 2019 06:00:00 +0000",  # no such day
        "Sun, 31 Nov 2019 06:00:00 GMT",
        "2019-02-29",
        "Sun, 16 zzz 2012 11:47:32 GMT",
        "2003-12-31T25:14:55Z",
        "2003-12-31T10:61:55Z",
        "22013",
        "013",
        "03-12-31",  # two-digit ISO years: refused, they read as day-month-year too
        "2019-366",
        "Thu, 01 Jan 0100 00:00:01 +0100",
        "9999-12-31T23:59:59-99:99",
    ],
)
def test_unreadable_dates_give_none(text):
    assert parse_date(text) is None


def test_civil_is_the_inverse_of_the_day_count():
    assert civil(0) == (1970, 1, 1)
    assert civil(utc(2024, 2, 29) // 86400) == (2024, 2, 29)
    assert civil(utc(1900, 3, 1) // 86400) == (1900, 3, 1)


def test_the_other_forms_are_compiled_for_the_first_date_that_needs_them():
    code = (
        "from tui.core.feeds import dates\n"
        "assert dates.parse_date('Sat, 11 Nov 2023 21:16:09 +0000') == 1699737369\n"
        "assert dates.parse_date('Sat, 11 Nov 2023 21:16:09 GMT') == 1699737369\n"
        "assert dates._forms.cache_info().currsize == 0\n"
        "assert dates.parse_date('2023-11-11T21:16:09Z') == 1699737369\n"
        "assert dates._forms.cache_info().currsize == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)
