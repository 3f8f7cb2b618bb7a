"""A real uvicorn server on a free port and headless Chromium driven by Playwright.

Chromium is Debian's package (``.ci/run`` installs it); without /usr/bin/chromium the
browser tests skip with the reason, except in CI (``CI=true``), where they fail.
Screenshots go to ``test-output/browser/`` (or $ARCHIVIST_TEST_OUTPUT), kept by CI.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from archivist.config import MigrationConfig
from archivist.model import Article, Block, Role
from archivist.pipeline import migrate
from archivist.site.app import create_app
from archivist.site.state import SiteSettings
from archivist.store import open_store
from tests.site_fixtures import Seeded, seed

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "site"
REPO = Path(__file__).resolve().parents[2]
PAYLOAD = "window.__pwned=(window.__pwned||0)+1"

# an article with a payload in every field the templates show (stored directly)
HOSTILE = Article(
    legacy_id="xss-7",
    title=f"</script><script>{PAYLOAD}</script> Titre piégé",
    kicker=f'<img src=x onerror="{PAYLOAD}">',
    lead=f"<svg onload={PAYLOAD}> chapô",
    byline=f'"><script>{PAYLOAD}</script>',
    language="fr",
    section="Région",
    imported=True,
    url="https://www.example.ch/region/piege-7.html",
    blocks=(
        Block(Role.PARAGRAPH, f"<iframe src=javascript:{PAYLOAD}></iframe> premier paragraphe"),
        Block(
            Role.CAPTION,
            "Une légende <b onmouseover=alert(1)>",
            credit="<script>x</script>",
            src="javascript:alert(1)",
        ),
    ),
)


@dataclass
class LiveSite:
    base: str
    db_url: str
    seeded: Seeded
    migrated: dict[str, str]  # legacy id -> new path, for the records migrate wrote


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"headless Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    """The site over an archive built by ``migrate`` (real pipeline) plus the site fixtures."""
    import uvicorn
    from sqlalchemy import select

    from archivist.store.articles import save_migrated
    from archivist.store.tables import articles

    folder = tmp_path_factory.mktemp("live")
    db_url = f"sqlite:///{folder / 'archive.db'}"
    config = MigrationConfig(db_url=db_url)
    migrate([FIXTURES / "logement-5120.txt", FIXTURES / "xss-6660.html"], config)
    engine = open_store(db_url)
    seeded = seed(engine)
    from archivist.model import LegacyRecord, Processed

    with engine.begin() as conn:
        record = LegacyRecord(HOSTILE.legacy_id, "html", b"<p>hostile</p>", url=HOSTILE.url)
        save_migrated(conn, record, Processed(HOSTILE), None)
        paths = {r.legacy_id: r.path for r in conn.execute(select(articles.c.legacy_id, articles.c.path))}
    engine.dispose()
    port = _free_port()
    app = create_app(config.updated(base_url=f"http://127.0.0.1:{port}"), SiteSettings(report_min_fill=1.0))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the site did not start within 30 s")
        time.sleep(0.05)
    try:
        yield LiveSite(f"http://127.0.0.1:{port}", db_url, seeded, paths)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, java_script_enabled=True)
    # any script that manages to run leaves a trace here (dialogs are caught by the test)
    context.add_init_script("window.__pwned = 0; window.alert = () => { window.__pwned += 1; };")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def output_dir() -> Path:
    folder = Path(os.environ.get("ARCHIVIST_TEST_OUTPUT", REPO / "test-output")) / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
