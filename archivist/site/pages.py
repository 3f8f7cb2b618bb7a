"""Public list pages: home (latest and most read), sections, the date archive, search.

Article pages themselves are answered by the fallback route of
:mod:`archivist.site.legacy`, since an article lives at any path the store gave it.
"""

from __future__ import annotations

import math
import time
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from archivist.site.nav import nav_sections
from archivist.site.queries import count_teasers, list_months, list_section_names, list_teasers, most_read
from archivist.site.search import search, search_years
from archivist.site.state import PageResponse, Site, site_of

router = APIRouter(include_in_schema=False)

SEARCH_SYNC_EVERY = 10.0  # seconds between two checks that the search index is current
HOME_TTL = 5.0  # seconds the home page is served from memory


def pagination(page: int, total: int, size: int) -> dict[str, Any]:
    """Page numbers for the template.

    >>> pagination(2, 45, 20)["pages"], pagination(2, 45, 20)["next"]
    (3, 3)
    """
    pages = max(1, math.ceil(total / size))
    return {
        "page": page,
        "pages": pages,
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if page < pages else None,
        "total": total,
    }


def _page_number(page: int, total: int, size: int) -> None:
    if page > 1 and (page - 1) * size >= total:
        raise HTTPException(404)


def _home_context(site: Site) -> dict[str, Any]:
    with site.engine.connect() as conn:
        return {
            "latest": list_teasers(conn, limit=12),
            "most_read": most_read(conn, 5),
            "nav_sections": nav_sections(site, conn),
            "canonical": site.base_url + "/",
        }


@router.get("/")
async def home(request: Request) -> PageResponse:
    site = site_of(request)
    cached = site.home_cache
    if cached is None or time.monotonic() - cached[0] >= HOME_TTL:
        context = await run_in_threadpool(_home_context, site)
        cached = (time.monotonic(), site.render("home.html", context), context)
        site.home_cache = cached
    return PageResponse(cached[1], "home.html", cached[2])


@router.get("/_ping")
async def ping() -> PlainTextResponse:
    """The minimal route: a fixed small response (the benchmark's yardstick)."""
    return PlainTextResponse("ok")


@router.get("/sections/{slug}")
def section(request: Request, slug: str, page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> PageResponse:
    site = site_of(request)
    size = site.settings.page_size
    with site.engine.connect() as conn:
        nav = nav_sections(site, conn)
        matching = [s for s in nav if s.slug == slug]
        if not matching:
            raise HTTPException(404)
        # names that share the slug ("Sport", "sport") form one section
        names = list_section_names(conn, slug)
        total = count_teasers(conn, sections=names)
        _page_number(page, total, size)
        teasers = list_teasers(conn, limit=size, offset=(page - 1) * size, sections=names)
    context = {
        "heading": matching[0].name,
        "teasers": teasers,
        "paging": pagination(page, total, size),
        "base_path": f"/sections/{slug}",
        "nav_sections": nav,
        "canonical": f"{site.base_url}/sections/{slug}" + (f"?page={page}" if page > 1 else ""),
        "feed": f"/feeds/{slug}.xml",
    }
    return site.page("list.html", context)


@router.get("/archive")
def archive(request: Request) -> PageResponse:
    site = site_of(request)
    with site.engine.connect() as conn:
        months = list_months(conn)
        nav = nav_sections(site, conn)
    years: dict[int, list[Any]] = {}
    for month in months:
        years.setdefault(month.year, []).append(month)
    context = {"years": years, "nav_sections": nav, "canonical": site.base_url + "/archive"}
    return site.page("archive.html", context)


@router.get("/archive/{year}/{month}")
def archive_month(
    request: Request,
    year: int,
    month: int,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> PageResponse:
    site = site_of(request)
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise HTTPException(404)
    size = site.settings.page_size
    with site.engine.connect() as conn:
        total = count_teasers(conn, year=year, month=month)
        if total == 0:
            raise HTTPException(404)
        _page_number(page, total, size)
        teasers = list_teasers(conn, limit=size, offset=(page - 1) * size, year=year, month=month)
        nav = nav_sections(site, conn)
    base = f"/archive/{year:04d}/{month:02d}"
    context = {
        "heading_month": (year, month),
        "teasers": teasers,
        "paging": pagination(page, total, size),
        "base_path": base,
        "nav_sections": nav,
        "canonical": site.base_url + base + (f"?page={page}" if page > 1 else ""),
    }
    return site.page("list.html", context)


def refresh_search(site: Site) -> None:
    """Re-index what changed since the last check (at most every SEARCH_SYNC_EVERY seconds).

    The first search waits for the initial index (built in the background at start-up);
    later ones never wait for a sync another request is running.
    """
    if site.search_synced is None:
        site.sync_search(wait=True)
    elif time.monotonic() - site.search_synced >= SEARCH_SYNC_EVERY:
        site.sync_search(wait=False)


@router.get("/search")
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    section: Annotated[str, Query(max_length=120)] = "",
    year: Annotated[str, Query(max_length=4)] = "",  # "" from the form's "all years"
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> PageResponse:
    site = site_of(request)
    refresh_search(site)
    chosen_year = int(year) if year.isdigit() and int(year) > 0 else None
    size = site.settings.page_size
    with site.engine.connect() as conn:
        nav = nav_sections(site, conn)
        names = list_section_names(conn, section) if section else []
        results = (
            search(
                conn, q, sections=names or [section], year=chosen_year, limit=size, offset=(page - 1) * size
            )
            if section
            else search(conn, q, year=chosen_year, limit=size, offset=(page - 1) * size)
        )
        years = search_years(conn)
    context = {
        "q": q,
        "section": section,
        "year": chosen_year,
        "results": results,
        "paging": pagination(page, results.total, size),
        "years": years,
        "nav_sections": nav,
        "canonical": None,
    }
    return site.page("search.html", context)
