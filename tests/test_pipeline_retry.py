"""``quarantine retry``: records that now migrate leave the quarantine, the others stay."""

from __future__ import annotations

import pytest

from archivist.config import MigrationConfig
from archivist.engines import open_engine
from archivist.model import ReadFailure
from archivist.pipeline import run_migration
from archivist.retry import retry_quarantined
from archivist.store import open_store
from archivist.store.articles import get_article_by_legacy_id
from archivist.store.quarantine import list_quarantine
from tests.store_fixtures import RAW_FR, lenient_process, record, toy_process

LATIN1 = record("latin1", "Genève - CultureLe Grand Théâtre rouvre\nUn lead.\n".encode("latin-1"))
GARBAGE = record("png", b"\x89PNG\r\n\x1a\n\x00\x00")
UNKNOWN = ReadFailure("notes.bin", "unknown", b"\x00\x01\x02", "notes.bin: no reader recognises this file.",
                      "FormatNotDetected", "notes.bin")  # fmt: skip


@pytest.mark.parametrize(
    ("processor", "expected_open", "expected_outcomes"),
    [
        # the same code: everything stays in quarantine
        (toy_process, {"latin1", "png", "notes.bin"}, ["quarantined", "quarantined", "quarantined"]),
        # the fixed code reads Latin-1: that record migrates and leaves the quarantine
        (lenient_process, {"png", "notes.bin"}, ["created", "quarantined", "quarantined"]),
    ],
)
def test_retry(db_url: str, processor: object, expected_open: set[str], expected_outcomes: list[str]) -> None:
    config = MigrationConfig(db_url=db_url)
    engine = open_store(db_url)
    try:
        with open_engine(config, toy_process) as map_batch:
            run_migration(
                engine, iter([LATIN1, record("ok", RAW_FR), GARBAGE, UNKNOWN]), config, map_batch, options={}
            )
        done = retry_quarantined(engine, config, processor=processor)  # type: ignore[arg-type]
        with engine.connect() as conn:
            still = {q.legacy_id for q in list_quarantine(conn)}
            resolved = {q.legacy_id for q in list_quarantine(conn, status="resolved")}
            migrated = get_article_by_legacy_id(conn, "latin1")
        again = retry_quarantined(engine, config, processor=processor)  # type: ignore[arg-type]
    finally:
        engine.dispose()
    assert [d.outcome for d in done] == expected_outcomes
    assert still == expected_open and resolved == {"latin1", "png", "notes.bin"} - expected_open
    assert (migrated is not None) == ("latin1" in resolved)
    assert len(again) == len(expected_open)  # resolved rows are not retried again
    unknown = next(d for d in done if d.legacy_id == "notes.bin")
    assert "--format" in unknown.reason
