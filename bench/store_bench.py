"""What the main process of a migrate costs per article when workers do the recovery.

Every record of an export is processed and encoded first (the real
``archivist.process`` and :func:`archivist.store.encoded.encode`, not timed) and pickled
as a worker would send it back. Then the real run loop
(:func:`archivist.pipeline.run_migration`) migrates the same records into a fresh
database with a batch mapper that only unpickles those results, and only that is timed:
the part of a migrate that stays in the main process whatever the number of workers
(results received, id lookups, source, article, revision, id map and old URL writes,
the run's bookkeeping; reading the export is not in it). CPU time of this process; on
PostgreSQL the server's own CPU is not in it.

    python -m bench.store_bench --articles 3000 --repeats 3 [--db postgresql]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time
from collections.abc import Sequence

from archivist.config import MigrationConfig
from archivist.engines import BatchMapper, Ready, Waiting, process, process_records
from archivist.model import LegacyRecord
from archivist.pipeline import Item, run_migration, stream_items
from archivist.store import open_store
from bench.scale_bench import OUT, archive, database


def replay(sent: dict[str, bytes]) -> BatchMapper:
    """A mapper that hands back results pickled beforehand, as a process pool would."""

    def submit(batch: Sequence[LegacyRecord]) -> Waiting:
        return lambda: [pickle.loads(sent[record.sha256]) for record in batch]

    return BatchMapper(submit, ahead=True)


def timed_run(items: list[Item], sent: dict[str, bytes], url: str) -> float:
    """CPU seconds of one run loop over ``items`` into ``url`` (a fresh database)."""
    config = MigrationConfig(db_url=url)
    engine = open_store(url)
    try:
        started = time.process_time()
        summary = run_migration(engine, iter(items), config, replay(sent), options={})
        spent = time.process_time() - started
    finally:
        engine.dispose()
    assert summary.balanced and summary.created == len(sent), summary
    return spent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_bench")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--db", default="sqlite", help="sqlite or postgresql (a fresh database per run)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    items = list(stream_items([archive(args.articles)], "auto"))
    records = [i for i in items if isinstance(i, LegacyRecord)]
    ready: list[Ready] = process_records(process, MigrationConfig(), records)
    sent = {r.sha256: pickle.dumps(result) for r, result in zip(records, ready, strict=True)}
    runs = []
    for _ in range(args.repeats):
        with database(args.db, "store") as url:
            runs.append(timed_run(items, sent, url))
    cpu = statistics.median(runs)
    per = 1000 * cpu / len(sent)
    print(f"{args.db}: {len(sent)} articles, median of {len(runs)}: {cpu:.2f} CPU s, {per:.3f} ms/article")
    print("runs: " + ", ".join(f"{r:.2f}" for r in runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
