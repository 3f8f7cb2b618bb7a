"""Roll back one migration run: remove what it created, restore what it updated.

``archivist rollback RUN`` undoes a run's writes and spares everything else:

=======================================  ==============================================
the run…                                 rollback
=======================================  ==============================================
created an article, nobody touched it    deletes it (revisions, id map row, old URLs)
updated an article (a new migration      deletes the run's revision(s); the revision
revision), nobody touched it since       before the run is current again, the id map
                                         points at the source it was built from
either, but an editor (or a later run,   keeps the article as it is, and says why
or a reader report…) came after it
stored a new source (conflicts too)      deletes it once no revision or id map uses it,
                                         with the open conflict waiting on it
quarantined a record                     deletes the quarantine row (and its id map row)
=======================================  ==============================================

Content that existed before the run is never touched, and the run's row stays, with
the status "rolled back". Everything happens in the caller's transaction, so a dry
run is the same call in a transaction that is rolled back (:func:`rollback_run` with
``dry_run=True`` in the CLI).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, delete, exists, or_, select, update

from archivist.errors import NotFoundError, StoreError
from archivist.model import article_from_dict
from archivist.store.revisions import denormalised, now
from archivist.store.tables import (
    articles,
    conflicts,
    id_map,
    legacy_urls,
    metadata,
    quarantine,
    revisions,
    runs,
    sources,
)

ROLLED_BACK = "rolled back"
# tables a rollback cleans itself; any other table pointing at an article (reader
# reports, editors' corrections, media…) means people used the article: it is kept
OWNED = frozenset({"revisions", "id_map", "legacy_urls"})


@dataclass(frozen=True)
class RollbackResult:
    """What a rollback did (or would do), by legacy id."""

    run_id: int
    removed: tuple[str, ...] = ()  # articles the run created, deleted
    restored: tuple[str, ...] = ()  # articles the run updated, back to their revision before it
    kept: tuple[tuple[str, str], ...] = ()  # (legacy id, why it was spared)
    sources_removed: int = 0
    quarantine_removed: int = 0


def _referencing(table_name: str) -> list[tuple[Table, Any]]:
    """(table, column) pairs with a foreign key to ``table_name``.id, outside OWNED."""
    found = []
    for table in metadata.tables.values():
        if table.name in OWNED:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == table_name and fk.column.name == "id":
                found.append((table, fk.parent))
    return found


def _used_elsewhere(conn: Connection, article_id: int, revision_ids: list[int]) -> str:
    """The name of a table that points at the article or one of its revisions ('' if none)."""
    for table, column in _referencing("articles"):
        if conn.execute(select(exists().where(column == article_id))).scalar():
            return table.name
    for table, column in _referencing("revisions"):
        if revision_ids and conn.execute(select(exists().where(column.in_(revision_ids)))).scalar():
            return table.name
    return ""


def _why_kept(conn: Connection, run_id: int, article_id: int, first_number: int) -> str:
    later = conn.execute(
        select(revisions.c.kind, revisions.c.author, revisions.c.run_id)
        .where(revisions.c.article_id == article_id, revisions.c.number > first_number)
        .where(or_(revisions.c.run_id.is_(None), revisions.c.run_id != run_id))
        .order_by(revisions.c.number)
    ).first()
    if later is not None:
        if later.kind == "migration":
            return f"run {later.run_id} changed it after this run"
        return f"revised since by {later.author} ({later.kind})"
    ids = list(conn.execute(select(revisions.c.id).where(revisions.c.article_id == article_id)).scalars())
    table = _used_elsewhere(conn, article_id, ids)
    return f"other records point at it ({table})" if table else ""


def _remove_article(conn: Connection, article_id: int, legacy_id: str) -> None:
    conn.execute(delete(legacy_urls).where(legacy_urls.c.article_id == article_id))
    conn.execute(delete(id_map).where(id_map.c.legacy_id == legacy_id))
    conn.execute(update(articles).where(articles.c.id == article_id).values(current_revision_id=None))
    conn.execute(delete(revisions).where(revisions.c.article_id == article_id))
    conn.execute(delete(articles).where(articles.c.id == article_id))


def _restore_article(
    conn: Connection, article_id: int, legacy_id: str, run_revisions: list[int], first: Any
) -> None:
    """Make the revision before the run current again and forget the run's revisions."""
    before = conn.execute(select(revisions).where(revisions.c.id == first.parent_id)).first()
    if before is None:  # cannot happen for an update: the article had a revision before
        msg = (
            f"Article {article_id} ({legacy_id!r}) has no revision before run {first.run_id}: "
            "it cannot be restored. Remove it by hand if it should go."
        )
        raise StoreError(msg)
    values = denormalised(article_from_dict(before.document), before.confidence)
    conn.execute(
        update(articles)
        .where(articles.c.id == article_id)
        .values(**values, current_revision_id=before.id, updated_at=now())
    )
    conn.execute(delete(revisions).where(revisions.c.id.in_(run_revisions)))
    source = conn.execute(
        select(sources.c.id, sources.c.sha256).where(sources.c.id == before.source_id)
    ).first()
    restored = {"run_id": before.run_id, "updated_at": now()}
    if source is not None:
        restored |= {"source_id": source.id, "source_hash": source.sha256}
    conn.execute(update(id_map).where(id_map.c.legacy_id == legacy_id).values(**restored))


def rollback_run(conn: Connection, run_id: int) -> RollbackResult:
    """Undo run ``run_id`` in the caller's transaction (see the module table)."""
    row = conn.execute(select(runs.c.status).where(runs.c.id == run_id)).first()
    if row is None:
        msg = f"Run {run_id} does not exist. `archivist runs` lists the runs."
        raise NotFoundError(msg)
    if row.status == "running":
        msg = f"Run {run_id} is still running. Stop it first (Ctrl-C), or let it finish, then roll it back."
        raise StoreError(msg)
    if row.status == ROLLED_BACK:
        msg = f"Run {run_id} was rolled back already. `archivist runs` lists the runs."
        raise StoreError(msg)
    by_article: dict[int, list[Any]] = defaultdict(list)
    for rev in conn.execute(
        select(revisions).where(revisions.c.run_id == run_id).order_by(revisions.c.number)
    ):
        by_article[rev.article_id].append(rev)
    removed: list[str] = []
    restored: list[str] = []
    kept: list[tuple[str, str]] = []
    for article_id, revs in sorted(by_article.items()):
        art = conn.execute(
            select(articles.c.legacy_id, articles.c.created_run_id).where(articles.c.id == article_id)
        ).one()
        first = revs[0]
        why = _why_kept(conn, run_id, article_id, first.number)
        if why:
            kept.append((art.legacy_id, why))
        elif art.created_run_id == run_id and first.number == 1:
            _remove_article(conn, article_id, art.legacy_id)
            removed.append(art.legacy_id)
        else:
            _restore_article(conn, article_id, art.legacy_id, [r.id for r in revs], first)
            restored.append(art.legacy_id)
    sources_removed = _remove_orphan_sources(conn, run_id)
    quarantined = conn.execute(delete(quarantine).where(quarantine.c.run_id == run_id)).rowcount
    # the id map rows the run wrote for records it quarantined (no article behind them)
    conn.execute(
        delete(id_map).where(
            id_map.c.run_id == run_id, id_map.c.article_id.is_(None), id_map.c.status == "quarantined"
        )
    )
    conn.execute(update(runs).where(runs.c.id == run_id).values(status=ROLLED_BACK))
    return RollbackResult(run_id, tuple(removed), tuple(restored), tuple(kept), sources_removed, quarantined)


def _remove_orphan_sources(conn: Connection, run_id: int) -> int:
    """Delete the sources the run stored that nothing uses any more."""
    used_by_revision = select(revisions.c.id).where(revisions.c.source_id == sources.c.id).exists()
    used_by_map = select(id_map.c.legacy_id).where(id_map.c.source_id == sources.c.id).exists()
    orphans = list(
        conn.execute(
            select(sources.c.id).where(sources.c.run_id == run_id, ~used_by_revision, ~used_by_map)
        ).scalars()
    )
    if not orphans:
        return 0
    # a conflict the run reported waits on a source only the run stored: it goes with it
    conn.execute(delete(conflicts).where(conflicts.c.source_id.in_(orphans)))
    conn.execute(delete(sources).where(sources.c.id.in_(orphans)))
    return len(orphans)
