"""Engines: how a batch of legacy records is turned into processed articles.

An engine maps :func:`process_item` over a batch and returns the results in the
input order; writes always stay in the calling process (:mod:`archivist.pipeline`).
``local`` runs in-process or on a process pool (``--workers N``); ``dask`` on a Dask
distributed cluster (:mod:`archivist.engines.dask_engine`).

A :class:`BatchMapper` can also *start* a batch (:attr:`BatchMapper.submit`) and be
waited on later: with worker processes, the run loop starts the next batch on the
workers, then writes the one before while they work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from archivist.config import MigrationConfig
from archivist.errors import ArchiveError, ConfigError, RecordError, RecordTooLarge, StructureNotFound
from archivist.model import LegacyRecord, Processed
from archivist.store.encoded import Encoded, encode


@dataclass(frozen=True, slots=True)
class Failed:
    """A record that could not be processed: its error class and a reason naming it."""

    error: str
    reason: str


Result = Processed | Failed
# what a batch gives back: each record encoded for the store where it was processed
# (archivist.store.encoded: a few strings cross the process boundary, not a dataclass tree)
Ready = Encoded | Failed
Processor = Callable[[LegacyRecord, MigrationConfig], Processed]
Waiting = Callable[[], list[Ready]]  # blocks until a submitted batch's results are there


@dataclass(frozen=True)
class BatchMapper:
    """Processes batches of records: ``submit(batch)`` starts one and returns what waits for
    its results (in input order); calling the mapper does both at once.

    ``ahead``: submitted batches are processed elsewhere (worker processes) as soon as they
    are submitted, so the run loop submits the next batch before writing the one before.
    In-process, the work happens while waiting, and reading ahead would buy nothing.
    """

    submit: Callable[[Sequence[LegacyRecord]], Waiting]
    ahead: bool = False

    def __call__(self, batch: Sequence[LegacyRecord]) -> list[Ready]:
        return self.submit(batch)()


def process(record: LegacyRecord, config: MigrationConfig) -> Processed:
    """Parse, repair and score one record (``archivist.process``), then check that no word
    of the legacy text was lost (:mod:`archivist.conservation`)."""
    try:
        from archivist.process import process_record  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError as exc:
        if exc.name != "archivist.process":
            raise
        from archivist.recover import parse_record

        return parse_record(record)
    from archivist.conservation import check_conservation

    result: Processed = process_record(record, config)
    return check_conservation(record, result)  # a word lost without a recorded step is an error finding


def _reason(record: LegacyRecord, exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return text if record.origin and record.origin in text else f"{record.where}: {text}"


def process_item(processor: Processor, config: MigrationConfig, record: LegacyRecord) -> Result:
    """One record, never raising: an unusable record becomes a :class:`Failed`."""
    if len(record.raw) > config.max_record_bytes:
        size = f"{len(record.raw):,} bytes (limit {config.max_record_bytes:,})"
        msg = f"{record.where}: the record holds {size}. Raise max_record_bytes in the config to migrate it."
        return Failed(RecordTooLarge.__name__, msg)
    try:
        return processor(record, config)
    except (RecordError, StructureNotFound) as exc:
        return Failed(exc.__class__.__name__, _reason(record, exc))
    except ArchiveError as exc:
        return Failed(exc.__class__.__name__, _reason(record, exc))
    except Exception as exc:  # a bug on one record must not stop the run: quarantine it, with the fact
        reason = f"{_reason(record, exc)} (internal error {exc.__class__.__name__}; please report it)"
        return Failed(exc.__class__.__name__, reason)


def process_records(
    processor: Processor, config: MigrationConfig, records: Sequence[LegacyRecord]
) -> list[Ready]:
    """A slice of a batch, results in order, encoded for the store (never raises): what a
    worker runs per task."""
    return [_encoded(record, process_item(processor, config, record)) for record in records]


def _encoded(record: LegacyRecord, result: Result) -> Ready:
    if isinstance(result, Failed):
        return result
    try:
        return encode(record, result)
    except Exception as exc:  # e.g. a value JSON cannot write: this record only, with the fact
        reason = f"{_reason(record, exc)} (the article cannot be written to the store; please report it)"
        return Failed(exc.__class__.__name__, reason)


def slices(records: Sequence[LegacyRecord], count: int) -> list[Sequence[LegacyRecord]]:
    """``records`` cut into at most ``count`` contiguous, nearly equal slices.

    >>> [len(p) for p in slices(list(range(10)), 4)]
    [3, 3, 2, 2]
    >>> slices([], 3)
    []
    """
    count = max(1, min(count, len(records)))
    size, extra = divmod(len(records), count)
    out: list[Sequence[LegacyRecord]] = []
    start = 0
    for index in range(count if records else 0):
        end = start + size + (1 if index < extra else 0)
        out.append(records[start:end])
        start = end
    return out


def open_engine(config: MigrationConfig, processor: Processor) -> AbstractContextManager[BatchMapper]:
    """The batch mapper of ``config.engine``, as a context manager that cleans up."""
    if config.engine == "local":
        from archivist.engines.local import local_engine

        return local_engine(config, processor)
    if config.engine == "dask":
        from archivist.engines.dask_engine import dask_engine

        return dask_engine(config, processor)
    msg = f"Config 'engine' has value {config.engine!r}. Use 'local' or 'dask'."
    raise ConfigError(msg)


def batched(items: Iterator[object] | Sequence[object], size: int) -> Iterator[list[object]]:
    """Lists of at most ``size`` items, streamed.

    >>> [len(b) for b in batched(range(5), 2)]
    [2, 2, 1]
    """
    batch: list[object] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
