"""``archivist rollback RUN``: what a run created goes, what it updated comes back,
and content from before it and editors' revisions are spared (SQLite and PostgreSQL).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from archivist.cli import main
from archivist.config import MigrationConfig
from archivist.engines import open_engine
from archivist.errors import StoreError
from archivist.model import LegacyRecord
from archivist.pipeline import RunSummary, run_migration
from archivist.store import open_store
from archivist.store.articles import add_revision, get_article_by_legacy_id
from archivist.store.rollback import rollback_run
from archivist.store.runs import get_run
from tests.snapshot import snapshot_of
from tests.store_fixtures import RAW_DE, RAW_FR, record, toy_process

GARBAGE = record("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def run(url: str, items: list[LegacyRecord]) -> RunSummary:
    config = MigrationConfig(db_url=url, batch_size=2)
    engine = open_store(url)
    try:
        with open_engine(config, toy_process) as map_batch:
            return run_migration(engine, iter(items), config, map_batch, options={"paths": ["test"]})
    finally:
        engine.dispose()


def edit(url: str, legacy_id: str, title: str) -> None:
    engine = open_store(url)
    with engine.begin() as conn:
        stored = get_article_by_legacy_id(conn, legacy_id)
        assert stored is not None
        add_revision(conn, stored.id, replace(stored.article, title=title), kind="editor", author="mia")
    engine.dispose()


def without(snapshot: dict[str, Any], legacy_ids: set[str]) -> dict[str, Any]:
    """The snapshot minus everything that belongs to ``legacy_ids``."""
    out = dict(snapshot)
    out["articles"] = {k: v for k, v in snapshot["articles"].items() if k not in legacy_ids}
    out["id_map"] = {k: v for k, v in snapshot["id_map"].items() if k not in legacy_ids}
    out["legacy_urls"] = {k: v for k, v in snapshot["legacy_urls"].items() if v[1] not in legacy_ids}
    for key in ("revisions", "sources"):
        out[key] = [row for row in snapshot[key] if row[0] not in legacy_ids]
    return out


def test_rollback_restores_the_archive_as_it_was_before_the_run(db_url: str) -> None:
    # before the run: a and b migrated, an editor fixed b's title
    run(db_url, [record("a", RAW_FR, url="https://old.example.ch/a"), record("b", RAW_DE)])
    edit(db_url, "b", "Die Hardbrücke bleibt gesperrt")
    before = snapshot_of(db_url)
    # the run: a changed (updated), b changed (conflict: the editor's revision stays),
    # c and d new (created), garbage quarantined; then an editor fixes d
    second = run(
        db_url,
        [
            record("a", RAW_FR.replace(b"m2", b"M2")),
            record("b", RAW_DE + b"Neu.\n"),
            record("c", RAW_FR + b"Encore.\n", url="https://old.example.ch/c"),
            record("d", RAW_DE + b"Noch.\n"),
            GARBAGE,
        ],
    )
    assert second.counts() == {
        "read": 5,
        "created": 2,
        "updated": 1,
        "unchanged": 0,
        "conflicts": 1,
        "quarantined": 1,
        "skipped": 0,
    }
    edit(db_url, "d", "Korrigiert von der Redaktion")
    engine = open_store(db_url)
    with engine.begin() as conn:
        result = rollback_run(conn, second.run_id)  # type: ignore[arg-type]
    with engine.connect() as conn:
        status = get_run(conn, second.run_id).status  # type: ignore[arg-type]
    engine.dispose()
    assert (result.removed, result.restored) == (("c",), ("a",))
    assert [legacy_id for legacy_id, _ in result.kept] == ["d"] and "mia" in result.kept[0][1]
    # the new sources of a (updated), b (conflict) and c (created) go; d's stays with d
    assert (result.sources_removed, result.quarantine_removed, status) == (3, 1, "rolled back")
    after = snapshot_of(db_url)
    # everything is as before the run, except d, which the editor revised after it
    assert without(after, {"d"}) == before
    assert after["articles"]["d"][3] == "Korrigiert von der Redaktion"


def test_a_rolled_back_run_can_be_migrated_again(db_url: str) -> None:
    items = [record("a", RAW_FR), record("c", RAW_DE)]
    first = run(db_url, items)
    empty = snapshot_of(db_url)
    engine = open_store(db_url)
    with engine.begin() as conn:
        rollback_run(conn, first.run_id)  # type: ignore[arg-type]
    engine.dispose()
    assert snapshot_of(db_url)["articles"] == {}
    again = run(db_url, items)
    assert again.created == 2
    assert snapshot_of(db_url) == empty


@pytest.mark.parametrize(
    ("dry_run", "articles_left"),
    [
        # --dry-run says what would go and changes nothing
        (True, 1),
        # the real thing
        (False, 0),
    ],
)
def test_cli_rollback(db_url: str, runner: CliRunner, dry_run: bool, articles_left: int) -> None:
    summary = run(db_url, [record("a", RAW_FR)])
    args = ["rollback", str(summary.run_id), "--db", db_url] + (["--dry-run"] if dry_run else [])
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "1 articles it created removed" in result.output
    assert ("dry run" in result.output) is dry_run
    engine = open_store(db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM articles")).scalar_one() == articles_left
    engine.dispose()


def test_rolling_back_twice_is_refused(db_url: str) -> None:
    summary = run(db_url, [record("a", RAW_FR)])
    engine = open_store(db_url)
    with engine.begin() as conn:
        rollback_run(conn, summary.run_id)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="rolled back already"), engine.begin() as conn:
        rollback_run(conn, summary.run_id)  # type: ignore[arg-type]
    engine.dispose()
