"""Migrated records saved a batch at a time: a few statements per table, not ten per record.

:func:`save_migrated_many` stores every ``(record, encoded)`` pair (the processed
article as :mod:`archivist.store.encoded` makes it) exactly as
:func:`archivist.store.articles.save_migrated` would, one after the other, and returns
the same outcomes (the table there says what each one writes). It looks up the id
map, the sources, the article paths and the old URLs of a whole chunk of records with
one query each, and writes each table with one executemany (``INSERT … RETURNING``
where the new ids are needed), on SQLite and PostgreSQL alike.

Records of one chunk touch each other only through the unique article paths and old
URLs, which are given out here in record order, as one by one. A legacy id met twice
starts a new chunk, so the second record sees what the first wrote.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, func, select, update

from archivist.model import LegacyRecord
from archivist.store.conflicts import record_conflict
from archivist.store.encoded import Encoded, decode, passes_json_text
from archivist.store.paths import legacy_path
from archivist.store.revisions import now, revision_row
from archivist.store.tables import articles, id_map, legacy_urls, revisions, sources

__all__ = ["Found", "classify_many", "lookup_many", "save_migrated_many"]

CHUNK = 500  # records per chunk: IN lists and multi-row INSERTs well below every parameter limit

Pair = tuple[LegacyRecord, Encoded]


@dataclass(frozen=True, slots=True)
class Found:
    """What the id map says of a record: its outcome, its article, whether a map row exists."""

    outcome: str  # created | unchanged | updated | conflict
    article_id: int | None
    mapped: bool


def _ids(name: str) -> Any:
    return bindparam(name, expanding=True)


# built once: a statement object caches its compiled SQL
_LOOKUP = (
    select(id_map.c.legacy_id, id_map.c.article_id, id_map.c.source_hash, articles.c.edited)
    .select_from(id_map.outerjoin(articles, articles.c.id == id_map.c.article_id))
    .where(id_map.c.legacy_id.in_(_ids("b_ids")))
)
_SOURCES = select(sources.c.legacy_id, sources.c.sha256, sources.c.id).where(
    sources.c.legacy_id.in_(_ids("b_ids"))
)
# RETURNING with a column that names the row: the rows may come back in any order
_INSERT_SOURCES = sources.insert().returning(sources.c.legacy_id, sources.c.id)
_ARTICLES_OF = select(articles.c.legacy_id, articles.c.id).where(articles.c.legacy_id.in_(_ids("b_ids")))
_PATHS_TAKEN = select(articles.c.path).where(articles.c.path.in_(_ids("b_paths")))
_INSERT_ARTICLES = articles.insert().returning(articles.c.legacy_id, articles.c.id)
_CURRENT = select(articles.c.id, articles.c.current_revision_id).where(articles.c.id.in_(_ids("b_ids")))
_LAST_NUMBERS = (
    select(revisions.c.article_id, func.max(revisions.c.number))
    .where(revisions.c.article_id.in_(_ids("b_ids")))
    .group_by(revisions.c.article_id)
)
_INSERT_REVISIONS = revisions.insert().returning(revisions.c.article_id, revisions.c.id)
_MAKE_CURRENT = update(articles).where(articles.c.id == bindparam("b_id"))
_MAP_UPDATE = update(id_map).where(id_map.c.legacy_id == bindparam("b_legacy_id"))
_MAP_INSERT = id_map.insert()
_URLS_TAKEN = select(legacy_urls.c.path).where(legacy_urls.c.path.in_(_ids("b_paths")))
_INSERT_URLS = legacy_urls.insert()


def _inserted(conn: Connection, statement: Any, rows: list[dict[str, Any]]) -> dict[Any, int]:
    """Insert ``rows`` (one multi-row INSERT per page); the new ids by the column that names
    each row (RETURNING gives no order, so the row says which it is)."""
    return {key: int(new_id) for key, new_id in conn.execute(statement, rows)}


def _found(row: Row[Any] | None, sha256: str) -> Found:
    if row is None:
        return Found("created", None, False)
    if row.article_id is None:  # the legacy id was quarantined before
        return Found("created", None, True)
    if row.source_hash == sha256:
        return Found("unchanged", row.article_id, True)
    return Found("conflict" if row.edited else "updated", row.article_id, True)


def _parts(values: Sequence[Any]) -> Iterator[list[Any]]:
    unique = list(dict.fromkeys(values))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


def lookup_many(conn: Connection, records: Sequence[LegacyRecord]) -> list[Found]:
    """:class:`Found` for each record, in order, from one query per :data:`CHUNK` ids."""
    rows: dict[str, Any] = {}
    for part in _parts([r.legacy_id for r in records]):
        rows.update((row.legacy_id, row) for row in conn.execute(_LOOKUP, {"b_ids": part}))
    return [_found(rows.get(r.legacy_id), r.sha256) for r in records]


def classify_many(conn: Connection, records: Sequence[LegacyRecord]) -> list[str]:
    """What :func:`save_migrated_many` would return, writing nothing (dry runs)."""
    return [found.outcome for found in lookup_many(conn, records)]


def save_migrated_many(conn: Connection, pairs: Sequence[Pair], run_id: int | None) -> list[str]:
    """Store migrated records as :func:`~archivist.store.articles.save_migrated` one by one
    would; returns their outcomes in order."""
    outcomes: list[str] = []
    for chunk in _chunks(pairs):
        outcomes += _save_chunk(conn, chunk, run_id)
    return outcomes


def _chunks(pairs: Sequence[Pair]) -> Iterator[list[Pair]]:
    chunk: list[Pair] = []
    seen: set[str] = set()
    for pair in pairs:
        if pair[0].legacy_id in seen or len(chunk) >= CHUNK:
            yield chunk
            chunk, seen = [], set()
        chunk.append(pair)
        seen.add(pair[0].legacy_id)
    if chunk:
        yield chunk


def _save_chunk(conn: Connection, chunk: list[Pair], run_id: int | None) -> list[str]:
    found = lookup_many(conn, [record for record, _ in chunk])
    todo = [i for i, f in enumerate(found) if f.outcome in {"created", "updated"}]
    conflicts = [i for i, f in enumerate(found) if f.outcome == "conflict"]
    article_ids = _known_articles(conn, chunk, found, sorted(todo + conflicts))
    known = [a for a in article_ids.values() if a is not None]
    if len(set(known)) < len(known) and len(chunk) > 1:
        # two legacy ids of one article: its revisions are numbered one record after the other
        return [outcome for pair in chunk for outcome in _save_chunk(conn, [pair], run_id)]
    digests = {i: chunk[i][0].sha256 for i in sorted(todo + conflicts)}
    kept = _ensure_sources(conn, [(chunk[i][0], digest) for i, digest in digests.items()], run_id)
    source_ids = dict(zip(digests, kept, strict=True))
    for i in conflicts:  # keep the new source beside the editor's revision, never overwrite it
        article_id = article_ids[i]
        assert article_id is not None  # a conflict is found on a mapped, edited article
        record_conflict(conn, article_id, chunk[i][0], source_ids[i], decode(chunk[i][1]), run_id)
    if todo:
        new = [i for i in todo if article_ids[i] is None]
        article_ids.update(zip(new, _insert_articles(conn, [chunk[i] for i in new], run_id), strict=True))
        stamp = now()
        revisions = [
            _Revision(*chunk[i], _article(article_ids[i]), i in new, source_ids[i], digests[i]) for i in todo
        ]
        _insert_revisions(conn, revisions, run_id, stamp)
        _map(conn, [(r, found[i].mapped) for i, r in zip(todo, revisions, strict=True)], run_id, stamp)
        _add_legacy_urls(conn, revisions)
    return [f.outcome for f in found]


def _article(article_id: int | None) -> int:
    assert article_id is not None  # every record to store has its article by now
    return article_id


@dataclass(frozen=True, slots=True)
class _Revision:
    """A record to store, with its article and its source."""

    record: LegacyRecord
    encoded: Encoded
    article_id: int
    first: bool  # the article is new: this is revision 1
    source_id: int
    digest: str  # the record's sha256


def _insert_revisions(conn: Connection, todo: list[_Revision], run_id: int | None, stamp: datetime) -> None:
    """A migration revision per record, made current (one article per record here)."""
    heads = _heads(conn, [r.article_id for r in todo if not r.first])
    as_is = passes_json_text(conn)  # else an engine not made by store.db: give it plain data
    rows = []
    for r in todo:
        parent, number = heads.get(r.article_id, (None, 0))
        message = "migrated" if r.first else f"re-migrated: the legacy source changed ({r.digest[:12]})"
        e = r.encoded
        rows.append(
            revision_row(
                r.article_id,
                document=e.document if as_is else json.loads(e.document),
                steps=e.steps if as_is else json.loads(e.steps),
                findings=e.findings if as_is else json.loads(e.findings),
                content_hash=e.content_hash,
                confidence=e.confidence,
                number=number + 1,
                parent_id=parent,
                kind="migration",
                author="archivist",
                message=message,
                source_id=r.source_id,
                run_id=run_id,
                batch_id=None,
                stamp=stamp,
            )
        )
    revision_of = _inserted(conn, _INSERT_REVISIONS, rows)
    current = [
        r.encoded.columns
        | {"current_revision_id": revision_of[r.article_id], "updated_at": stamp, "b_id": r.article_id}
        for r in todo
    ]
    conn.execute(_MAKE_CURRENT, current)


def _known_articles(
    conn: Connection, chunk: list[Pair], found: list[Found], todo: list[int]
) -> dict[int, int | None]:
    """Index -> the existing article of each record to store (None: a new one). A legacy id
    the id map does not tie to an article may still have one from an older run."""
    ids: dict[int, int | None] = {i: found[i].article_id for i in todo}
    loose = [chunk[i][0].legacy_id for i in todo if ids[i] is None]
    if loose:
        existing: dict[str, int] = {}
        for part in _parts(loose):
            existing.update((row.legacy_id, row.id) for row in conn.execute(_ARTICLES_OF, {"b_ids": part}))
        for i in todo:
            if ids[i] is None:
                ids[i] = existing.get(chunk[i][0].legacy_id)
    return ids


def _ensure_sources(
    conn: Connection, records: list[tuple[LegacyRecord, str]], run_id: int | None
) -> list[int]:
    """The id of the stored copy of each (record, its sha256), stored now if it is new."""
    stored: dict[tuple[str, str], int] = {}
    for part in _parts([r.legacy_id for r, _ in records]):
        stored.update(
            ((row.legacy_id, row.sha256), row.id) for row in conn.execute(_SOURCES, {"b_ids": part})
        )
    missing = [(r, digest) for r, digest in records if (r.legacy_id, digest) not in stored]
    if missing:
        stamp = now()
        values = [
            {
                "legacy_id": r.legacy_id,
                "format": r.format,
                "origin": r.origin,
                "position": r.position,
                "url": r.url,
                "sha256": digest,
                "raw": r.raw,
                "run_id": run_id,
                "created_at": stamp,
            }
            for r, digest in missing
        ]
        new_ids = _inserted(conn, _INSERT_SOURCES, values)  # one source per legacy id here
        stored.update(((r.legacy_id, d), new_ids[r.legacy_id]) for r, d in missing)
    return [stored[(r.legacy_id, d)] for r, d in records]


def _insert_articles(conn: Connection, pairs: list[Pair], run_id: int | None) -> list[int]:
    """New articles, each at its stable path; a path taken already (by an older article or
    one earlier in ``pairs``) gets a hash of the legacy id, as ``save_migrated`` does."""
    if not pairs:
        return []
    taken: set[str] = set()
    for part in _parts([encoded.path for _, encoded in pairs]):
        taken.update(conn.execute(_PATHS_TAKEN, {"b_paths": part}).scalars())
    stamp = now()
    rows = []
    for record, encoded in pairs:
        path = encoded.path
        if path in taken:  # two legacy ids with the same slug ("a b" and "a-b")
            path += "-" + hashlib.sha256(record.legacy_id.encode("utf-8")).hexdigest()[:8]
        taken.add(path)
        rows.append(
            {
                "legacy_id": record.legacy_id,
                "slug": encoded.slug,
                "path": path,
                "status": "published",
                "edited": False,
                "views": 0,
                "created_at": stamp,
                "updated_at": stamp,
                "created_run_id": run_id,
                **encoded.columns,  # the revision written next makes itself current
            }
        )
    new_ids = _inserted(conn, _INSERT_ARTICLES, rows)
    return [new_ids[record.legacy_id] for record, _ in pairs]


def _heads(conn: Connection, ids: Sequence[int]) -> dict[int, tuple[int | None, int]]:
    """Article id -> (its current revision id, its highest revision number)."""
    current: dict[int, int | None] = {}
    numbers: dict[int, int] = {}
    for part in _parts(ids):
        current.update((row.id, row.current_revision_id) for row in conn.execute(_CURRENT, {"b_ids": part}))
        numbers.update((int(a), int(n)) for a, n in conn.execute(_LAST_NUMBERS, {"b_ids": part}))
    return {a: (current.get(a), numbers.get(a, 0)) for a in ids}


def _map(conn: Connection, stored: list[tuple[_Revision, bool]], run_id: int | None, stamp: datetime) -> None:
    """Point the id map of every stored record (and whether it has a row) at its article."""
    updates, inserts = [], []
    for r, mapped in stored:
        values = {
            "article_id": r.article_id,
            "status": "migrated",
            "source_hash": r.digest,
            "source_id": r.source_id,
            "run_id": run_id,
            "updated_at": stamp,
        }
        if mapped:
            updates.append({**values, "b_legacy_id": r.record.legacy_id})
        else:
            inserts.append({**values, "legacy_id": r.record.legacy_id})
    if updates:
        conn.execute(_MAP_UPDATE, updates)
    if inserts:
        conn.execute(_MAP_INSERT, inserts)


def _add_legacy_urls(conn: Connection, stored: list[_Revision]) -> None:
    """Point each record's old URLs at its article; the first article to claim a path keeps it."""
    claims = [
        (path, url, r.article_id)
        for r in stored
        for url in sorted({r.record.url, r.encoded.url} - {""})
        if (path := legacy_path(url))
    ]
    if not claims:
        return
    taken: set[str] = set()
    for part in _parts([path for path, _, _ in claims]):
        taken.update(conn.execute(_URLS_TAKEN, {"b_paths": part}).scalars())
    rows = []
    for path, url, article_id in claims:
        if path not in taken:
            taken.add(path)
            rows.append({"path": path, "url": url, "article_id": article_id})
    if rows:
        conn.execute(_INSERT_URLS, rows)
