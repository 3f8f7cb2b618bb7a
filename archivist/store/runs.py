"""Runs: one row per migration, updated after every batch, reconciled at the end.

Every record read ends in exactly one outcome, so a run balances when
``read == created + updated + unchanged + conflicts + quarantined + skipped``
(DESIGN.md section 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select, update

from archivist.errors import NotFoundError
from archivist.store.revisions import as_utc, inserted_id, now
from archivist.store.tables import runs

# outcome -> column of ``runs``; "created" is stored as "migrated" (the DESIGN.md word)
OUTCOMES: dict[str, str] = {
    "created": "migrated",
    "updated": "updated",
    "unchanged": "unchanged",
    "conflict": "conflicts",
    "quarantined": "quarantined",
    "skipped": "skipped",
}
RUN_STATUSES = ("running", "finished", "interrupted", "failed")


@dataclass(frozen=True)
class RunSummary:
    """The reconciliation of one run (also what ``archivist runs`` lists)."""

    run_id: int | None
    status: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    quarantined: int = 0
    skipped: int = 0
    text_lost: int = 0  # stored articles missing words of their legacy text (not kept in ``runs``)
    dry_run: bool = False
    engine: str = "local"
    started_at: datetime | None = None
    finished_at: datetime | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)  # skipped duplicates, conflicts
    diffs: tuple[str, ...] = field(default=(), compare=False)  # dry runs: before/after diffs of a sample

    @property
    def accounted(self) -> int:
        return self.created + self.updated + self.unchanged + self.conflicts + self.quarantined + self.skipped

    @property
    def balanced(self) -> bool:
        """Every record read has exactly one outcome."""
        return self.read == self.accounted

    def counts(self) -> dict[str, int]:
        return {
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "quarantined": self.quarantined,
            "skipped": self.skipped,
        }


def _columns(counts: Mapping[str, int]) -> dict[str, int]:
    values = {"read": counts.get("read", 0)}
    for outcome, column in OUTCOMES.items():
        values[column] = counts.get(outcome, 0)
    return values


def start_run(conn: Connection, command: str, options: Mapping[str, Any], engine: str = "local") -> int:
    run_id = inserted_id(
        conn.execute(
            runs.insert().values(
                started_at=now(),
                status="running",
                command=command,
                options=dict(options),
                engine=engine,
                **_columns({}),
            )
        )
    )
    return run_id


def record_progress(conn: Connection, run_id: int, counts: Mapping[str, int]) -> None:
    """Save the counts so far (called in the transaction of each batch)."""
    conn.execute(update(runs).where(runs.c.id == run_id).values(**_columns(counts)))


def finish_run(conn: Connection, run_id: int, status: str, counts: Mapping[str, int]) -> None:
    if status not in RUN_STATUSES:
        msg = f"Run status {status!r} is not known. Use one of: {', '.join(RUN_STATUSES)}."
        raise ValueError(msg)
    conn.execute(
        update(runs).where(runs.c.id == run_id).values(status=status, finished_at=now(), **_columns(counts))
    )


def _summary(row: Row[Any]) -> RunSummary:
    return RunSummary(
        run_id=row.id,
        status=row.status,
        read=row.read,
        created=row.migrated,
        updated=row.updated,
        unchanged=row.unchanged,
        conflicts=row.conflicts,
        quarantined=row.quarantined,
        skipped=row.skipped,
        dry_run=bool((row.options or {}).get("dry_run", False)),
        engine=row.engine,
        started_at=as_utc(row.started_at),
        finished_at=as_utc(row.finished_at),
    )


def list_runs(conn: Connection, limit: int | None = 20) -> list[RunSummary]:
    """The most recent runs first."""
    query = select(runs).order_by(runs.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [_summary(row) for row in conn.execute(query)]


def get_run(conn: Connection, run_id: int) -> RunSummary:
    row = conn.execute(select(runs).where(runs.c.id == run_id)).first()
    if row is None:
        msg = f"Run {run_id} does not exist. `archivist runs` lists the runs."
        raise NotFoundError(msg)
    return _summary(row)


def get_run_options(conn: Connection, run_id: int) -> dict[str, Any]:
    """The options a run was started with (paths, format…), e.g. to resume it."""
    row = conn.execute(select(runs.c.options).where(runs.c.id == run_id)).first()
    if row is None:
        msg = f"Run {run_id} does not exist. `archivist runs` lists the runs."
        raise NotFoundError(msg)
    return dict(row.options or {})
