"""Runs that stopped without finishing (SIGKILL, power cut, OOM killer).

A killed ``migrate`` leaves its row in ``runs`` as "running": nothing ran its
``finally``. Every run records the host and process that runs it
(:func:`run_owner`); the next run on the same database looks at the runs still
"running", and those whose process is gone (or is another process that took its
pid after a reboot) are marked "interrupted". The new run then resumes them:
whatever their batches committed is stored (each batch is one transaction) and
is found unchanged; the rest is migrated now.

A run started on another host cannot be checked from here; it is left alone and
reported (:attr:`Stale.unknown`).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import psutil
from sqlalchemy import Connection, select, update

from archivist.store.revisions import as_utc, now
from archivist.store.tables import runs

# seconds a process may have been started after its run's row (clock granularity, start-up)
CLOCK_SLACK = 5.0


def run_owner() -> dict[str, object]:
    """What a run stores in its options to say who runs it."""
    return {"host": socket.gethostname(), "pid": os.getpid()}


def process_alive(pid: int, started: datetime | None) -> bool:
    """Is ``pid`` still the process that started a run at ``started``?"""
    try:
        process = psutil.Process(pid)
        created = process.create_time()
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return False
    if process.status() == psutil.STATUS_ZOMBIE:
        return False
    # a process younger than the run took its pid (after a reboot): the run's process is gone
    return started is None or created <= started.timestamp() + CLOCK_SLACK


@dataclass(frozen=True)
class Stale:
    """What :func:`mark_stale_runs` found."""

    interrupted: tuple[int, ...]  # run ids now marked "interrupted"
    unknown: tuple[int, ...]  # "running" runs of other hosts, left alone


def mark_stale_runs(
    conn: Connection,
    *,
    host: str | None = None,
    alive: Callable[[int, datetime | None], bool] = process_alive,
) -> Stale:
    """Mark the "running" runs of this host whose process is gone as "interrupted"."""
    host = host or socket.gethostname()
    rows = conn.execute(
        select(runs.c.id, runs.c.options, runs.c.started_at).where(runs.c.status == "running")
    )
    dead: list[int] = []
    unknown: list[int] = []
    for row in rows.all():
        options = row.options or {}
        pid = options.get("pid")
        if options.get("host") != host or not isinstance(pid, int):
            unknown.append(row.id)
        elif not alive(pid, as_utc(row.started_at)):
            dead.append(row.id)
    if dead:
        conn.execute(update(runs).where(runs.c.id.in_(dead)).values(status="interrupted", finished_at=now()))
    return Stale(tuple(dead), tuple(unknown))
