"""A re-run of ``migrate`` after editors' fixes keeps every fix and reports the conflicts.

Six single-article text exports (our own writing, with glued kickers and paragraphs)
are migrated through the CLI. Editors then revise three articles: one by hand, one
by a role change, one through a propagated fix. The export is updated for two edited
articles and for one nobody touched, and ``migrate`` runs again: the untouched one is
updated, the edited ones keep the editors' revisions, and the run reports each
conflict (source changed and an editor changed the same article). After a propagated
batch is reverted, its articles no longer count as touched by editors: a re-run updates
them again, except the ones an editor also revised on their own.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Connection

from archivist.cli import main
from archivist.editor.forms import resolve_op
from archivist.editor.ops import Op, apply_op
from archivist.editor.patterns import Pattern
from archivist.editor.propagate import apply_pattern, revert_batch
from archivist.editor.publish import publish_ops
from archivist.eval.damage import damage
from archivist.store import open_store
from archivist.store.articles import add_revision, get_article_by_legacy_id, list_revisions
from archivist.store.runs import list_runs
from tests.learning_fixtures import tipp_articles

EXPORT = {
    "2301": "Lausanne - TransportsLe métro m2 fermé tout le week-end\n"
    "Des travaux de maintenance paralysent la ligne entre Ouchy et Croisettes.\n"
    "Les Transports lausannois ont annoncé la fermeture lundi.Un bus de remplacement circulera.\n",
    "2302": "Bern - StadtratDas Parlament streitet über die neue Velobrücke\n"
    "Die Brücke über die Aare soll 2028 eröffnet werden.\n"
    "Die Kosten sind seit dem ersten Projekt stark gestiegen.\nWiderstand im Quartier\n"
    "Anwohner fürchten mehr Verkehr in den engen Gassen.\n",
    "2303": "Genève - CultureLe Grand Théâtre rouvre ses portes\n"
    "Après trois ans de rénovation, la salle accueille à nouveau le public.\n"
    "La première saison mise sur des créations contemporaines.\nUne acoustique revue\n"
    "Les ingénieurs ont remplacé tous les panneaux du plafond.\n",
    "2304": "Zürich - SchuleDie Stadt baut drei neue Schulhäuser\n"
    "Die Zahl der Schulkinder wächst schneller als erwartet.\n"
    "Der Stadtrat beantragt einen Kredit von 180 Millionen Franken.\n",
    "2305": "Fribourg - SportLe HC Fribourg-Gottéron s'impose à Berne\n"
    "Les Dragons ont gagné trois à deux après prolongation.\n"
    "Le gardien a réalisé trente-cinq arrêts.\n",
    "2306": "Basel - KulturDas Kunstmuseum zeigt Werke aus Privatbesitz\n"
    "Die Ausstellung vereint sechzig Bilder, die nie öffentlich zu sehen waren.\n"
    "Sie dauert bis Ende März.\n",
}
# the updated export: a new title for 2302 and 2304 (edited) and 2305 (untouched)
UPDATED = {
    "2302": EXPORT["2302"].replace("streitet über", "bewilligt"),
    "2304": EXPORT["2304"].replace("drei neue", "vier neue"),
    "2305": EXPORT["2305"].replace("s'impose à Berne", "s'impose à Berne en prolongation"),
}


def _write(folder: Path, texts: dict[str, str]) -> None:
    for legacy_id, text in texts.items():
        (folder / f"{legacy_id}.txt").write_text(text, encoding="utf-8")


def _edit(db_url: str, legacy_id: str, op: Op, kind: str = "editor") -> object:
    engine = open_store(db_url)
    with engine.begin() as conn:
        stored = get_article_by_legacy_id(conn, legacy_id)
        assert stored is not None
        edit = apply_op(stored.article, op)
        assert edit.steps, f"the edit {op} changed nothing in {legacy_id}"
        author = "rule:role_shape by lea" if kind == "propagation" else "lea"
        add_revision(conn, stored.id, edit.article, kind=kind, author=author, steps=edit.steps, batch_id=None)
    engine.dispose()
    return edit.article


def test_rerun_keeps_every_editor_fix_and_reports_conflicts(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    export = tmp_path / "export"
    export.mkdir()
    _write(export, EXPORT)
    first = runner.invoke(main, ["migrate", str(export), "--db", db_url])
    assert first.exit_code == 0, first.output

    # editors at work: a hand edit, a role change, and a propagated fix
    fixed = {
        "2302": _edit(
            db_url,
            "2302",
            Op("edit_text", {"where": "lead", "text": "Die Brücke soll 2028 eröffnet werden."}),
        ),
        "2303": _edit(db_url, "2303", Op("set_role", {"block": 0, "role": "quote"})),
        "2304": _edit(db_url, "2304", Op("set_role", {"block": 0, "role": "subhead"}), kind="propagation"),
    }
    _write(export, UPDATED)
    again = runner.invoke(main, ["migrate", str(export), "--db", db_url])
    assert again.exit_code == 0, again.output
    lines = again.output.splitlines()
    assert "  updated              1" in lines
    assert "  conflicts            2" in lines
    assert "  unchanged            3" in lines
    conflicts = [line for line in lines if "conflict" in line and "editor" in line]
    assert len(conflicts) == 2
    assert any("2302" in line for line in conflicts) and any("2304" in line for line in conflicts)

    engine = open_store(db_url)
    with engine.connect() as conn:
        for legacy_id, article in fixed.items():  # every editor's fix is still the current revision
            stored = get_article_by_legacy_id(conn, legacy_id)
            assert stored is not None and stored.article == article and stored.edited
            assert list_revisions(conn, stored.id)[-1].kind in ("editor", "propagation")
        untouched = get_article_by_legacy_id(conn, "2305")
        assert untouched is not None and untouched.article.title.endswith("en prolongation")
        assert [r.kind for r in list_revisions(conn, untouched.id)] == ["migration", "migration"]
        run = list_runs(conn)[0]
    engine.dispose()
    assert (run.updated, run.conflicts, run.unchanged) == (1, 2, 3)

    # a third run: the conflicts stay reported until an editor settles them; nothing is overwritten
    third = runner.invoke(main, ["migrate", str(export), "--db", db_url])
    assert {"  updated              0", "  conflicts            2"} <= set(third.output.splitlines())
    engine = open_store(db_url)
    with engine.connect() as conn:
        for legacy_id, article in fixed.items():
            stored = get_article_by_legacy_id(conn, legacy_id)
            assert stored is not None and stored.article == article
    engine.dispose()


def test_after_a_batch_revert_a_rerun_updates_the_articles_again(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    """A reverted propagation no longer counts as an editor's touch; an editor's own edit does."""
    tipps = tipp_articles()[:6]
    export = tmp_path / "export"
    export.mkdir()
    _write(export, {a.legacy_id: damage(a, ("kicker_glue",)) for a in tipps})
    assert runner.invoke(main, ["migrate", str(export), "--db", db_url]).exit_code == 0

    engine = open_store(db_url)
    with engine.begin() as conn:
        first, second = (get_article_by_legacy_id(conn, a.legacy_id) for a in tipps[:2])
        assert first is not None and second is not None
        # one editor joins the house name the rules cut in two, another fixes a lead by hand
        last = f"block:{len(first.article.blocks) - 1}"
        join = resolve_op(first.article, {"op": "join_words", "where": last, "cut": "Züri Tipp"})
        publish_ops(conn, first, [join], "lea", "ZüriTipp is one word")
        publish_ops(
            conn, second, [Op("edit_text", {"where": "lead", "text": "Fünf Feuerstellen."})], "max", ""
        )
        pattern = Pattern("word_join", "Züri Tipp", replacement="ZüriTipp")
        batch = apply_pattern(conn, pattern, "lea", source_article=first.id)
        assert len(batch.article_ids) == 5  # the other five Tipps, the hand-edited one too
        assert all(_edited(conn, a.legacy_id) for a in tipps)
        reverted = revert_batch(conn, batch.batch_id, "lea")
        assert len(reverted.restored) == 5
        # the batch no longer counts; the editors' own revisions still do
        assert [_edited(conn, a.legacy_id) for a in tipps] == [True, True, False, False, False, False]
    engine.dispose()

    _write(
        export, {a.legacy_id: damage(replace(a, title=a.title + " (neu)"), ("kicker_glue",)) for a in tipps}
    )
    lines = runner.invoke(main, ["migrate", str(export), "--db", db_url]).output.splitlines()
    assert {"  updated              4", "  conflicts            2"} <= set(lines)
    engine = open_store(db_url)
    with engine.connect() as conn:
        for article in tipps[2:]:
            stored = get_article_by_legacy_id(conn, article.legacy_id)
            assert stored is not None and stored.article.title.endswith("(neu)")
            kinds = [r.kind for r in list_revisions(conn, stored.id)]
            assert kinds == ["migration", "propagation", "revert", "migration"]
    engine.dispose()


def _edited(conn: Connection, legacy_id: str) -> bool:
    stored = get_article_by_legacy_id(conn, legacy_id)
    assert stored is not None
    return stored.edited
