"""What "the same database content" means for crash, engine and rollback tests.

Surrogate keys (article, revision and source ids), run ids and timestamps
naturally differ between two runs (a PostgreSQL sequence is not rolled back with a
killed transaction), so the content is everything else, keyed by legacy id:

- articles: path, status, edited, title, confidence and the content hash of the
  current revision;
- revisions: per legacy id, (number, kind, content hash, steps, findings, source hash);
- sources: (legacy id, sha256) pairs;
- id map: legacy id -> (status, source hash, legacy id of the article);
- legacy URLs: path -> (url, legacy id of the article);
- quarantine: (legacy id, sha256, error, origin, position, reason, status).
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from archivist.store.tables import articles, id_map, legacy_urls, quarantine, revisions, sources


def snapshot_of(url: str) -> dict[str, Any]:
    """:func:`content_snapshot` of the database at ``url``."""
    from archivist.store import open_store

    engine = open_store(url)
    try:
        return content_snapshot(engine)
    finally:
        engine.dispose()


def content_snapshot(engine: sa.Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        legacy = dict(conn.execute(sa.select(articles.c.id, articles.c.legacy_id)).all())
        source_hash = dict(conn.execute(sa.select(sources.c.id, sources.c.sha256)).all())
        arts = {
            row.legacy_id: (
                row.path,
                row.status,
                row.edited,
                row.title,
                round(row.confidence, 6),
                row.content_hash,
                row.content_hash == row.current_hash,  # the denormalised columns follow the revision
            )
            for row in conn.execute(
                sa.select(articles, revisions.c.content_hash.label("current_hash")).join(
                    revisions, revisions.c.id == articles.c.current_revision_id
                )
            )
        }
        missing = conn.execute(
            sa.select(sa.func.count()).select_from(articles).where(articles.c.current_revision_id.is_(None))
        ).scalar_one()
        revs = sorted(
            (
                legacy[row.article_id],
                row.number,
                row.kind,
                row.content_hash,
                json.dumps(row.steps, sort_keys=True),
                json.dumps(row.findings, sort_keys=True),
                source_hash.get(row.source_id, ""),
            )
            for row in conn.execute(sa.select(revisions))
        )
        return {
            "articles": arts,
            "articles_without_revision": missing,
            "revisions": revs,
            "sources": sorted(
                tuple(r) for r in conn.execute(sa.select(sources.c.legacy_id, sources.c.sha256))
            ),
            "id_map": {
                row.legacy_id: (row.status, row.source_hash, legacy.get(row.article_id))
                for row in conn.execute(sa.select(id_map))
            },
            "legacy_urls": {
                row.path: (row.url, legacy[row.article_id]) for row in conn.execute(sa.select(legacy_urls))
            },
            "quarantine": sorted(
                (row.legacy_id, row.sha256, row.error, row.origin, row.position, row.reason, row.status)
                for row in conn.execute(sa.select(quarantine))
            ),
        }


def snapshot_diff(left: dict[str, Any], right: dict[str, Any], limit: int = 5) -> list[str]:
    """Where two snapshots differ, briefly (for assertion messages)."""
    out: list[str] = []
    for key in sorted(set(left) | set(right)):
        a, b = left.get(key), right.get(key)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            out += [f"{key}[{k!r}]: {a.get(k)!r} != {b.get(k)!r}" for k in keys[:limit]]
        elif isinstance(a, list) and isinstance(b, list):
            only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
            out.append(
                f"{key}: {len(a)} vs {len(b)} rows; "
                f"only left {only_a[:limit]!r}; only right {only_b[:limit]!r}"
            )
        else:
            out.append(f"{key}: {a!r} != {b!r}")
    return out
