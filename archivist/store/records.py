"""Legacy sources kept verbatim, and the old URLs that point at articles."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, select

from archivist.errors import NotFoundError
from archivist.model import LegacyRecord
from archivist.store.paths import legacy_path
from archivist.store.revisions import inserted_id, now
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


_SOURCE_ID = select(sources.c.id).where(
    sources.c.legacy_id == bindparam("b_legacy_id"), sources.c.sha256 == bindparam("b_sha256")
)
_INSERT_SOURCE = sources.insert()
_URL_TAKEN = select(legacy_urls.c.article_id).where(legacy_urls.c.path == bindparam("b_path"))
_INSERT_URL = legacy_urls.insert()


def ensure_source(conn: Connection, record: LegacyRecord, run_id: int | None) -> int:
    """The id of the stored copy of ``record`` (stored now if it is new)."""
    digest = record.sha256
    found = conn.execute(_SOURCE_ID, {"b_legacy_id": record.legacy_id, "b_sha256": digest}).scalar()
    if found is not None:
        return int(found)
    values = {
        "legacy_id": record.legacy_id,
        "format": record.format,
        "origin": record.origin,
        "position": record.position,
        "url": record.url,
        "sha256": digest,
        "raw": record.raw,
        "run_id": run_id,
        "created_at": now(),
    }
    return inserted_id(conn.execute(_INSERT_SOURCE, values))


def get_source(conn: Connection, source_id: int) -> StoredSource:
    row = conn.execute(select(sources).where(sources.c.id == source_id)).first()
    if row is None:
        msg = f"Source {source_id} does not exist. An article's revisions name their source ids."
        raise NotFoundError(msg)
    return StoredSource(
        row.id, row.legacy_id, row.format, row.origin, row.position, row.url, row.sha256, bytes(row.raw)
    )


def add_legacy_url(conn: Connection, url: str, article_id: int) -> str:
    """Point the old URL at the article; the first article to claim a path keeps it.

    Returns the normalised path ('' when the URL has none).
    """
    path = legacy_path(url)
    if not path:
        return ""
    if conn.execute(_URL_TAKEN, {"b_path": path}).first() is None:
        conn.execute(_INSERT_URL, {"path": path, "url": url, "article_id": article_id})
    return path


def article_for_legacy_url(conn: Connection, url: str) -> int | None:
    """The article an old URL (or path) now lives at, for 301 redirects."""
    path = legacy_path(url)
    if not path:
        return None
    found = conn.execute(select(legacy_urls.c.article_id).where(legacy_urls.c.path == path)).scalar()
    return None if found is None else int(found)
