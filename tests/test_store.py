"""The store on real SQLite and PostgreSQL: schema, idempotent saves, revisions, quarantine, runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from archivist.errors import NotFoundError, StoreError
from archivist.model import ReadFailure
from archivist.store import head_revision, open_store, schema_revision
from archivist.store.articles import (
    add_revision,
    classify_migrated,
    get_article,
    get_article_by_legacy_id,
    get_article_by_path,
    iter_articles,
    list_revisions,
    save_migrated,
)
from archivist.store.quarantine import count_quarantine, get_quarantined, quarantine_item, record_of
from archivist.store.records import article_for_legacy_url, get_source
from archivist.store.runs import finish_run, get_run, list_runs, record_progress, start_run
from archivist.store.tables import articles, id_map, metadata, revisions, sources
from tests.store_fixtures import RAW_DE, RAW_FR, processed, record, table_fingerprint

RAW_FR_FIXED = RAW_FR.replace(b"fermeture.Un", b"fermeture. Un")


@pytest.fixture(name="engine")
def engine_fixture(db_url: str) -> Iterator[sa.Engine]:
    engine = open_store(db_url)
    yield engine
    engine.dispose()


def test_schema_is_at_head_and_matches_tables_py(db_url: str) -> None:
    engine = open_store(db_url)
    try:
        with engine.connect() as conn:
            assert schema_revision(conn) == head_revision()
            # a table or column added to tables.py without its Alembic revision shows up here
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        open_store(db_url).dispose()  # a second open is a no-op upgrade
    finally:
        engine.dispose()
    assert diff == []


def test_open_store_reports_a_bad_url() -> None:
    with pytest.raises(StoreError, match="not valid"):
        open_store("nosuchdb://nowhere")


@pytest.mark.parametrize(
    ("sequence", "expected"),
    [
        # first migration of a record
        ([("a", RAW_FR, False)], ["created"]),
        # same export twice: nothing to do
        ([("a", RAW_FR, False), ("a", RAW_FR, False)], ["created", "unchanged"]),
        # the legacy source changed, nobody edited: a new migration revision
        ([("a", RAW_FR, False), ("a", RAW_FR_FIXED, False)], ["created", "updated"]),
        # the source changed after an editor revision: the editor wins
        ([("a", RAW_FR, True), ("a", RAW_FR_FIXED, False)], ["created", "conflict"]),
        # the conflict is reported on every later run, and nothing is written
        (
            [("a", RAW_FR, True), ("a", RAW_FR_FIXED, False), ("a", RAW_FR_FIXED, False)],
            ["created", "conflict", "conflict"],
        ),
        # two different legacy ids are two articles
        ([("a", RAW_FR, False), ("b", RAW_DE, False)], ["created", "created"]),
    ],
)
def test_save_migrated_outcomes(
    engine: sa.Engine, sequence: list[tuple[str, bytes, bool]], expected: list[str]
) -> None:
    outcomes = []
    with engine.begin() as conn:
        for legacy_id, raw, then_edit in sequence:
            rec = record(legacy_id, raw)
            predicted = classify_migrated(conn, rec)
            outcomes.append(save_migrated(conn, rec, processed(legacy_id, raw), None))
            assert predicted == outcomes[-1]  # dry runs predict exactly
            if then_edit:
                stored = get_article_by_legacy_id(conn, legacy_id)
                assert stored is not None
                fixed = processed(legacy_id, raw).article.with_blocks(())
                add_revision(conn, stored.id, fixed, kind="editor", author="marie")
    assert outcomes == expected


def test_rerun_changes_nothing(engine: sa.Engine) -> None:
    batch = [record("a", RAW_FR, "https://old.example.ch/suisse/a.html"), record("b", RAW_DE)]
    with engine.begin() as conn:
        for rec in batch:
            save_migrated(conn, rec, processed(rec.legacy_id, rec.raw), None)
        quarantine_item(conn, record("c", b"\x00\xff"), "c.txt: binary garbage", "UnreadableText", None)
    before = table_fingerprint(engine)
    with engine.begin() as conn:
        assert [save_migrated(conn, rec, processed(rec.legacy_id, rec.raw), None) for rec in batch] == [
            "unchanged",
            "unchanged",
        ]
        quarantine_item(conn, record("c", b"\x00\xff"), "c.txt: binary garbage", "UnreadableText", None)
    assert table_fingerprint(engine) == before
    assert before["articles"][0] == 2 and before["quarantine"][0] == 1


def test_update_adds_a_revision_and_keeps_both_sources(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        save_migrated(conn, record("a", RAW_FR), processed("a", RAW_FR, 0.5), None)
        first = get_article_by_legacy_id(conn, "a")
        save_migrated(conn, record("a", RAW_FR_FIXED), processed("a", RAW_FR_FIXED, 0.9), None)
        second = get_article_by_legacy_id(conn, "a")
        revs = list_revisions(conn, second.id)  # type: ignore[union-attr]
        raws = [get_source(conn, r.source_id).raw for r in revs if r.source_id is not None]
    assert first is not None and second is not None
    assert (first.revision_number, second.revision_number) == (1, 2)
    assert second.path == first.path  # the new URL never moves
    assert second.confidence == 0.9 and not second.edited
    assert [r.kind for r in revs] == ["migration", "migration"]
    assert raws == [RAW_FR, RAW_FR_FIXED]  # sources verbatim


def test_conflict_keeps_the_editor_revision(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        save_migrated(conn, record("a", RAW_FR), processed("a", RAW_FR), None)
        stored = get_article_by_legacy_id(conn, "a")
        assert stored is not None
        edited = processed("a", RAW_FR).article.with_blocks(())
        rev = add_revision(conn, stored.id, edited, kind="editor", author="marie", message="fixed the title")
        assert (
            save_migrated(conn, record("a", RAW_FR_FIXED), processed("a", RAW_FR_FIXED), None) == "conflict"
        )
        after = get_article(conn, stored.id)
        kept_sources = conn.execute(sa.select(sa.func.count()).select_from(sources)).scalar_one()
    assert after is not None
    assert (after.revision_id, after.edited, after.article.blocks, after.confidence) == (rev, True, (), 1.0)
    assert kept_sources == 2  # the new legacy source is kept, not applied


def test_reads_by_id_path_legacy_id_and_old_url(engine: sa.Engine) -> None:
    url = "https://www.old.example.ch/suisse/metro-m2.html?id=17"
    with engine.begin() as conn:
        save_migrated(conn, record("17", RAW_FR, url), processed("17", RAW_FR), None)
        stored = get_article_by_legacy_id(conn, "17")
        assert stored is not None
        assert stored.path == "/suisse/2019/03/le-metro-m2-ferme-tout-le-week-end-17"
        assert get_article_by_path(conn, stored.path + "/") == stored
        assert get_article(conn, stored.id) == stored
        assert article_for_legacy_url(conn, "/suisse/metro-m2.html?id=17") == stored.id
        assert article_for_legacy_url(conn, url) == stored.id
        assert get_article(conn, stored.id + 1) is None
        assert [a.id for a in iter_articles(conn, batch=1)] == [stored.id]
        assert stored.steps[0].rule == "split_glued_paragraphs"
        assert stored.findings[0].code == "glued_words"
        row = conn.execute(sa.select(id_map).where(id_map.c.legacy_id == "17")).one()
        assert (row.status, row.source_hash) == ("migrated", record("17", RAW_FR).sha256)
        kicker = conn.execute(sa.select(articles.c.kicker)).scalar_one()
        assert kicker == "Lausanne - Transports"


def test_add_revision_to_a_missing_article(engine: sa.Engine) -> None:
    with engine.begin() as conn, pytest.raises(NotFoundError, match="Article 99"):
        add_revision(conn, 99, processed("a", RAW_FR).article, kind="editor", author="marie")


def test_quarantine_keeps_raw_bytes_and_can_rebuild_the_record(engine: sa.Engine) -> None:
    garbage = record("x1", b"\x89PNG\r\n\x1a\n\x00\x00")
    failure = ReadFailure(
        "dump.xml", "nitf", b"<nitf><body", "dump.xml: truncated XML", "SourceError", "dump.xml"
    )
    with engine.begin() as conn:
        qid = quarantine_item(conn, garbage, "x1.txt, line 1: binary garbage", "UnreadableText", None)
        quarantine_item(conn, failure, failure.reason, failure.error, None)
        row = get_quarantined(conn, qid)
        assert count_quarantine(conn) == 2
        mapped = conn.execute(sa.select(id_map.c.status).where(id_map.c.legacy_id == "x1")).scalar_one()
    assert (row.raw, row.error, mapped) == (garbage.raw, "UnreadableText", "quarantined")
    assert record_of(row) == garbage


def test_a_quarantined_record_that_later_migrates_is_created(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        quarantine_item(conn, record("a", RAW_FR), "a.txt: no title", "StructureNotFound", None)
        assert save_migrated(conn, record("a", RAW_FR), processed("a", RAW_FR), None) == "created"
        status = conn.execute(sa.select(id_map.c.status).where(id_map.c.legacy_id == "a")).scalar_one()
        count = conn.execute(sa.select(sa.func.count()).select_from(revisions)).scalar_one()
    assert (status, count) == ("migrated", 1)


def test_runs_record_progress_and_reconcile(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        run_id = start_run(conn, "migrate", {"paths": ["x"], "dry_run": False})
        record_progress(conn, run_id, {"read": 3, "created": 2})
        assert get_run(conn, run_id).status == "running"
        finish_run(conn, run_id, "finished", {"read": 4, "created": 2, "quarantined": 1, "skipped": 1})
        summary = get_run(conn, run_id)
        assert list_runs(conn) == [summary]
    assert (summary.status, summary.read, summary.created, summary.balanced) == ("finished", 4, 2, True)
    assert summary.finished_at is not None


def test_every_revision_downgrades_and_upgrades_again(db_url: str) -> None:
    from alembic import command

    from archivist.store import alembic_config, upgrade_schema

    engine = open_store(db_url)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "base")
        assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade_schema(engine)
        with engine.connect() as conn:
            assert schema_revision(conn) == head_revision()
        assert {"articles", "revisions", "quarantine"} <= set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_document_hash_is_the_model_article_hash() -> None:
    from archivist.model import article_hash, article_to_dict
    from archivist.store.revisions import document_hash

    article = processed("a", RAW_FR).article
    assert document_hash(article_to_dict(article)) == article_hash(article)


def test_fast_documents_are_the_model_codec() -> None:
    import json

    from archivist.model import Block, Mark, Role, article_to_dict, finding_to_dict, step_to_dict
    from archivist.store.revisions import document_of, plain

    rich = processed("a", RAW_FR)
    article = rich.article.with_blocks(
        (
            Block(Role.PARAGRAPH, "Voir le site de la ville.", marks=(Mark(9, 24, "a", "https://x.ch"),)),
            Block(Role.FACTBOX, "Les faits", items=("Un", "Deux")),
            Block(Role.CAPTION, "La gare du Flon.", credit="KEYSTONE", src="/img/1.jpg", alt="gare"),
        )
    )

    def same(a: object, b: object) -> bool:
        return json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(
            b, sort_keys=True, ensure_ascii=False
        )

    assert same(document_of(article), article_to_dict(article))
    assert same(plain(rich.steps), [step_to_dict(s) for s in rich.steps])
    assert same(plain(rich.findings), [finding_to_dict(f) for f in rich.findings])
