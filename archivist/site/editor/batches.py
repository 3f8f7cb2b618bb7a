"""Propagated fixes in the editor: dry run, apply to the N other articles, revert a batch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from archivist.editor.patterns import RULES, Pattern
from archivist.editor.propagate import apply_pattern, preview_pattern, revert_batch
from archivist.site.editor.auth import EditorDep, EditorForm
from archivist.site.editor.pages import editor_page
from archivist.site.state import site_of
from archivist.store.editorial import get_batch, list_batches
from archivist.store.tables import articles, revisions

__all__ = ["router"]

router = APIRouter(prefix="/edit", include_in_schema=False)
SAMPLE = 5  # diffs shown in a dry run


def _pattern(rule: str, key: str, replacement: str, from_role: str, to_role: str) -> Pattern:
    if rule not in RULES or not key:
        raise HTTPException(400, f"Propagation rule {rule!r} is not known, or its pattern is empty.")
    return Pattern(rule, key, replacement, from_role, to_role)


@router.get("/propagate")
def propagate_preview(
    request: Request,
    editor: EditorDep,
    rule: str,
    key: str,
    article: int | None = None,
    replacement: str = "",
    from_role: str = "",
    to_role: str = "",
) -> Response:
    """A dry run: how many other articles have the damage, and the diffs of a sample."""
    pattern = _pattern(rule, key, replacement, from_role, to_role)
    site = site_of(request)
    with site.engine.connect() as conn:
        preview = preview_pattern(conn, pattern, exclude=[article] if article else [], sample=SAMPLE)
    context = {"editor": editor, "preview": preview, "pattern": pattern, "article": article}
    return editor_page(request, "edit/propagate.html", context)


@router.post("/propagate")
def propagate_apply(
    request: Request,
    editor: EditorForm,
    rule: Annotated[str, Form(max_length=40)],
    key: Annotated[str, Form(max_length=2000)],
    article: Annotated[int | None, Form()] = None,
    replacement: Annotated[str, Form(max_length=2000)] = "",
    from_role: Annotated[str, Form(max_length=20)] = "",
    to_role: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Apply the fix to every candidate as one batch of revisions (rule and editor named)."""
    pattern = _pattern(rule, key, replacement, from_role, to_role)
    site = site_of(request)
    with site.engine.begin() as conn:
        result = apply_pattern(conn, pattern, editor.name, source_article=article)
    site.pages.clear()
    return RedirectResponse(f"/edit/batch/{result.batch_id}", status_code=303)


@router.get("/batches")
def batches(request: Request, editor: EditorDep) -> Response:
    site = site_of(request)
    with site.engine.connect() as conn:
        found = list_batches(conn)
    return editor_page(request, "edit/batches.html", {"editor": editor, "batches": found})


@router.get("/batch/{batch_id}")
def batch(
    request: Request, batch_id: str, editor: EditorDep, restored: int = -1, skipped: int = -1
) -> Response:
    site = site_of(request)
    with site.engine.connect() as conn:
        found = get_batch(conn, batch_id)
        if found is None:
            raise HTTPException(404, f"Batch {batch_id} does not exist.")
        rows = conn.execute(
            select(
                articles.c.id,
                articles.c.kicker,
                articles.c.title,
                articles.c.current_revision_id,
                revisions.c.id.label("rid"),
            )
            .join(revisions, revisions.c.article_id == articles.c.id)
            .where(revisions.c.batch_id == batch_id, revisions.c.kind == "propagation")
            .order_by(articles.c.id)
            .limit(500)
        ).all()
    context = {
        "editor": editor,
        "batch": found,
        "pattern": Pattern.from_dict(found.pattern),
        "rows": rows,
        "restored": restored,
        "skipped": skipped,
    }
    return editor_page(request, "edit/batch.html", context)


@router.post("/batch/{batch_id}/revert")
def batch_revert(request: Request, batch_id: str, editor: EditorForm) -> Response:
    """Revert the whole batch in one step (articles changed since are left and counted)."""
    site = site_of(request)
    with site.engine.begin() as conn:
        result = revert_batch(conn, batch_id, editor.name)
    site.pages.clear()
    target = f"/edit/batch/{batch_id}?restored={len(result.restored)}&skipped={len(result.skipped)}"
    return RedirectResponse(target, status_code=303)
