"""The site's reads over the store: teasers, sections, months, links, legacy URLs, views.

One query per list (no N+1): teasers come from the denormalised columns of
``articles``; a single article comes from :func:`archivist.store.articles.get_article_by_path`.
SQLite and PostgreSQL run the same SQLAlchemy Core statements.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, and_, bindparam, case, extract, func, select, update

from archivist.store.paths import legacy_path, slugify
from archivist.store.tables import articles, corrections, legacy_urls, revisions

__all__ = [
    "Correction",
    "Month",
    "Section",
    "Teaser",
    "add_views",
    "correction_of",
    "count_teasers",
    "legacy_target",
    "list_months",
    "list_section_names",
    "list_sections",
    "list_teasers",
    "most_read",
    "resolve_links",
    "teaser_of",
]


@dataclass(frozen=True)
class Teaser:
    """What a list shows of an article."""

    id: int
    path: str
    title: str
    kicker: str
    lead: str
    section: str
    language: str
    published: datetime | None

    @property
    def section_slug(self) -> str:
        return slugify(self.section, 40)


@dataclass(frozen=True)
class Section:
    name: str
    slug: str
    count: int


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    count: int


@dataclass(frozen=True)
class Correction:
    """The last change a person made to an article (editor, propagated fix, revert)."""

    at: datetime
    note: str


_TEASER_COLUMNS = (
    articles.c.id,
    articles.c.path,
    articles.c.title,
    articles.c.kicker,
    articles.c.lead,
    articles.c.section,
    articles.c.language,
    articles.c.published_at,
)


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)  # SQLite gives naive datetimes back


def teaser_of(row: Row[Any, Any, Any, Any, Any, Any, Any, Any]) -> Teaser:
    return Teaser(
        row.id, row.path, row.title, row.kicker, row.lead, row.section, row.language, _utc(row.published_at)
    )


def _filtered(
    query: Select[Any], sections: Sequence[str] = (), year: int | None = None, month: int | None = None
) -> Select[Any]:
    query = query.where(articles.c.status == "published")
    if sections:
        query = query.where(articles.c.section.in_(sections))
    if year is not None:
        query = query.where(extract("year", articles.c.published_at) == year)
    if month is not None:
        query = query.where(extract("month", articles.c.published_at) == month)
    return query


def list_teasers(
    conn: Connection,
    *,
    limit: int,
    offset: int = 0,
    sections: Sequence[str] = (),
    year: int | None = None,
    month: int | None = None,
) -> list[Teaser]:
    """Published articles, newest first (undated ones last)."""
    query = _filtered(select(*_TEASER_COLUMNS), sections, year, month)
    undated_last = case((articles.c.published_at.is_(None), 1), else_=0)
    query = query.order_by(undated_last, articles.c.published_at.desc(), articles.c.id.desc())
    return [teaser_of(r) for r in conn.execute(query.limit(limit).offset(offset))]


def count_teasers(
    conn: Connection, *, sections: Sequence[str] = (), year: int | None = None, month: int | None = None
) -> int:
    query = _filtered(select(func.count()).select_from(articles), sections, year, month)
    return int(conn.execute(query).scalar_one())


def most_read(conn: Connection, limit: int) -> list[Teaser]:
    query = (
        select(*_TEASER_COLUMNS)
        .where(articles.c.status == "published", articles.c.views > 0)
        .order_by(articles.c.views.desc(), articles.c.id)
        .limit(limit)
    )
    return [teaser_of(r) for r in conn.execute(query)]


def list_sections(conn: Connection) -> list[Section]:
    """Every section with its published article count; names sharing a slug are merged."""
    query = (
        select(articles.c.section, func.count())
        .where(articles.c.status == "published", articles.c.section != "")
        .group_by(articles.c.section)
    )
    merged: dict[str, tuple[str, int]] = {}
    for name, count in conn.execute(query):
        slug = slugify(name, 40)
        if not slug:
            continue
        first, total = merged.get(slug, (name, 0))
        merged[slug] = (first, total + int(count))
    return sorted((Section(n, s, c) for s, (n, c) in merged.items()), key=lambda s: s.name.lower())


def list_section_names(conn: Connection, slug: str) -> list[str]:
    """The stored section names that share ``slug`` ("Sport", "sport")."""
    query = select(articles.c.section).where(articles.c.status == "published").group_by(articles.c.section)
    return [name for name in conn.execute(query).scalars() if slugify(name, 40) == slug]


def list_months(conn: Connection) -> list[Month]:
    """Months that have articles, newest first."""
    year = extract("year", articles.c.published_at)
    month = extract("month", articles.c.published_at)
    query = (
        select(year.label("y"), month.label("m"), func.count())
        .where(articles.c.status == "published", articles.c.published_at.is_not(None))
        .group_by(year, month)
        .order_by(year.desc(), month.desc())
    )
    return [Month(int(y), int(m), int(c)) for y, m, c in conn.execute(query)]


def resolve_links(conn: Connection, hrefs: Iterable[str]) -> dict[str, str]:
    """Old link -> new path, for the links of one article body, in one query.

    Links to removed articles keep pointing at the old URL, which answers 410.
    """
    by_path = {legacy_path(h): h for h in hrefs}
    by_path.pop("", None)
    if not by_path:
        return {}
    query = (
        select(legacy_urls.c.path, articles.c.path.label("target"))
        .join(articles, articles.c.id == legacy_urls.c.article_id)
        .where(legacy_urls.c.path.in_(bindparam("paths", expanding=True)), articles.c.status == "published")
    )
    rows = conn.execute(query, {"paths": sorted(by_path)})
    return {by_path[row.path]: row.target for row in rows}


def legacy_target(conn: Connection, path: str) -> tuple[str, str] | None:
    """(new path, status) of the article an old URL path belongs to."""
    key = legacy_path(path)
    if not key:
        return None
    row = conn.execute(
        select(articles.c.path, articles.c.status)
        .join(legacy_urls, legacy_urls.c.article_id == articles.c.id)
        .where(legacy_urls.c.path == key)
    ).first()
    return None if row is None else (row.path, row.status)


def article_status(conn: Connection, path: str) -> str | None:
    found = conn.execute(select(articles.c.status).where(articles.c.path == path)).scalar()
    return None if found is None else str(found)


def correction_of(conn: Connection, article_id: int) -> Correction | None:
    """The "last corrected" date and the public correction note, if any.

    The date is that of the newest revision a person made (or of the newest note); the
    note is the newest dated correction an editor published on purpose (``corrections``,
    issue 6: only fixes that change the meaning get one). Revision messages stay internal.
    """
    row = conn.execute(
        select(revisions.c.created_at)
        .where(and_(revisions.c.article_id == article_id, revisions.c.kind != "migration"))
        .order_by(revisions.c.number.desc())
        .limit(1)
    ).first()
    note = conn.execute(
        select(corrections.c.text, corrections.c.created_at)
        .where(corrections.c.article_id == article_id)
        .order_by(corrections.c.created_at.desc(), corrections.c.id.desc())
        .limit(1)
    ).first()
    dates = [d for d in (_utc(row.created_at) if row else None, _utc(note.created_at) if note else None) if d]
    if not dates:
        return None
    return Correction(max(dates), note.text if note else "")


def add_views(conn: Connection, counts: dict[int, int]) -> None:
    """Add counted page views (flushed in batches, never one write per request)."""
    if not counts:
        return
    conn.execute(
        update(articles)
        .where(articles.c.id == bindparam("aid"))
        .values(views=articles.c.views + bindparam("n")),
        [{"aid": aid, "n": n} for aid, n in counts.items()],
    )
