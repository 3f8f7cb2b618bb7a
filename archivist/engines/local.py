"""The local engine: in-process, or a process pool for ``--workers N``.

Results come back in input order, so a run is reproducible whatever the number of
workers. On the pool, a submitted batch is cut into a few slices per worker (one
task each: little pickling overhead, and the pool stays balanced) and the workers
start on it at once, while the main process writes the batch before. Workers ignore
Ctrl-C: the main process handles it and ends the run cleanly; they exit by themselves
when the main process is killed.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial

from archivist.config import MigrationConfig
from archivist.engines import BatchMapper, Processor, Ready, Waiting, process_records, slices
from archivist.model import LegacyRecord

SLICES_PER_WORKER = 4  # tasks per worker and batch
PARENT_CHECK = 1.0  # seconds between a worker's checks that its main process is alive


def _start_worker(parent: int) -> None:
    """Ctrl-C is the main process's to handle; and a worker whose main process was killed
    (SIGKILL leaves no chance to stop the pool) exits instead of waiting forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), name="parent-watch", daemon=True).start()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(1)


@contextmanager
def local_engine(config: MigrationConfig, processor: Processor) -> Iterator[BatchMapper]:
    if config.workers <= 1:

        def in_process(batch: Sequence[LegacyRecord]) -> Waiting:
            return partial(process_records, processor, config, list(batch))  # runs when waited for

        yield BatchMapper(in_process)
        return
    pool = ProcessPoolExecutor(max_workers=config.workers, initializer=_start_worker, initargs=(os.getpid(),))

    def on_pool(batch: Sequence[LegacyRecord]) -> Waiting:
        parts = slices(list(batch), config.workers * SLICES_PER_WORKER)
        futures = [pool.submit(process_records, processor, config, part) for part in parts]

        def wait() -> list[Ready]:
            return [result for future in futures for result in future.result()]

        return wait

    try:
        yield BatchMapper(on_pool, ahead=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
