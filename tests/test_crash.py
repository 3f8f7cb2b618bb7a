"""Crash safety (issue 7): a real ``archivist migrate`` killed with SIGKILL, several times.

The export is a generated corrupt corpus (good records in three formats plus
binary garbage, an oversized row, a wrong encoding, duplicate ids, truncated XML,
empty files). A reference database gets one uninterrupted run. The database under
test gets runs killed after seeded random delays, then one run to the end; its
content (tests/snapshot.py says exactly what that is) must equal the reference:
no duplicate, no lost record, no half-written article. The killed runs must be
found "running" by the next run and marked "interrupted". Kill points are chosen
by progress (a seeded random number of stored records, then a random fraction of a
batch), so they land at random points of the run whatever the machine's speed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from archivist.config import MigrationConfig
from archivist.pipeline import migrate
from archivist.store import open_store
from archivist.store.tables import id_map, quarantine, runs
from bench.corrupt import write_corrupt_export
from tests.snapshot import snapshot_diff, snapshot_of

KILLS = 3
BATCH = 20  # small batches: many commits, so kills land between and inside transactions


def archivist_command() -> list[str]:
    script = Path(sys.executable).parent / "archivist"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from archivist.cli import main; main()"]


def start(export: Path, url: str, config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*archivist_command(), "migrate", str(export), "--db", url, "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def stored_count(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(sa.select(sa.func.count()).select_from(id_map)).scalar_one()
            + conn.execute(sa.select(sa.func.count()).select_from(quarantine)).scalar_one()
        )


def wait_until_stored(url: str, target: int, proc: subprocess.Popen[bytes], limit: float = 120) -> None:
    """Poll the database until ``target`` records are stored (or the run has ended)."""
    engine = open_store(url)
    deadline = time.monotonic() + limit
    try:
        while proc.poll() is None and time.monotonic() < deadline and stored_count(engine) < target:
            time.sleep(0.05)
    finally:
        engine.dispose()


@pytest.mark.slow
def test_killed_runs_resume_to_exactly_the_uninterrupted_content(db_url: str, tmp_path: Path) -> None:
    export = tmp_path / "export"
    expected = write_corrupt_export(export, 300, rate=0.05, seed=7, huge_bytes=6_000_000)
    config = tmp_path / "archivist.toml"
    config.write_text(f"[archivist]\nbatch_size = {BATCH}\n", encoding="utf-8")
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    ref = migrate([export], MigrationConfig(db_url=reference, batch_size=BATCH))
    assert ref.balanced and ref.read == len(expected)

    rng = random.Random(int(os.environ.get("CRASH_SEED", "20240607")))
    # kill points: after a random number of records are stored, plus a random fraction of
    # a batch's time, so kills land inside transactions as well as between them
    targets = sorted(rng.sample(range(1, len(expected) - BATCH), KILLS))
    for target in targets:
        proc = start(export, db_url, config)
        wait_until_stored(db_url, target, proc)
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    final = start(export, db_url, config)
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err.decode()[-2000:]
    assert b"every record is accounted for" in out

    got, want = snapshot_of(db_url), snapshot_of(reference)
    assert got == want, snapshot_diff(got, want)
    engine = open_store(db_url)
    with engine.connect() as conn:
        statuses = [row.status for row in conn.execute(sa.select(runs.c.status).order_by(runs.c.id))]
    engine.dispose()
    assert statuses[-1] == "finished" and "running" not in statuses
    killed = statuses[:-1]
    # a kill that came after its run had finished leaves "finished"; at least one must have hit
    assert "interrupted" in killed and set(killed) <= {"interrupted", "finished"}
    if killed[-1] == "interrupted":
        assert b"marked interrupted" in out  # the final run says it resumed the killed one


@pytest.mark.slow
@pytest.mark.parametrize(
    "engine",
    [
        # a process pool: its workers ignore SIGINT, the driver stops the run
        ["--workers", "2"],
        # a Dask LocalCluster: its worker processes ignore SIGINT too
        ["--engine", "dask"],
    ],
)
def test_ctrl_c_stops_cleanly_with_a_summary(sqlite_url: str, tmp_path: Path, engine: list[str]) -> None:
    export = tmp_path / "export"
    write_corrupt_export(export, 300, rate=0.05, seed=3, huge_bytes=6_000_000)
    config = tmp_path / "archivist.toml"
    config.write_text(f"[archivist]\nbatch_size = {BATCH}\n", encoding="utf-8")
    proc = subprocess.Popen(
        [*archivist_command(), "migrate", str(export), "--db", sqlite_url, "--config", str(config), *engine],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    wait_until_stored(sqlite_url, 2 * BATCH, proc)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole group: driver and workers
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err.decode()[-2000:]
    text = out.decode()
    assert text.startswith("Run 1 interrupted") and "every record is accounted for" in text
    assert b"Traceback" not in err, err.decode()[-2000:]
    engine_ = open_store(sqlite_url)
    with engine_.connect() as conn:
        row = conn.execute(sa.select(runs.c.status, runs.c.read)).one()
    engine_.dispose()
    read = int(next(line for line in text.splitlines() if "records read" in line).split()[-1])
    assert row.status == "interrupted" and row.read == read and read >= 2 * BATCH


def running(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_a_killed_run_leaves_no_worker_process_behind(sqlite_url: str, tmp_path: Path) -> None:
    export = tmp_path / "export"
    write_corrupt_export(export, 300, rate=0.05, seed=5)
    config = tmp_path / "archivist.toml"
    config.write_text(f"[archivist]\nbatch_size = {BATCH}\nworkers = 2\n", encoding="utf-8")
    proc = start(export, sqlite_url, config)
    wait_until_stored(sqlite_url, BATCH, proc)
    children = [int(pid) for pid in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(children) == 2 and not any(running(pid) for pid in children)
