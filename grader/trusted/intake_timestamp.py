"""When a submission was handed in: ``timestamp.txt`` read the way its writers mean it.

nbgrader writes ``2026-03-01 12:00:00.000000 UTC`` (``%Z``: a zone name) and reads stamps
with ``nbgrader.utils.parse_utc``, which takes a numeric zone as *seconds* (``-0800``
becomes 800 seconds) and silently drops a zone name that ``dateutil.tz.gettz`` does not
know (``PST``). LMS exports and scripts write ISO 8601 (``2026-03-01T12:00:00-08:00``,
``…Z``) or RFC 2822 dates. ``read_hand_in_time`` understands all of them:

- ``±HHMM``, ``±HH:MM`` and ``Z`` are offsets in hours and minutes;
- the common abbreviations of ``ZONE_HOURS`` and IANA names (``America/Los_Angeles``)
  are zones;
- a stamp without a zone is UTC, as nbgrader reads it.

A stamp it cannot read does not fail the submission: it is graded without a hand-in
time (so no late penalty), and the note says so.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import dateutil.parser
import dateutil.tz

#: UTC offset in hours of zone abbreviations seen in hand-in stamps. North American
#: and European readings win where an abbreviation is ambiguous (CST, BST); IST (India,
#: Ireland, Israel) is too ambiguous to guess and is read as an unknown zone.
ZONE_HOURS = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0,
    "BST": 1, "CET": 1, "WEST": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "HST": -10, "AKST": -9, "AKDT": -8, "PST": -8, "PDT": -7, "MST": -7, "MDT": -6,
    "CST": -6, "CDT": -5, "EST": -5, "EDT": -4, "AST": -4, "ADT": -3, "NST": -3.5, "NDT": -2.5,
    "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "ACST": 9.5, "AWST": 8, "NZST": 12, "NZDT": 13,
}
#: How the grader writes the stamp for nbgrader: its own default format, in UTC.
NBGRADER_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"


@dataclass(frozen=True)
class HandInTime:
    """The hand-in time in UTC (None if unreadable) and a note for anything guessed."""

    utc: datetime | None
    note: str | None = None

    def for_nbgrader(self) -> str:
        """The stamp as nbgrader's parse_utc reads it unambiguously."""
        return self.utc.strftime(NBGRADER_FORMAT)


def read_hand_in_time(text: str) -> HandInTime:
    """Read the contents of a ``timestamp.txt``; never raises (see the module docstring)."""
    stamp = text.strip().lstrip("\ufeff").strip()
    unknown_zones = []

    def zone(name: str | None, offset: int | None):
        if name is None:  # a numeric offset only: dateutil passes it in seconds
            return dateutil.tz.tzoffset(None, offset) if offset is not None else None
        if name.upper() in ZONE_HOURS:
            return dateutil.tz.tzoffset(name, timedelta(hours=ZONE_HOURS[name.upper()]))
        known = dateutil.tz.gettz(name)
        if known is None:
            unknown_zones.append(name)
        return known

    words = stamp.split()
    iana_name = words[-1] if len(words) > 1 and "/" in words[-1] else None  # dateutil cannot parse these
    named_zone = dateutil.tz.gettz(iana_name) if iana_name else None
    if iana_name and named_zone is None:
        unknown_zones.append(iana_name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # dateutil warns about unknown zones: collected above
            moment = dateutil.parser.parse(" ".join(words[:-1]) if iana_name else stamp, tzinfos=zone)
    except (ValueError, OverflowError):
        return HandInTime(None, f"The hand-in time ({_shown(stamp)}) is not a date and time the grader can "
                                "read, so the submission was graded without one (no late penalty was applied).")
    if named_zone is not None:
        moment = moment.replace(tzinfo=named_zone)
    note = None
    if moment.tzinfo is None and unknown_zones:
        note = (f"The hand-in time ({_shown(stamp)}) names a time zone the grader does not know "
                f"({unknown_zones[0]}); it was read as UTC.")
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return HandInTime(moment, note)


def _shown(stamp: str) -> str:
    return repr(stamp if len(stamp) <= 60 else stamp[:57] + "...")

