"""The editors' ``/edit`` routes (issue 6): login, queue, article editor, propagation, conflicts.

``router`` gathers them; :func:`archivist.site.app.create_app` includes it before the
site's fallback route. Nothing here is reachable without an editor's session.
"""

from __future__ import annotations

from fastapi import APIRouter

from archivist.site.editor import auth, batches, conflicts, views

__all__ = ["router"]

router = APIRouter()
router.include_router(auth.router)
router.include_router(views.router)
router.include_router(batches.router)
router.include_router(conflicts.router)
