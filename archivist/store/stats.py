"""Read-only figures about the store for ``archivist status`` and ``archivist report``.

Aggregates over JSON columns (findings, steps) are streamed row by row, so they work
the same on SQLite and PostgreSQL and their memory does not grow with the archive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, func, select

from archivist.store.tables import articles, quarantine, revisions, runs

STREAM = {"yield_per": 1000}  # server-side cursor on PostgreSQL, batches on SQLite


@dataclass(frozen=True)
class LowConfidence:
    id: int
    path: str
    title: str
    confidence: float
    findings: int


def _count(conn: Connection, query: Select[Any]) -> int:
    return int(conn.execute(query).scalar_one())


def store_counts(conn: Connection, review_threshold: float = 0.7) -> dict[str, int]:
    """Articles, revisions, quarantine and runs, in one dict (the keys are stable)."""
    n = func.count()
    return {
        "articles": _count(conn, select(n).select_from(articles).where(articles.c.status == "published")),
        "removed": _count(conn, select(n).select_from(articles).where(articles.c.status == "removed")),
        "edited": _count(conn, select(n).select_from(articles).where(articles.c.edited.is_(True))),
        "revisions": _count(conn, select(n).select_from(revisions)),
        "to_review": _count(
            conn,
            select(n)
            .select_from(articles)
            .where(articles.c.status == "published", articles.c.confidence < review_threshold),
        ),
        "quarantined": _count(conn, select(n).select_from(quarantine).where(quarantine.c.status == "open")),
        "runs": _count(conn, select(n).select_from(runs)),
    }


def _current_revision_json(conn: Connection, column: str) -> Iterator[list[dict[str, str]]]:
    query = select(revisions.c[column]).join(articles, articles.c.current_revision_id == revisions.c.id)
    for row in conn.execution_options(**STREAM).execute(query.where(articles.c.status == "published")):
        yield row[0] or []


def _migration_revision_json(conn: Connection, column: str) -> Iterator[list[dict[str, str]]]:
    """The latest migration revision of each article: what the migration did to it."""
    latest = (
        select(func.max(revisions.c.id).label("id"))
        .where(revisions.c.kind == "migration")
        .group_by(revisions.c.article_id)
        .subquery()
    )
    query = select(revisions.c[column]).join(latest, latest.c.id == revisions.c.id)
    for row in conn.execution_options(**STREAM).execute(query):
        yield row[0] or []


def findings_by_kind(conn: Connection) -> list[tuple[str, int]]:
    """Open findings (on the current revisions) per code, most frequent first."""
    counter: Counter[str] = Counter()
    for findings in _current_revision_json(conn, "findings"):
        counter.update(f["code"] for f in findings)
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def repairs_by_rule(conn: Connection) -> list[tuple[str, int]]:
    """Repair steps the migration took, per rule, most frequent first."""
    counter: Counter[str] = Counter()
    for steps in _migration_revision_json(conn, "steps"):
        counter.update(s["rule"] for s in steps)
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def least_confident(conn: Connection, limit: int = 10) -> list[LowConfidence]:
    query = (
        select(articles.c.id, articles.c.path, articles.c.title, articles.c.confidence, revisions.c.findings)
        .join(revisions, revisions.c.id == articles.c.current_revision_id)
        .where(articles.c.status == "published")
        .order_by(articles.c.confidence, articles.c.id)
        .limit(limit)
    )
    return [
        LowConfidence(row.id, row.path, row.title, row.confidence, len(row.findings or []))
        for row in conn.execute(query)
    ]


def confidence_histogram(conn: Connection, bins: int = 10) -> list[tuple[str, int]]:
    """Published articles per confidence band: ("0.0–0.1", n) … ("0.9–1.0", n)."""
    counts = [0] * bins
    query = select(articles.c.confidence).where(articles.c.status == "published")
    for (confidence,) in conn.execution_options(**STREAM).execute(query):
        counts[min(bins - 1, max(0, int(confidence * bins)))] += 1
    return [(f"{i / bins:.1f}–{(i + 1) / bins:.1f}", n) for i, n in enumerate(counts)]


def quarantine_by_error(conn: Connection) -> list[tuple[str, int]]:
    query = (
        select(quarantine.c.error, func.count())
        .where(quarantine.c.status == "open")
        .group_by(quarantine.c.error)
        .order_by(func.count().desc(), quarantine.c.error)
    )
    return [(row[0], int(row[1])) for row in conn.execute(query)]
