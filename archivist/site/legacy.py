"""Every other path: an article, an old URL (301, one hop), a removed article (410), or a 404.

The fallback route is registered last, after every other router (editors' routes too),
so it only sees paths no one else claimed. Old URLs redirect straight to the article's
current path, never through another redirect; the lookup goes through ``legacy_urls``
with the same normalisation the store used when it recorded them.

The single error path of the site is here as well (STYLE rule 10): HTML for pages, JSON
for ``/api/``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from archivist.errors import ArchiveError, NotFoundError
from archivist.site.article_page import article_response
from archivist.site.nav import nav_sections
from archivist.site.queries import article_status, legacy_target
from archivist.site.search import words_of
from archivist.site.state import Site, site_of
from archivist.store.paths import legacy_path

router = APIRouter(include_in_schema=False)


def legacy_candidates(path: str, raw_path: str, query: str) -> list[str]:
    """The keys an old URL may have been recorded under, most specific first.

    The export may have written a path percent-encoded (``raw_path``) or not (``path``).

    >>> legacy_candidates("/für", "/f%C3%BCr", "id=3")
    ['/für?id=3', '/f%C3%BCr?id=3', '/für', '/f%C3%BCr']
    """
    paths = list(dict.fromkeys((path, raw_path)))
    with_query = [f"{p}?{query}" for p in paths] if query else []
    return [*with_query, *paths]


def _lookup(site: Site, path: str, raw_path: str, query: str) -> tuple[str, str] | None:
    with site.engine.connect() as conn:
        for candidate in legacy_candidates(path, raw_path, query):
            found = legacy_target(conn, candidate)
            if found is not None:
                return found
        # an article's own path asked with a trailing slash
        clean = legacy_path(path)
        if clean and clean != path:
            status = article_status(conn, clean)
            if status is not None:
                return clean, status
    return None


@router.api_route("/{path:path}", methods=["GET", "HEAD"])
async def article_or_legacy(request: Request, path: str) -> Response:
    site = site_of(request)
    full = "/" + path
    answer = await article_response(site, request, full)
    if isinstance(answer, Response):
        return answer
    if answer == "removed":
        raise HTTPException(410)
    raw = request.scope.get("raw_path", b"").decode("latin-1").split("?", 1)[0] or full
    target = await run_in_threadpool(_lookup, site, full, raw, request.url.query)
    if target is None:
        raise HTTPException(404)
    new_path, status = target
    if status != "published":
        raise HTTPException(410)
    return RedirectResponse(new_path, status_code=301, headers={"cache-control": "public, max-age=86400"})


def _suggestion(path: str) -> str:
    """Words of a dead path to search for: "/monde/syrie-alep-4711.html" -> "monde syrie alep".

    >>> _suggestion("/monde/syrie-alep-4711.html?id=3")
    'monde syrie alep'
    """
    words = [w for w in words_of(path.split("?")[0].replace("_", " ")) if not w.isdigit() and len(w) > 2]
    return " ".join(w for w in words if w.lower() not in {"html", "htm", "php", "asp", "aspx", "www"})[:120]


def _error_page(request: Request, status: int, message: str = "") -> Response:
    site = site_of(request)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message or _DEFAULT_DETAIL.get(status, "error")}, status_code=status)
    with site.engine.connect() as conn:
        nav = nav_sections(site, conn)
    context: dict[str, Any] = {
        "status": status,
        "message": message,
        "suggestion": _suggestion(request.url.path) if status in (404, 410) else "",
        "nav_sections": nav,
        "canonical": None,
    }
    return site.page("error.html", context, status_code=status)


_DEFAULT_DETAIL = {404: "not found", 410: "gone", 429: "too many requests", 400: "bad request"}


def install_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail not in _HTTP_PHRASES else ""
        response = await run_in_threadpool(_error_page, request, exc.status_code, detail)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.errors()}, status_code=422)
        return await run_in_threadpool(_error_page, request, 400, "")

    async def archive_error(request: Request, exc: ArchiveError) -> Response:
        status = 404 if isinstance(exc, NotFoundError) else 500
        return await run_in_threadpool(_error_page, request, status, str(exc) if status == 404 else "")

    app.add_exception_handler(HTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(ArchiveError, archive_error)  # type: ignore[arg-type]


# Starlette fills ``detail`` with the reason phrase when none is given: not a message of ours
_HTTP_PHRASES = {"Not Found", "Gone", "Too Many Requests", "Bad Request", "Method Not Allowed"}
