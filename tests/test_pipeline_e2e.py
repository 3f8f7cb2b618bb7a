"""migrate() end to end with the real sources, parsers and repairs, on SQLite and PostgreSQL.

The dump is our own writing in the text source's dump convention (delimiter lines,
``id:``/``url:``/``section:`` headers); the seed is the real damaged export of
DESIGN.md section 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archivist.config import MigrationConfig
from archivist.pipeline import migrate
from archivist.store import open_store
from archivist.store.articles import get_article_by_legacy_id, list_revisions
from archivist.store.records import article_for_legacy_url, get_source
from tests.store_fixtures import table_fingerprint

DUMP = """id: 101
url: https://www.old.example.ch/suisse/101-metro.html
section: Suisse
Lausanne - TransportsLe métro m2 fermé tout le week-end
Des travaux paralysent la ligne entre Ouchy et Croisettes.
La fermeture commencera vendredi soir.Des bus de remplacement circuleront toutes les cinq minutes.
=====
id: 102
url: https://www.old.example.ch/wirtschaft/102-uhren.html
section: Wirtschaft
Uhrenindustrie - ExporteDie Uhrenexporte brechen im Sommer ein
Die Ausfuhren sanken im Juli um einen Zehntel.
Besonders betroffen sind die Märkte in Asien. Der Verband rechnet mit einer Erholung im Herbst.
=====
id: 101
Lausanne - TransportsLe métro m2 rouvre plus tôt que prévu
Les travaux ont avancé plus vite qu'annoncé.
"""


@pytest.fixture
def export(tmp_path: Path, seed_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "dump.txt").write_text(DUMP, encoding="utf-8")
    (folder / "syrie-alep.txt").write_bytes(seed_path.read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02garbage\xff\xfe")
    return folder


def test_migrate_real_records(db_url: str, export: Path, seed_path: Path) -> None:
    config = MigrationConfig(db_url=db_url, batch_size=2)
    summary = migrate([export], config)
    counts = (summary.read, summary.created, summary.quarantined, summary.skipped)
    # broken + dump (3 members, the third a duplicate id 101) + the seed
    assert counts == (5, 3, 1, 1) and summary.balanced
    assert any("duplicate legacy id" in note and "101" in note for note in summary.notes)
    engine = open_store(db_url)
    with engine.connect() as conn:
        seed = get_article_by_legacy_id(conn, "syrie-alep")
        metro = get_article_by_legacy_id(conn, "101")
        assert seed is not None and metro is not None
        (revision,) = list_revisions(conn, seed.id)
        assert revision.source_id is not None
        source = get_source(conn, revision.source_id)
        via_old_url = article_for_legacy_url(conn, "/suisse/101-metro.html")
    before = table_fingerprint(engine)
    engine.dispose()
    # the seed's kicker was glued to its title; the original bytes are kept verbatim
    assert (seed.article.kicker, seed.article.title) == (
        "Syrie - Alep",
        "Le régime s'empare de nouveaux quartiers rebelles",
    )
    assert source.raw == seed_path.read_bytes()
    assert {s.rule for s in seed.steps} >= {"split_kicker_title"}
    assert (revision.kind, revision.author) == ("migration", "archivist")
    # the first member with id 101 won; the later one was skipped
    assert metro.article.title == "Le métro m2 fermé tout le week-end"
    assert via_old_url == metro.id and metro.path.startswith("/suisse/")

    again = migrate([export], config)
    assert (again.read, again.unchanged, again.quarantined, again.skipped) == (5, 3, 1, 1)
    engine = open_store(db_url)
    after = table_fingerprint(engine)
    engine.dispose()
    assert {name for name in before if before[name] != after[name]} == {"runs"}
