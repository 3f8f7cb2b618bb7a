"""Publishing an editor's draft, and taking a revision back: the store edge of the editor.

:func:`publish_ops` writes the draft as an editor revision and keeps what it teaches as
labelled examples (:mod:`archivist.editor.examples`), in the caller's transaction; the
web editor and scripts go through it alike. :func:`restore_revision` reverts or
restores a revision and withdraws the examples of the revisions it undid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from archivist.editor.examples import examples_from_ops
from archivist.editor.ops import Edit, Op, apply_ops
from archivist.errors import EditError
from archivist.store.articles import StoredArticle, add_revision
from archivist.store.examples import record_examples, withdraw_examples
from archivist.store.revisions import get_revision

__all__ = ["Published", "publish_ops", "restore_revision"]


@dataclass(frozen=True)
class Published:
    revision_id: int
    edit: Edit
    examples: int  # labelled examples the draft taught


def publish_ops(
    conn: Connection, stored: StoredArticle, ops: Sequence[Op], author: str, message: str
) -> Published:
    """Apply ``ops`` to the stored article, publish the result, keep its examples."""
    edit = apply_ops(stored.article, ops)
    if not edit.steps or edit.article == stored.article:
        msg = f"The draft changes nothing in article {stored.id}: add an edit before publishing."
        raise EditError(msg)
    revision_id = add_revision(
        conn, stored.id, edit.article, kind="editor", author=author, message=message.strip(), steps=edit.steps
    )
    rows = [example.row() for example in examples_from_ops(stored.article, ops)]
    return Published(revision_id, edit, record_examples(conn, stored.id, revision_id, author, rows))


def restore_revision(conn: Connection, revision_id: int, editor: str, *, parent: bool) -> int:
    """Make the state before revision ``revision_id`` (``parent``) or its own state current.

    Returns the article id. The examples of the revisions after the restored one are
    withdrawn: ``archivist retrain`` no longer learns from an undone correction.
    """
    info, _document = get_revision(conn, revision_id)
    target = info.parent_id if parent else info.id
    if target is None:
        msg = "The first revision has nothing before it to go back to."
        raise EditError(msg)
    target_info, document = get_revision(conn, target)
    message = f"reverted revision {info.number}" if parent else f"restored revision {target_info.number}"
    add_revision(
        conn,
        info.article_id,
        document,
        kind="revert",
        author=editor,
        message=message,
        findings=target_info.findings,
        confidence=target_info.confidence,
    )
    withdraw_examples(conn, info.article_id, target_info.number, editor)
    return info.article_id
