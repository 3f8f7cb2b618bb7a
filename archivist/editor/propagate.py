"""Apply an editor's fix to every other article with the same damage, and take it back.

The I/O edge of :mod:`archivist.editor.patterns`: candidates are found by streaming
the current revisions (:func:`~archivist.store.articles.iter_articles`, memory does not
grow with the archive), a dry run shows a sample of diffs, and applying writes one
revision per article (kind ``propagation``, author ``rule:<rule> by <editor>``) sharing
one ``batch_id``. :func:`revert_batch` restores each article's previous revision if the
batch's revision is still current, and reports the articles changed since; the restored
articles count as editor-touched again only if an editor revised them on their own.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Connection, Text, and_, cast, select

from archivist.editor.diff import DiffRow, diff_articles
from archivist.editor.ops import Edit
from archivist.editor.patterns import Pattern, fix, matches
from archivist.errors import NotFoundError
from archivist.store.articles import StoredArticle, add_revision, get_article, iter_articles
from archivist.store.editorial import (
    editor_touched,
    get_batch,
    mark_batch_reverted,
    record_batch,
    set_edited,
)
from archivist.store.revisions import get_revision
from archivist.store.tables import articles, revisions

__all__ = [
    "BatchResult",
    "Candidate",
    "Preview",
    "RevertResult",
    "apply_pattern",
    "find_candidates",
    "preview_pattern",
    "revert_batch",
]


@dataclass(frozen=True)
class Candidate:
    stored: StoredArticle
    edit: Edit


@dataclass(frozen=True)
class Preview:
    """A dry run: how many articles would change, and the diffs of a sample of them."""

    pattern: Pattern
    count: int
    sample: tuple[tuple[StoredArticle, tuple[DiffRow, ...]], ...]


@dataclass(frozen=True)
class BatchResult:
    batch_id: str
    article_ids: tuple[int, ...]


@dataclass(frozen=True)
class RevertResult:
    batch_id: str
    restored: tuple[int, ...]
    # (article id, why it was left alone): it was changed again after the batch
    skipped: tuple[tuple[int, str], ...] = field(default=())


def _like(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere (wildcards escaped with ``\\``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def prefilter(pattern: Pattern) -> ColumnElement[bool] | None:
    """A cheap SQL condition every candidate meets (None: read every article).

    Documents are stored as ``json.dumps`` writes them (non-ASCII as ``\\u`` escapes) on
    both engines, so a word is looked for in that spelling.
    """
    if pattern.rule == "kicker_glue":
        return and_(articles.c.kicker == "", articles.c.title.like(_like(pattern.key)[1:], escape="\\"))
    if pattern.rule == "glued_word":
        spelled = json.dumps(pattern.key)[1:-1]
        return cast(revisions.c.document, Text).like(_like(spelled), escape="\\")
    return None


def _stream(conn: Connection, pattern: Pattern) -> Iterator[StoredArticle]:
    condition = prefilter(pattern)
    if condition is None:
        yield from iter_articles(conn)
        return
    ids = (
        conn.execute(
            select(articles.c.id)
            .join(revisions, revisions.c.id == articles.c.current_revision_id)
            .where(articles.c.status == "published", condition)
            .order_by(articles.c.id)
        )
        .scalars()
        .all()
    )
    for article_id in ids:
        stored = get_article(conn, article_id)
        if stored is not None:
            yield stored


def find_candidates(conn: Connection, pattern: Pattern, exclude: Sequence[int] = ()) -> Iterator[Candidate]:
    """Published articles whose current revision has the damage, with the fix for each.

    Streamed in id order; :func:`prefilter` narrows the rows read where it can.
    """
    skip = set(exclude)
    for stored in _stream(conn, pattern):
        if stored.id in skip or not matches(stored.article, pattern):
            continue
        edit = fix(stored.article, pattern)
        if edit.steps and edit.article != stored.article:
            yield Candidate(stored, edit)


def preview_pattern(
    conn: Connection, pattern: Pattern, exclude: Sequence[int] = (), sample: int = 5
) -> Preview:
    """Count the candidates and diff the first ``sample`` of them (nothing is written)."""
    count = 0
    shown: list[tuple[StoredArticle, tuple[DiffRow, ...]]] = []
    for candidate in find_candidates(conn, pattern, exclude):
        count += 1
        if len(shown) < sample:
            rows = tuple(
                r for r in diff_articles(candidate.stored.article, candidate.edit.article) if r.tag != " "
            )
            shown.append((candidate.stored, rows))
    return Preview(pattern, count, tuple(shown))


def apply_pattern(
    conn: Connection,
    pattern: Pattern,
    editor: str,
    *,
    source_article: int | None = None,
    exclude: Sequence[int] = (),
) -> BatchResult:
    """Fix every candidate as a new revision of one batch; the batch is recorded for reverts."""
    batch_id = uuid.uuid4().hex
    author = f"rule:{pattern.rule} by {editor}"
    message = f"propagated fix: {pattern.describe()}"
    skip = [*exclude, *([source_article] if source_article is not None else [])]
    # streamed: the store is read in id order, so a revision written for one article never
    # shows up again later in the same stream
    ids = []
    for candidate in find_candidates(conn, pattern, skip):
        add_revision(
            conn,
            candidate.stored.id,
            candidate.edit.article,
            kind="propagation",
            author=author,
            message=message,
            steps=candidate.edit.steps,
            batch_id=batch_id,
        )
        ids.append(candidate.stored.id)
    record_batch(conn, batch_id, pattern.rule, pattern.to_dict(), editor, source_article, len(ids))
    return BatchResult(batch_id, tuple(ids))


def revert_batch(conn: Connection, batch_id: str, editor: str) -> RevertResult:
    """Restore, for each article of the batch, the revision before it (if still current)."""
    if get_batch(conn, batch_id) is None:
        msg = f"Batch {batch_id!r} does not exist. The editor's batch list shows the ids."
        raise NotFoundError(msg)
    rows = conn.execute(
        select(revisions.c.id, revisions.c.article_id, revisions.c.parent_id)
        .where(revisions.c.batch_id == batch_id, revisions.c.kind == "propagation")
        .order_by(revisions.c.article_id)
    ).all()
    restored, skipped = [], []
    for row in rows:
        current = get_article(conn, row.article_id)
        if current is None or current.revision_id != row.id:
            skipped.append((row.article_id, "changed again after the batch: revert it by hand"))
            continue
        if row.parent_id is None:
            skipped.append((row.article_id, "the batch wrote its first revision"))
            continue
        info, previous = get_revision(conn, row.parent_id)
        add_revision(
            conn,
            row.article_id,
            previous,
            kind="revert",
            author=editor,
            message=f"reverted batch {batch_id}",
            findings=info.findings,
            confidence=info.confidence,
            batch_id=batch_id,  # a revert of the batch, not an editor's own decision
        )
        restored.append(row.article_id)
    mark_batch_reverted(conn, batch_id, editor)
    # the batch no longer counts: a later migrate may update these articles again,
    # unless an editor also revised them on their own
    for article_id in restored:
        set_edited(conn, article_id, editor_touched(conn, article_id))
    return RevertResult(batch_id, tuple(restored), tuple(skipped))
