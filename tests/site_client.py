"""A TestClient over a seeded store, shared by the site tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from starlette.testclient import TestClient

from archivist.config import MigrationConfig
from archivist.site.app import create_app
from archivist.site.state import SiteSettings
from archivist.store import open_store
from tests.site_fixtures import Seeded, seed


@dataclass
class SiteUnderTest:
    client: TestClient
    seeded: Seeded
    url: str


@contextmanager
def site_client(
    db_url: str, settings: SiteSettings | None = None, **config: object
) -> Iterator[SiteUnderTest]:
    engine = open_store(db_url)
    seeded = seed(engine)
    engine.dispose()
    app = create_app(MigrationConfig(db_url=db_url, **config), settings or SiteSettings(report_min_fill=0))  # type: ignore[arg-type]
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield SiteUnderTest(client, seeded, db_url)
    app.state.site.engine.dispose()


def form_token(html: str) -> str:
    """The CSRF token of the report form in a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no report form token"
    return found.group(1)
