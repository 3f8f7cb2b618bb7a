"""``make bench``: recover and migrate throughput and peak memory at two archive sizes.

For each size (5,000 and 20,000 articles by default) it generates the archive
(:mod:`bench.generate`), then measures in fresh processes (:mod:`bench.measure`):

- ``archivist recover DIR`` on one core (ninjs to /dev/null);
- ``archivist migrate DIR --db sqlite:///…`` into a new SQLite file (one worker).

Results go to ``bench/out/results.json``; a markdown table is printed for
BENCHMARKS.md. Peak memory should stay flat from one size to the other: both
commands stream. ``python -m bench.run 1000 4000`` picks other sizes.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.generate import generate

OUT = Path(__file__).resolve().parent / "out"
SIZES = (5000, 20000)
BIN = Path(sys.executable).parent / "archivist"


def measure(argv: list[str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.measure", *argv], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    if result["returncode"] not in (0,):
        print(
            f"warning: {' '.join(argv)} exited {result['returncode']}: {result['stderr_tail']}",
            file=sys.stderr,
        )
    return result


def bench_size(size: int) -> list[dict[str, object]]:
    archive = generate(size, OUT / f"archive-{size}")
    db = OUT / f"bench-{size}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    rows = []
    for task, argv in (
        ("recover", [str(BIN), "recover", str(archive)]),
        ("migrate", [str(BIN), "migrate", str(archive), "--db", f"sqlite:///{db}"]),
    ):
        print(f"{task} {size} articles…", file=sys.stderr, flush=True)
        result = measure(argv)
        seconds, cpu = float(result["seconds"]), float(result["cpu_seconds"])  # type: ignore[arg-type]
        ok = result["returncode"] == 0
        result |= {
            "task": task,
            "articles": size,
            # the machine is shared: CPU seconds say what the code costs, wall seconds what a user waits
            "articles_per_s": round(size / seconds, 1) if ok else None,
            "articles_per_cpu_s": round(size / cpu, 1) if ok and cpu else None,
        }
        rows.append(result)
    return rows


def markdown(rows: list[dict[str, object]]) -> str:
    lines = [
        "| task | articles | wall s | CPU s | articles/s (wall) | articles/CPU-s | peak RSS (MiB) | exit |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['task']} | {r['articles']:,} | {r['seconds']} | {r['cpu_seconds']} "
            f"| {r['articles_per_s']} | {r['articles_per_cpu_s']} | {r['peak_rss_mib']} | {r['returncode']} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    sizes = tuple(int(a) for a in argv) or SIZES
    OUT.mkdir(parents=True, exist_ok=True)
    rows = [row for size in sizes for row in bench_size(size)]
    meta = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "command": "make bench  (python -m bench.run " + " ".join(map(str, sizes)) + ")",
    }
    (OUT / "results.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2), encoding="utf-8")
    print(markdown(rows))
    failed = [r for r in rows if r["returncode"] != 0]
    for r in failed:
        print(f"FAILED: {' '.join(map(str, r['command']))}: {r['stderr_tail']}", file=sys.stderr)
    # legacy HTML: learned site template vs trafilatura on the same pages (issue 4)
    subprocess.run([sys.executable, "-m", "bench.html_bench"], check=True)
    # the site under load: article pages vs the minimal route, 50 clients (issue 5)
    subprocess.run([sys.executable, "-m", "bench.site_bench"], check=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
