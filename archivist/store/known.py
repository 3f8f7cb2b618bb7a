"""Which records of a batch are already stored exactly as they are (resumes, re-runs).

A record whose legacy id is mapped to an article built from the very same source
bytes (``id_map.source_hash``) would be "unchanged": the pipeline says so without
processing it again, so a re-run or a resumed run costs little more than reading.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select

from archivist.store.tables import id_map


def stored_hashes(conn: Connection, legacy_ids: Sequence[str]) -> dict[str, str]:
    """legacy id -> source hash of the article stored for it (migrated ids only)."""
    if not legacy_ids:
        return {}
    rows = conn.execute(
        select(id_map.c.legacy_id, id_map.c.source_hash).where(
            id_map.c.legacy_id.in_(sorted(set(legacy_ids))),
            id_map.c.article_id.is_not(None),
            id_map.c.status == "migrated",
        )
    )
    return {row.legacy_id: row.source_hash for row in rows}
