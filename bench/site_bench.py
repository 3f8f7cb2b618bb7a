"""The site under load: article pages vs the minimal route, 50 concurrent clients, loopback.

``python -m bench.site_bench [ARTICLES]`` (``make bench`` calls :func:`run`):

1. stores ARTICLES synthetic articles (default 20,000; :mod:`bench.synth`) through the
   store API into ``bench/out/site-ARTICLES.db`` (kept between runs);
2. starts ``archivist serve`` on a free port (one uvicorn process, as shipped);
3. loads, in the same run and with the same client settings, the minimal route
   ``/_ping`` (a fixed 2-byte response from the same app and middleware) and article
   pages drawn at random from the HOT most recent articles (the pages a news site
   mostly serves; warmed first), alternating ROUNDS times and keeping the median
   round of each; then article pages drawn from the whole archive (mostly cache
   misses: every page is fetched from the store and rendered);
4. writes ``bench/out/site.json`` and prints a markdown table for BENCHMARKS.md.

The load generator is ``wrk`` (Debian package) with one thread and 50 connections
when it is installed, else an asyncio + httpx client with 50 workers; each load is
bounded (duration for wrk, request count for the fallback).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.synth import make_article

OUT = Path(__file__).resolve().parent / "out"
CLIENTS = 50
DURATION = 5  # seconds per wrk load
ROUNDS = 3  # ping and hot article loads alternate this many times; the medians are reported
REQUESTS = 20_000  # per load with the fallback client
HOT = 1_000  # articles in the hot set
PING = "minimal route (/_ping)"
HOT_ROW = f"article page, hot set ({HOT} articles)"
BIN = Path(sys.executable).parent / "archivist"


def build_archive(size: int, db: Path) -> list[str]:
    """Store ``size`` synthetic articles (once); returns their paths, newest first."""
    from sqlalchemy import select

    from archivist.model import Article, Block, LegacyRecord, Processed, Role
    from archivist.store import open_store
    from archivist.store.articles import save_migrated
    from archivist.store.tables import articles

    engine = open_store(f"sqlite:///{db}")
    with engine.connect() as conn:
        present = conn.execute(select(articles.c.id).limit(1).offset(size - 1)).first() is not None
    if not present:
        for start in range(0, size, 1000):
            with engine.begin() as conn:
                for i in range(start, min(size, start + 1000)):
                    s = make_article(i)
                    blocks: list[Block] = []
                    for n, paragraph in enumerate(s.paragraphs):
                        if n and n % 2 == 0 and n // 2 - 1 < len(s.subheads):
                            blocks.append(Block(Role.SUBHEAD, s.subheads[n // 2 - 1]))
                        blocks.append(Block(Role.PARAGRAPH, paragraph))
                    blocks.insert(2, Block(Role.CAPTION, s.caption, credit=s.credit, src="/static/x.jpg"))
                    article = Article(
                        legacy_id=s.legacy_id,
                        title=s.title,
                        language=s.language,
                        kicker=s.kicker,
                        lead=s.lead,
                        byline=s.signature,
                        published=datetime.fromisoformat(s.date),
                        section=s.section,
                        url=s.url,
                        blocks=tuple(blocks),
                        imported=True,
                    )
                    record = LegacyRecord(s.legacy_id, "text", s.title.encode() + s.lead.encode(), url=s.url)
                    save_migrated(conn, record, Processed(article, confidence=0.9), None)
    with engine.connect() as conn:
        paths = list(
            conn.execute(
                select(articles.c.path).order_by(articles.c.published_at.desc(), articles.c.id.desc())
            ).scalars()
        )
    engine.dispose()
    return paths


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(base: str, timeout: float = 120.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/_ping", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    msg = f"archivist serve did not answer at {base} within {timeout:.0f} s"
    raise RuntimeError(msg)


_WRK_SCRIPT = """
local paths = {}
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  math.randomseed(os.time())
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def _wrk_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load_wrk(base: str, paths: list[str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        listing, script = Path(tmp) / "paths.txt", Path(tmp) / "paths.lua"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        script.write_text(_WRK_SCRIPT, encoding="utf-8")
        argv = ["wrk", "-t1", f"-c{CLIENTS}", f"-d{DURATION}s", "--latency", "-s", str(script), base, "--"]
        done = subprocess.run([*argv, str(listing)], capture_output=True, text=True, check=True)
    text = done.stdout
    requests = int(re.search(r"(\d+) requests in", text).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "requests": requests,
        "per_s": round(float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)), 1),  # type: ignore[union-attr]
        "p50_ms": round(_wrk_ms(re.search(r"50%\s+(\S+)", text).group(1)), 2),  # type: ignore[union-attr]
        "p99_ms": round(_wrk_ms(re.search(r"99%\s+(\S+)", text).group(1)), 2),  # type: ignore[union-attr]
        "errors": int(errors.group(1)) if errors else 0,
        "client": "wrk -t1 -c50",
    }


async def _load_httpx(base: str, paths: list[str], total: int) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    errors = 0
    rng = random.Random(7)
    queue = [rng.choice(paths) for _ in range(total)]

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while queue:
            path = queue.pop()
            start = time.perf_counter()
            response = await client.get(path)
            latencies.append(time.perf_counter() - start)
            errors += response.status_code >= 400

    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(CLIENTS)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": total,
        "per_s": round(total / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 2),
        "errors": errors,
        "client": "asyncio+httpx, 50 workers",
    }


def _median(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The round with the median throughput, with every round's throughput beside it."""
    ordered = sorted(results, key=lambda r: r["per_s"])
    return ordered[len(ordered) // 2] | {"rounds_per_s": [r["per_s"] for r in results]}


def load(base: str, paths: list[str]) -> dict[str, Any]:
    if shutil.which("wrk"):
        return load_wrk(base, paths)
    return asyncio.run(_load_httpx(base, paths, REQUESTS))


def run(size: int = 20_000) -> dict[str, Any]:
    """Build (or reuse) the archive, serve it, load the three routes; returns the results."""
    import httpx

    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"site-{size}.db"
    paths = build_archive(size, db)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = os.environ | {"ARCHIVIST_SECRET": "bench"}
    server = subprocess.Popen(
        [str(BIN), "serve", "--db", f"sqlite:///{db}", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait(base)
        hot = paths[:HOT]
        with httpx.Client(base_url=base) as client:
            for path in hot:  # warm the page cache, as readers would
                client.get(path).raise_for_status()
        # alternate the two loads so that other work on the machine hits both alike
        rounds: dict[str, list[dict[str, Any]]] = {PING: [], HOT_ROW: []}
        for _ in range(ROUNDS):
            rounds[PING].append(load(base, ["/_ping"]))
            rounds[HOT_ROW].append(load(base, hot))
        rows = {name: _median(results) for name, results in rounds.items()}
        rows[f"article page, whole archive ({len(paths)} articles)"] = load(base, paths)
    finally:
        server.terminate()
        server.wait(timeout=30)
    hot_ratio = rows[HOT_ROW]["per_s"] / rows[PING]["per_s"]
    return {"articles": len(paths), "clients": CLIENTS, "rows": rows, "hot_over_minimal": round(hot_ratio, 2)}


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"Archive of {result['articles']:,} articles, {result['clients']} concurrent clients on loopback, "
        "one `archivist serve` process (SQLite).",
        "",
        "| route | requests | requests/s | p50 (ms) | p99 (ms) | errors | rounds (requests/s) | client |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, r in result["rows"].items():
        rounds = ", ".join(str(v) for v in r.get("rounds_per_s", ())) or "1 run"
        lines.append(
            f"| {name} | {r['requests']:,} | {r['per_s']} | {r['p50_ms']} | {r['p99_ms']} | {r['errors']} "
            f"| {rounds} | {r['client']} |"
        )
    lines.append("")
    lines.append(
        f"Hot article page / minimal route throughput: **{result['hot_over_minimal']}** (goal ≥ 0.5)."
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    size = int(argv[0]) if argv else 20_000
    result = run(size)
    (OUT / "site.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(markdown(result))
    return 0 if result["hot_over_minimal"] >= 0.5 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
