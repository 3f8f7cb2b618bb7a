"""Revisions: every state of an article, with its provenance (rule, editor, run).

The low-level writes shared by :func:`~archivist.store.articles.save_migrated` and
:func:`~archivist.store.articles.add_revision` live here, with the readers of
revision rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, CursorResult, Row, func, select, update

from archivist.errors import NotFoundError
from archivist.model import (
    Article,
    Finding,
    RepairStep,
    Severity,
    article_from_dict,
    article_hash,
    article_to_dict,
    finding_to_dict,
    step_to_dict,
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


def denormalised(article: Article, confidence: float) -> dict[str, Any]:
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
        "content_hash": article_hash(article),
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
) -> int:
    """Append a revision and make it current; returns its id."""
    if kind not in KINDS:
        msg = f"Revision kind {kind!r} for article {article_id} is not known. Use one of: {', '.join(KINDS)}."
        raise ValueError(msg)
    current = conn.execute(
        select(articles.c.current_revision_id).where(articles.c.id == article_id)
    ).scalar_one_or_none()
    number = conn.execute(
        select(func.coalesce(func.max(revisions.c.number), 0)).where(revisions.c.article_id == article_id)
    ).scalar_one()
    stamp = now()
    revision_id = inserted_id(
        conn.execute(
            revisions.insert().values(
                article_id=article_id,
                number=number + 1,
                parent_id=current,
                kind=kind,
                author=author,
                message=message,
                document=article_to_dict(article),
                steps=[step_to_dict(s) for s in steps],
                findings=[finding_to_dict(f) for f in findings],
                confidence=confidence,
                content_hash=article_hash(article),
                source_id=source_id,
                run_id=run_id,
                batch_id=batch_id,
                created_at=stamp,
            )
        )
    )
    values = denormalised(article, confidence) | {"current_revision_id": revision_id, "updated_at": stamp}
    if kind != "migration":
        values["edited"] = True
    conn.execute(update(articles).where(articles.c.id == article_id).values(**values))
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
