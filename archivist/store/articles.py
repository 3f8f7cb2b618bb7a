"""Articles: save a migrated record, read articles, add revisions.

``save_migrated`` (and :func:`archivist.store.bulk.save_migrated_many`, which a
migration uses for whole batches) is idempotent per record, keyed by the legacy id and
the sha256 of the raw source in ``id_map``:

=================================  ===========  ===============================
id map says                        returns      what is written
=================================  ===========  ===============================
no article for this legacy id      "created"    source, article, revision 1, id map, old URL
same source hash                   "unchanged"  nothing
other hash, no editor revision     "updated"    new source, a new migration revision
other hash, an editor revision     "conflict"   the new source and an open conflict (store.conflicts);
                                                the editor's revision stays
=================================  ===========  ===============================
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, select, update

from archivist.errors import NotFoundError
from archivist.model import Article, Finding, LegacyRecord, Processed, RepairStep, article_from_dict
from archivist.store.bulk import classify_many, save_migrated_many
from archivist.store.encoded import encode
from archivist.store.paths import article_path
from archivist.store.revisions import (
    KINDS,
    RevisionInfo,
    as_utc,
    findings_from_json,
    get_revision,
    insert_revision,
    list_revisions,
    now,
    steps_from_json,
)
from archivist.store.tables import articles, revisions

__all__ = [
    "KINDS",
    "RevisionInfo",
    "StoredArticle",
    "add_revision",
    "article_path",
    "classify_migrated",
    "get_article",
    "get_article_by_legacy_id",
    "get_article_by_path",
    "get_revision",
    "iter_articles",
    "list_revisions",
    "save_migrated",
    "set_article_status",
]

STATUSES = ("published", "removed")


@dataclass(frozen=True)
class StoredArticle:
    """An article as the store holds it: its current revision and where it lives."""

    id: int
    path: str
    status: str  # "published" | "removed"
    article: Article  # the current revision's document
    revision_id: int
    revision_number: int
    confidence: float
    steps: tuple[RepairStep, ...]
    findings: tuple[Finding, ...]
    edited: bool  # an editor revision exists
    created_at: datetime
    updated_at: datetime


def _stored_query() -> Select[Any]:
    return select(
        articles.c.id,
        articles.c.path,
        articles.c.status,
        articles.c.edited,
        articles.c.created_at,
        articles.c.updated_at,
        revisions.c.id.label("revision_id"),
        revisions.c.number,
        revisions.c.document,
        revisions.c.steps,
        revisions.c.findings,
        revisions.c.confidence,
    ).join(revisions, revisions.c.id == articles.c.current_revision_id)


def _stored(row: Row[Any]) -> StoredArticle:
    created = as_utc(row.created_at) or now()
    return StoredArticle(
        id=row.id,
        path=row.path,
        status=row.status,
        article=article_from_dict(row.document),
        revision_id=row.revision_id,
        revision_number=row.number,
        confidence=row.confidence,
        steps=steps_from_json(row.steps),
        findings=findings_from_json(row.findings),
        edited=bool(row.edited),
        created_at=created,
        updated_at=as_utc(row.updated_at) or created,
    )


def get_article(conn: Connection, article_id: int) -> StoredArticle | None:
    row = conn.execute(_stored_query().where(articles.c.id == article_id)).first()
    return None if row is None else _stored(row)


def get_article_by_path(conn: Connection, path: str) -> StoredArticle | None:
    path = "/" + path.strip("/")
    row = conn.execute(_stored_query().where(articles.c.path == path)).first()
    return None if row is None else _stored(row)


def get_article_by_legacy_id(conn: Connection, legacy_id: str) -> StoredArticle | None:
    row = conn.execute(_stored_query().where(articles.c.legacy_id == legacy_id)).first()
    return None if row is None else _stored(row)


def iter_articles(
    conn: Connection, *, status: str | None = "published", batch: int = 500
) -> Iterator[StoredArticle]:
    """Every article in id order, streamed (memory does not grow with the archive)."""
    last = 0
    while True:
        query = _stored_query().where(articles.c.id > last).order_by(articles.c.id).limit(batch)
        if status is not None:
            query = query.where(articles.c.status == status)
        rows = conn.execute(query).all()
        for row in rows:
            yield _stored(row)
        if len(rows) < batch:
            return
        last = rows[-1].id


def add_revision(
    conn: Connection,
    article_id: int,
    article: Article,
    *,
    kind: str,
    author: str,
    message: str = "",
    steps: Sequence[RepairStep] = (),
    batch_id: str | None = None,
    findings: Sequence[Finding] | None = None,
    confidence: float | None = None,
) -> int:
    """A new revision (editor | propagation | revert) that becomes current.

    Updates the denormalised columns of ``articles``; any kind but "migration" marks
    the article as edited, so re-runs of the migration never overwrite it.
    ``findings`` default to the current revision's; ``confidence`` defaults to 1.0
    for an editor revision (a person checked it), else the current revision's.
    """
    current = get_article(conn, article_id)
    if current is None:
        msg = f"Article {article_id} does not exist. Check the id (archivist status lists the counts)."
        raise NotFoundError(msg)
    if confidence is None:
        confidence = 1.0 if kind == "editor" else current.confidence
    return insert_revision(
        conn,
        article_id,
        article,
        kind=kind,
        author=author,
        message=message,
        steps=steps,
        findings=current.findings if findings is None else findings,
        confidence=confidence,
        batch_id=batch_id,
    )


def set_article_status(conn: Connection, article_id: int, status: str) -> None:
    """Publish or remove an article (removed articles keep their revisions)."""
    if status not in STATUSES:
        msg = f"Article status {status!r} is not known. Use one of: {', '.join(STATUSES)}."
        raise ValueError(msg)
    done = conn.execute(
        update(articles).where(articles.c.id == article_id).values(status=status, updated_at=now())
    )
    if done.rowcount == 0:
        msg = f"Article {article_id} does not exist. Check the id."
        raise NotFoundError(msg)


def classify_migrated(conn: Connection, record: LegacyRecord) -> str:
    """What :func:`save_migrated` would return for ``record``, writing nothing (dry runs)."""
    return classify_many(conn, [record])[0]


def save_migrated(conn: Connection, record: LegacyRecord, processed: Processed, run_id: int | None) -> str:
    """Store one migrated record: source verbatim, article, first revision, id map, old URL.

    Returns "created" | "updated" | "unchanged" | "conflict" (see the module table). A
    migration stores whole batches at once: :func:`archivist.store.bulk.save_migrated_many`.
    """
    return save_migrated_many(conn, [(record, encode(record, processed))], run_id)[0]
