"""Re-run conflicts are settled once, in /edit/conflicts or on the command line.

Three single-article exports (our own writing) are migrated; an editor revises two of
them; the export is updated for all three and migrated again: the untouched article is
updated, the two edited ones are conflicts, each kept once with the new source's
recovery. An editor then keeps their version, takes the new source or merges by hand;
a settled conflict is not reported again until the source changes again. Every action
on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from archivist.cli import main
from archivist.config import MigrationConfig
from archivist.editor.ops import Op
from archivist.editor.publish import publish_ops
from archivist.site.app import create_app
from archivist.site.state import SiteSettings
from archivist.store import open_store
from archivist.store.articles import get_article_by_legacy_id, list_revisions
from archivist.store.conflicts import Conflict, list_conflicts
from archivist.store.users import add_user
from tests.editor_fixtures import EDITOR
from tests.site_client import form_token

EXPORT = {
    "2401": "Bern - StadtratDas Parlament streitet über die neue Velobrücke\n"
    "Die Brücke über die Aare soll 2028 eröffnet werden.\n"
    "Die Kosten sind seit dem ersten Projekt stark gestiegen.\nWiderstand im Quartier\n"
    "Anwohner fürchten mehr Verkehr in den engen Gassen.\n",
    "2402": "Genève - CultureLe Grand Théâtre rouvre ses portes\n"
    "Après trois ans de rénovation, la salle accueille à nouveau le public.\n"
    "La première saison mise sur des créations contemporaines.\nUne acoustique revue\n"
    "Les ingénieurs ont remplacé tous les panneaux du plafond.\n",
    "2403": "Zürich - SchuleDie Stadt baut drei neue Schulhäuser\n"
    "Die Zahl der Schulkinder wächst schneller als erwartet.\n"
    "Der Stadtrat beantragt einen Kredit von 180 Millionen Franken.\n",
}
# the updated export: a new title for every article
UPDATED = {
    "2401": EXPORT["2401"].replace("streitet über", "bewilligt"),
    "2402": EXPORT["2402"].replace("rouvre ses portes", "rouvre enfin ses portes"),
    "2403": EXPORT["2403"].replace("drei neue", "vier neue"),
}
LEAD_2403 = "Die Zahl der Kinder wächst schneller als erwartet."


@dataclass
class Rerun:
    db_url: str
    export: Path
    conflicts: dict[str, Conflict]  # legacy id -> its open conflict


def _write(folder: Path, texts: dict[str, str]) -> None:
    for legacy_id, text in texts.items():
        (folder / f"{legacy_id}.txt").write_text(text, encoding="utf-8")


def _migrate(runner: CliRunner, rerun: Rerun | str, export: Path | None = None) -> list[str]:
    db_url = rerun if isinstance(rerun, str) else rerun.db_url
    folder = export if export is not None else rerun.export  # type: ignore[union-attr]
    result = runner.invoke(main, ["migrate", str(folder), "--db", db_url])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def _open(db_url: str) -> dict[str, Conflict]:
    engine = open_store(db_url)
    with engine.connect() as conn:
        found = {c.legacy_id: c for c in list_conflicts(conn)}
    engine.dispose()
    return found


@pytest.fixture
def rerun(runner: CliRunner, db_url: str, tmp_path: Path) -> Rerun:
    export = tmp_path / "export"
    export.mkdir()
    _write(export, EXPORT)
    _migrate(runner, db_url, export)
    engine = open_store(db_url)
    with engine.begin() as conn:
        add_user(conn, *EDITOR, role="editor")
        for legacy_id, op in (
            ("2402", Op("set_role", {"block": 1, "role": "quote"})),
            ("2403", Op("edit_text", {"where": "lead", "text": LEAD_2403})),
        ):
            stored = get_article_by_legacy_id(conn, legacy_id)
            assert stored is not None
            publish_ops(conn, stored, [op], EDITOR[0], "fixed by hand")
    engine.dispose()
    _write(export, UPDATED)
    lines = _migrate(runner, db_url, export)
    assert {"  updated              1", "  conflicts            2"} <= set(lines)
    return Rerun(db_url, export, _open(db_url))


@pytest.fixture
def client(rerun: Rerun) -> Iterator[TestClient]:
    app = create_app(MigrationConfig(db_url=rerun.db_url), SiteSettings(report_min_fill=0, cache_ttl=60))
    with TestClient(app, base_url="http://127.0.0.1:8000", follow_redirects=False) as test_client:
        page = test_client.get("/edit/login")
        test_client.post(
            "/edit/login",
            data={"name": EDITOR[0], "password": EDITOR[1], "csrf_token": form_token(page.text)},
        )
        yield test_client
    app.state.site.engine.dispose()


def test_a_conflict_is_kept_once_per_article_with_the_new_source(runner: CliRunner, rerun: Rerun) -> None:
    assert sorted(rerun.conflicts) == ["2402", "2403"]
    new = rerun.conflicts["2403"]
    assert new.open and new.base_source_id is not None and new.source_id != new.base_source_id
    assert new.article.title == "Die Stadt baut vier neue Schulhäuser"  # the new source, recovered
    # an unsettled conflict is reported on every run, but stays one row per article
    assert "  conflicts            2" in _migrate(runner, rerun)
    again = _open(rerun.db_url)
    assert {k: c.id for k, c in again.items()} == {k: c.id for k, c in rerun.conflicts.items()}
    assert again["2403"].seen_at >= new.seen_at and again["2403"].run_id != new.run_id
    listed = runner.invoke(main, ["conflicts", "list", "--db", rerun.db_url])
    assert [line.split("\t")[1] for line in listed.output.splitlines()] == ["2402", "2403"]


def test_the_conflict_screen_shows_the_source_diff_beside_the_editors_revision(
    client: TestClient, rerun: Rerun
) -> None:
    listing = client.get("/edit/conflicts")
    assert listing.template.name == "edit/conflicts.html"  # type: ignore[attr-defined]
    assert [c.legacy_id for c in listing.context["conflicts"]] == ["2402", "2403"]  # type: ignore[attr-defined]
    conflict = rerun.conflicts["2403"]
    page = client.get(f"/edit/conflicts/{conflict.id}")
    view = page.context["view"]  # type: ignore[attr-defined]
    source = [(r.tag, r.text) for r in view.source_rows if r.tag != " "]
    assert source == [
        ("-", "Zürich - SchuleDie Stadt baut drei neue Schulhäuser"),
        ("+", "Zürich - SchuleDie Stadt baut vier neue Schulhäuser"),
    ]
    assert ("+", f"lead: {LEAD_2403}") in [(r.tag, r.text) for r in view.editor_rows]
    incoming = [(r.tag, r.text) for r in view.incoming_rows if r.tag != " "]
    assert ("+", "title: Die Stadt baut vier neue Schulhäuser") in incoming
    assert ("-", f"lead: {LEAD_2403}") in incoming  # taking the source drops the editor's fix
    assert "Keep the editor's version" in page.text and "Take the new source" in page.text


@pytest.mark.parametrize(
    ("settle", "count", "status_line"),
    [
        # the re-run left two conflicts open
        ([], 2, "conflicts           2  (open: `archivist conflicts list`, settle them at /edit/conflicts)"),
        # one kept: one left
        (
            ["2402"],
            1,
            "conflicts           1  (open: `archivist conflicts list`, settle them at /edit/conflicts)",
        ),
        # both settled: nothing waits
        (["2402", "2403"], 0, "conflicts           0  (none open)"),
    ],
)
def test_the_queue_and_status_count_the_open_conflicts(
    client: TestClient, runner: CliRunner, rerun: Rerun, settle: list[str], count: int, status_line: str
) -> None:
    token = client.get("/edit/conflicts").context["editor"].csrf  # type: ignore[attr-defined]
    for legacy_id in settle:
        done = client.post(
            f"/edit/conflicts/{rerun.conflicts[legacy_id].id}/keep", data={"csrf_token": token}
        )
        assert done.status_code == 303
    queue = client.get("/edit/queue")
    assert queue.context["open_conflicts"] == count  # type: ignore[attr-defined]
    plural = "" if count == 1 else "s"
    assert f'<a href="/edit/conflicts">{count} open re-run conflict{plural}</a>' in queue.text
    status = runner.invoke(main, ["status", "--db", rerun.db_url])
    assert status.exit_code == 0, status.output
    assert status.output.splitlines()[-1] == status_line


def _merge(client: TestClient, conflict: Conflict) -> Any:
    """Open the article in the editor with the conflict, fix the title by hand, publish."""
    page = client.get(f"/edit/article/{conflict.article_id}", params={"conflict": conflict.id})
    assert page.context["conflict"].id == conflict.id  # type: ignore[attr-defined]
    assert "vier neue" in page.context["legacy"]  # type: ignore[attr-defined]  (the new export)
    assert f'name="conflict" value="{conflict.id}"' in page.text
    ctx = page.context  # type: ignore[attr-defined]
    fields = {
        "csrf_token": ctx["editor"].csrf,
        "ops": "[]",
        "base": str(ctx["base"]),
        "conflict": conflict.id,
    }
    draft = client.post(
        f"/edit/article/{conflict.article_id}/preview",
        data={**fields, "op": "edit_text", "where": "title", "text": "Die Stadt baut vier neue Schulhäuser"},
    )
    assert draft.status_code == 200 and f'name="conflict" value="{conflict.id}"' in draft.text
    return client.post(
        f"/edit/article/{conflict.article_id}/publish",
        data={**fields, "ops": draft.context["ops"], "message": "new title, my lead"},  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize(
    ("action", "status", "title", "lead"),
    [
        # keep the editor's version: nothing changes but the conflict is settled
        ("keep", "kept", "Die Stadt baut drei neue Schulhäuser", LEAD_2403),
        # take the new source: its recovery, as a new revision in the editor's name
        (
            "take",
            "taken",
            "Die Stadt baut vier neue Schulhäuser",
            "Die Zahl der Schulkinder wächst schneller als erwartet.",
        ),
        # merge by hand in the editor: the new title, the editor's lead
        ("merge", "merged", "Die Stadt baut vier neue Schulhäuser", LEAD_2403),
    ],
)
def test_settling_a_conflict(
    client: TestClient, runner: CliRunner, rerun: Rerun, action: str, status: str, title: str, lead: str
) -> None:
    conflict = rerun.conflicts["2403"]
    if action == "merge":
        response = _merge(client, conflict)
        assert response.status_code == 200 and response.context["merged"].id == conflict.id  # type: ignore[attr-defined]
    else:
        token = client.get(f"/edit/conflicts/{conflict.id}").context["editor"].csrf  # type: ignore[attr-defined]
        response = client.post(f"/edit/conflicts/{conflict.id}/{action}", data={"csrf_token": token})
        assert response.status_code == 303
    engine = open_store(rerun.db_url)
    with engine.connect() as conn:
        [settled] = [c for c in list_conflicts(conn, status=None) if c.id == conflict.id]
        stored = get_article_by_legacy_id(conn, "2403")
        assert stored is not None
        history = list_revisions(conn, stored.id)
    engine.dispose()
    assert (settled.status, settled.settled_by) == (status, EDITOR[0])
    assert (stored.article.title, stored.article.lead) == (title, lead)
    if action == "keep":
        assert history[-1].kind == "editor" and history[-1].message == "fixed by hand"
    else:  # a new revision, attributed to the editor
        assert (history[-1].kind, history[-1].author, history[-1].id) == (
            "editor",
            EDITOR[0],
            settled.settled_revision_id,
        )
    if action == "take":
        assert "took the new legacy source" in history[-1].message
        assert title in client.get(stored.path).text  # the public page shows it at once

    # settled: not reported again while the source stays as it is
    lines = _migrate(runner, rerun)
    assert "  conflicts            1" in lines  # 2402 is still open
    assert [k for k in _open(rerun.db_url)] == ["2402"]
    # the source changes again: a new conflict
    _write(rerun.export, {"2403": UPDATED["2403"].replace("vier neue", "fünf neue")})
    assert "  conflicts            2" in _migrate(runner, rerun)
    assert _open(rerun.db_url)["2403"].id != conflict.id


def test_a_settled_conflict_cannot_be_settled_twice_and_forms_need_the_token(
    client: TestClient, rerun: Rerun
) -> None:
    conflict = rerun.conflicts["2402"]
    target = f"/edit/conflicts/{conflict.id}/keep"
    assert client.post(target).status_code == 403
    assert client.post(target, data={"csrf_token": "forged"}).status_code == 403
    token = client.get("/edit/conflicts").context["editor"].csrf  # type: ignore[attr-defined]
    assert client.post(target, data={"csrf_token": token}).status_code == 303
    again = client.post(f"/edit/conflicts/{conflict.id}/take", data={"csrf_token": token})
    assert again.status_code == 409 and "settled already" in again.text
    merging = client.get(f"/edit/article/{conflict.article_id}", params={"conflict": conflict.id})
    assert merging.status_code == 409
    assert client.get("/edit/conflicts/999999").status_code == 404


@pytest.mark.parametrize(
    ("args", "code", "output"),
    [
        # keep and take on the command line, in an editor's name
        (["settle", "{2402}", "--keep", "--editor", "anna"], 0, "settled: kept by anna"),
        (["settle", "{2403}", "--take", "--editor", "anna"], 0, "settled: taken by anna"),
        # an account that does not exist
        (["settle", "{2402}", "--keep", "--editor", "nobody"], 2, "is not an editor account"),
        # no action given
        (["settle", "{2402}", "--editor", "anna"], 2, "--keep"),
        # no such conflict
        (["settle", "999999", "--keep", "--editor", "anna"], 1, "does not exist"),
    ],
)
def test_conflicts_settle_on_the_command_line(
    runner: CliRunner, rerun: Rerun, args: list[str], code: int, output: str
) -> None:
    ids = {k: str(c.id) for k, c in rerun.conflicts.items()}
    argv = ["conflicts", *(re.sub(r"\{(\d+)\}", lambda m: ids[m.group(1)], a) for a in args)]
    result = runner.invoke(main, [*argv, "--db", rerun.db_url])
    assert result.exit_code == code, result.output
    assert output in result.output
    if code == 0:
        twice = runner.invoke(main, [*argv, "--db", rerun.db_url])
        assert twice.exit_code == 1 and "settled already" in twice.output


def test_rolling_back_the_run_forgets_the_conflicts_it_reported(runner: CliRunner, rerun: Rerun) -> None:
    run_id = rerun.conflicts["2403"].run_id
    result = runner.invoke(main, ["rollback", str(run_id), "--db", rerun.db_url])
    assert result.exit_code == 0, result.output
    assert _open(rerun.db_url) == {}
    # the editors' revisions are untouched, and the next run reports the conflicts again
    assert "  conflicts            2" in _migrate(runner, rerun)
