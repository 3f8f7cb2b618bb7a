"""The Dask engine: recovery and repair on a Dask distributed cluster.

``migrate --engine dask`` connects to ``--scheduler ADDRESS`` (an existing cluster:
every worker needs the same archivist version installed), or starts a small
``LocalCluster`` of worker processes when no address is given. The driver still
reads the sources (streamed, one batch at a time) and writes every result itself,
through the same writer as the local engine, in input order: only the pure part
(:func:`archivist.engines.process_item`) runs on the workers, so both engines store
exactly the same thing.

Each batch is cut into partitions of records (their raw bytes travel to the
workers); the partitions' results come back in order. While the driver writes one
batch, the workers already process the next one (:meth:`BatchMapper.submit`).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from archivist.config import MigrationConfig
from archivist.engines import BatchMapper, Processor, Ready, Waiting, process_records, slices
from archivist.errors import ConfigError
from archivist.model import LegacyRecord

LOCAL_WORKERS = 2  # a LocalCluster's size when --workers is not given
PARTITIONS_PER_WORKER = 2  # partitions of a batch per worker: balanced without much overhead


def _connect(config: MigrationConfig) -> tuple[Any, Any]:
    """(client, cluster or None); the caller closes both."""
    from distributed import Client

    if config.scheduler:
        try:
            return Client(config.scheduler, timeout="20s"), None  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            msg = (
                f"Cannot reach the Dask scheduler at {config.scheduler!r}: {exc}. Check --scheduler "
                "(e.g. tcp://10.0.0.5:8786), or leave it out to start a local cluster."
            )
            raise ConfigError(msg) from exc
    workers = config.workers if config.workers > 1 else LOCAL_WORKERS
    with _sigint_ignored():  # the worker processes inherit it: Ctrl-C is the driver's to handle
        cluster = _local_cluster(workers)
    return Client(cluster), cluster  # type: ignore[no-untyped-call]


def _local_cluster(workers: int) -> Any:
    from distributed import LocalCluster

    return LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,  # no web dashboard (and no port clash with a running one)
        silence_logs=40,  # errors only: worker chatter would drown the run's summary
    )


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while worker processes start (an ignored signal survives exec)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _QuietAllExit(logging.Filter):
    """Drops asyncio's "Task exception was never retrieved" for Dask's AllExit.

    After Ctrl-C the interrupted gather's own tasks end with AllExit when the client
    closes (even at interpreter exit): expected, and not worth a traceback on the
    terminal. Every other asyncio message goes through.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return exc is None or type(exc).__name__ != "AllExit"


_QUIET = _QuietAllExit()


@contextmanager
def dask_engine(config: MigrationConfig, processor: Processor) -> Iterator[BatchMapper]:
    logging.getLogger("asyncio").addFilter(_QUIET)  # the same object: adding it twice is a no-op
    client, cluster = _connect(config)
    outstanding: list[Any] = []  # futures of batches submitted and not gathered yet
    try:
        workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))

        def on_cluster(batch: Sequence[LegacyRecord]) -> Waiting:
            parts = slices(list(batch), workers * PARTITIONS_PER_WORKER)
            if not parts:
                return list
            # pure=False: two partitions with equal records are still two tasks
            futures = client.map(
                process_records, [processor] * len(parts), [config] * len(parts), parts, pure=False
            )
            outstanding.extend(futures)

            def wait() -> list[Ready]:
                chunks = client.gather(futures)
                for future in futures:
                    outstanding.remove(future)
                return [result for chunk in chunks for result in chunk]

            return wait

        yield BatchMapper(on_cluster, ahead=True)
    finally:
        if outstanding:  # Ctrl-C or an error: leave nothing running on the cluster for this run
            client.cancel(outstanding)
        client.close()
        if cluster is not None:
            cluster.close()
