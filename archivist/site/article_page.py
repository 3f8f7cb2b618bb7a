"""One article page: context, JSON-LD, link rewriting, and the cached response.

The rendered HTML is cached per path (see :mod:`archivist.site.state` for when the
cache is emptied);
the per-visitor form token is put in at response time, so one cached page serves
every reader.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from archivist.model import Article, Role
from archivist.site import i18n
from archivist.site.nav import nav_sections
from archivist.site.queries import Correction, correction_of, resolve_links
from archivist.site.render import render_blocks
from archivist.site.state import CSRF_PLACEHOLDER, CachedPage, PageResponse, Site
from archivist.store.articles import StoredArticle, get_article_by_path
from archivist.store.paths import slugify

__all__ = ["article_context", "article_response", "json_ld", "load_article_page"]

TEMPLATE = "article.html"


def _host(url: str) -> str:
    host = urlsplit(
        url if "://" in url else "//" + url.lstrip("/") if url.startswith("www.") else url
    ).hostname
    return (host or "").removeprefix("www.")


def internal_hrefs(article: Article) -> list[str]:
    """Links of the body that point into the old site: no host, or the article's own old host."""
    own = _host(article.url)
    found = []
    for block in article.blocks:
        for mark in block.marks:
            if mark.kind != "a" or not mark.href or mark.href.startswith(("#", "mailto:")):
                continue
            host = _host(mark.href) if "://" in mark.href else ""
            if not host or (own and host == own):
                found.append(mark.href)
    return found


def json_ld(stored: StoredArticle, canonical: str, correction: Correction | None, site_name: str) -> str:
    """schema.org NewsArticle, safe to put inside ``<script type="application/ld+json">``."""
    article = stored.article
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "mainEntityOfPage": canonical,
        "url": canonical,
        "inLanguage": article.language,
        "publisher": {"@type": "Organization", "name": site_name},
    }
    if article.published is not None:
        data["datePublished"] = article.published.isoformat()
    modified = correction.at if correction else (article.published or stored.created_at)
    data["dateModified"] = modified.isoformat()
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    if article.section:
        data["articleSection"] = article.section
    if article.lead:
        data["description"] = article.lead
    images = [b.src for b in article.blocks if b.role == Role.CAPTION and b.src.startswith(("http", "/"))]
    if images:
        data["image"] = images
    if correction is not None and correction.note:
        data["correction"] = {
            "@type": "CorrectionComment",
            "text": correction.note,
            "datePublished": correction.at.isoformat(),
        }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # "</script>" or "<!--" inside a headline must not end the data block
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def article_context(site: Site, conn: Connection, stored: StoredArticle) -> dict[str, Any]:
    article = stored.article
    links = resolve_links(conn, internal_hrefs(article))
    blocks = render_blocks(article.blocks, rewrite=lambda href: links.get(href, href))
    correction = correction_of(conn, stored.id) if stored.edited else None  # only people correct
    canonical = site.base_url + stored.path
    lang = article.language if article.language != "und" else site.config.site_language
    return {
        "lang": lang,
        "ui": i18n.labels(lang),
        "categories": i18n.category_labels(lang),
        "notice": i18n.notice(lang, site.config),
        "article": article,
        "article_id": stored.id,
        "revision_id": stored.revision_id,
        "path": stored.path,
        "section_slug": slugify(article.section, 40),
        "blocks": blocks,
        "published": article.published,
        "correction": correction,
        "canonical": canonical,
        "json_ld": json_ld(stored, canonical, correction, site.config.site_name),
        "nav_sections": nav_sections(site, conn),
        "csrf_token": CSRF_PLACEHOLDER,
        "report_email": site.config.report_email,
        "static_export": False,
    }


def load_article_page(site: Site, path: str) -> CachedPage | str | None:
    """Render the page for ``path`` and cache it.

    Returns "removed" for a removed article, None when no article lives at ``path``.
    """
    with site.engine.connect() as conn:
        stored = get_article_by_path(conn, path)
        if stored is None or stored.path != path:
            return None
        if stored.status != "published":
            return "removed"
        context = article_context(site, conn, stored)
    html = site.render(TEMPLATE, context)
    page = CachedPage(html, stored.id, stored.revision_id, time.monotonic(), TEMPLATE, context)
    site.pages.put(path, page)
    return page


def _with_token(site: Site, request: Request, page: CachedPage) -> Response:
    nonce = request.cookies.get(site.csrf.cookie)
    fresh = nonce is None or not nonce.isascii() or len(nonce) > 64
    if fresh:
        nonce = site.csrf.new_nonce()
    assert nonce is not None
    token = site.csrf.issue(nonce)
    headers = {"cache-control": "private, max-age=60"}
    if fresh:  # written by hand: SimpleCookie costs more than the rest of a cached page
        headers["set-cookie"] = f"{site.csrf.cookie}={nonce}; HttpOnly; Path=/; SameSite=strict"
    return PageResponse(
        page.html.replace(CSRF_PLACEHOLDER, token),
        page.template,
        {**page.context, "csrf_token": token},
        headers=headers,
    )


def serve_cached(site: Site, request: Request, page: CachedPage) -> tuple[Response, bool]:
    """The response for a cached page, and whether the counted views are due to be written."""
    return _with_token(site, request, page), site.count_view(page.article_id)


class CachedArticles:
    """ASGI middleware: a cached article page is answered before routing.

    Article pages live at any path, so the router only reaches them after every other
    route; a page already rendered does not need to wait for that. Anything else
    (misses, query strings, other methods) goes on to the app unchanged.
    """

    def __init__(self, app: ASGIApp, site: Site) -> None:
        self.app = app
        self.site = site

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and not scope.get("query_string"):
            site = self.site
            if site.generation_due():
                await run_in_threadpool(site.check_generation)
            page = site.pages.get(scope["path"])
            if page is not None:
                response, flush = serve_cached(site, Request(scope), page)
                if flush:
                    await run_in_threadpool(site.flush_views)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def article_response(site: Site, request: Request, path: str) -> Response | str | None:
    """The article page for ``path`` (from the cache when fresh), "removed", or None."""
    if site.generation_due():
        await run_in_threadpool(site.check_generation)
    page = site.pages.get(path)
    if page is None:
        found = await run_in_threadpool(load_article_page, site, path)
        if not isinstance(found, CachedPage):
            return found
        page = found
    response, flush = serve_cached(site, request, page)
    if flush:
        await run_in_threadpool(site.flush_views)
    return response
