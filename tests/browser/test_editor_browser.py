"""An editor at work in headless Chromium, on the running site (tests/browser/conftest.py).

Logs in, opens the queue, opens the reported article, turns a paragraph into a subhead
and splits the glued kicker, publishes, sees the public page change, resolves the
report, reverts the revision and sees the public page as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archivist.store import open_store
from tests.browser.conftest import LiveSite
from tests.editor_fixtures import EDITOR, GRELE, SUBHEAD, seed_editor

pytestmark = pytest.mark.browser


def test_editor_fixes_a_reported_article_then_reverts(
    live_site: LiveSite, page: Any, output_dir: Path
) -> None:
    engine = open_store(live_site.db_url)
    archive = seed_editor(engine)
    engine.dispose()
    base = live_site.base

    # anonymous: the editor's pages send to the login form
    page.goto(base + "/edit/queue")
    assert "/edit/login" in page.url
    login = page.locator("form.login")
    login.locator("input[name=name]").fill(EDITOR[0])
    login.locator("input[name=password]").fill(EDITOR[1])
    login.locator("button[type=submit]").click()
    page.wait_for_url("**/edit/queue")

    # the queue: the reported article comes first
    first = page.locator("table.queue tbody tr").first
    assert first.get_attribute("data-article") == str(archive.article_id)
    assert first.locator("td").nth(2).inner_text().startswith("1")
    page.screenshot(path=str(output_dir / "editor-queue.png"), full_page=True)
    first.locator("a.queue-title").click()
    page.wait_for_url(f"**/edit/article/{archive.article_id}")
    assert "MétéoLa grêle" in page.locator("section.legacy pre").inner_text()

    # a paragraph becomes a subhead, then the glued kicker is split off the title
    block = page.locator(".edit-block[data-block='1']")
    assert block.locator(".role").text_content() == "paragraph"
    block.locator("form.op-set_role select").select_option("subhead")
    block.locator("form.op-set_role button").click()
    page.locator("section.draft").wait_for()
    assert page.locator(".edit-block[data-block='1'] .role").text_content() == "subhead"
    kicker = page.locator("form.op-move_kicker_boundary")
    kicker.locator("input[name=kicker]").fill("Météo")
    kicker.locator("button").click()
    page.locator("section.draft").wait_for()
    assert page.locator(".edit-kicker .value").inner_text() == "Météo"
    assert page.locator(".edit-title .value").inner_text() == "La grêle ravage les vignes de Lavaux"
    assert page.locator(".edit-block[data-block='1'] .role").text_content() == "subhead"  # both kept
    page.screenshot(path=str(output_dir / "editor-preview.png"), full_page=True)
    publish = page.locator("form.publish")
    publish.locator("input[name=message]").fill("Intertitre rétabli, surtitre séparé du titre")
    publish.locator("button[name=publish]").click()
    page.locator("section.offers").wait_for()
    assert "apply to the 3 other articles" in page.locator("section.offers").inner_text()

    # the public page changed
    page.locator("a.public-link").click()
    page.wait_for_url(base + archive.path)
    assert page.locator("article .kicker").text_content() == "Météo"
    assert page.locator("article h1").inner_text() == "La grêle ravage les vignes de Lavaux"
    assert SUBHEAD in page.locator(".article-body h2").all_inner_texts()
    page.screenshot(path=str(output_dir / "editor-public-fixed.png"), full_page=True)

    # resolve the report
    page.goto(base + f"/edit/article/{archive.article_id}")
    report = page.locator(f".report[data-report='{archive.report_id}']")
    report.locator("select[name=status]").select_option("fixed")
    with page.expect_navigation():
        report.locator("button[type=submit]").click()
    resolved = page.locator(f".report[data-report='{archive.report_id}']")
    assert resolved.locator(".report-status").text_content() == "fixed"
    assert f"by {EDITOR[0]}" in resolved.inner_text()

    # revert the editor's revision: the public page is as it was
    with page.expect_navigation():
        page.locator("tr.revision.kind-editor form.revert button").click()
    assert page.locator("tr.revision").first.get_attribute("class") == "revision kind-revert"
    page.goto(base + archive.path)
    page.reload()  # the browser kept the page (private, max-age=60): a reader reloads to see the change
    assert page.locator("article h1").inner_text() == GRELE.title
    assert (
        page.locator("article .kicker").count() == 0 or page.locator("article .kicker").text_content() == ""
    )
    assert SUBHEAD not in page.locator(".article-body h2").all_inner_texts()
    assert SUBHEAD in page.locator(".article-body p").all_inner_texts()
    page.screenshot(path=str(output_dir / "editor-public-restored.png"), full_page=True)
