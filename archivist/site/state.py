"""What the site keeps between requests: engine, templates, page cache, tokens, limits, views.

:class:`Site` is built once by :func:`archivist.site.app.create_app` and stored at
``app.state.site``; routes reach it through :func:`site_of`. Rendered article pages are
cached per path in an LRU. Every ``cache_ttl`` seconds one query reads the store's
"generation" (the newest ``articles.updated_at`` and the article count, which every
revision, status change and migration moves); when it moved, the cache is emptied, so
an editor's fix shows within seconds without a restart and without a query per page.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Engine, func, select
from starlette.responses import HTMLResponse
from starlette.types import Receive, Scope, Send

from archivist.config import MigrationConfig
from archivist.site import i18n
from archivist.site.queries import add_views
from archivist.site.security import CsrfTokens, RateLimiter
from archivist.store.tables import articles

__all__ = ["CSRF_PLACEHOLDER", "CachedPage", "PageCache", "PageResponse", "Site", "SiteSettings", "site_of"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
# stands in for the per-visitor form token inside cached HTML; replaced on every response
CSRF_PLACEHOLDER = "__ARCHIVIST_CSRF_TOKEN__"


@dataclass(frozen=True)
class SiteSettings:
    """Knobs of the running site (the archive itself is described by MigrationConfig).

    page_size: teasers per list page.
    cache_size: rendered article pages kept in memory.
    cache_ttl: seconds between two checks that the store has not changed under the cache.
    report_min_fill: seconds a reader needs at least between page load and report.
    reports_per_ip / reports_per_article: (count, seconds) sliding-window limits.
    secret: signs form tokens and keys the IP hash; default $ARCHIVIST_SECRET or random
        per process (then tokens do not survive a restart).
    views_flush: seconds between two writes of the counted page views.
    """

    page_size: int = 20
    cache_size: int = 4096
    cache_ttl: float = 5.0
    report_min_fill: float = 2.0
    reports_per_ip: tuple[int, float] = (10, 600.0)
    reports_per_article: tuple[int, float] = (30, 3600.0)
    secret: str = field(default_factory=lambda: os.environ.get("ARCHIVIST_SECRET") or secrets.token_hex(32))
    views_flush: float = 10.0


@dataclass
class CachedPage:
    html: str
    article_id: int
    revision_id: int
    checked_at: float
    template: str
    context: dict[str, Any]


class PageCache:
    """A small thread-safe LRU of rendered pages keyed by path."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


class PageResponse(HTMLResponse):
    """HTML rendered from a template (maybe cached), exposing template and context to tests.

    Like Starlette's template response it sends the ``http.response.debug`` message that
    ``TestClient`` turns into ``response.template`` and ``response.context``.
    """

    def __init__(
        self, content: str, template: str, context: dict[str, Any], status_code: int = 200, **kw: Any
    ) -> None:
        self.template = template
        self.context = context
        super().__init__(content, status_code, **kw)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if "http.response.debug" in scope.get("extensions", {}):
            info = {"template": _Named(self.template), "context": self.context}
            await send({"type": "http.response.debug", "info": info})
        await super().__call__(scope, receive, send)


@dataclass(frozen=True)
class _Named:
    name: str


class Site:
    """Everything the routes share."""

    def __init__(self, config: MigrationConfig, engine: Engine, settings: SiteSettings) -> None:
        self.config = config
        self.engine = engine
        self.settings = settings
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html", "xml"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(site_name=config.site_name, base_url=config.base_url.rstrip("/"))
        self.env.globals["ui"] = i18n.labels(config.site_language)
        self.env.globals["site_lang"] = i18n.language_of(config.site_language)
        self.env.globals["static_export"] = False
        self.env.filters["date"] = i18n.format_date
        self.env.filters["month_name"] = i18n.month_name
        self.pages = PageCache(settings.cache_size)
        self.csrf = CsrfTokens(settings.secret, min_age=settings.report_min_fill)
        self.ip_limits = RateLimiter(*settings.reports_per_ip)
        self.article_limits = RateLimiter(*settings.reports_per_article)
        self._views: dict[int, int] = {}
        self._views_lock = threading.Lock()
        self._views_flushed = time.monotonic()
        self.search_synced: float | None = None  # monotonic time of the last index sync
        self.search_lock = threading.Lock()  # one sync at a time (start-up thread, searches)
        self.nav_cache: tuple[float, list[Any]] | None = None  # (when, sections) for every page
        self.home_cache: tuple[float, str, dict[str, Any]] | None = None  # (when, html, context)
        self._generation: tuple[object, ...] | None = None
        self._generation_checked = float("-inf")
        self._generation_lock = threading.Lock()

    def sync_search(self, *, wait: bool) -> None:
        """Bring the search index up to date; without ``wait``, skip if a sync is running."""
        from archivist.site.search import sync_search_index

        if not self.search_lock.acquire(blocking=wait):
            return
        try:
            sync_search_index(self.engine)
            self.search_synced = time.monotonic()
        finally:
            self.search_lock.release()

    def generation_due(self) -> bool:
        """True for the one request that should check the store's generation now."""
        with self._generation_lock:
            now = time.monotonic()
            if now - self._generation_checked < self.settings.cache_ttl:
                return False
            self._generation_checked = now
            return True

    def check_generation(self) -> None:
        """Empty the page cache when the store changed since the last check."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(func.max(articles.c.updated_at), func.count()).select_from(articles)
            ).one()
        generation = tuple(row)
        if generation != self._generation:
            self.pages.clear()
            self._generation = generation

    @property
    def base_url(self) -> str:
        return self.config.base_url.rstrip("/")

    def render(self, template: str, context: dict[str, Any]) -> str:
        return self.env.get_template(template).render(context)

    def page(self, template: str, context: dict[str, Any], status_code: int = 200, **kw: Any) -> PageResponse:
        return PageResponse(self.render(template, context), template, context, status_code, **kw)

    def count_view(self, article_id: int) -> bool:
        """Count a page view in memory; True when it is time to write the counts."""
        with self._views_lock:
            self._views[article_id] = self._views.get(article_id, 0) + 1
            now = time.monotonic()
            if now - self._views_flushed < self.settings.views_flush:
                return False
            self._views_flushed = now  # one request flushes; the others go on counting
            return True

    def flush_views(self) -> None:
        with self._views_lock:
            counts, self._views = self._views, {}
        if counts:
            with self.engine.begin() as conn:
                add_views(conn, counts)


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site
