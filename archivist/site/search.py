"""Full-text search over the archive: SQLite FTS5 embedded, PostgreSQL tsvector in production.

The index is maintained by the site, not by Alembic: :func:`sync_search_index` creates
its tables if they are missing (``IF NOT EXISTS``; an FTS5 virtual table and a
``tsvector`` column do not fit a portable schema) and re-indexes every article whose
current revision is not the indexed one. ``serve`` runs it at start-up and the search
page runs it again at most every few seconds, so a migration or an editor's revision
shows up without a restart. Dropping the index tables is always safe: they are rebuilt.

PostgreSQL documents carry the text-search configuration of their language
(``french``, ``german``, ``english``, else ``simple``); the query is parsed with each
configuration and matched against the documents of that configuration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any

from sqlalchemy import Connection, Engine, extract, select, text

from archivist.model import Role, article_from_dict
from archivist.store.tables import articles, revisions

__all__ = ["Hit", "SearchResults", "index_article", "search", "sync_search_index"]

# article language -> PostgreSQL text-search configuration
PG_CONFIGS = {"fr": "french", "de": "german", "en": "english"}
_START, _STOP = "\x02", "\x03"  # snippet markers: the text is escaped first, then they become <mark>
_WORD = re.compile(r"\w+", re.UNICODE)

_SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, kicker, lead, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TABLE IF NOT EXISTS search_state (article_id INTEGER PRIMARY KEY, revision_id INTEGER NOT NULL)",
)
_PG_DDL = (
    "CREATE TABLE IF NOT EXISTS search_documents ("
    " article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
    " revision_id INTEGER NOT NULL, config regconfig NOT NULL, body TEXT NOT NULL,"
    " document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_search_documents_document ON search_documents USING GIN (document)",
)


@dataclass(frozen=True)
class Hit:
    id: int
    path: str
    title: str
    kicker: str
    section: str
    published: datetime | None
    snippet: str  # safe HTML: escaped text with <mark> around the matches


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: list[Hit]
    total: int


def words_of(query: str) -> list[str]:
    """The words of a reader's query; operators and quotes are not ours to interpret.

    >>> words_of('Alep "régime" OR -x; DROP')
    ['Alep', 'régime', 'OR', 'x', 'DROP']
    """
    return _WORD.findall(query)[:12]


def mark_snippet(raw: str) -> str:
    """Escape a database snippet, then turn its markers into ``<mark>``.

    >>> mark_snippet("a <b> \\x02hit\\x03")
    'a &lt;b&gt; <mark>hit</mark>'
    """
    return escape(raw, quote=False).replace(_START, "<mark>").replace(_STOP, "</mark>")


def _body_text(document: dict[str, Any]) -> str:
    article = article_from_dict(document)
    parts: list[str] = []
    for block in article.blocks:
        parts.append(block.text)
        parts.extend(block.items)
        if block.role == Role.CAPTION and block.credit:
            parts.append(block.credit)
    return "\n".join(p for p in parts if p)


def ensure_search_tables(conn: Connection) -> None:
    for ddl in _PG_DDL if conn.dialect.name == "postgresql" else _SQLITE_DDL:
        conn.execute(text(ddl))


def _stale_ids(conn: Connection) -> tuple[list[int], list[int]]:
    """(articles to (re)index, index rows to drop)."""
    state = "search_documents" if conn.dialect.name == "postgresql" else "search_state"
    stale = conn.execute(
        text(
            f"SELECT a.id FROM articles a LEFT JOIN {state} s ON s.article_id = a.id "
            "WHERE a.status = 'published' AND a.current_revision_id IS NOT NULL "
            "AND (s.revision_id IS NULL OR s.revision_id <> a.current_revision_id)"
        )
    ).scalars()
    gone = conn.execute(
        text(
            f"SELECT s.article_id FROM {state} s LEFT JOIN articles a ON a.id = s.article_id "
            "WHERE a.id IS NULL OR a.status <> 'published'"
        )
    ).scalars()
    return list(stale), list(gone)


def _drop(conn: Connection, ids: Sequence[int]) -> None:
    for aid in ids:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DELETE FROM search_documents WHERE article_id = :id"), {"id": aid})
        else:
            conn.execute(text("DELETE FROM search_fts WHERE rowid = :id"), {"id": aid})
            conn.execute(text("DELETE FROM search_state WHERE article_id = :id"), {"id": aid})


def _index_rows(conn: Connection, ids: Sequence[int]) -> None:
    query = (
        select(
            articles.c.id,
            articles.c.current_revision_id,
            articles.c.language,
            articles.c.title,
            articles.c.kicker,
            articles.c.lead,
            revisions.c.document,
        )
        .join(revisions, revisions.c.id == articles.c.current_revision_id)
        .where(articles.c.id.in_(ids))
    )
    rows = conn.execute(query).all()
    _drop(conn, [r.id for r in rows])
    if conn.dialect.name == "postgresql":
        conn.execute(
            text(
                "INSERT INTO search_documents (article_id, revision_id, config, body, document) "
                "VALUES (:id, :rev, CAST(:config AS regconfig), :body, "
                "setweight(to_tsvector(CAST(:config AS regconfig), :title), 'A') || "
                "setweight(to_tsvector(CAST(:config AS regconfig), :kicker || ' ' || :lead), 'B') || "
                "setweight(to_tsvector(CAST(:config AS regconfig), :body), 'C'))"
            ),
            [
                {
                    "id": r.id,
                    "rev": r.current_revision_id,
                    "config": PG_CONFIGS.get(r.language[:2], "simple"),
                    "title": r.title,
                    "kicker": r.kicker,
                    "lead": r.lead,
                    "body": _body_text(r.document),
                }
                for r in rows
            ],
        )
        return
    conn.execute(
        text(
            "INSERT INTO search_fts (rowid, title, kicker, lead, body) "
            "VALUES (:id, :title, :kicker, :lead, :body)"
        ),
        [
            {"id": r.id, "title": r.title, "kicker": r.kicker, "lead": r.lead, "body": _body_text(r.document)}
            for r in rows
        ],
    )
    conn.execute(
        text("INSERT INTO search_state (article_id, revision_id) VALUES (:id, :rev)"),
        [{"id": r.id, "rev": r.current_revision_id} for r in rows],
    )


def index_article(conn: Connection, article_id: int) -> None:
    """(Re)index one article now, e.g. right after an editor's revision."""
    ensure_search_tables(conn)
    _index_rows(conn, [article_id])


def sync_search_index(engine: Engine, batch: int = 500) -> int:
    """Create the index if needed and bring it up to date; returns the articles (re)indexed."""
    with engine.begin() as conn:
        ensure_search_tables(conn)
        stale, gone = _stale_ids(conn)
        _drop(conn, gone)
    for start in range(0, len(stale), batch):
        with engine.begin() as conn:
            _index_rows(conn, stale[start : start + batch])
    return len(stale)


def _filters(sections: Sequence[str], year: int | None) -> tuple[str, dict[str, Any]]:
    sql, params = "", dict[str, Any]()
    if sections:
        names = {f"s{i}": name for i, name in enumerate(sections)}
        sql += f" AND a.section IN ({', '.join(':' + k for k in names)})"
        params.update(names)
    if year is not None:
        params["y0"] = datetime(year, 1, 1, tzinfo=UTC)
        params["y1"] = datetime(year + 1, 1, 1, tzinfo=UTC)
        sql += " AND a.published_at >= :y0 AND a.published_at < :y1"
    return sql, params


def search(
    conn: Connection,
    query: str,
    *,
    sections: Sequence[str] = (),
    year: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Ranked hits for ``query`` with highlighted snippets, filtered by section and year."""
    words = words_of(query)
    if not words:
        return SearchResults(query, [], 0)
    where, params = _filters(sections, year)
    params |= {"limit": limit, "offset": offset}
    if conn.dialect.name == "postgresql":
        sql, count_sql = _pg_sql(where, params, words)
    else:
        params["match"] = " ".join('"' + w.replace('"', "") + '"' for w in words)
        sql = (
            "SELECT a.id, a.path, a.title, a.kicker, a.section, a.published_at, "
            f"snippet(search_fts, 3, '{_START}', '{_STOP}', '…', 24) AS snip, "
            "bm25(search_fts, 10.0, 4.0, 4.0, 1.0) AS rank "
            "FROM search_fts JOIN articles a ON a.id = search_fts.rowid "
            f"WHERE search_fts MATCH :match AND a.status = 'published'{where} "
            "ORDER BY rank LIMIT :limit OFFSET :offset"
        )
        count_sql = (
            "SELECT count(*) FROM search_fts JOIN articles a ON a.id = search_fts.rowid "
            f"WHERE search_fts MATCH :match AND a.status = 'published'{where}"
        )
    rows = conn.execute(text(sql), params).all()
    total = int(conn.execute(text(count_sql), params).scalar_one())
    hits = [
        Hit(r.id, r.path, r.title, r.kicker, r.section, _utc(r.published_at), mark_snippet(r.snip or ""))
        for r in rows
    ]
    return SearchResults(query, hits, total)


def _pg_sql(where: str, params: dict[str, Any], words: Iterable[str]) -> tuple[str, str]:
    params["q"] = " ".join(words)
    params["headline"] = (
        f'StartSel="{_START}", StopSel="{_STOP}", MaxWords=30, MinWords=12, '
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    # the query parsed with every configuration; each document matches with its own
    queries = " UNION ALL ".join(
        f"SELECT CAST('{c}' AS regconfig) AS config, plainto_tsquery('{c}', :q) AS q"
        for c in (*PG_CONFIGS.values(), "simple")
    )
    base = (
        f"FROM search_documents d JOIN ({queries}) qs ON qs.config = d.config "
        "JOIN articles a ON a.id = d.article_id "
        f"WHERE d.document @@ qs.q AND a.status = 'published'{where}"
    )
    sql = (
        "SELECT a.id, a.path, a.title, a.kicker, a.section, a.published_at, "
        "ts_headline(d.config, d.body, qs.q, :headline) AS snip, "
        f"ts_rank_cd(d.document, qs.q) AS rank {base} "
        "ORDER BY rank DESC, a.id LIMIT :limit OFFSET :offset"
    )
    return sql, f"SELECT count(*) {base}"


def _utc(value: datetime | None) -> datetime | None:
    if isinstance(value, str):  # SQLite text() queries give the stored string back
        value = datetime.fromisoformat(value)
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def search_years(conn: Connection) -> list[int]:
    year = extract("year", articles.c.published_at)
    query = select(year).where(articles.c.published_at.is_not(None)).group_by(year).order_by(year.desc())
    return [int(y) for y in conn.execute(query).scalars()]
