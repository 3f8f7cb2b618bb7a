"""The new site: article pages with the import notice, old URLs, search, feeds, reports.

Start with :func:`archivist.site.app.create_app`; ``archivist serve`` runs it with uvicorn
and ``archivist build-site`` writes it out as static files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from archivist.config import MigrationConfig

__all__ = ["create_app"]


def create_app(config: MigrationConfig, *args: Any, **kwargs: Any) -> FastAPI:
    """See :func:`archivist.site.app.create_app` (imported lazily: the CLI stays light)."""
    from archivist.site.app import create_app as factory

    return factory(config, *args, **kwargs)
