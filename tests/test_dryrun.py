"""``migrate --dry-run``: every record classified (create, update, unchanged, conflict,
quarantine), before/after diffs for a sample, and not one byte written (SQLite and
PostgreSQL, real parsers, the real CLI)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from archivist.cli import main
from archivist.store import open_store
from archivist.store.articles import add_revision, get_article_by_legacy_id
from bench.synth import make_article, render_text
from tests.store_fixtures import table_fingerprint


def write_dump(path: Path, articles: list[tuple[str, str]], extra: bytes = b"") -> None:
    body = "".join(f"=====\nid: {legacy_id}\n{text}\n" for legacy_id, text in articles)
    path.write_bytes(body.encode("utf-8") + extra)


def test_dry_run_classifies_shows_diffs_and_writes_nothing(
    db_url: str, tmp_path: Path, runner: CliRunner
) -> None:
    synth = [make_article(i, seed=5) for i in range(8)]
    texts = [(a.legacy_id, render_text(a, random.Random(i))) for i, a in enumerate(synth)]
    export = tmp_path / "dump.txt"
    write_dump(export, texts)
    first = runner.invoke(main, ["migrate", str(export), "--db", db_url])
    assert first.exit_code == 0, first.output
    # an editor revises article 1
    engine = open_store(db_url)
    with engine.begin() as conn:
        stored = get_article_by_legacy_id(conn, synth[1].legacy_id)
        assert stored is not None
        add_revision(
            conn, stored.id, replace(stored.article, title="Titre revu"), kind="editor", author="zoe"
        )
    before = table_fingerprint(engine)
    # the export changes: article 0 and the edited article 1 get a new sentence,
    # a new article arrives, and a binary record
    changed = list(texts)
    for i in (0, 1):
        changed[i] = (texts[i][0], texts[i][1] + "\nUne phrase ajoutée par la rédaction d'origine.")
    new = make_article(99, seed=5)
    changed.append((new.legacy_id, render_text(new, random.Random(99))))
    write_dump(export, changed, b"=====\nid: junk\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n")

    result = runner.invoke(main, ["migrate", str(export), "--db", db_url, "--dry-run"])
    after = table_fingerprint(engine)
    engine.dispose()
    assert result.exit_code == 0, result.output
    assert after == before  # nothing written, not even a run
    counts = {
        line.split()[0]: int(line.split()[-1])
        for line in result.output.splitlines()
        if line.startswith("  ") and line.split()[-1].isdigit()
    }
    assert counts == {
        "records": 10,
        "migrated": 1,
        "updated": 1,
        "unchanged": 6,
        "conflicts": 1,
        "quarantined": 1,
        "skipped": 0,
    }
    assert "Dry run (nothing written)" in result.output
    # a before/after diff for the update, the conflict and the create
    assert f"+++ {synth[0].legacy_id} after migration (updated)" in result.output
    assert f"+++ {synth[1].legacy_id} after migration (conflict)" in result.output
    assert f"--- {new.legacy_id} (not stored yet)" in result.output
    assert "+[paragraph] Une phrase ajoutée par la rédaction d'origine." in result.output
    assert "-title: Titre revu" in result.output  # the conflict diff starts from the editor's title
