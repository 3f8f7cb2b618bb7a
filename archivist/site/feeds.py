"""What search engines and feed readers expect: robots.txt, sitemaps, Atom feeds.

The sitemap index lists one sitemap per month of publication (plus one for undated
articles), each far under the 50,000-URL limit of the protocol for a news archive.
Feeds are Atom, one for the whole site and one per section, newest first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response
from sqlalchemy import Connection, extract, func, select

from archivist.site.queries import Teaser, list_months, list_section_names, list_teasers
from archivist.site.state import Site, site_of
from archivist.store.tables import articles

router = APIRouter(include_in_schema=False)

FEED_SIZE = 30
XML = "application/xml; charset=utf-8"


def robots_txt(base_url: str) -> str:
    """robots.txt: everything may be crawled but search, forms and the API.

    >>> print(robots_txt("https://news.example").splitlines()[-1])
    Sitemap: https://news.example/sitemap.xml
    """
    return (
        "User-agent: *\nAllow: /\nDisallow: /search\nDisallow: /report/\nDisallow: /api/\n\n"
        f"Sitemap: {base_url}/sitemap.xml\n"
    )


def sitemap_names(conn: Connection) -> list[str]:
    """ "2016-12" per month with articles, and "undated" when some have no date."""
    names = [f"{m.year:04d}-{m.month:02d}" for m in list_months(conn)]
    undated = conn.execute(
        select(func.count())
        .select_from(articles)
        .where(articles.c.status == "published", articles.c.published_at.is_(None))
    ).scalar_one()
    return [*names, "undated"] if undated else names


def sitemap_entries(conn: Connection, name: str) -> list[tuple[str, datetime]]:
    """(path, last modified) of the articles of one monthly sitemap."""
    query = select(articles.c.path, articles.c.updated_at).where(articles.c.status == "published")
    if name == "undated":
        query = query.where(articles.c.published_at.is_(None))
    else:
        try:
            year, month = (int(p) for p in name.split("-"))
        except ValueError:
            return []
        query = query.where(
            extract("year", articles.c.published_at) == year,
            extract("month", articles.c.published_at) == month,
        )
    rows = conn.execute(query.order_by(articles.c.id))
    return [(r.path, r.updated_at if r.updated_at.tzinfo else r.updated_at.replace(tzinfo=UTC)) for r in rows]


def _xml(site: Site, template: str, context: dict[str, Any], media_type: str = XML) -> Response:
    return Response(site.render(template, context), media_type=media_type)


@router.get("/robots.txt")
def robots(request: Request) -> PlainTextResponse:
    return PlainTextResponse(robots_txt(site_of(request).base_url))


@router.get("/sitemap.xml")
def sitemap_index(request: Request) -> Response:
    site = site_of(request)
    with site.engine.connect() as conn:
        names = sitemap_names(conn)
    return _xml(site, "sitemap_index.xml", {"names": names, "ext": ".xml"})


@router.get("/sitemaps/{name}.xml")
def sitemap(request: Request, name: str) -> Response:
    site = site_of(request)
    with site.engine.connect() as conn:
        entries = sitemap_entries(conn, name)
    if not entries:
        raise HTTPException(404)
    return _xml(site, "sitemap.xml", {"entries": entries})


def feed_context(site: Site, teasers: list[Teaser], title: str, self_path: str) -> dict[str, Any]:
    updated = max((t.published for t in teasers if t.published), default=datetime(1970, 1, 1, tzinfo=UTC))
    return {"teasers": teasers, "title": title, "self_path": self_path, "updated": updated}


@router.get("/feed.xml")
def feed_all(request: Request) -> Response:
    site = site_of(request)
    with site.engine.connect() as conn:
        teasers = list_teasers(conn, limit=FEED_SIZE)
    context = feed_context(site, teasers, site.config.site_name, "/feed.xml")
    return _xml(site, "atom.xml", context, "application/atom+xml; charset=utf-8")


@router.get("/feeds/{slug}.xml")
def feed_section(request: Request, slug: str) -> Response:
    site = site_of(request)
    with site.engine.connect() as conn:
        names = list_section_names(conn, slug)
        if not names:
            raise HTTPException(404)
        teasers = list_teasers(conn, limit=FEED_SIZE, sections=names)
    context = feed_context(site, teasers, f"{site.config.site_name} · {names[0]}", f"/feeds/{slug}.xml")
    return _xml(site, "atom.xml", context, "application/atom+xml; charset=utf-8")
