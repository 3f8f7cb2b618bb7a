"""Dates as the structured formats write them -> aware datetimes (UTC when no zone).

>>> parse_date("2016-12-06 14:32:00")
datetime.datetime(2016, 12, 6, 14, 32, tzinfo=datetime.timezone.utc)
>>> parse_date("20090314T091200Z")
datetime.datetime(2009, 3, 14, 9, 12, tzinfo=datetime.timezone.utc)
>>> parse_date("Tue, 06 Dec 2016 15:32:00 +0100").isoformat()
'2016-12-06T15:32:00+01:00'
>>> parse_date("0000-00-00 00:00:00") is None
True
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# ISO 8601 basic format (NITF norm attributes): 20090314T091200Z, 20090314T091200+0100, 20090314
_BASIC = re.compile(r"^(\d{8})(?:T(\d{4,6})(Z|[+-]\d{4})?)?$")
# day-first dates of Swiss and French exports: 06.12.2016 14:32
_DAY_FIRST = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_date(text: str, *, naive_is_utc: bool = True) -> datetime | None:
    """The datetime written in ``text``, or None when it is empty or not a date."""
    value = text.strip()
    if not value or value.startswith("0000"):
        return None
    parsed = _parse(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None and naive_is_utc:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _parse(value: str) -> datetime | None:
    if value.isdigit() and len(value) >= 9:  # Unix epoch seconds (or milliseconds)
        seconds = int(value) / (1000 if len(value) > 11 else 1)
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        pass
    match = _BASIC.match(value)
    if match:
        date, time, zone = match.groups()
        time = (time or "000000").ljust(6, "0")
        zone = "+0000" if zone in (None, "Z") else zone
        try:
            return datetime.strptime(date + time + zone, "%Y%m%d%H%M%S%z")
        except ValueError:
            return None
    match = _DAY_FIRST.match(value)
    if match:
        day, month, year, hour, minute, second = match.groups()
        try:
            return datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
