"""Articles: save a migrated record, read articles, add revisions.

``save_migrated`` is idempotent per record, keyed by the legacy id and the sha256 of
the raw source in ``id_map``:

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

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, select, update

from archivist.errors import NotFoundError
from archivist.model import Article, Finding, LegacyRecord, Processed, RepairStep, article_from_dict
from archivist.store.conflicts import record_conflict
from archivist.store.paths import article_path, slugify
from archivist.store.records import add_legacy_url, ensure_source
from archivist.store.revisions import (
    KINDS,
    RevisionInfo,
    as_utc,
    denormalised,
    findings_from_json,
    get_revision,
    insert_revision,
    inserted_id,
    list_revisions,
    now,
    steps_from_json,
)
from archivist.store.tables import articles, id_map, revisions

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


# built once: a statement object caches its compiled SQL (these run for every record)
_LOOKUP = (
    select(id_map.c.article_id, id_map.c.source_hash, articles.c.edited)
    .select_from(id_map.outerjoin(articles, articles.c.id == id_map.c.article_id))
    .where(id_map.c.legacy_id == bindparam("b_legacy_id"))
)
_ARTICLE_ID = select(articles.c.id).where(articles.c.legacy_id == bindparam("b_legacy_id"))
_PATH_TAKEN = select(articles.c.id).where(articles.c.path == bindparam("b_path"))
_INSERT_ARTICLE = articles.insert()
_MAP_UPDATE = update(id_map).where(id_map.c.legacy_id == bindparam("b_legacy_id"))
_MAP_INSERT = id_map.insert()


def _lookup(conn: Connection, record: LegacyRecord) -> tuple[str, int | None, bool]:
    """(outcome, article id, whether the id map has a row) for ``record``."""
    row = conn.execute(_LOOKUP, {"b_legacy_id": record.legacy_id}).first()
    if row is None:
        return "created", None, False
    if row.article_id is None:
        return "created", None, True
    if row.source_hash == record.sha256:
        return "unchanged", row.article_id, True
    return ("conflict" if row.edited else "updated"), row.article_id, True


def classify_migrated(conn: Connection, record: LegacyRecord) -> str:
    """What :func:`save_migrated` would return for ``record``, writing nothing (dry runs)."""
    return _lookup(conn, record)[0]


def save_migrated(conn: Connection, record: LegacyRecord, processed: Processed, run_id: int | None) -> str:
    """Store one migrated record: source verbatim, article, first revision, id map, old URL.

    Returns "created" | "updated" | "unchanged" | "conflict" (see the module table).
    """
    outcome, article_id, mapped = _lookup(conn, record)
    if outcome == "unchanged":
        return outcome
    source_id = ensure_source(conn, record, run_id)
    if outcome == "conflict":  # keep the new source, never overwrite the editor
        assert article_id is not None  # a conflict is found on a mapped, edited article
        record_conflict(conn, article_id, record, source_id, processed, run_id)  # for /edit/conflicts
        return outcome
    stamp = now()
    if article_id is None:  # a quarantined legacy id may have an article from an older run
        article_id = conn.execute(_ARTICLE_ID, {"b_legacy_id": record.legacy_id}).scalar()
    first = article_id is None
    if article_id is None:
        article_id = _insert_article(conn, record.legacy_id, processed, run_id)
    insert_revision(
        conn,
        article_id,
        processed.article,
        kind="migration",
        author="archivist",
        message="migrated" if first else f"re-migrated: the legacy source changed ({record.sha256[:12]})",
        steps=processed.steps,
        findings=processed.findings,
        confidence=processed.confidence,
        source_id=source_id,
        run_id=run_id,
        first=first,
    )
    values = {
        "article_id": article_id,
        "status": "migrated",
        "source_hash": record.sha256,
        "source_id": source_id,
        "run_id": run_id,
        "updated_at": stamp,
    }
    if mapped:
        conn.execute(_MAP_UPDATE, {**values, "b_legacy_id": record.legacy_id})
    else:
        conn.execute(_MAP_INSERT, {**values, "legacy_id": record.legacy_id})
    for url in sorted({record.url, processed.article.url} - {""}):
        add_legacy_url(conn, url, article_id)
    return outcome


def _insert_article(conn: Connection, legacy_id: str, processed: Processed, run_id: int | None) -> int:
    article = processed.article
    path = article_path(article)
    if conn.execute(_PATH_TAKEN, {"b_path": path}).first() is not None:
        # two legacy ids with the same slug ("a b" and "a-b"): a hash of the id keeps them apart
        path += "-" + hashlib.sha256(legacy_id.encode("utf-8")).hexdigest()[:8]
    stamp = now()
    values = {
        "legacy_id": legacy_id,
        "slug": slugify(article.title) or slugify(legacy_id),
        "path": path,
        "status": "published",
        "edited": False,
        "views": 0,
        "created_at": stamp,
        "updated_at": stamp,
        "created_run_id": run_id,
        # the revision written next sets the real hash and the other mirrored columns
        **denormalised(article, processed.confidence, content_hash="-"),
    }
    return inserted_id(conn.execute(_INSERT_ARTICLE, values))
