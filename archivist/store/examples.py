"""Labelled examples: editors' corrections kept for ``archivist retrain``.

Each row is one generalisable operation of a published editor revision (see
:func:`archivist.editor.examples.examples_from_ops`): the pattern it teaches, the text it
changed and, for a role change, where the block stood. Reverting a revision withdraws
the examples of the revisions it undid (:func:`withdraw_examples`): a correction taken
back teaches nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from archivist.store.revisions import now
from archivist.store.tables import examples, revisions

__all__ = ["StoredExample", "active_examples", "record_examples", "withdraw_examples"]


@dataclass(frozen=True)
class StoredExample:
    article_id: int
    revision_id: int
    author: str
    rule: str
    pattern: dict[str, Any]
    text: str
    context: dict[str, Any]


def record_examples(
    conn: Connection,
    article_id: int,
    revision_id: int,
    author: str,
    rows: Sequence[tuple[str, dict[str, Any], str, dict[str, Any]]],
) -> int:
    """Store ``(rule, pattern, text, context)`` rows of one revision; how many were stored."""
    if not rows:
        return 0
    stamp = now()
    conn.execute(
        examples.insert(),
        [
            {
                "article_id": article_id,
                "revision_id": revision_id,
                "author": author,
                "rule": rule,
                "pattern": pattern,
                "text": text,
                "context": context,
                "created_at": stamp,
            }
            for rule, pattern, text, context in rows
        ],
    )
    return len(rows)


def withdraw_examples(conn: Connection, article_id: int, after_number: int, editor: str) -> int:
    """Withdraw the examples of the article's revisions numbered above ``after_number``."""
    undone = select(revisions.c.id).where(
        revisions.c.article_id == article_id, revisions.c.number > after_number
    )
    done = conn.execute(
        update(examples)
        .where(examples.c.revision_id.in_(undone), examples.c.withdrawn_at.is_(None))
        .values(withdrawn_at=now(), withdrawn_by=editor)
    )
    return int(done.rowcount or 0)


def active_examples(conn: Connection) -> Iterator[StoredExample]:
    """Every example not withdrawn, oldest first."""
    rows = conn.execute(select(examples).where(examples.c.withdrawn_at.is_(None)).order_by(examples.c.id))
    for row in rows:
        yield StoredExample(
            row.article_id,
            row.revision_id,
            row.author,
            row.rule,
            dict(row.pattern),
            row.text,
            dict(row.context or {}),
        )
