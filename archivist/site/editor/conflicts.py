"""Re-run conflicts in the editor: the list, the side-by-side screen, and the three ways out.

``/edit/conflicts`` lists the articles whose legacy source changed after an editor
revised them; ``/edit/conflicts/ID`` shows the legacy source diff (old export against
new) beside the editor's revision. The editor keeps their version, takes the new
source (a new revision in their name) or opens the article editor to merge by hand
(``/edit/article/N?conflict=ID``; publishing there settles the conflict).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from archivist.editor.conflicts import conflict_view, keep_editor, take_source
from archivist.errors import EditError
from archivist.site.editor.auth import EditorDep, EditorForm
from archivist.site.editor.pages import editor_page
from archivist.site.state import site_of
from archivist.store.articles import get_article
from archivist.store.conflicts import list_conflicts

__all__ = ["router"]

router = APIRouter(prefix="/edit", include_in_schema=False)


@router.get("/conflicts")
def conflicts(request: Request, editor: EditorDep, status: str = "open") -> Response:
    """The conflicts waiting for an editor (``?status=all`` also lists the settled ones)."""
    site = site_of(request)
    with site.engine.connect() as conn:
        found = list_conflicts(conn, status=None if status == "all" else "open", limit=500)
        titles = {c.article_id: stored for c in found if (stored := get_article(conn, c.article_id))}
    context = {"editor": editor, "conflicts": found, "articles": titles, "status": status}
    return editor_page(request, "edit/conflicts.html", context)


@router.get("/conflicts/{conflict_id}")
def conflict(request: Request, conflict_id: int, editor: EditorDep) -> Response:
    """The legacy source diff beside the editor's revision, and the actions."""
    site = site_of(request)
    with site.engine.connect() as conn:
        view = conflict_view(conn, conflict_id)
    return editor_page(request, "edit/conflict.html", {"editor": editor, "view": view})


def _settle(request: Request, conflict_id: int, action: str, editor_name: str) -> Response:
    site = site_of(request)
    settle = keep_editor if action == "keep" else take_source
    with site.engine.begin() as conn:
        try:
            settled = settle(conn, conflict_id, editor_name)
        except EditError as exc:
            raise HTTPException(409, str(exc)) from exc
    if settled.status == "taken":
        site.pages.clear()  # the public page shows the new source at once
    return RedirectResponse(f"/edit/conflicts/{conflict_id}", status_code=303)


@router.post("/conflicts/{conflict_id}/keep")
def keep(request: Request, conflict_id: int, editor: EditorForm) -> Response:
    """Keep the editor's version; the conflict is not reported again until the source changes."""
    return _settle(request, conflict_id, "keep", editor.name)


@router.post("/conflicts/{conflict_id}/take")
def take(request: Request, conflict_id: int, editor: EditorForm) -> Response:
    """Take the new source: its recovery becomes a new revision in the editor's name."""
    return _settle(request, conflict_id, "take", editor.name)
