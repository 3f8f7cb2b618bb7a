"""Per-record limits shared by the structured readers (Swissdox, WXR, NITF, ninjs, JSONL).

A record larger than :data:`MAX_RECORD_BYTES` (the ``max_record_bytes`` default of
:class:`~archivist.config.MigrationConfig`) is not parsed: the reader yields a
:class:`~archivist.model.ReadFailure` naming the file and position, and goes on.
"""

from __future__ import annotations

from archivist.config import MigrationConfig
from archivist.model import ReadFailure

MAX_RECORD_BYTES = MigrationConfig().max_record_bytes
# what a quarantined oversized record keeps of its bytes (the start, for diagnosis)
KEEP_BYTES = 4096


def too_large(legacy_id: str, fmt: str, raw: bytes, size: int, origin: str, position: str) -> ReadFailure:
    reason = (
        f"{origin}, {position}: the record is {size} bytes, over the limit of {MAX_RECORD_BYTES} "
        "(max_record_bytes). Split it or raise the limit in the config."
    )
    return ReadFailure(legacy_id, fmt, raw[:KEEP_BYTES], reason, "RecordTooLarge", origin, position)


def failure(legacy_id: str, fmt: str, raw: bytes, exc: Exception, origin: str, position: str) -> ReadFailure:
    """A ReadFailure carrying a typed error's class name and message."""
    return ReadFailure(legacy_id, fmt, raw[:MAX_RECORD_BYTES], str(exc), type(exc).__name__, origin, position)
