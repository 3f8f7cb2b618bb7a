"""What the run loop and the store cost per article, without recovery.

Every record of an export is processed first (the real ``archivist.process``, not
timed); then the real run loop (:func:`archivist.pipeline.run_migration`) migrates the
same records into a fresh database with a processor that hands back those results, and
only that is timed: reading nothing, recovering nothing, it is the part of a migrate
that stays in the main process (id lookups, source, article, revision, id map and old
URL writes, the run's bookkeeping). CPU time of this process; on PostgreSQL the
server's own CPU is not in it.

    python -m bench.store_bench --articles 3000 --repeats 3 [--db postgresql://…]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from archivist.config import MigrationConfig
from archivist.engines import open_engine, process
from archivist.model import LegacyRecord, Processed
from archivist.pipeline import run_migration, stream_items
from archivist.store import open_store
from bench.scale_bench import OUT, archive, database


def timed_run(items: list[object], results: dict[str, Processed], url: str) -> float:
    """CPU seconds of one run loop over ``items`` into ``url`` (a fresh database)."""

    def stored(record: LegacyRecord, _config: MigrationConfig) -> Processed:
        return results[record.sha256]

    config = MigrationConfig(db_url=url)
    engine = open_store(url)
    try:
        with open_engine(config, stored) as map_batch:
            started = time.process_time()
            summary = run_migration(engine, iter(items), config, map_batch, options={})  # type: ignore[arg-type]
            spent = time.process_time() - started
    finally:
        engine.dispose()
    assert summary.balanced and summary.created == len(results), summary
    return spent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_bench")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--db", default="sqlite", help="sqlite or postgresql (a fresh database per run)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    items: list[object] = list(stream_items([archive(args.articles)], "auto"))
    config = MigrationConfig()
    results = {i.sha256: process(i, config) for i in items if isinstance(i, LegacyRecord)}
    runs = []
    for _ in range(args.repeats):
        with database(args.db, "store") as url:
            runs.append(timed_run(items, results, url))
    cpu = statistics.median(runs)
    per = 1000 * cpu / len(results)
    print(f"{args.db}: {len(results)} articles, median of {len(runs)}: {cpu:.2f} CPU s, {per:.3f} ms/article")
    print("runs: " + ", ".join(f"{r:.2f}" for r in runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
