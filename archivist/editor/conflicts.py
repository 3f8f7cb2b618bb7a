"""Settling a re-run's conflict: keep the editor's version, take the new source, or merge.

A conflict (:mod:`archivist.store.conflicts`) is an article whose legacy source changed
after an editor revised it. :func:`conflict_view` gathers what an editor needs to
decide: the legacy source diff (old export against new), what the editors changed
since the migration, and what the new export would make of the article. Then:

- :func:`keep_editor`: the editor's revision stays; the conflict is settled and not
  reported again unless the source changes again;
- :func:`take_source`: the new source's recovery becomes a new revision, attributed to
  the editor who took it;
- merging by hand happens in the article editor; publishing there with the conflict
  open calls :func:`settle_merged`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from archivist.editor.diff import DiffRow, diff_articles, diff_lines
from archivist.errors import EditError, NotFoundError
from archivist.model import Article
from archivist.store.articles import StoredArticle, add_revision, get_article
from archivist.store.conflicts import Conflict, get_conflict, settle_conflict
from archivist.store.records import get_source
from archivist.store.revisions import get_revision
from archivist.store.tables import revisions

__all__ = [
    "ConflictView",
    "conflict_view",
    "keep_editor",
    "legacy_lines",
    "settle_merged",
    "take_source",
]


@dataclass(frozen=True)
class ConflictView:
    conflict: Conflict
    stored: StoredArticle  # the article as it is now (the editor's revision)
    base: Article | None  # the last migration revision, before the editors
    source_rows: tuple[DiffRow, ...]  # the legacy export, old against new
    editor_rows: tuple[DiffRow, ...]  # what editors changed since the migration
    incoming_rows: tuple[DiffRow, ...]  # the current article against the new export's recovery


def legacy_lines(raw: bytes) -> list[str]:
    """A legacy source as lines for a diff (undecodable bytes shown as U+FFFD)."""
    return raw.decode("utf-8", errors="replace").splitlines()


def _open(conn: Connection, conflict_id: int) -> Conflict:
    conflict = get_conflict(conn, conflict_id)
    if not conflict.open:
        msg = f"Conflict {conflict_id} was settled already ({conflict.status} by {conflict.settled_by})."
        raise EditError(msg)
    return conflict


def _stored(conn: Connection, article_id: int) -> StoredArticle:
    stored = get_article(conn, article_id)
    if stored is None:
        msg = f"Article {article_id} does not exist any more."
        raise NotFoundError(msg)
    return stored


def _base(conn: Connection, article_id: int) -> Article | None:
    last = conn.execute(
        select(revisions.c.id)
        .where(revisions.c.article_id == article_id, revisions.c.kind == "migration")
        .order_by(revisions.c.number.desc())
        .limit(1)
    ).scalar()
    return None if last is None else get_revision(conn, last)[1]


def conflict_view(conn: Connection, conflict_id: int) -> ConflictView:
    """Everything the conflict screen shows, side by side."""
    conflict = get_conflict(conn, conflict_id)
    stored = _stored(conn, conflict.article_id)
    old = get_source(conn, conflict.base_source_id).raw if conflict.base_source_id is not None else b""
    new = get_source(conn, conflict.source_id).raw
    base = _base(conn, conflict.article_id)
    return ConflictView(
        conflict=conflict,
        stored=stored,
        base=base,
        source_rows=tuple(diff_lines(legacy_lines(old), legacy_lines(new))),
        editor_rows=tuple(diff_articles(base, stored.article)) if base is not None else (),
        incoming_rows=tuple(diff_articles(stored.article, conflict.article)),
    )


def keep_editor(conn: Connection, conflict_id: int, editor: str) -> Conflict:
    """The editor's revision stays; the new source is acknowledged (no more reports)."""
    return settle_conflict(conn, conflict_id, "kept", editor)


def take_source(conn: Connection, conflict_id: int, editor: str) -> Conflict:
    """The new source's recovery becomes the current revision, attributed to ``editor``."""
    conflict = _open(conn, conflict_id)
    _stored(conn, conflict.article_id)
    revision_id = add_revision(
        conn,
        conflict.article_id,
        conflict.article,
        kind="editor",
        author=editor,
        message=f"took the new legacy source (conflict {conflict_id})",
        steps=conflict.steps,
        findings=conflict.findings,
        confidence=conflict.confidence,
    )
    return settle_conflict(conn, conflict_id, "taken", editor, revision_id)


def settle_merged(
    conn: Connection, conflict_id: int, article_id: int, editor: str, revision_id: int
) -> Conflict:
    """An editor merged by hand and published ``revision_id``: the conflict is settled."""
    conflict = _open(conn, conflict_id)
    if conflict.article_id != article_id:
        msg = f"Conflict {conflict_id} is about article {conflict.article_id}, not {article_id}."
        raise EditError(msg)
    return settle_conflict(conn, conflict_id, "merged", editor, revision_id)
