"""Retry quarantined records with the current code (``archivist quarantine retry``).

A "record" row is rebuilt as the :class:`LegacyRecord` it was and processed again.
A "read" row (a file, or part of one, no reader could split) is read again with a
source reader: the ``--format`` given, else its recorded format, else one sniffed
from its bytes. Whatever now migrates is saved like any migrated record; what still
fails stays in (or enters) the quarantine with the new reason.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from archivist.config import MigrationConfig
from archivist.engines import Failed, Processor, process, process_item
from archivist.model import LegacyRecord, ReadFailure
from archivist.store.articles import save_migrated
from archivist.store.quarantine import (
    Quarantined,
    get_quarantined,
    list_quarantine,
    quarantine_item,
    record_of,
    set_quarantine_status,
)


@dataclass(frozen=True)
class Retried:
    """What a retry of one quarantine row gave."""

    quarantine_id: int
    legacy_id: str
    outcome: str  # created | updated | unchanged | conflict | quarantined (the row still fails)
    reason: str = ""
    records: int = 1  # records the row gave (a re-read file may hold several)


def items_of(row: Quarantined, fmt: str | None = None) -> Iterator[LegacyRecord | ReadFailure]:
    """The records a quarantine row stands for, read again when it was a read failure."""
    if row.kind == "record" and fmt is None:
        yield record_of(row)
        return
    from archivist.sources import HEAD_BYTES, detect_format, load_formats

    formats = load_formats()
    data, origin = row.raw, Path(row.origin)
    if row.kind == "read" and origin.is_file() and (not data or len(data) >= HEAD_BYTES):
        data = origin.read_bytes()  # the row holds only the head of the file, or nothing
    name = fmt or (row.format if row.format in formats else detect_format(origin.name, data[:HEAD_BYTES]))
    if name is None or name not in formats:
        reason = (
            f"{row.origin}: no reader recognises this file. Retry with --format to say which export it is."
        )
        yield ReadFailure(
            row.legacy_id, row.format, row.raw, reason, "FormatNotDetected", row.origin, row.position
        )
        return
    yield from formats[name].read(io.BytesIO(data), row.origin)


def retry_quarantined(
    engine: Engine,
    config: MigrationConfig,
    ids: Sequence[int] = (),
    *,
    fmt: str | None = None,
    processor: Processor = process,
) -> list[Retried]:
    """Re-process quarantined rows (all open ones, or ``ids``); one transaction per row."""
    with engine.connect() as conn:
        rows = [get_quarantined(conn, i) for i in ids] if ids else list_quarantine(conn)
    done: list[Retried] = []
    for row in rows:
        outcomes: list[str] = []
        still = ""
        with engine.begin() as conn:
            for item in items_of(row, fmt):
                result = None if isinstance(item, ReadFailure) else process_item(processor, config, item)
                if isinstance(item, LegacyRecord) and not isinstance(result, Failed):
                    assert result is not None
                    outcomes.append(save_migrated(conn, item, result, row.run_id))
                    continue
                failure = item if isinstance(item, ReadFailure) else result
                assert isinstance(failure, ReadFailure | Failed)
                if quarantine_item(conn, item, failure.reason, failure.error, row.run_id) == row.id:
                    still = failure.reason  # the row itself fails again
                outcomes.append("quarantined")
            set_quarantine_status(conn, row.id, "open" if still else "resolved", still or None)
        outcome = "quarantined" if still or not outcomes else _main(outcomes)
        done.append(Retried(row.id, row.legacy_id, outcome, still, len(outcomes)))
    return done


def _main(outcomes: list[str]) -> str:
    """The outcome to show for a row that gave several records: the most telling one."""
    for outcome in ("quarantined", "conflict", "created", "updated"):
        if outcome in outcomes:
            return outcome
    return "unchanged"
