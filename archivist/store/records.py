"""Legacy sources kept verbatim, and the old URLs that point at articles."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from archivist.errors import NotFoundError
from archivist.store.paths import legacy_path
from archivist.store.tables import legacy_urls, sources


@dataclass(frozen=True)
class StoredSource:
    """A legacy record as it was read, never modified."""

    id: int
    legacy_id: str
    format: str
    origin: str
    position: str
    url: str
    sha256: str
    raw: bytes


def get_source(conn: Connection, source_id: int) -> StoredSource:
    row = conn.execute(select(sources).where(sources.c.id == source_id)).first()
    if row is None:
        msg = f"Source {source_id} does not exist. An article's revisions name their source ids."
        raise NotFoundError(msg)
    return StoredSource(
        row.id, row.legacy_id, row.format, row.origin, row.position, row.url, row.sha256, bytes(row.raw)
    )


def article_for_legacy_url(conn: Connection, url: str) -> int | None:
    """The article an old URL (or path) now lives at, for 301 redirects."""
    path = legacy_path(url)
    if not path:
        return None
    found = conn.execute(select(legacy_urls.c.article_id).where(legacy_urls.c.path == path)).scalar()
    return None if found is None else int(found)
