"""Quarantine: records that could not be migrated, with the reason and the raw bytes.

A record is quarantined once per (legacy id, source hash): re-running the same export
adds no row. ``archivist quarantine retry`` rebuilds the :class:`LegacyRecord` from a
row (:func:`record_of`) and re-processes it with the current code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from archivist.errors import NotFoundError
from archivist.model import LegacyRecord, ReadFailure
from archivist.store.revisions import as_utc, inserted_id, now
from archivist.store.tables import id_map, quarantine

QUARANTINE_STATUSES = ("open", "retried", "resolved")


@dataclass(frozen=True)
class Quarantined:
    id: int
    run_id: int | None
    legacy_id: str
    format: str
    origin: str
    position: str
    url: str
    hints: tuple[tuple[str, str], ...]
    reason: str
    error: str
    sha256: str
    raw: bytes
    status: str
    created_at: datetime
    kind: str = "record"  # "record" | "read" (a ReadFailure)


def _quarantined(row: Row[Any]) -> Quarantined:
    return Quarantined(
        id=row.id,
        run_id=row.run_id,
        legacy_id=row.legacy_id,
        format=row.format,
        origin=row.origin,
        position=row.position,
        url=row.url,
        hints=tuple((str(k), str(v)) for k, v in row.hints or ()),
        reason=row.reason,
        error=row.error,
        sha256=row.sha256,
        raw=bytes(row.raw),
        status=row.status,
        created_at=as_utc(row.created_at) or now(),
        kind=row.kind,
    )


def quarantine_item(
    conn: Connection, item: LegacyRecord | ReadFailure, reason: str, error: str, run_id: int | None
) -> int:
    """Quarantine a record (or a read failure); returns the row id (the existing one on re-runs)."""
    digest = item.sha256
    found = conn.execute(
        select(quarantine.c.id).where(
            quarantine.c.legacy_id == item.legacy_id,
            quarantine.c.sha256 == digest,
            quarantine.c.status != "resolved",
        )
    ).scalar()
    if found is not None:
        return int(found)
    hints = [list(pair) for pair in item.hints] if isinstance(item, LegacyRecord) else []
    stamp = now()
    row_id = inserted_id(
        conn.execute(
            quarantine.insert().values(
                run_id=run_id,
                legacy_id=item.legacy_id,
                format=item.format,
                origin=item.origin,
                position=item.position,
                url=item.url if isinstance(item, LegacyRecord) else "",
                hints=hints,
                reason=reason,
                error=error,
                sha256=digest,
                raw=item.raw,
                status="open",
                created_at=stamp,
                kind="record" if isinstance(item, LegacyRecord) else "read",
            )
        )
    )
    # the id map remembers the legacy id, unless an article already answers for it
    if conn.execute(select(id_map.c.legacy_id).where(id_map.c.legacy_id == item.legacy_id)).first() is None:
        conn.execute(
            id_map.insert().values(
                legacy_id=item.legacy_id,
                article_id=None,
                status="quarantined",
                source_hash=digest,
                run_id=run_id,
                updated_at=stamp,
            )
        )
    return row_id


def list_quarantine(
    conn: Connection, *, status: str | None = "open", limit: int | None = None
) -> list[Quarantined]:
    query = select(quarantine).order_by(quarantine.c.id)
    if status is not None:
        query = query.where(quarantine.c.status == status)
    if limit is not None:
        query = query.limit(limit)
    return [_quarantined(row) for row in conn.execute(query)]


def count_quarantine(conn: Connection, status: str | None = "open") -> int:
    query = select(func.count()).select_from(quarantine)
    if status is not None:
        query = query.where(quarantine.c.status == status)
    return int(conn.execute(query).scalar_one())


def get_quarantined(conn: Connection, quarantine_id: int) -> Quarantined:
    row = conn.execute(select(quarantine).where(quarantine.c.id == quarantine_id)).first()
    if row is None:
        msg = f"Quarantined record {quarantine_id} does not exist. `archivist quarantine list` shows the ids."
        raise NotFoundError(msg)
    return _quarantined(row)


def set_quarantine_status(
    conn: Connection, quarantine_id: int, status: str, reason: str | None = None
) -> None:
    if status not in QUARANTINE_STATUSES:
        msg = f"Quarantine status {status!r} is not known. Use one of: {', '.join(QUARANTINE_STATUSES)}."
        raise ValueError(msg)
    values: dict[str, Any] = {"status": status}
    if reason is not None:
        values["reason"] = reason
    conn.execute(update(quarantine).where(quarantine.c.id == quarantine_id).values(**values))


def record_of(item: Quarantined) -> LegacyRecord:
    """The legacy record a quarantine row was made from, for a retry."""
    return LegacyRecord(
        legacy_id=item.legacy_id,
        format=item.format,
        raw=item.raw,
        url=item.url,
        origin=item.origin,
        position=item.position,
        hints=item.hints,
    )
