"""Conflicts of a re-run with editors: the rows, written by the migration, read by editors.

When a re-run finds that the legacy source of an article changed and an editor revised
the article (``save_migrated`` returns "conflict"), :func:`record_conflict` keeps the
new source's recovery beside the editor's revision, at most one open row per article:
the same export seen again only refreshes ``seen_at``, a newer one replaces the
waiting recovery. :func:`settle_conflict` closes it (``kept``, ``taken`` or
``merged``) and points the id map at the new source, so the next run finds the record
unchanged and reports nothing until the source changes again. The editor's actions
themselves live in :mod:`archivist.editor.conflicts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from archivist.errors import EditError, NotFoundError
from archivist.model import Article, Finding, LegacyRecord, Processed, RepairStep, article_from_dict
from archivist.store.revisions import (
    as_utc,
    document_of,
    findings_from_json,
    now,
    plain,
    steps_from_json,
)
from archivist.store.tables import articles, conflicts, id_map

__all__ = [
    "SETTLED",
    "Conflict",
    "count_open_conflicts",
    "get_conflict",
    "list_conflicts",
    "record_conflict",
    "settle_conflict",
]

# how an editor settles a conflict (the open state is "open")
SETTLED = ("kept", "taken", "merged")


@dataclass(frozen=True)
class Conflict:
    id: int
    article_id: int
    legacy_id: str
    base_source_id: int | None  # the source the article's migration revision was built from
    source_id: int  # the new export
    source_hash: str
    revision_id: int | None  # the article's current revision when the run met it
    article: Article  # the new source as the migration recovered it
    steps: tuple[RepairStep, ...]
    findings: tuple[Finding, ...]
    confidence: float
    run_id: int | None
    status: str
    created_at: datetime
    seen_at: datetime
    settled_by: str | None
    settled_at: datetime | None
    settled_revision_id: int | None

    @property
    def open(self) -> bool:
        return self.status == "open"


def _conflict(row: Row[Any]) -> Conflict:
    return Conflict(
        id=row.id,
        article_id=row.article_id,
        legacy_id=row.legacy_id,
        base_source_id=row.base_source_id,
        source_id=row.source_id,
        source_hash=row.source_hash,
        revision_id=row.revision_id,
        article=article_from_dict(row.document),
        steps=steps_from_json(row.steps),
        findings=findings_from_json(row.findings),
        confidence=row.confidence,
        run_id=row.run_id,
        status=row.status,
        created_at=as_utc(row.created_at) or now(),
        seen_at=as_utc(row.seen_at) or now(),
        settled_by=row.settled_by,
        settled_at=as_utc(row.settled_at),
        settled_revision_id=row.settled_revision_id,
    )


def record_conflict(
    conn: Connection,
    article_id: int,
    record: LegacyRecord,
    source_id: int,
    processed: Processed,
    run_id: int | None,
) -> int:
    """Keep (or refresh) the open conflict of ``article_id`` with the new source; its id."""
    stamp = now()
    found = conn.execute(
        select(conflicts.c.id, conflicts.c.source_hash).where(
            conflicts.c.article_id == article_id, conflicts.c.status == "open"
        )
    ).first()
    if found is not None and found.source_hash == record.sha256:
        conn.execute(update(conflicts).where(conflicts.c.id == found.id).values(seen_at=stamp, run_id=run_id))
        return int(found.id)
    values = {
        "source_id": source_id,
        "source_hash": record.sha256,
        "revision_id": conn.execute(
            select(articles.c.current_revision_id).where(articles.c.id == article_id)
        ).scalar(),
        "document": document_of(processed.article),
        "steps": plain(tuple(processed.steps)),
        "findings": plain(tuple(processed.findings)),
        "confidence": processed.confidence,
        "run_id": run_id,
        "seen_at": stamp,
    }
    if found is not None:  # the source changed again before anybody settled it
        conn.execute(update(conflicts).where(conflicts.c.id == found.id).values(**values))
        return int(found.id)
    base = conn.execute(select(id_map.c.source_id).where(id_map.c.legacy_id == record.legacy_id)).scalar()
    result = conn.execute(
        conflicts.insert().values(
            article_id=article_id,
            legacy_id=record.legacy_id,
            base_source_id=base,
            status="open",
            created_at=stamp,
            **values,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def get_conflict(conn: Connection, conflict_id: int) -> Conflict:
    row = conn.execute(select(conflicts).where(conflicts.c.id == conflict_id)).first()
    if row is None:
        msg = f"Conflict {conflict_id} does not exist. `archivist conflicts list` shows the open ones."
        raise NotFoundError(msg)
    return _conflict(row)


def list_conflicts(conn: Connection, *, status: str | None = "open", limit: int = 200) -> list[Conflict]:
    """Conflicts in ``status`` (None: all), oldest first."""
    query = select(conflicts).order_by(conflicts.c.created_at, conflicts.c.id).limit(limit)
    if status is not None:
        query = query.where(conflicts.c.status == status)
    return [_conflict(row) for row in conn.execute(query)]


def count_open_conflicts(conn: Connection) -> int:
    query = select(func.count()).select_from(conflicts).where(conflicts.c.status == "open")
    return int(conn.execute(query).scalar_one())


def settle_conflict(
    conn: Connection, conflict_id: int, status: str, editor: str, revision_id: int | None = None
) -> Conflict:
    """Close an open conflict and make the id map point at its source (no more reports).

    The next run then finds the record unchanged; a newer export is a new conflict.
    """
    if status not in SETTLED:
        msg = f"Conflict resolution {status!r} is not known. Use one of: {', '.join(SETTLED)}."
        raise ValueError(msg)
    conflict = get_conflict(conn, conflict_id)
    if not conflict.open:
        msg = (
            f"Conflict {conflict_id} was settled already ({conflict.status} by {conflict.settled_by}). "
            "`archivist conflicts list` shows the open ones."
        )
        raise EditError(msg)
    stamp = now()
    conn.execute(
        update(conflicts)
        .where(conflicts.c.id == conflict_id)
        .values(status=status, settled_by=editor, settled_at=stamp, settled_revision_id=revision_id)
    )
    conn.execute(
        update(id_map)
        .where(id_map.c.legacy_id == conflict.legacy_id)
        .values(source_id=conflict.source_id, source_hash=conflict.source_hash, updated_at=stamp)
    )
    return get_conflict(conn, conflict_id)
