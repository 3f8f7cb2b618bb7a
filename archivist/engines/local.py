"""The local engine: in-process, or a process pool for ``--workers N``.

Results come back in input order (``Executor.map``), so a run is reproducible
whatever the number of workers. Workers ignore Ctrl-C: the main process handles it
and ends the run cleanly.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial

from archivist.config import MigrationConfig
from archivist.engines import BatchMapper, Processor, Result, process_item
from archivist.model import LegacyRecord


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def local_engine(config: MigrationConfig, processor: Processor) -> Iterator[BatchMapper]:
    one = partial(process_item, processor, config)
    if config.workers <= 1:

        def in_process(batch: Sequence[LegacyRecord]) -> list[Result]:
            return [one(record) for record in batch]

        yield in_process
        return
    pool = ProcessPoolExecutor(max_workers=config.workers, initializer=_ignore_sigint)

    def on_pool(batch: Sequence[LegacyRecord]) -> list[Result]:
        # a few chunks per worker: little pickling overhead, and the pool stays balanced
        chunk = max(1, len(batch) // (config.workers * 4))
        return list(pool.map(one, batch, chunksize=chunk))

    try:
        yield on_pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
