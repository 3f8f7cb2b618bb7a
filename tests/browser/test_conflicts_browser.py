"""Re-run conflicts settled in headless Chromium, on the running site (tests/browser/conftest.py).

Two articles (our own writing) are migrated into the live archive; an editor logs in
and revises both in the article editor. The export is updated and ``archivist migrate``
runs again: both articles are conflicts, counted on the queue. The editor opens
/edit/conflicts, reads the source diff beside their revision, takes the new source of
the first (the public page shows the new text) and keeps their version of the second
(the public page keeps the editor's text).

The live archive is shared with the other browser tests: the account and the texts are
this test's own, and avoid the words those tests search for ("étudiants").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from archivist.cli import main
from archivist.store import open_store
from archivist.store.articles import get_article_by_legacy_id
from archivist.store.users import add_user
from tests.browser.conftest import LiveSite

pytestmark = pytest.mark.browser

EDITOR = ("bruno", "a long enough passphrase")
VELO, JAZZ = "velo-4101", "jazz-4102"
VELO_TITLE = "Die Stadt plant eine zweite Velobrücke über die Töss"
VELO_LEAD = "Die neue Brücke soll den Bahnhof mit dem Quartier Hegi verbinden."
JAZZ_TITLE = "Le festival de jazz double sa programmation"
JAZZ_FIRST = "Les organisateurs attendent trente mille spectateurs."
EXPORT = {
    VELO: f"Winterthur - Verkehr{VELO_TITLE}\n{VELO_LEAD}\n"
    "Der Stadtrat rechnet mit Kosten von zwölf Millionen Franken.\nEin Wettbewerb\n"
    "Sechs Büros haben Entwürfe eingereicht; die Jury entscheidet im Frühling.\n",
    JAZZ: f"Lausanne - Musique{JAZZ_TITLE}\n"
    "Pour sa dixième édition, le festival accueille quarante concerts sur trois scènes.\n"
    f"{JAZZ_FIRST}\nDes billets moins chers\n"
    "Les moins de vingt-cinq ans paieront moitié prix pour toutes les soirées.\n",
}
# what the editor changes: the lead of the first, the first paragraph of the second
EDITED_LEAD = "Ab 2029 soll die neue Brücke den Bahnhof mit dem Quartier Hegi verbinden."
EDITED_FIRST = "Les organisateurs attendent trente-cinq mille spectateurs, un record."
# the updated export: a new title for both, new figures in the first
VELO_NEW_TITLE = "Die Stadt baut eine zweite Velobrücke über die Töss"
UPDATED = {
    VELO: EXPORT[VELO].replace("plant eine", "baut eine").replace("zwölf", "vierzehn"),
    JAZZ: EXPORT[JAZZ].replace("double sa", "triple sa"),
}


def _write(folder: Path, texts: dict[str, str]) -> None:
    for legacy_id, text in texts.items():
        (folder / f"{legacy_id}.txt").write_text(text, encoding="utf-8")


def _migrate(db_url: str, folder: Path) -> list[str]:
    result = CliRunner().invoke(main, ["migrate", str(folder), "--db", db_url])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def _article_ids(db_url: str) -> dict[str, int]:
    engine = open_store(db_url)
    with engine.begin() as conn:
        add_user(conn, *EDITOR, role="editor")
        found = {legacy_id: get_article_by_legacy_id(conn, legacy_id) for legacy_id in EXPORT}
    engine.dispose()
    return {legacy_id: stored.id for legacy_id, stored in found.items() if stored is not None}


def _edit(page: Any, form: Any, text: str, message: str) -> None:
    """Fill an edit_text form of the article editor, preview, publish."""
    form.locator("textarea[name=text]").fill(text)
    form.locator("button[type=submit]").click()
    page.locator("section.draft").wait_for()
    publish = page.locator("form.publish")
    publish.locator("input[name=message]").fill(message)
    with page.expect_navigation():
        publish.locator("button[name=publish]").click()


def _public(page: Any) -> None:
    """Follow the conflict's link to the public page, as a reader who reloads it."""
    with page.expect_navigation():
        page.locator("a.public-link").click()
    page.reload()  # the browser may keep the page it saw before (private, max-age=60)


def _open_conflict(page: Any, base: str, legacy_id: str) -> None:
    page.goto(base + "/edit/conflicts")
    row = page.locator("tr.conflict.status-open").filter(has_text=legacy_id)
    assert row.count() == 1
    with page.expect_navigation():
        row.locator("a").click()


def _diff(page: Any, section: str, kind: str) -> list[str]:
    return [text[2:] for text in page.locator(f"section.{section} li.diff-{kind}").all_inner_texts()]


def test_an_editor_settles_rerun_conflicts_by_taking_and_keeping(
    live_site: LiveSite, page: Any, output_dir: Path, tmp_path: Path
) -> None:
    base, db_url = live_site.base, live_site.db_url
    export = tmp_path / "export"
    export.mkdir()
    _write(export, EXPORT)
    _migrate(db_url, export)
    ids = _article_ids(db_url)

    page.goto(base + "/edit/login")
    login = page.locator("form.login")
    login.locator("input[name=name]").fill(EDITOR[0])
    login.locator("input[name=password]").fill(EDITOR[1])
    login.locator("button[type=submit]").click()
    page.wait_for_url("**/edit/queue")
    before = int(page.locator(".open-conflicts").get_attribute("data-count"))

    # the editor revises both articles: the lead of one, a paragraph of the other
    page.goto(base + f"/edit/article/{ids[VELO]}")
    page.locator(".edit-heading details summary").click()
    lead = page.locator(".edit-heading form.op-edit_text").filter(has=page.locator("input[value=lead]"))
    _edit(page, lead, EDITED_LEAD, "Datum der Eröffnung ergänzt")
    page.goto(base + f"/edit/article/{ids[JAZZ]}")
    first = page.locator(".edit-block[data-block='0']")
    assert first.locator(".text").inner_text() == JAZZ_FIRST
    first.locator("details summary").click()
    _edit(page, first.locator("form.op-edit_text"), EDITED_FIRST, "chiffre corrigé")

    # the export changed: the re-run keeps both revisions and reports two conflicts
    _write(export, UPDATED)
    assert "  conflicts            2" in _migrate(db_url, export)
    page.goto(base + "/edit/queue")
    counted = page.locator(".open-conflicts")
    assert int(counted.get_attribute("data-count")) == before + 2
    page.screenshot(path=str(output_dir / "conflicts-queue.png"), full_page=True)
    with page.expect_navigation():
        counted.locator("a[href='/edit/conflicts']").click()
    assert page.url == base + "/edit/conflicts"
    assert page.locator("tr.conflict.status-open").filter(has_text=VELO).count() == 1

    # the first: the source diff beside the editor's revision, then take the new source
    _open_conflict(page, base, VELO)
    assert f"Winterthur - Verkehr{VELO_TITLE}" in _diff(page, "source-diff", "del")
    assert f"Winterthur - Verkehr{VELO_NEW_TITLE}" in _diff(page, "source-diff", "add")
    assert f"lead: {EDITED_LEAD}" in _diff(page, "editor-revision", "add")
    assert f"title: {VELO_NEW_TITLE}" in _diff(page, "incoming", "add")
    assert f"lead: {EDITED_LEAD}" in _diff(page, "incoming", "del")  # taking drops the editor's lead
    page.screenshot(path=str(output_dir / "conflict-diff.png"), full_page=True)
    with page.expect_navigation():
        page.locator("form.take button").click()
    assert f"Settled: taken by {EDITOR[0]}" in page.locator(".conflict-status").inner_text()
    _public(page)
    assert page.locator("article h1").inner_text() == VELO_NEW_TITLE
    assert page.locator("article .lead").inner_text() == VELO_LEAD
    body = page.locator(".article-body p").all_inner_texts()
    assert "Der Stadtrat rechnet mit Kosten von vierzehn Millionen Franken." in body
    page.screenshot(path=str(output_dir / "conflict-taken-public.png"), full_page=True)

    # the second: keep the editor's version
    _open_conflict(page, base, JAZZ)
    assert f"Lausanne - Musique{JAZZ_TITLE}" in _diff(page, "source-diff", "del")
    assert f"Lausanne - Musique{JAZZ_TITLE.replace('double', 'triple')}" in _diff(page, "source-diff", "add")
    with page.expect_navigation():
        page.locator("form.keep button").click()
    assert f"Settled: kept by {EDITOR[0]}" in page.locator(".conflict-status").inner_text()
    _public(page)
    assert page.locator("article h1").inner_text() == JAZZ_TITLE
    body = page.locator(".article-body p").all_inner_texts()
    assert EDITED_FIRST in body and JAZZ_FIRST not in body
    page.screenshot(path=str(output_dir / "conflict-kept-public.png"), full_page=True)

    # nothing waits any more, and the next run does not report them again
    page.goto(base + "/edit/queue")
    assert int(page.locator(".open-conflicts").get_attribute("data-count")) == before
    assert "  conflicts            0" in _migrate(db_url, export)
