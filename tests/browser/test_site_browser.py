"""The running site in headless Chromium: an imported article, a report, an old URL, search, XSS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from archivist.store import open_store
from archivist.store.tables import reports
from tests.browser.conftest import HOSTILE, LiveSite
from tests.site_fixtures import FR

pytestmark = pytest.mark.browser

# the imported article, as written in tests/fixtures/site/logement-5120.txt
KICKER = "Genève - Logement"
TITLE = "La pénurie d'appartements atteint un nouveau record"
LEAD = (
    "Le taux de logements vacants est tombé à 0,4% dans le canton, son niveau le plus bas depuis vingt ans."
)
SUBHEADS = ["Des loyers en hausse", "Des chantiers attendus"]
THIRD = "La situation pèse aussi sur les étudiants."


def _reports(db_url: str) -> list[Any]:
    engine = open_store(db_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(reports).order_by(reports.c.id)).all()
    engine.dispose()
    return rows


def _above(page: Any, upper: str, lower: str) -> bool:
    a = page.locator(upper).first.bounding_box()
    b = page.locator(lower).first.bounding_box()
    return bool(a["y"] + a["height"] <= b["y"] + 1)


def test_imported_article_then_report_the_third_paragraph(
    live_site: LiveSite, page: Any, output_dir: Path
) -> None:
    path = live_site.migrated["logement-5120"]
    response = page.goto(live_site.base + path)
    assert response.status == 200
    article = page.locator("article.article")
    assert article.get_attribute("lang") == "fr"
    assert page.locator("article .kicker").text_content() == KICKER  # CSS upper-cases it on screen
    assert page.locator("article h1").inner_text() == TITLE
    assert page.locator("article .lead").inner_text() == LEAD
    assert page.locator(".article-body h2").all_inner_texts() == SUBHEADS
    assert _above(page, "article .kicker", "article h1")
    assert _above(page, "article h1", "article .lead")
    assert _above(page, "article .lead", ".article-body")
    notice = page.locator("aside.import-notice")
    assert "importé automatiquement" in notice.inner_text()
    assert _above(page, ".article-body", "aside.import-notice")  # after the text, not in it
    assert "importé" not in page.locator(".article-body").inner_text()
    page.screenshot(path=str(output_dir / "article.png"), full_page=True)

    # select words of the third paragraph, click the button that appears, send
    third = page.locator(".article-body p").nth(2)
    assert third.inner_text().startswith(THIRD)
    block = int(third.locator("xpath=ancestor::*[@data-block][1]").get_attribute("data-block"))
    third.evaluate(
        """(p) => {
            const range = document.createRange();
            range.setStart(p.firstChild, 0);
            range.setEnd(p.firstChild, 12);
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
            p.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }"""
    )
    popup = page.locator("button.report-popup")
    popup.wait_for(state="visible")
    popup.click()
    form = page.locator("#report-form")
    form.locator("select[name=category]").select_option("glued_words")
    form.locator("textarea[name=comment]").fill("« La situation » est collée au mot suivant.")
    page.wait_for_timeout(1100)  # the form's minimum fill time (a person is never faster)
    form.locator("button[type=submit]").click()
    confirmation = form.locator(".report-status")
    confirmation.wait_for(state="visible")
    assert "Merci" in confirmation.inner_text()

    [row] = [r for r in _reports(live_site.db_url) if r.legacy_id == "logement-5120"]
    assert (row.block, row.category, row.selected_text) == (block, "glued_words", THIRD[:12])
    assert row.revision_id == int(article.get_attribute("data-revision-id"))


def test_report_without_javascript(live_site: LiveSite, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_site.base + live_site.seeded.paths[FR.legacy_id])
    page.locator(".article-body .block").nth(1).locator("a.flag").click()
    page.locator("select[name=category]").select_option("characters")
    page.wait_for_timeout(1100)
    page.locator("form.report-form button[type=submit]").click()
    assert "Merci" in page.locator(".confirmation").inner_text()
    context.close()
    assert any(r.legacy_id == FR.legacy_id and r.block == 1 for r in _reports(live_site.db_url))


def test_old_url_lands_on_the_new_page_with_one_301(live_site: LiveSite, page: Any) -> None:
    hops: list[tuple[int, str]] = []
    page.on(
        "response",
        lambda r: hops.append((r.status, r.url)) if r.request.resource_type == "document" else None,
    )
    page.goto(live_site.base + "/suisse/tram-cornavin-4711.html")
    assert page.url == live_site.base + live_site.seeded.paths[FR.legacy_id]
    assert [status for status, _ in hops] == [301, 200]
    assert page.locator("article h1").inner_text() == FR.title


def test_search_a_word_and_find_the_article(live_site: LiveSite, page: Any) -> None:
    page.goto(live_site.base + "/")
    page.locator("#masthead-q").fill("étudiants")
    page.locator("form.search-box button").click()
    page.wait_for_url("**/search?**")
    titles = page.locator(".results h2").all_inner_texts()
    assert titles == [TITLE]
    assert page.locator(".results mark").first.inner_text().lower() == "étudiants"
    page.locator(".results h2 a").first.click()
    assert page.locator("article h1").inner_text() == TITLE


def _inert_dom(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => {
            const handlers = [];
            for (const el of document.querySelectorAll("*")) {
                for (const attr of el.attributes) {
                    if (attr.name.startsWith("on")) handlers.push(el.tagName + "@" + attr.name);
                    if (/^\\s*javascript:/i.test(attr.value)) handlers.push(el.tagName + "=" + attr.value);
                }
            }
            const scripts = [...document.scripts]
                .filter((s) => s.type !== "application/ld+json")
                .map((s) => s.src);
            return {
                pwned: window.__pwned,
                handlers,
                scripts,
                frames: document.querySelectorAll("iframe, object, embed, svg").length,
            };
        }"""
    )


@pytest.mark.parametrize(
    "legacy_id",
    [
        "xss-6660",  # a legacy HTML page full of payloads, through migrate
        HOSTILE.legacy_id,  # a payload in every field the templates show
    ],
)
def test_nothing_from_the_archive_executes(live_site: LiveSite, page: Any, legacy_id: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(live_site.base + live_site.migrated[legacy_id])
    for link in page.locator(".article-body a:not(.flag)").all():
        link.hover()
        link.click(no_wait_after=True)
    page.goto(live_site.base + live_site.migrated[legacy_id])
    state = _inert_dom(page)
    assert state["pwned"] == 0
    assert dialogs == []
    assert state["handlers"] == []
    assert state["scripts"] == [live_site.base + "/static/report.js"]
    assert state["frames"] == 0


def test_nothing_from_a_reader_executes(live_site: LiveSite, page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    before = len(_reports(live_site.db_url))
    page.goto(live_site.base + live_site.migrated[HOSTILE.legacy_id])
    form = page.locator("#report-form")
    page.locator("a.report-link").click()  # the notice's link opens the form
    form.locator("textarea[name=selected_text]").fill('"><img src=x onerror=alert(1)>')
    form.locator("textarea[name=comment]").fill("<script>alert(document.cookie)</script>")
    page.wait_for_timeout(1100)
    form.locator("button[type=submit]").click()
    status = form.locator(".report-status.error")
    status.wait_for(state="visible")
    assert "HTML" in status.inner_text()
    assert _inert_dom(page)["pwned"] == 0
    assert dialogs == []
    assert len(_reports(live_site.db_url)) == before  # refused, not stored
