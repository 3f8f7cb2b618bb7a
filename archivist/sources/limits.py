"""Per-record limits shared by the structured readers (Swissdox, WXR, NITF, ninjs, JSONL).

A record larger than :data:`MAX_RECORD_BYTES` (the ``max_record_bytes`` default of
:class:`~archivist.config.MigrationConfig`) is not parsed: the reader yields a
:class:`~archivist.model.ReadFailure` naming the file and position, and goes on.
"""

from __future__ import annotations

from archivist.config import MigrationConfig
from archivist.errors import ConfigError
from archivist.model import ReadFailure

MAX_RECORD_BYTES = MigrationConfig().max_record_bytes
# what a quarantined oversized record keeps of its bytes (the start, for diagnosis)
KEEP_BYTES = 4096

_limit = [MAX_RECORD_BYTES]  # the run's limit; readers take it when they start a file


def set_record_limit(max_bytes: int) -> None:
    """Use the run's ``config.max_record_bytes`` (the pipeline calls this before reading)."""
    if max_bytes < 1:
        msg = f"Config 'max_record_bytes' has value {max_bytes!r}. Use a whole number of at least 1."
        raise ConfigError(msg)
    _limit[0] = max_bytes


def record_limit() -> int:
    """The largest record, in bytes, a reader hands on (default: MAX_RECORD_BYTES)."""
    return _limit[0]


def too_large(legacy_id: str, fmt: str, raw: bytes, size: int, origin: str, position: str) -> ReadFailure:
    reason = (
        f"{origin}, {position}: the record is {size} bytes, over the limit of {record_limit()} "
        "(max_record_bytes). Split it or raise the limit in the config."
    )
    return ReadFailure(legacy_id, fmt, raw[:KEEP_BYTES], reason, "RecordTooLarge", origin, position)


def failure(legacy_id: str, fmt: str, raw: bytes, exc: Exception, origin: str, position: str) -> ReadFailure:
    """A ReadFailure carrying a typed error's class name and message."""
    return ReadFailure(legacy_id, fmt, raw[: record_limit()], str(exc), type(exc).__name__, origin, position)
