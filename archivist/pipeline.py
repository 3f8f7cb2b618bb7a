"""migrate(): stream legacy records, process them, store them, reconcile the run.

The run loop reads records lazily from the sources, hands each batch of
``config.batch_size`` records to an engine (:mod:`archivist.engines`) and writes the
results in one transaction per batch, together with the run's counts so far; while it
writes one batch, the engine's worker processes already work on the next. Memory (two batches
at most) therefore does not grow with the archive (except a compact set of the legacy ids seen in
the run, 16 bytes an id, to catch duplicates: :mod:`archivist.seen`), and a crashed or
interrupted run can simply be started again: every record is idempotent (see
:mod:`archivist.store.articles`).

Every record read ends in exactly one outcome: created, updated, unchanged, conflict,
quarantined or skipped (a duplicate legacy id within the run).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from archivist.config import MigrationConfig
from archivist.conservation import CODE as TEXT_LOST
from archivist.engines import (
    BatchMapper,
    Failed,
    Processor,
    Ready,
    Waiting,
    batched,
    open_engine,
    process,
)
from archivist.errors import FormatNotDetected
from archivist.model import LegacyRecord, ReadFailure
from archivist.seen import SeenIds
from archivist.store import open_store
from archivist.store.bulk import classify_many, save_migrated_many
from archivist.store.encoded import Encoded, decode
from archivist.store.known import stored_hashes
from archivist.store.quarantine import quarantine_item
from archivist.store.runs import RunSummary, finish_run, get_run, record_progress, start_run
from archivist.store.stale import mark_stale_runs, run_owner

__all__ = ["Progress", "RunSummary", "migrate", "run_migration"]

Item = LegacyRecord | ReadFailure
# called after every record: (its outcome, the counts so far); the CLI draws a progress bar
Progress = Callable[[str, Mapping[str, int]], None]
MAX_NOTES = 50  # notes kept for the end-of-run summary (the quarantine table keeps them all)


class _Stored:
    """Marks a record stored already from the same bytes: "unchanged", not processed again."""


@dataclass
class _Tally:
    """The counts of a run; a batch's counts join only once its transaction commits."""

    counts: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    diffs: dict[str, list[str]] = field(default_factory=dict)  # dry runs: outcome -> sample diffs
    seen: SeenIds = field(default_factory=SeenIds)  # legacy id -> source hash prefix, this run

    def note(self, text: str) -> None:
        if len(self.notes) < MAX_NOTES:
            self.notes.append(text)

    def summary(self, run_id: int | None, status: str, config: MigrationConfig) -> RunSummary:
        c = self.counts
        return RunSummary(
            run_id=run_id,
            status=status,
            read=c["read"],
            created=c["created"],
            updated=c["updated"],
            unchanged=c["unchanged"],
            conflicts=c["conflict"],
            quarantined=c["quarantined"],
            skipped=c["skipped"],
            text_lost=c["text_lost"],
            dry_run=config.dry_run,
            engine=config.engine,
            notes=tuple(self.notes),
            diffs=tuple(
                d for outcome in ("updated", "conflict", "created") for d in self.diffs.get(outcome, ())
            ),
        )


def migrate(
    paths: Sequence[str | Path],
    config: MigrationConfig,
    *,
    progress: Progress | None = None,
    processor: Processor = process,
) -> RunSummary:
    """Migrate every record under ``paths`` into ``config.db_url``; never stops on one bad record."""
    mapper = open_engine(config, processor)  # a wrong engine fails before anything is written
    engine = open_store(config.db_url)
    options = {
        "paths": [str(p) for p in paths],
        "format": config.format,
        "language": config.language,
        "workers": config.workers,
        "batch_size": config.batch_size,
        "dry_run": config.dry_run,
        "vocabulary": config.vocabulary,
    }
    try:
        with mapper as map_batch:
            items = stream_items(paths, config.format)
            return run_migration(engine, items, config, map_batch, options=options, progress=progress)
    finally:
        engine.dispose()


def stream_items(paths: Sequence[str | Path], fmt: str) -> Iterator[Item]:
    """Every record under ``paths``, file by file; a reader that crashes on a file costs
    only the rest of that file, which is quarantined as a read failure."""
    from archivist.sources import iter_files, load_formats, read_paths

    if fmt != "auto" and fmt not in load_formats():
        msg = f"Format {fmt!r} is not known. Use auto or one of: {', '.join(sorted(load_formats()))}."
        raise FormatNotDetected(msg)
    for path in iter_files(paths):
        count = 0
        try:
            for item in read_paths([path], fmt):
                count += 1
                yield item
        except Exception as exc:  # a reader bug on one file must not stop the run
            reason = (
                f"{path}: the {fmt} reader stopped after {count} records ({exc.__class__.__name__}: {exc}). "
                "The rest of the file was not read; `archivist quarantine retry` reads it again."
            )
            yield ReadFailure(
                path.name, fmt, b"", reason, exc.__class__.__name__, str(path), f"after record {count}"
            )


def run_migration(
    engine: Engine,
    items: Iterable[Item],
    config: MigrationConfig,
    map_batch: BatchMapper,
    *,
    options: Mapping[str, Any],
    progress: Progress | None = None,
    command: str = "migrate",
) -> RunSummary:
    """The run loop over already-opened sources, store and engine (tests and resumes use it)."""
    tally = _Tally()
    run_id = None
    if not config.dry_run:
        with engine.begin() as conn:
            stale = mark_stale_runs(conn)  # runs killed earlier: this run resumes them
            run_id = start_run(conn, command, {**options, **run_owner()}, config.engine)
        for old in stale.interrupted:
            tally.note(
                f"run {old} stopped without finishing (killed?): marked interrupted; this run resumes it"
            )
    status = "finished"
    try:
        pending: _Started | None = None
        for batch in batched(iter(items), config.batch_size):
            # with worker processes, they start on this batch while the one before is written
            started = _start(engine, cast(list[Item], batch), map_batch)
            if pending is not None:
                _run_batch(engine, pending, config, run_id, tally, progress)
            pending = started
            if not map_batch.ahead:
                _run_batch(engine, pending, config, run_id, tally, progress)
                pending = None
        if pending is not None:
            _run_batch(engine, pending, config, run_id, tally, progress)
    except KeyboardInterrupt:
        status = "interrupted"  # the batches in flight are rolled back or dropped; a re-run picks them up
        _sync_committed(engine, run_id, tally)
    except BaseException:
        _finish(engine, run_id, "failed", tally)
        raise
    _finish(engine, run_id, status, tally)
    return tally.summary(run_id, status, config)


def _sync_committed(engine: Engine, run_id: int | None, tally: _Tally) -> None:
    """After Ctrl-C, take the counts the last committed batch wrote with its records.

    The interrupt may land just after a batch's COMMIT and before the loop counted it;
    the run's row was written in that same transaction, so it is the truth.
    """
    if run_id is None:
        return
    with engine.connect() as conn:
        committed = get_run(conn, run_id).counts()
    if committed["read"] > tally.counts["read"]:
        for key, value in committed.items():
            tally.counts["conflict" if key == "conflicts" else key] = value


def _finish(engine: Engine, run_id: int | None, status: str, tally: _Tally) -> None:
    if run_id is None:
        return
    with engine.begin() as conn:
        finish_run(conn, run_id, status, tally.counts)


@dataclass(frozen=True)
class _Started:
    """A batch whose records are being processed (those not stored already from the same bytes)."""

    batch: list[Item]
    known: dict[str, str]  # legacy id -> source hash already stored for it
    waiting: Waiting


def _start(engine: Engine, batch: list[Item], map_batch: BatchMapper) -> _Started:
    records = [item for item in batch if isinstance(item, LegacyRecord)]
    with engine.connect() as conn:  # stored from the same bytes already: not processed again
        known = stored_hashes(conn, [r.legacy_id for r in records])
    fresh = [r for r in records if known.get(r.legacy_id) != r.sha256]
    return _Started(batch, known, map_batch.submit(fresh))


def _run_batch(
    engine: Engine,
    started: _Started,
    config: MigrationConfig,
    run_id: int | None,
    tally: _Tally,
    progress: Progress | None,
) -> None:
    known = started.known
    results = iter(started.waiting())
    paired: list[tuple[Item, Ready | _Stored | None]] = [
        (
            item,
            None
            if isinstance(item, ReadFailure)
            else _Stored()
            if known.get(item.legacy_id) == item.sha256
            else next(results),
        )
        for item in started.batch
    ]
    try:
        with engine.begin() as conn:
            outcomes = _write(conn, paired, config, run_id, tally)
            if run_id is not None:
                record_progress(
                    conn, run_id, tally.counts + Counter(o for o, _ in outcomes) + _read(outcomes)
                )
    except SQLAlchemyError:
        # one record the database refuses must not cost the batch: write them one by one
        for pair in paired:
            alone = _write_alone(engine, pair, config, run_id, tally)
            _commit(alone, tally, progress)
            tally.counts["text_lost"] += _lost_text([pair], alone)
        if run_id is not None:
            with engine.begin() as conn:
                record_progress(conn, run_id, tally.counts)
        return
    _commit(outcomes, tally, progress)
    tally.counts["text_lost"] += _lost_text(paired, outcomes)


def _lost_text(paired: Sequence[tuple[Item, Ready | _Stored | None]], outcomes: list[tuple[str, str]]) -> int:
    """Stored articles whose legacy text lost words (:mod:`archivist.conservation`)."""
    return sum(
        1
        for (_, result), (outcome, _) in zip(paired, outcomes, strict=True)
        if outcome in {"created", "updated", "conflict"}
        and isinstance(result, Encoded)
        and TEXT_LOST in result.codes
    )


def _read(outcomes: list[tuple[str, str]]) -> Counter[str]:
    return Counter({"read": len(outcomes)})


def _commit(outcomes: list[tuple[str, str]], tally: _Tally, progress: Progress | None) -> None:
    for outcome, legacy_id_and_hash in outcomes:
        tally.counts["read"] += 1
        tally.counts[outcome] += 1
        legacy_id, _, digest = legacy_id_and_hash.partition("\0")
        if outcome not in {"skipped", "quarantined"} and legacy_id not in tally.seen:
            tally.seen[legacy_id] = digest
        if progress is not None:
            progress(outcome, tally.counts)


def _write_alone(
    engine: Engine,
    pair: tuple[Item, Ready | _Stored | None],
    config: MigrationConfig,
    run_id: int | None,
    tally: _Tally,
) -> list[tuple[str, str]]:
    item = pair[0]
    try:
        with engine.begin() as conn:
            return _write(conn, [pair], config, run_id, tally)
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        reason = f"{_where(item)}: the database refused it ({exc.__class__.__name__}: {cause})."
        with engine.begin() as conn:
            return _write(conn, [(item, Failed("StoreError", reason))], config, run_id, tally)


def _where(item: Item) -> str:
    if isinstance(item, LegacyRecord):
        return item.where
    parts = [p for p in (item.origin, item.position) if p]
    return f"{', '.join(parts)} (legacy id {item.legacy_id!r})" if parts else repr(item.legacy_id)


def _write(
    conn: Connection,
    paired: Sequence[tuple[Item, Ready | _Stored | None]],
    config: MigrationConfig,
    run_id: int | None,
    tally: _Tally,
) -> list[tuple[str, str]]:
    """Store one batch; returns (outcome, legacy id + hash) per item, in order.

    The records to store are written together (:mod:`archivist.store.bulk`), a run of
    them at a time: a quarantined item between them is written after the records before
    it and before those after it, so the id map sees the order of the export.
    """
    outcomes: list[tuple[str, str]] = []
    notes: dict[int, str] = {}  # index -> note, given to the tally in item order
    batch_seen: dict[str, str] = {}
    group: list[tuple[int, LegacyRecord, Encoded]] = []  # (index in outcomes, record, result)

    def flush() -> None:
        records = [record for _, record, _ in group]
        if config.dry_run:
            found = classify_many(conn, records)
        else:
            found = save_migrated_many(conn, [(record, result) for _, record, result in group], run_id)
        for (index, record, result), outcome in zip(group, found, strict=True):
            if config.dry_run:
                _sample_diff(conn, record, result, outcome, tally)
            if outcome == "conflict":
                notes[index] = (
                    f"conflict {_where(record)}: the source changed but an editor revised the article; kept"
                )
            outcomes[index] = (outcome, outcomes[index][1])
        group.clear()

    for item, result in paired:
        key = f"{item.legacy_id}\0{item.sha256}"
        first = tally.seen.get(item.legacy_id) or batch_seen.get(item.legacy_id)
        if isinstance(item, LegacyRecord) and first is not None:
            same = "the same content" if item.sha256.startswith(first) else "different content"
            notes[len(outcomes)] = (
                f"skipped {_where(item)}: duplicate legacy id, {same} as a record read before"
            )
            outcomes.append(("skipped", key))
            continue
        if isinstance(item, ReadFailure) or isinstance(result, Failed):
            failure = item if isinstance(item, ReadFailure) else cast(Failed, result)
            reason, error = failure.reason, failure.error
            if not config.dry_run:
                if group:
                    flush()
                quarantine_item(conn, item, reason, error, run_id)
            notes[len(outcomes)] = f"quarantined: {reason}"
            outcomes.append(("quarantined", key))
            continue
        assert result is not None
        batch_seen[item.legacy_id] = item.sha256
        if isinstance(result, _Stored):
            outcomes.append(("unchanged", key))
            continue
        group.append((len(outcomes), item, result))
        outcomes.append(("", key))  # filled in by flush()
    if group:
        flush()
    for index in sorted(notes):
        tally.note(notes[index])
    return outcomes


def _sample_diff(
    conn: Connection, record: LegacyRecord, encoded: Encoded, outcome: str, tally: _Tally
) -> None:
    """Dry runs: keep a before/after diff for the first records of each changing outcome."""
    from archivist.dryrun import SAMPLE_PER_OUTCOME, article_diff
    from archivist.store.articles import get_article_by_legacy_id

    sample = tally.diffs.setdefault(outcome, [])
    if outcome not in {"created", "updated", "conflict"} or len(sample) >= SAMPLE_PER_OUTCOME:
        return
    stored = get_article_by_legacy_id(conn, record.legacy_id)
    sample.append(
        article_diff(record.legacy_id, outcome, stored.article if stored else None, decode(encoded).article)
    )
