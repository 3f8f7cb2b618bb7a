"""The site's app factory: ``create_app(config) -> FastAPI``.

Routers are small modules (pages, feeds, reports, legacy); the fallback route of
:mod:`archivist.site.legacy` (articles, old URLs, 410, 404) always comes last, after
any ``extra_routers`` (the editors' ``/edit`` routes plug in there).
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from archivist import __version__
from archivist.config import MigrationConfig
from archivist.media import MEDIA_DIR, media_root
from archivist.site import editor, feeds, legacy, pages, reports
from archivist.site.article_page import CachedArticles
from archivist.site.security import SecurityHeaders
from archivist.site.state import STATIC, Site, SiteSettings
from archivist.store import open_store

__all__ = ["create_app", "serve"]


def create_app(
    config: MigrationConfig,
    settings: SiteSettings | None = None,
    extra_routers: Sequence[APIRouter] = (),
) -> FastAPI:
    """The public site over the store at ``config.db_url`` (schema migrated on first use)."""
    engine = open_store(config.db_url)
    site = Site(config, engine, settings or SiteSettings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the search index is built in the background: a large archive serves pages at once
        indexer = threading.Thread(target=site.sync_search, kwargs={"wait": True}, daemon=True)
        indexer.start()
        yield
        indexer.join()
        await run_in_threadpool(site.flush_views)

    app = FastAPI(
        title=f"{config.site_name} API",
        version=__version__,
        description="Reader error reports for the archive (the public pages are HTML).",
        docs_url=None,  # Swagger UI loads from a CDN: against our CSP and the no-CDN rule
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.site = site
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # images copied by `migrate` (archivist.media): content-addressed, so they never change
    media = media_root(config.db_url) / MEDIA_DIR
    app.mount(f"/{MEDIA_DIR}", StaticFiles(directory=media, check_dir=False), name="media")
    routers = (pages.router, feeds.router, reports.forms, reports.api, editor.router)  # editor: issue 6
    for router in (*routers, *extra_routers, legacy.router):
        app.include_router(router)
    legacy.install_error_handlers(app)
    app.add_middleware(CachedArticles, site=site)
    app.add_middleware(SecurityHeaders)  # added last: wraps everything, cached pages too
    return app


def serve(
    config: MigrationConfig | str, host: str = "127.0.0.1", port: int = 8000, *, access_log: bool = False
) -> None:
    """Run the site with uvicorn until interrupted (``config`` may be a database URL)."""
    import uvicorn

    from archivist.config import load_config

    if isinstance(config, str):
        config = load_config(db_url=config)
    uvicorn.run(
        create_app(config),
        host=host,
        port=port,
        log_level="warning",
        access_log=access_log,
        server_header=False,
        proxy_headers=False,
    )
