"""The editors' side of the store: the queue, report resolution, batches, corrections.

- :func:`editor_queue` ranks what most needs a person: articles with open reader
  reports (grouped per article) and the articles archivist is least confident about,
  scored by reports, confidence, findings and how often the article is read.
- :func:`resolve_report` closes a report as fixed, not an error or a duplicate,
  recording who and when.
- :func:`record_batch` / :func:`get_batch` keep the propagated fixes (their revisions
  share ``revisions.batch_id``); :func:`add_correction` dates a correction note.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, exists, func, or_, select, update

from archivist.errors import NotFoundError
from archivist.store.revisions import as_utc, now
from archivist.store.tables import articles, batches, corrections, reports, revisions

__all__ = [
    "RESOLUTIONS",
    "Batch",
    "Correction",
    "QueueItem",
    "ReportRow",
    "add_correction",
    "article_reports",
    "editor_queue",
    "editor_touched",
    "get_batch",
    "list_batches",
    "list_corrections",
    "mark_batch_reverted",
    "record_batch",
    "resolve_report",
    "set_edited",
]

# how an editor closes a report (issue 6, point 3)
RESOLUTIONS = ("fixed", "not_error", "duplicate")

# weights of the queue score: one open report outweighs any confidence gap, and
# readership only breaks ties between equally damaged articles
W_REPORT = 20.0
W_DOUBT = 6.0  # times (1 - confidence)
W_FINDING = 0.5  # per finding, at most MAX_FINDINGS counted
MAX_FINDINGS = 6
W_READ = 1.0  # times log10(1 + views)


@dataclass(frozen=True)
class QueueItem:
    article_id: int
    path: str
    kicker: str
    title: str
    section: str
    language: str
    confidence: float
    views: int
    findings: int
    open_reports: int
    categories: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class ReportRow:
    id: int
    article_id: int
    block: int | None
    category: str
    selected_text: str
    comment: str
    status: str
    created_at: datetime
    resolved_by: str | None
    resolved_at: datetime | None


@dataclass(frozen=True)
class Batch:
    id: str
    rule: str
    pattern: dict[str, Any]
    editor: str
    article_id: int | None
    count: int
    created_at: datetime
    reverted_at: datetime | None
    reverted_by: str | None


@dataclass(frozen=True)
class Correction:
    id: int
    article_id: int
    revision_id: int | None
    text: str
    author: str
    created_at: datetime


def queue_score(open_reports: int, confidence: float, findings: int, views: int) -> float:
    """What most needs a person ranks first.

    >>> queue_score(1, 1.0, 0, 0) > queue_score(0, 0.2, 6, 10_000)
    True
    """
    return (
        W_REPORT * open_reports
        + W_DOUBT * (1.0 - confidence)
        + W_FINDING * min(findings, MAX_FINDINGS)
        + W_READ * math.log10(1 + views)
    )


def editor_queue(
    conn: Connection,
    *,
    section: str = "",
    category: str = "",
    language: str = "",
    limit: int = 50,
    doubtful: int = 200,
) -> list[QueueItem]:
    """Reported articles and the ``doubtful`` least confident ones, best first.

    ``category`` (a report category) keeps only articles with an open report of it.
    """
    filters = [articles.c.status == "published"]
    if section:
        filters.append(articles.c.section == section)
    if language:
        filters.append(articles.c.language == language)
    open_rows = conn.execute(
        select(reports.c.article_id, reports.c.category)
        .join(articles, articles.c.id == reports.c.article_id)
        .where(reports.c.status == "open", *filters)
    ).all()
    reported: dict[int, list[str]] = {}
    for report in open_rows:
        reported.setdefault(report.article_id, []).append(report.category)
    if category:
        reported = {k: v for k, v in reported.items() if category in v}
    ids = set(reported)
    if not category:
        low = conn.execute(
            select(articles.c.id)
            .where(articles.c.confidence < 1.0, *filters)
            .order_by(articles.c.confidence, articles.c.id)
            .limit(doubtful)
        ).scalars()
        ids.update(low)
    if not ids:
        return []
    rows = conn.execute(
        select(
            articles.c.id,
            articles.c.path,
            articles.c.kicker,
            articles.c.title,
            articles.c.section,
            articles.c.language,
            articles.c.confidence,
            articles.c.views,
            revisions.c.findings,
        )
        .join(revisions, revisions.c.id == articles.c.current_revision_id)
        .where(articles.c.id.in_(sorted(ids)))
    ).all()
    items = []
    for row in rows:
        cats = reported.get(row.id, [])
        findings = len(row.findings or ())
        items.append(
            QueueItem(
                article_id=row.id,
                path=row.path,
                kicker=row.kicker,
                title=row.title,
                section=row.section,
                language=row.language,
                confidence=row.confidence,
                views=row.views,
                findings=findings,
                open_reports=len(cats),
                categories=tuple(sorted(set(cats))),
                score=round(queue_score(len(cats), row.confidence, findings, row.views), 3),
            )
        )
    items.sort(key=lambda item: (-item.score, item.article_id))
    return items[:limit]


def _report(row: Row[Any]) -> ReportRow:
    return ReportRow(
        id=row.id,
        article_id=row.article_id,
        block=row.block,
        category=row.category,
        selected_text=row.selected_text,
        comment=row.comment,
        status=row.status,
        created_at=as_utc(row.created_at) or now(),
        resolved_by=row.resolved_by,
        resolved_at=as_utc(row.resolved_at),
    )


def article_reports(conn: Connection, article_id: int) -> list[ReportRow]:
    """Every report on an article, open ones first, oldest first."""
    rows = conn.execute(select(reports).where(reports.c.article_id == article_id).order_by(reports.c.id))
    found = [_report(row) for row in rows]
    return sorted(found, key=lambda r: (r.status != "open", r.id))


def resolve_report(conn: Connection, report_id: int, status: str, editor: str) -> ReportRow:
    """Close a report as ``fixed``, ``not_error`` or ``duplicate``; records who and when."""
    if status not in RESOLUTIONS:
        msg = f"Report resolution {status!r} is not known. Use one of: {', '.join(RESOLUTIONS)}."
        raise ValueError(msg)
    done = conn.execute(
        update(reports)
        .where(reports.c.id == report_id)
        .values(status=status, resolved_by=editor, resolved_at=now())
    )
    if done.rowcount == 0:
        msg = f"Report {report_id} does not exist. Open the queue to see the open reports."
        raise NotFoundError(msg)
    return _report(conn.execute(select(reports).where(reports.c.id == report_id)).one())


def record_batch(
    conn: Connection,
    batch_id: str,
    rule: str,
    pattern: dict[str, Any],
    editor: str,
    article_id: int | None,
    count: int,
) -> None:
    conn.execute(
        batches.insert().values(
            id=batch_id,
            rule=rule,
            pattern=pattern,
            editor=editor,
            article_id=article_id,
            count=count,
            created_at=now(),
        )
    )


def _batch(row: Row[Any]) -> Batch:
    return Batch(
        id=row.id,
        rule=row.rule,
        pattern=dict(row.pattern),
        editor=row.editor,
        article_id=row.article_id,
        count=row._mapping["count"],
        created_at=as_utc(row.created_at) or now(),
        reverted_at=as_utc(row.reverted_at),
        reverted_by=row.reverted_by,
    )


def get_batch(conn: Connection, batch_id: str) -> Batch | None:
    row = conn.execute(select(batches).where(batches.c.id == batch_id)).first()
    return None if row is None else _batch(row)


def list_batches(conn: Connection, limit: int = 50) -> list[Batch]:
    rows = conn.execute(select(batches).order_by(batches.c.created_at.desc(), batches.c.id).limit(limit))
    return [_batch(row) for row in rows]


def mark_batch_reverted(conn: Connection, batch_id: str, editor: str) -> None:
    conn.execute(
        update(batches).where(batches.c.id == batch_id).values(reverted_at=now(), reverted_by=editor)
    )


def add_correction(conn: Connection, article_id: int, revision_id: int | None, text: str, author: str) -> int:
    """A dated correction note on an article (shown on its public page)."""
    text = " ".join(text.split())
    if not text:
        msg = f"A correction note on article {article_id} needs a text."
        raise ValueError(msg)
    result = conn.execute(
        corrections.insert().values(
            article_id=article_id, revision_id=revision_id, text=text, author=author, created_at=now()
        )
    )
    # the site's page caches watch articles.updated_at: the note shows without a restart
    conn.execute(update(articles).where(articles.c.id == article_id).values(updated_at=now()))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def list_corrections(conn: Connection, article_ids: Sequence[int] | int) -> list[Correction]:
    """The correction notes of one or more articles, oldest first."""
    wanted = [article_ids] if isinstance(article_ids, int) else list(article_ids)
    rows = conn.execute(
        select(corrections)
        .where(corrections.c.article_id.in_(wanted))
        .order_by(corrections.c.created_at, corrections.c.id)
    )
    return [
        Correction(
            row.id, row.article_id, row.revision_id, row.text, row.author, as_utc(row.created_at) or now()
        )
        for row in rows
    ]


def count_open_reports(conn: Connection) -> int:
    return int(
        conn.execute(select(func.count()).select_from(reports).where(reports.c.status == "open")).scalar_one()
    )


def editor_touched(conn: Connection, article_id: int) -> bool:
    """Did a person decide something about the article that still stands?

    An editor's revision or an editor's own revert/restore counts; a propagated fix
    counts until its batch is reverted; the revisions a batch revert wrote do not.

    Re-runs of the migration leave touched articles alone (``articles.edited``).
    """
    reverted = select(batches.c.id).where(batches.c.reverted_at.is_not(None))
    decided = or_(
        revisions.c.kind == "editor",
        and_(revisions.c.kind == "revert", revisions.c.batch_id.is_(None)),
        and_(revisions.c.kind == "propagation", revisions.c.batch_id.not_in(reverted)),
        and_(revisions.c.kind == "propagation", revisions.c.batch_id.is_(None)),
    )
    query = select(exists().where(revisions.c.article_id == article_id, decided))
    return bool(conn.execute(query).scalar())


def set_edited(conn: Connection, article_id: int, edited: bool) -> None:
    """Mark the article as touched by editors (re-runs spare it) or not (re-runs update it)."""
    conn.execute(update(articles).where(articles.c.id == article_id).values(edited=edited))
