"""The editor's pages: the queue, the article editor, preview, publish, diff, revert, reports.

Every route depends on :func:`~archivist.site.editor.auth.require_editor` (reads) or
:func:`~archivist.site.editor.auth.require_editor_form` (writes: session + CSRF). A
draft is a list of operations carried in the form (JSON) and replayed on the revision
it started from; publishing checks that revision is still current (409 otherwise).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, select
from starlette.concurrency import run_in_threadpool

from archivist.editor.conflicts import legacy_lines, settle_merged
from archivist.editor.diff import diff_articles
from archivist.editor.forms import dump_ops, load_ops, resolve_op
from archivist.editor.ops import FIELDS, Edit, apply_op, apply_ops
from archivist.editor.patterns import derive_pattern
from archivist.editor.propagate import preview_pattern
from archivist.editor.publish import publish_ops, restore_revision
from archivist.errors import EditError, NotFoundError
from archivist.model import Article, Role
from archivist.site import i18n
from archivist.site.editor.auth import Editor, EditorDep, EditorForm
from archivist.site.editor.pages import editor_page
from archivist.site.state import site_of
from archivist.store.articles import StoredArticle, get_article, get_revision, list_revisions
from archivist.store.conflicts import Conflict, count_open_conflicts, get_conflict
from archivist.store.editorial import (
    RESOLUTIONS,
    add_correction,
    article_reports,
    editor_queue,
    list_corrections,
    resolve_report,
)
from archivist.store.records import get_source
from archivist.store.tables import articles, id_map, reports

__all__ = ["router"]

router = APIRouter(prefix="/edit", include_in_schema=False)

ROLES = [r.value for r in Role if r is not Role.LIST]
OP_FIELDS = ("op", "block", "role", "where", "text", "kicker", "before", "glued", "cut")


def _stored(conn: Connection, article_id: int) -> StoredArticle:
    stored = get_article(conn, article_id)
    if stored is None:
        raise HTTPException(404, f"Article {article_id} does not exist.")
    return stored


def _legacy_text(conn: Connection, legacy_id: str) -> str:
    source_id = conn.execute(select(id_map.c.source_id).where(id_map.c.legacy_id == legacy_id)).scalar()
    if source_id is None:
        return ""
    return get_source(conn, source_id).raw.decode("utf-8", errors="replace")


def _merging(conn: Connection, stored: StoredArticle, conflict_id: int | None) -> Conflict | None:
    """The open conflict an editor is merging by hand in this article (None: not merging)."""
    if not conflict_id:
        return None
    try:
        conflict = get_conflict(conn, conflict_id)
    except NotFoundError as exc:
        raise HTTPException(404, str(exc)) from exc
    if conflict.article_id != stored.id or not conflict.open:
        raise HTTPException(409, f"Conflict {conflict_id} is not open on article {stored.id}.")
    return conflict


def _context(
    conn: Connection, editor: Editor, stored: StoredArticle, conflict_id: int | None = None
) -> dict[str, Any]:
    conflict = _merging(conn, stored, conflict_id)
    legacy = _legacy_text(conn, stored.article.legacy_id)
    if conflict is not None:  # merging: the new export is the original to follow
        legacy = "\n".join(legacy_lines(get_source(conn, conflict.source_id).raw))
    return {
        "editor": editor,
        "stored": stored,
        "article": stored.article,
        "legacy": legacy,
        "conflict": conflict,
        "incoming": diff_articles(stored.article, conflict.article) if conflict is not None else [],
        "steps": stored.steps,
        "findings": stored.findings,
        "reports": article_reports(conn, stored.id),
        "revisions": list(reversed(list_revisions(conn, stored.id))),
        "corrections": list_corrections(conn, stored.id),
        "roles": ROLES,
        "fields": FIELDS,
        "resolutions": RESOLUTIONS,
        "categories": dict(i18n.category_labels("en")),
        "ops": "[]",
        "draft": None,
        "diff": [],
        "error": "",
        "base": stored.revision_id,
    }


@router.get("")
@router.get("/")
def home(editor: EditorDep) -> Response:
    return RedirectResponse("/edit/queue", status_code=303)


@router.get("/queue")
def queue(
    request: Request, editor: EditorDep, section: str = "", category: str = "", language: str = ""
) -> Response:
    """Reader reports grouped by article and the least confident articles, in one ranked list,
    with the count of open re-run conflicts (settled in /edit/conflicts)."""
    site = site_of(request)
    with site.engine.connect() as conn:
        items = editor_queue(conn, section=section, category=category, language=language)
        open_conflicts = count_open_conflicts(conn)
        sections = (
            conn.execute(select(articles.c.section).distinct().order_by(articles.c.section)).scalars().all()
        )
        languages = (
            conn.execute(select(articles.c.language).distinct().order_by(articles.c.language)).scalars().all()
        )
    context = {
        "editor": editor,
        "items": items,
        "open_conflicts": open_conflicts,
        "filters": {"section": section, "category": category, "language": language},
        "sections": [s for s in sections if s],
        "languages": languages,
        "categories": i18n.category_labels("en"),
    }
    return editor_page(request, "edit/queue.html", context)


@router.get("/article/{article_id}")
def article_editor(
    request: Request, article_id: int, editor: EditorDep, conflict: int | None = None
) -> Response:
    """The legacy original and the current article side by side, with the steps that made it.

    ``?conflict=ID`` merges a re-run conflict by hand: the new export is shown as the
    original, with what it would change, and publishing settles the conflict.
    """
    site = site_of(request)
    with site.engine.connect() as conn:
        context = _context(conn, editor, _stored(conn, article_id), conflict)
    return editor_page(request, "edit/article.html", context)


def _draft(stored: StoredArticle, base: int, ops_json: str, fields: dict[str, str]) -> tuple[list[Any], Edit]:
    if base != stored.revision_id:
        raise HTTPException(
            409, "The article changed since you opened it: reload the editor and redo the edit."
        )
    ops = load_ops(ops_json)
    edit = apply_ops(stored.article, ops)
    if fields.get("op"):
        op = resolve_op(edit.article, fields)
        edit = apply_ops(stored.article, [*ops, op])
        ops.append(op)
    return ops, edit


@router.post("/article/{article_id}/preview")
async def preview(request: Request, article_id: int, editor: EditorForm) -> Response:
    """Add one operation to the draft and show the result and its diff (nothing is stored)."""
    form = await request.form()
    fields = {k: str(form.get(k) or "") for k in OP_FIELDS}
    ops_json, base = str(form.get("ops") or "[]"), _form_int(form.get("base"))
    conflict = _form_int(form.get("conflict")) or None
    return await _run(_preview, request, article_id, editor, ops_json, base, fields, conflict)


def _form_int(value: object) -> int:
    try:
        return int(str(value or "0"))
    except ValueError as exc:
        raise HTTPException(400, "The form is damaged: reload the editor.") from exc


async def _run(func: Any, *args: Any) -> Response:
    result: Response = await run_in_threadpool(func, *args)
    return result


def _preview(
    request: Request,
    article_id: int,
    editor: Editor,
    ops_json: str,
    base: int,
    fields: dict[str, str],
    conflict: int | None,
) -> Response:
    site = site_of(request)
    with site.engine.connect() as conn:
        stored = _stored(conn, article_id)
        context = _context(conn, editor, stored, conflict)
        try:
            ops, edit = _draft(stored, base, ops_json, fields)
        except EditError as exc:
            context["error"] = str(exc)
            try:  # show the draft as it was before the operation that failed
                ops = load_ops(ops_json)
                edit = apply_ops(stored.article, ops)
            except EditError as damaged:
                raise HTTPException(400, str(damaged)) from damaged
    context.update(
        ops=dump_ops(ops),
        draft=edit.article,
        draft_steps=edit.steps,
        diff=diff_articles(stored.article, edit.article),
    )
    return editor_page(request, "edit/article.html", context, status_code=400 if context["error"] else 200)


def _offers(conn: Connection, before: Article, ops: list[Any], article_id: int) -> list[dict[str, Any]]:
    """The propagation offers of a published draft: one per generalisable operation."""
    offers, seen = [], set()
    article = before
    for op in ops:
        after = apply_op(article, op).article
        pattern = derive_pattern(article, op, after)
        article = after
        if pattern is None or pattern in seen:
            continue
        seen.add(pattern)
        found = preview_pattern(conn, pattern, exclude=[article_id], sample=0)
        if found.count:
            offers.append({"pattern": pattern, "count": found.count, "description": pattern.describe()})
    return offers


@router.post("/article/{article_id}/publish")
def publish(
    request: Request,
    article_id: int,
    editor: EditorForm,
    message: Annotated[str, Form(min_length=1, max_length=500)],
    ops: Annotated[str, Form(max_length=200_000)] = "[]",
    base: Annotated[int, Form()] = 0,
    conflict: Annotated[int | None, Form()] = None,
) -> Response:
    """Publish the draft as a new revision with the editor's message (its corrections are
    kept as labelled examples); a draft merging a conflict settles it."""
    site = site_of(request)
    with site.engine.begin() as conn:
        stored = _stored(conn, article_id)
        merging = _merging(conn, stored, conflict)
        try:
            draft_ops, _edit = _draft(stored, base, ops, {})
            done = publish_ops(conn, stored, draft_ops, editor.name, message)
        except EditError as exc:
            raise HTTPException(400, str(exc)) from exc
        if merging is not None:
            settle_merged(conn, merging.id, article_id, editor.name, done.revision_id)
        offers = _offers(conn, stored.article, draft_ops, article_id)
        published = _stored(conn, article_id)
    site.pages.clear()  # the public page shows the new revision at once
    context = {
        "editor": editor,
        "stored": published,
        "revision_id": done.revision_id,
        "offers": offers,
        "merged": merging,
    }
    return editor_page(request, "edit/published.html", context)


@router.get("/article/{article_id}/diff")
def diff(request: Request, article_id: int, editor: EditorDep, a: int = 0, b: int = 0) -> Response:
    """The diff between any two revisions of the article (default: the last change)."""
    site = site_of(request)
    with site.engine.connect() as conn:
        stored = _stored(conn, article_id)
        history = list_revisions(conn, article_id)
        ids = {r.id for r in history}
        b = b or stored.revision_id
        a = a or (history[-2].id if len(history) > 1 else b)
        if a not in ids or b not in ids:
            raise HTTPException(404, f"Article {article_id} has no such revision.")
        old_info, old = get_revision(conn, a)
        new_info, new = get_revision(conn, b)
    context = {
        "editor": editor,
        "stored": stored,
        "old": old_info,
        "new": new_info,
        "rows": diff_articles(old, new),
        "revisions": history,
    }
    return editor_page(request, "edit/diff.html", context)


def _restore(request: Request, revision_id: int, editor: Editor, *, parent: bool) -> Response:
    site = site_of(request)
    with site.engine.begin() as conn:
        try:
            article_id = restore_revision(conn, revision_id, editor.name, parent=parent)
        except NotFoundError as exc:
            raise HTTPException(404, str(exc)) from exc
        except EditError as exc:
            raise HTTPException(400, str(exc)) from exc
    site.pages.clear()
    return RedirectResponse(f"/edit/article/{article_id}", status_code=303)


@router.post("/revision/{revision_id}/revert")
def revert(request: Request, revision_id: int, editor: EditorForm) -> Response:
    """Undo one revision: the article goes back to the state before it (as a new revision)."""
    return _restore(request, revision_id, editor, parent=True)


@router.post("/revision/{revision_id}/restore")
def restore(request: Request, revision_id: int, editor: EditorForm) -> Response:
    """Make an older revision's state current again (as a new revision)."""
    return _restore(request, revision_id, editor, parent=False)


@router.post("/report/{report_id}/resolve")
def resolve(
    request: Request, report_id: int, editor: EditorForm, status: Annotated[str, Form(max_length=20)]
) -> Response:
    """Close a reader's report: fixed, not an error, or a duplicate (who and when are kept)."""
    if status not in RESOLUTIONS:
        raise HTTPException(400, f"Use one of: {', '.join(RESOLUTIONS)}.")
    site = site_of(request)
    with site.engine.begin() as conn:
        article_id = conn.execute(select(reports.c.article_id).where(reports.c.id == report_id)).scalar()
        if article_id is None:
            raise HTTPException(404, f"Report {report_id} does not exist.")
        resolve_report(conn, report_id, status, editor.name)
    return RedirectResponse(f"/edit/article/{article_id}", status_code=303)


@router.post("/article/{article_id}/correction")
def correction(
    request: Request,
    article_id: int,
    editor: EditorForm,
    text: Annotated[str, Form(min_length=3, max_length=1000)],
) -> Response:
    """Publish a dated correction note on the article (when a fix changed its meaning)."""
    site = site_of(request)
    with site.engine.begin() as conn:
        stored = _stored(conn, article_id)
        add_correction(conn, article_id, stored.revision_id, text, editor.name)
    site.pages.clear()
    return RedirectResponse(f"/edit/article/{article_id}", status_code=303)
