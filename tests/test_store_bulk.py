"""Saving a batch at once (store.bulk) is saving its records one after the other.

A batch is looked up and written a table at a time, so what one record writes is not
in the database yet when the next one is looked up: article paths and old URLs claimed
twice, a legacy id met twice, two ids of one article. Each case prepares a database,
then saves one batch with ``save_migrated_many`` on the database under test (SQLite
and PostgreSQL) and with ``save_migrated``, one call per record, on a SQLite reference:
the outcomes and the stored content (tests/snapshot.py) must be the same; dry runs
predict the outcomes. A processed article crosses from the worker as JSON text
(store.encoded): it decodes to what it was, and is stored byte for byte as the JSON
columns would write it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from archivist.model import Block, LegacyRecord, Mark, Processed, Role, article_hash
from archivist.store import open_store
from archivist.store.articles import add_revision, get_article_by_legacy_id, save_migrated
from archivist.store.bulk import classify_many, save_migrated_many
from archivist.store.encoded import decode, encode
from archivist.store.quarantine import quarantine_item
from archivist.store.revisions import document_of, plain
from archivist.store.tables import id_map, revisions
from tests.snapshot import content_snapshot, snapshot_diff
from tests.store_fixtures import RAW_DE, RAW_FR, processed, record

RAW_FR_FIXED = RAW_FR.replace(b"fermeture.Un", b"fermeture. Un")
OLD = "https://old.example.ch/suisse/metro.html"

Setup = Callable[[sa.Connection], None]


def stored(*records: LegacyRecord) -> Setup:
    def setup(conn: sa.Connection) -> None:
        for rec in records:
            save_migrated(conn, rec, processed(rec.legacy_id, rec.raw), None)

    return setup


def edited(legacy_id: str) -> Setup:
    def setup(conn: sa.Connection) -> None:
        article = get_article_by_legacy_id(conn, legacy_id)
        assert article is not None
        add_revision(conn, article.id, article.article.with_blocks(()), kind="editor", author="marie")

    return setup


def quarantined(legacy_id: str) -> Setup:
    def setup(conn: sa.Connection) -> None:
        quarantine_item(conn, record(legacy_id, b"\x00"), f"{legacy_id}.txt: binary", "UnreadableText", None)

    return setup


def unmapped(legacy_id: str) -> Setup:
    """The id map forgot the article (a later quarantine of the id): the article is still there."""

    def setup(conn: sa.Connection) -> None:
        conn.execute(
            sa.update(id_map)
            .where(id_map.c.legacy_id == legacy_id)
            .values(article_id=None, status="quarantined")
        )

    return setup


def aliased(legacy_id: str, to: str) -> Setup:
    """Two legacy ids for one article (duplicates an editor merged by hand)."""

    def setup(conn: sa.Connection) -> None:
        target = get_article_by_legacy_id(conn, to)
        assert target is not None
        conn.execute(sa.update(id_map).where(id_map.c.legacy_id == legacy_id).values(article_id=target.id))

    return setup


@pytest.mark.parametrize(
    ("before", "batch"),
    [
        # new records only
        ([], [record("a", RAW_FR), record("b", RAW_DE)]),
        # two legacy ids with the same slug: the second path gets a hash of its id
        ([], [record("a b", RAW_FR), record("a-b", RAW_FR)]),
        # a path taken by an article of an earlier run
        ([stored(record("a b", RAW_FR))], [record("a-b", RAW_FR)]),
        # two records claim one old URL: the first keeps it; an earlier run's claim wins
        ([], [record("a", RAW_FR, OLD), record("b", RAW_DE, OLD + "?x=1"), record("c", RAW_DE, OLD)]),
        ([stored(record("z", RAW_DE, OLD))], [record("a", RAW_FR, OLD)]),
        # created, updated and unchanged in one batch
        (
            [stored(record("a", RAW_FR), record("c", RAW_DE))],
            [record("a", RAW_FR_FIXED), record("b", RAW_DE), record("c", RAW_DE)],
        ),
        # an editor revised "a": conflict, between two records stored together
        (
            [stored(record("a", RAW_FR)), edited("a")],
            [record("x", RAW_DE), record("a", RAW_FR_FIXED), record("y", RAW_FR)],
        ),
        # quarantined earlier, migrates now
        ([quarantined("a")], [record("a", RAW_FR), record("b", RAW_DE)]),
        # the id map lost the article: the article gets a new revision, not a twin
        ([stored(record("a", RAW_FR)), unmapped("a")], [record("a", RAW_FR_FIXED), record("b", RAW_DE)]),
        # one legacy id twice in one call: the second sees the first
        ([], [record("a", RAW_FR), record("b", RAW_DE), record("a", RAW_FR_FIXED)]),
        # two legacy ids of one article change in one batch: its revisions are numbered in turn
        (
            [stored(record("a", RAW_FR), record("b", RAW_DE)), aliased("b", "a")],
            [record("a", RAW_FR_FIXED), record("b", RAW_FR_FIXED)],
        ),
        # the source changed back to one stored before: its source row is reused
        ([stored(record("a", RAW_FR), record("a", RAW_FR_FIXED))], [record("a", RAW_FR)]),
    ],
)
def test_a_batch_is_stored_as_one_by_one(
    db_url: str, tmp_path: Path, before: list[Setup], batch: list[LegacyRecord]
) -> None:
    reference = open_store(f"sqlite:///{tmp_path / 'one-by-one.db'}")
    engine = open_store(db_url)
    try:
        for store in (reference, engine):
            with store.begin() as conn:
                for setup in before:
                    setup(conn)
        pairs = [(rec, processed(rec.legacy_id, rec.raw)) for rec in batch]
        with reference.begin() as conn:
            expected = [save_migrated(conn, rec, result, None) for rec, result in pairs]
        with engine.begin() as conn:
            outcomes = save_migrated_many(conn, [(rec, encode(rec, result)) for rec, result in pairs], None)
        want, got = content_snapshot(reference), content_snapshot(engine)
    finally:
        reference.dispose()
        engine.dispose()
    assert outcomes == expected
    assert got == want, snapshot_diff(want, got)


def test_a_dry_run_predicts_every_outcome_of_a_batch(db_url: str) -> None:
    engine = open_store(db_url)
    batch = [record("a", RAW_FR_FIXED), record("b", RAW_DE), record("c", RAW_DE), record("e", RAW_FR_FIXED)]
    try:
        with engine.begin() as conn:
            stored(record("a", RAW_FR), record("c", RAW_DE), record("e", RAW_FR))(conn)
            edited("e")(conn)
            predicted = classify_many(conn, batch)
            outcomes = save_migrated_many(
                conn, [(r, encode(r, processed(r.legacy_id, r.raw))) for r in batch], None
            )
    finally:
        engine.dispose()
    assert predicted == outcomes == ["updated", "created", "unchanged", "conflict"]


RICH = processed("r", RAW_FR)
RICH_ARTICLE = RICH.article.with_blocks(
    (
        Block(Role.PARAGRAPH, "Voir le site «de la ville».", marks=(Mark(9, 24, "a", "https://x.ch"),)),
        Block(Role.FACTBOX, "Les faits", items=("Un", "Deux")),
        Block(Role.CAPTION, "La gare du Flon.", credit="KEYSTONE", src="/img/1.jpg", alt="gare"),
    )
)


@pytest.mark.parametrize(
    "result",
    [
        # steps, findings, a naive publication date
        RICH,
        # marks, list items, a figure, non-ASCII text
        replace(RICH, article=RICH_ARTICLE),
        # no date, no steps, no findings, another confidence
        Processed(replace(RICH_ARTICLE, published=None, url="https://old.example.ch/r"), confidence=0.25),
        # a time zone
        replace(RICH, article=replace(RICH_ARTICLE, published=datetime(2020, 5, 1, 8, tzinfo=UTC))),
    ],
)
def test_decode_gives_back_what_was_encoded(result: Processed) -> None:
    encoded = encode(record("r", RAW_FR), result)
    assert decode(encoded) == result
    assert encoded.content_hash == article_hash(result.article)


def test_json_text_is_stored_as_the_json_columns_write_it(db_url: str) -> None:
    """An engine of store.db stores the worker's JSON text as it is; another engine is given
    plain data and writes it itself: the bytes are json.dumps of the document either way."""
    from archivist.store.db import make_engine

    open_store(db_url).dispose()  # the schema
    plain_url = db_url.replace("postgresql://", "postgresql+psycopg://", 1)
    stored = {}
    for legacy_id, engine in (("r", make_engine(db_url)), ("s", sa.create_engine(plain_url))):
        result = replace(RICH, article=replace(RICH_ARTICLE, legacy_id=legacy_id))
        try:
            with engine.begin() as conn:
                save_migrated_many(
                    conn, [(record(legacy_id, RAW_FR), encode(record(legacy_id, RAW_FR), result))], None
                )
                text = sa.select(sa.cast(revisions.c.document, sa.Text), sa.cast(revisions.c.steps, sa.Text))
                stored[legacy_id] = conn.execute(text.order_by(revisions.c.id.desc()).limit(1)).one()
        finally:
            engine.dispose()
        want = (json.dumps(document_of(result.article)), json.dumps(plain(result.steps)))
        assert tuple(stored[legacy_id]) == want, legacy_id
