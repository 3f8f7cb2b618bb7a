"""Revisions: every state of an article, with its provenance (rule, editor, run).

The low-level writes shared by :func:`~archivist.store.articles.save_migrated` and
:func:`~archivist.store.articles.add_revision` live here, with the readers of
revision rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, CursorResult, Row, bindparam, func, select, update

from archivist.errors import NotFoundError
from archivist.model import (
    Article,
    Finding,
    RepairStep,
    Role,
    Severity,
    article_from_dict,
    article_hash,
)
from archivist.store.tables import articles, revisions

# revision kinds; any kind but "migration" means a person (or a fix a person approved)
# changed the article, so a re-run of the migration must not overwrite it
KINDS = ("migration", "editor", "propagation", "revert")


@dataclass(frozen=True)
class RevisionInfo:
    """One revision of an article, without its document (see :func:`get_revision`)."""

    id: int
    article_id: int
    number: int
    parent_id: int | None
    kind: str
    author: str
    message: str
    confidence: float
    content_hash: str
    steps: tuple[RepairStep, ...]
    findings: tuple[Finding, ...]
    source_id: int | None
    run_id: int | None
    batch_id: str | None
    created_at: datetime


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def now() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we write is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def steps_from_json(data: Sequence[dict[str, str]]) -> tuple[RepairStep, ...]:
    return tuple(RepairStep(**step) for step in data)


def findings_from_json(data: Sequence[dict[str, str]]) -> tuple[Finding, ...]:
    return tuple(
        Finding(code=f["code"], severity=Severity(f["severity"]), where=f["where"], message=f["message"])
        for f in data
    )


def revision_info(row: Row[Any]) -> RevisionInfo:
    return RevisionInfo(
        id=row.id,
        article_id=row.article_id,
        number=row.number,
        parent_id=row.parent_id,
        kind=row.kind,
        author=row.author,
        message=row.message,
        confidence=row.confidence,
        content_hash=row.content_hash,
        steps=steps_from_json(row.steps),
        findings=findings_from_json(row.findings),
        source_id=row.source_id,
        run_id=row.run_id,
        batch_id=row.batch_id,
        created_at=as_utc(row.created_at) or now(),
    )


# types stored as they are: JSON writes them itself (Role and Severity are str enums)
_LEAVES = frozenset({str, int, float, bool, type(None), Role, Severity})
_FIELDS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """All the named attributes of an object as one tuple, read in C."""
    if len(names) > 1:
        return attrgetter(*names)
    return lambda value: tuple(getattr(value, name) for name in names)


def plain(value: Any) -> Any:
    """A frozen dataclass tree as plain JSON data, like ``dataclasses.asdict`` (tuples become
    lists, which JSON writes the same) but without its deep copies: it runs for every
    block, mark and repair step of every migrated article, so leaves are not recursed into
    and each dataclass's fields are read at once (one ``attrgetter`` per class)."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is tuple or kind is list:
        return [item if type(item) in _LEAVES else plain(item) for item in value]
    known = _FIELDS.get(kind)
    if known is None and is_dataclass(value):
        names = tuple(f.name for f in fields(value))
        known = _FIELDS[kind] = (names, _getter(names))
    if known is not None:
        names, values = known
        items = zip(names, values(value), strict=True)
        return {name: item if type(item) in _LEAVES else plain(item) for name, item in items}
    if kind is dict:
        return {key: plain(item) for key, item in value.items()}
    return value


def document_of(article: Article) -> dict[str, Any]:
    """:func:`archivist.model.article_to_dict`, fast (same JSON, checked by a test)."""
    document: dict[str, Any] = plain(article)
    document["published"] = article.published.isoformat() if article.published else None
    return document


def document_hash(document: dict[str, Any]) -> str:
    """:func:`archivist.model.article_hash` of an article already turned into its dict."""
    payload = json.dumps(document, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def denormalised(article: Article, confidence: float, content_hash: str | None = None) -> dict[str, Any]:
    """The columns of ``articles`` that mirror the current revision (for lists and search)."""
    return {
        "language": article.language,
        "section": article.section,
        "kicker": article.kicker,
        "title": article.title,
        "lead": article.lead,
        "byline": article.byline,
        "published_at": as_utc(article.published),
        "imported": article.imported,
        "confidence": confidence,
        "content_hash": content_hash or article_hash(article),
    }


# built once: a statement object caches its compiled SQL (migrations run these per record)
_CURRENT = select(articles.c.current_revision_id).where(articles.c.id == bindparam("b_id"))
_LAST_NUMBER = select(func.coalesce(func.max(revisions.c.number), 0)).where(
    revisions.c.article_id == bindparam("b_id")
)
_INSERT = revisions.insert()
_MAKE_CURRENT = update(articles).where(articles.c.id == bindparam("b_id"))


def revision_row(
    article_id: int,
    *,
    document: Any,
    steps: Any,
    findings: Any,
    content_hash: str,
    confidence: float,
    number: int,
    parent_id: int | None,
    kind: str,
    author: str,
    message: str,
    source_id: int | None,
    run_id: int | None,
    batch_id: str | None,
    stamp: datetime,
) -> dict[str, Any]:
    """The values of one ``revisions`` row; ``document``, ``steps`` and ``findings`` as plain
    data (:func:`document_of`, :func:`plain`) or as JSON text (:mod:`archivist.store.encoded`)."""
    return {
        "article_id": article_id,
        "number": number,
        "parent_id": parent_id,
        "kind": kind,
        "author": author,
        "message": message,
        "document": document,
        "steps": steps,
        "findings": findings,
        "confidence": confidence,
        "content_hash": content_hash,
        "source_id": source_id,
        "run_id": run_id,
        "batch_id": batch_id,
        "created_at": stamp,
    }


def insert_revision(
    conn: Connection,
    article_id: int,
    article: Article,
    *,
    kind: str,
    author: str,
    message: str = "",
    steps: Sequence[RepairStep] = (),
    findings: Sequence[Finding] = (),
    confidence: float = 1.0,
    source_id: int | None = None,
    run_id: int | None = None,
    batch_id: str | None = None,
    first: bool = False,
) -> int:
    """Append a revision and make it current; returns its id.

    ``first``: the article was just inserted and has no revision yet (saves two queries).
    """
    if kind not in KINDS:
        msg = f"Revision kind {kind!r} for article {article_id} is not known. Use one of: {', '.join(KINDS)}."
        raise ValueError(msg)
    current, number = None, 0
    if not first:
        current = conn.execute(_CURRENT, {"b_id": article_id}).scalar_one_or_none()
        number = conn.execute(_LAST_NUMBER, {"b_id": article_id}).scalar_one()
    stamp = now()
    document = document_of(article)
    content_hash = document_hash(document)
    row = revision_row(
        article_id,
        document=document,
        steps=plain(tuple(steps)),
        findings=plain(tuple(findings)),
        content_hash=content_hash,
        confidence=confidence,
        number=number + 1,
        parent_id=current,
        kind=kind,
        author=author,
        message=message,
        source_id=source_id,
        run_id=run_id,
        batch_id=batch_id,
        stamp=stamp,
    )
    revision_id = inserted_id(conn.execute(_INSERT, row))
    values = denormalised(article, confidence, content_hash) | {
        "current_revision_id": revision_id,
        "updated_at": stamp,
    }
    if kind != "migration":
        values["edited"] = True
    conn.execute(_MAKE_CURRENT, {**values, "b_id": article_id})
    return revision_id


def list_revisions(conn: Connection, article_id: int) -> list[RevisionInfo]:
    """Every revision of an article, oldest first."""
    rows = conn.execute(
        select(revisions).where(revisions.c.article_id == article_id).order_by(revisions.c.number)
    )
    return [revision_info(row) for row in rows]


def get_revision(conn: Connection, revision_id: int) -> tuple[RevisionInfo, Article]:
    """One revision and its document (for diffs and reverts)."""
    row = conn.execute(select(revisions).where(revisions.c.id == revision_id)).first()
    if row is None:
        msg = f"Revision {revision_id} does not exist. List an article's revisions to find its ids."
        raise NotFoundError(msg)
    return revision_info(row), article_from_dict(row.document)
