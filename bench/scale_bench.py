"""``make bench-scale``: migrate throughput and peak memory against the I/O floor.

For each archive size (flattened-text dumps from :mod:`bench.synth`, ~1.7 kB an
article, 1,000 per file) and each database (SQLite, PostgreSQL), it measures in
fresh processes (:mod:`bench.measure`: wall time, peak RSS of the process and its
workers):

- ``floor``: read the same export with the same readers and insert the same raw
  bytes into one table in the same batches, without any recovery: the I/O floor;
- ``recover``: ``archivist recover DIR`` (no database, one core);
- ``migrate``: ``archivist migrate DIR`` into a fresh database, local engine with
  one process and with ``--workers 2``, and ``--engine dask`` (a LocalCluster of 2).

Each cell is the median of ``--repeats`` runs (the floor: at least 3). ``× floor`` is
migrate time over the floor time of the same size and database, i.e. what our own work
costs, in wall time and in CPU time (user+sys of the process and its workers; on a
shared machine the CPU time is the steadier of the two). ``load`` is the 1-minute load
average when the runs started (median): other jobs' share of the cores.

    python -m bench.scale_bench --sizes 10000,200000 --repeats 3
    python -m bench.scale_bench floor DIR URL      (one floor run, used by the above)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
PG_ADMIN = os.environ.get("ARCHIVIST_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BIN = Path(sys.executable).parent / "archivist"
# (label, extra migrate options): the engines compared
ENGINES: dict[str, list[str]] = {
    "local×1": ["--workers", "1"],  # migrate's default is one worker per core: say 1 explicitly
    "local×2": ["--workers", "2"],
    "dask×2": ["--engine", "dask", "--workers", "2"],
}
STAMP = ".complete"


def archive(size: int) -> Path:
    """The synthetic flattened-text archive of ``size`` articles (generated once)."""
    from bench.synth import generate

    out = OUT / f"scale-{size}"
    stamp = out / STAMP
    if not (stamp.exists() and stamp.read_text() == str(size)):
        generate(size, out, "text", seed=11, per_file=1000)
        stamp.write_text(str(size))
    return out


@contextmanager
def database(kind: str, tag: str) -> Iterator[str]:
    """A fresh database URL of ``kind`` (sqlite | postgresql), removed afterwards."""
    if kind == "sqlite":
        path = OUT / f"bench-{tag}-{uuid.uuid4().hex[:8]}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import sqlalchemy as sa

    name = f"archivist_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def io_floor(path: Path, url: str, batch: int = 500) -> int:
    """Read every record under ``path`` and insert its raw bytes, in batches: no recovery."""
    import sqlalchemy as sa

    from archivist.model import LegacyRecord
    from archivist.sources import read_paths
    from archivist.store.db import make_engine

    engine = make_engine(url)
    meta = sa.MetaData()
    table = sa.Table(
        "floor",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("legacy_id", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
    )
    meta.create_all(engine)
    count = 0
    rows: list[dict[str, Any]] = []
    for item in read_paths([path]):
        if isinstance(item, LegacyRecord):
            rows.append({"legacy_id": item.legacy_id, "sha256": item.sha256, "raw": item.raw})
        count += 1
        if len(rows) >= batch:
            with engine.begin() as conn:
                conn.execute(table.insert(), rows)
            rows = []
    if rows:
        with engine.begin() as conn:
            conn.execute(table.insert(), rows)
    engine.dispose()
    return count


def passthrough(record: Any, config: Any) -> Any:
    """A processor with no recovery at all: title = first line, one paragraph per line."""
    from archivist.model import Article, Block, Processed, Role

    lines = record.raw.decode("utf-8", "replace").splitlines() or [record.legacy_id]
    blocks = tuple(Block(Role.PARAGRAPH, line) for line in lines[1:])
    return Processed(Article(record.legacy_id, lines[0][:200], blocks=blocks))


def memory_probe(size: int, url: str) -> int:
    """Migrate ``size`` generated records (no files, no recovery) through the real run loop
    and store: what the pipeline itself holds in memory as the archive grows."""
    import random

    from archivist.config import MigrationConfig
    from archivist.engines import open_engine
    from archivist.model import LegacyRecord
    from archivist.pipeline import run_migration
    from archivist.store import open_store
    from bench.synth import make_article, render_text

    def records() -> Iterator[LegacyRecord]:
        for index in range(size):
            article = make_article(index, seed=13)
            text = render_text(article, random.Random(index))
            yield LegacyRecord(
                article.legacy_id, "text", text.encode("utf-8"), origin="probe", position=str(index)
            )

    config = MigrationConfig(db_url=url)
    engine = open_store(url)
    with open_engine(config, passthrough) as map_batch:
        summary = run_migration(engine, records(), config, map_batch, options={"probe": size})
    engine.dispose()
    return summary.read


def measure(argv: list[str]) -> dict[str, Any]:
    load = os.getloadavg()[0]  # other jobs on the machine: wall times mean little when it is high
    done = subprocess.run(
        [sys.executable, "-m", "bench.measure", *argv], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout)
    result["load"] = load
    if result["returncode"] != 0:
        print(
            f"warning: {' '.join(argv)} exited {result['returncode']}: {result['stderr_tail']}",
            file=sys.stderr,
        )
    return result


def cell(task: str, db: str, engine: str, size: int, runs: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = statistics.median(r["seconds"] for r in runs)
    cpu = statistics.median(r["cpu_seconds"] for r in runs)  # user+sys of the whole process tree
    return {
        "task": task,
        "db": db,
        "engine": engine,
        "articles": size,
        "runs": len(runs),
        "seconds": round(seconds, 2),
        "articles_per_s": round(size / seconds, 1),
        "cpu_seconds": round(cpu, 2),
        "articles_per_cpu_s": round(size / cpu, 1) if cpu else 0.0,
        "peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
        "load": round(statistics.median(r["load"] for r in runs), 1),
        "exit": max(r["returncode"] for r in runs),
    }


def bench_size(size: int, dbs: list[str], engines: list[str], repeats: int) -> list[dict[str, Any]]:
    path = archive(size)
    rows: list[dict[str, Any]] = []
    say = lambda text: print(f"[{datetime.now(UTC):%H:%M:%S}] {size}: {text}", file=sys.stderr, flush=True)  # noqa: E731
    say("recover")
    rows.append(cell("recover", "-", "local×1", size, [measure([str(BIN), "recover", str(path)])]))
    for db in dbs:
        runs = []
        for _ in range(max(3, repeats)):  # the floor is cheap: always a median of 3 or more
            with database(db, f"floor-{size}") as url:
                say(f"floor {db}")
                runs.append(measure([sys.executable, "-m", "bench.scale_bench", "floor", str(path), url]))
        rows.append(cell("floor", db, "-", size, runs))
        for label in engines:
            runs = []
            for _ in range(repeats):
                with database(db, f"migrate-{size}") as url:
                    say(f"migrate {db} {label}")
                    runs.append(measure([str(BIN), "migrate", str(path), "--db", url, *ENGINES[label]]))
            rows.append(cell("migrate", db, label, size, runs))
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    floors = {(r["articles"], r["db"]): r for r in rows if r["task"] == "floor"}
    lines = [
        "| task | db | engine | articles | runs | wall s | articles/s | CPU s | articles/CPU-s "
        "| peak RSS MiB | × floor (wall) | × floor (CPU) | load |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        floor = floors.get((r["articles"], r["db"]))
        wall = cpu = ""
        if floor and r["task"] == "migrate":
            wall = f"{r['seconds'] / floor['seconds']:.1f}"
            cpu = f"{r['cpu_seconds'] / floor['cpu_seconds']:.1f}" if floor["cpu_seconds"] else ""
        lines.append(
            f"| {r['task']} | {r['db']} | {r['engine']} | {r['articles']:,} | {r['runs']} | {r['seconds']} "
            f"| {r['articles_per_s']} | {r['cpu_seconds']} | {r['articles_per_cpu_s']} | {r['peak_rss_mib']} "
            f"| {wall} | {cpu} | {r['load']} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["memory"]:
        started = time.perf_counter()
        count = memory_probe(int(argv[1]), argv[2])
        print(f"{count} records in {time.perf_counter() - started:.2f}s", file=sys.stderr)
        return 0
    if argv[:1] == ["floor"]:
        started = time.perf_counter()
        count = io_floor(Path(argv[1]), argv[2])
        print(f"{count} records in {time.perf_counter() - started:.2f}s", file=sys.stderr)
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.scale_bench")
    parser.add_argument("--sizes", default="10000,200000")
    parser.add_argument("--dbs", default="sqlite,postgresql")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows += bench_size(size, args.dbs.split(","), args.engines.split(","), args.repeats)
    meta = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "command": "python -m bench.scale_bench " + " ".join(argv),
    }
    result = OUT / f"scale-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    result.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2), encoding="utf-8")
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
