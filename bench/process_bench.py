"""CPU cost of recovery + repairs per article, in one process on one core (issue 2).

Times :func:`archivist.process.process_record` (what ``archivist recover`` runs per
record, without reading files or writing ninjs) over the files of a generated archive
(:mod:`bench.generate`), in CPU seconds of this process (``time.process_time``): the
machine is shared, so wall time says more about the neighbours than about the code.
The lexicons (with their suffix-sorted words) and the first record are loaded and
processed once before the clock starts (they load lazily, once per process).
``--min-bytes`` keeps only the larger articles. The archive renders the 155 gold
articles again and again (the files of 4 kB and more: about 15 of them), so a cache that
outlived an article would be served repeats a real archive does not have: the
recovery's per-line caches hold one article's lines. One memo does outlive articles:
the glued-word repair's words settled for good (a property of the word, bounded; a real
archive repeats most of its words and names too, but fewer than this one); ``--cold``
forgets it before every article, the rate of an archive where no word ever recurs.

    python -m bench.process_bench --articles 1000 --repeats 3
    python -m bench.process_bench --articles 5000 --min-bytes 4000
    python -m bench.process_bench --articles 1000 --cold

Prints one JSON object: articles, average bytes, best and median articles per CPU-second.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from archivist.model import LegacyRecord
from archivist.process import process_record
from archivist.recover.lexicon import LANGUAGES, lexicon, suffix_sorted
from archivist.repairs import splitting
from bench.generate import generate

OUT = Path(__file__).resolve().parent / "out"


def load_records(archive: Path, limit: int, min_bytes: int = 0) -> list[LegacyRecord]:
    records = []
    for path in sorted(archive.rglob("*.txt")):
        raw = path.read_bytes()
        if len(raw) >= min_bytes:
            records.append(LegacyRecord(path.stem, "text", raw, origin=str(path)))
        if len(records) >= limit:
            break
    return records


def articles_per_cpu_second(records: list[LegacyRecord], *, cold: bool = False) -> float:
    started = time.process_time()
    for record in records:
        if cold:  # no word known from an earlier article: an archive where nothing recurs
            splitting._SETTLED.clear()
        process_record(record)
    return len(records) / (time.process_time() - started)


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="records to time (default 1000)")
    parser.add_argument("--archive-size", type=int, default=5000, help="generated archive to read them from")
    parser.add_argument("--min-bytes", type=int, default=0, help="only records at least this large")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes (best and median reported)")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="forget the words settled by earlier articles before each one (the glued-word "
        "repair's memo): the rate of an archive where no word recurs, a lower bound",
    )
    args = parser.parse_args(argv)
    archive = generate(args.archive_size, OUT / f"archive-{args.archive_size}")
    records = load_records(archive, args.articles, args.min_bytes)
    if not records:
        msg = f"No record of at least {args.min_bytes} bytes in {archive}."
        raise SystemExit(msg)
    for language in LANGUAGES:  # the lexicons load lazily, once per process: not timed
        lexicon(language)
        suffix_sorted(language)
    process_record(records[0])
    rates = [articles_per_cpu_second(records, cold=args.cold) for _ in range(args.repeats)]
    return {
        "cold": args.cold,
        "articles": len(records),
        "average_bytes": round(sum(len(r.raw) for r in records) / len(records)),
        "best_articles_per_cpu_s": round(max(rates), 1),
        "median_articles_per_cpu_s": round(statistics.median(rates), 1),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
