"""The section navigation every page shows, cached for a minute (one query per minute)."""

from __future__ import annotations

import time

from sqlalchemy import Connection

from archivist.site.queries import Section, list_sections
from archivist.site.state import Site

NAV_TTL = 60.0  # seconds; a new section appears in the menu within a minute


def nav_sections(site: Site, conn: Connection) -> list[Section]:
    cached = site.nav_cache
    if cached is not None and time.monotonic() - cached[0] < NAV_TTL:
        sections: list[Section] = cached[1]
        return sections
    sections = list_sections(conn)
    site.nav_cache = (time.monotonic(), sections)
    return sections
