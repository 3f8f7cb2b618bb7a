"""The run loop: reconciliation, quarantine, duplicates, re-runs, dry runs, workers, Ctrl-C.

These tests feed records straight into ``run_migration`` with a small processor of
our own (tests/store_fixtures.py); the end-to-end tests with the real parsers and
sources are in tests/test_pipeline_e2e.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
import sqlalchemy as sa

from archivist.config import MigrationConfig
from archivist.engines import open_engine
from archivist.model import LegacyRecord, ReadFailure
from archivist.pipeline import RunSummary, run_migration, stream_items
from archivist.store import open_store
from archivist.store.quarantine import list_quarantine
from archivist.store.runs import get_run
from tests.store_fixtures import RAW_DE, RAW_FR, record, table_fingerprint, toy_process

GOOD_A = record("a", RAW_FR)
GOOD_B = record("b", RAW_DE)
GARBAGE = record("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
EMPTY = record("empty", b"  \n")
LATIN1 = record("latin1", "Genève - CultureLe Grand Théâtre rouvre\nUn lead.\n".encode("latin-1"))
NO_BODY = record("nobody", b"Just one line without a body")
BUGGY = record("bug", b"Title\nBUG in the parser\n")
TRUNCATED = ReadFailure("dump.xml", "nitf", b"<nitf><body.content><p>Der Kan", "dump.xml: truncated XML")


def run(url: str, items: list[LegacyRecord | ReadFailure], **changes: object) -> RunSummary:
    config = MigrationConfig(db_url=url, batch_size=2).updated(**changes)
    engine = open_store(url)
    try:
        with open_engine(config, toy_process) as map_batch:
            return run_migration(engine, iter(items), config, map_batch, options={"paths": ["test"]})
    finally:
        engine.dispose()


def counts(summary: RunSummary) -> tuple[int, ...]:
    s = summary
    return (s.read, s.created, s.updated, s.unchanged, s.conflicts, s.quarantined, s.skipped)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # read, created, updated, unchanged, conflicts, quarantined, skipped
        # clean records only
        ([GOOD_A, GOOD_B], (2, 2, 0, 0, 0, 0, 0)),
        # binary garbage, an empty file and a wrong encoding are quarantined, the rest goes on
        ([GARBAGE, GOOD_A, EMPTY, LATIN1, GOOD_B], (5, 2, 0, 0, 0, 3, 0)),
        # a reader failure and a record without structure
        ([TRUNCATED, NO_BODY, GOOD_A], (3, 1, 0, 0, 0, 2, 0)),
        # a bug in the parser on one record does not stop the run
        ([BUGGY, GOOD_A], (2, 1, 0, 0, 0, 1, 0)),
        # a duplicate legacy id with other content, in the same batch and in a later batch
        ([GOOD_A, record("a", RAW_DE), GOOD_B, record("a", RAW_FR + b"x")], (4, 2, 0, 0, 0, 0, 2)),
        # the very same record twice: the second is a duplicate too
        ([GOOD_A, GOOD_A], (2, 1, 0, 0, 0, 0, 1)),
        # nothing at all
        ([], (0, 0, 0, 0, 0, 0, 0)),
    ],
)
def test_every_record_is_accounted_for(
    db_url: str, items: list[LegacyRecord], expected: tuple[int, ...]
) -> None:
    summary = run(db_url, items)
    assert counts(summary) == expected
    assert summary.balanced and summary.status == "finished"
    engine = open_store(db_url)
    with engine.connect() as conn:
        stored = get_run(conn, summary.run_id)  # type: ignore[arg-type]
        reasons = [q.reason for q in list_quarantine(conn)]
    engine.dispose()
    assert counts(stored) == expected and stored.status == "finished"
    assert len(reasons) == summary.quarantined
    assert all(".txt" in r or "dump.xml" in r for r in reasons)  # each reason names the file


def test_second_run_adds_nothing_and_changes_nothing_but_the_runs_table(db_url: str) -> None:
    items = [GOOD_A, GARBAGE, GOOD_B, TRUNCATED]
    first = run(db_url, items)
    engine = open_store(db_url)
    before = table_fingerprint(engine)
    second = run(db_url, items)
    after = table_fingerprint(engine)
    engine.dispose()
    assert counts(first) == (4, 2, 0, 0, 0, 2, 0)
    assert counts(second) == (4, 0, 0, 2, 0, 2, 0)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"runs"}


def test_changed_source_updates_the_article(db_url: str) -> None:
    run(db_url, [GOOD_A, GOOD_B])
    summary = run(db_url, [record("a", RAW_FR.replace(b"m2", b"M2")), GOOD_B])
    assert counts(summary) == (2, 0, 1, 1, 0, 0, 0)


def test_dry_run_classifies_and_writes_nothing(db_url: str) -> None:
    run(db_url, [GOOD_A])
    engine = open_store(db_url)
    before = table_fingerprint(engine)
    summary = run(db_url, [GOOD_A, record("a2", RAW_FR), GARBAGE], dry_run=True)
    after = table_fingerprint(engine)
    engine.dispose()
    assert counts(summary) == (3, 1, 0, 1, 0, 1, 0)
    assert (summary.run_id, summary.dry_run) == (None, True)
    assert after == before


def test_workers_give_the_same_result_as_one_process(db_url: str, tmp_path: Path) -> None:
    items = [GOOD_A, GARBAGE, GOOD_B, EMPTY, record("c", RAW_FR + b"Encore un paragraphe.\n")]
    one_url = f"sqlite:///{tmp_path / 'one.db'}"
    one = run(one_url, items)
    pooled = run(db_url, items, workers=2)
    assert counts(one) == counts(pooled) == (5, 3, 0, 0, 0, 2, 0)
    e1, e2 = open_store(one_url), open_store(db_url)
    f1, f2 = table_fingerprint(e1), table_fingerprint(e2)
    e1.dispose()
    e2.dispose()
    assert f1["revisions"][0] == f2["revisions"][0] and f1["quarantine"][0] == f2["quarantine"][0]


def interrupted_after(n: int, items: list[LegacyRecord]) -> Iterator[LegacyRecord]:
    for i, item in enumerate(items):
        if i == n:
            raise KeyboardInterrupt
        yield item


def test_ctrl_c_ends_the_run_cleanly_and_a_rerun_resumes(db_url: str) -> None:
    items = [
        GOOD_A,
        GOOD_B,
        record("c", RAW_FR + b"x\n"),
        record("d", RAW_DE + b"y\n"),
        record("e", RAW_FR + b"z\n"),
    ]
    config = MigrationConfig(db_url=db_url, batch_size=2)
    engine = open_store(db_url)
    with open_engine(config, toy_process) as map_batch:
        summary = run_migration(engine, interrupted_after(3, items), config, map_batch, options={})
    with engine.connect() as conn:
        stored = get_run(conn, summary.run_id)  # type: ignore[arg-type]
    engine.dispose()
    # the first batch (a, b) committed; c was in flight and rolled back
    assert (summary.status, stored.status) == ("interrupted", "interrupted")
    assert counts(summary) == counts(stored) == (2, 2, 0, 0, 0, 0, 0)
    resumed = run(db_url, items)
    assert counts(resumed) == (5, 3, 0, 2, 0, 0, 0)


def test_oversized_records_are_quarantined(db_url: str) -> None:
    summary = run(db_url, [GOOD_A, record("big", RAW_DE * 40)], max_record_bytes=1000)
    engine = open_store(db_url)
    with engine.connect() as conn:
        (item,) = list_quarantine(conn)
    engine.dispose()
    assert counts(summary) == (2, 1, 0, 0, 0, 1, 0)
    assert (item.legacy_id, item.error) == ("big", "RecordTooLarge")
    assert "max_record_bytes" in item.reason


def test_quarantined_rows_keep_the_raw_bytes(db_url: str) -> None:
    run(db_url, [GARBAGE, LATIN1, TRUNCATED])
    engine = open_store(db_url)
    with engine.connect() as conn:
        rows = {q.legacy_id: (q.raw, q.error) for q in list_quarantine(conn)}
        total = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar_one()
    engine.dispose()
    assert rows == {
        "png": (GARBAGE.raw, "UnreadableText"),
        "latin1": (LATIN1.raw, "UnreadableText"),
        "dump.xml": (TRUNCATED.raw, "SourceError"),
    }
    assert total == 0


def crashing_reader(stream: BinaryIO, origin: str) -> Iterator[LegacyRecord]:
    """A reader with a bug: two records, then it crashes."""
    for n, line in enumerate(stream.read().splitlines()[:2]):
        yield LegacyRecord(
            f"crash-{n}", "crashy", line + b"\nbody\n", origin=origin, position=f"line {n + 1}"
        )
    msg = "list index out of range"
    raise IndexError(msg)


def test_a_reader_crash_costs_only_the_rest_of_that_file(tmp_path: Path) -> None:
    from archivist.sources import FORMATS, SourceFormat

    for name, text in (("a.txt", b"one\ntwo\nthree\n"), ("b.txt", b"four\nfive\n")):
        (tmp_path / name).write_bytes(text)
    FORMATS["crashy"] = SourceFormat("crashy", lambda name, head: False, crashing_reader)
    try:
        items = list(stream_items([tmp_path], "crashy"))
    finally:
        del FORMATS["crashy"]
    kinds = [(type(i).__name__, i.legacy_id) for i in items]
    assert kinds == [
        ("LegacyRecord", "crash-0"),
        ("LegacyRecord", "crash-1"),
        ("ReadFailure", "a.txt"),
        ("LegacyRecord", "crash-0"),
        ("LegacyRecord", "crash-1"),
        ("ReadFailure", "b.txt"),
    ]
    failure = items[2]
    assert isinstance(failure, ReadFailure)
    assert "stopped after 2 records (IndexError" in failure.reason and failure.position == "after record 2"
