"""JSON Lines (and plain JSON arrays) and CSV exports, read through a field mapping.

One record per line / object / CSV row; ``raw`` is its bytes. The field mapping
(:mod:`archivist.sources.mapping`) is found next to the file and travels with
each record as the ``mapping`` hint, so the parser stays a pure function of the
record. A CSV row also carries the header as the ``columns`` hint. Mapping files
themselves (``*.mapping.toml``) are claimed by this format and yield nothing, so
a folder of data plus its mapping migrates cleanly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any, BinaryIO

from archivist.errors import UnreadableText
from archivist.model import LegacyRecord, ReadFailure
from archivist.sources import Item, SourceFormat, register
from archivist.sources.jsonscan import WHITESPACE, json_records
from archivist.sources.limits import record_limit, too_large
from archivist.sources.mapping import MAPPING_SUFFIX, load_mapping, pick

NAME = "jsonl"
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
CSV_SUFFIXES = (".csv",)


def _name(name: str) -> str:
    return name[:-3] if name.endswith(".gz") else name


def sniff(name: str, head: bytes) -> bool:
    name = _name(name.lower())
    if name.endswith(MAPPING_SUFFIX) or name.endswith(CSV_SUFFIXES):
        return True
    start = head.lstrip(WHITESPACE)[:1]
    return name.endswith(JSON_SUFFIXES) and start in (b"{", b"[")


def read(stream: BinaryIO, origin: str) -> Iterator[Item]:
    name = _name(PurePath(origin).name.lower())
    if name.endswith(MAPPING_SUFFIX):
        return
    mapping, source = load_mapping(origin)  # a bad mapping is a usage error: ConfigError stops the run
    hints: tuple[tuple[str, str], ...] = (("mapping", json.dumps(mapping)), ("mapping_file", source))
    if name.endswith(CSV_SUFFIXES):
        yield from _read_csv(stream, origin, mapping, hints)
    else:
        yield from _read_json(stream, origin, mapping, hints)


def _identity(data: dict[str, Any], mapping: dict[str, Any], fallback: str) -> tuple[str, str]:
    fields = mapping["fields"]
    legacy_id = pick(data, fields["id"])
    url = pick(data, fields["url"])
    url = str(url).strip() if isinstance(url, (str, int)) else ""
    base = mapping["options"].get("base_url", "")
    if url and base and url.startswith("/"):
        url = base.rstrip("/") + url
    return (str(legacy_id).strip() if legacy_id not in (None, "") else fallback), url


def _read_json(
    stream: BinaryIO, origin: str, mapping: dict[str, Any], hints: tuple[tuple[str, str], ...]
) -> Iterator[Item]:
    stem = PurePath(origin).name.split(".")[0]
    for found in json_records(stream, origin, NAME, lambda number: f"{stem}#{number}"):
        if isinstance(found, ReadFailure):
            yield found
            continue
        raw, position, fallback = found
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            reason = f"{origin}, {position}: not valid JSON ({exc}). Fix or remove that line."
            yield ReadFailure(fallback, NAME, raw, reason, "UnreadableText", origin, position)
            continue
        if not isinstance(data, dict):
            reason = f"{origin}, {position}: a record must be a JSON object, not {type(data).__name__}."
            yield ReadFailure(fallback, NAME, raw, reason, "UnreadableText", origin, position)
            continue
        legacy_id, url = _identity(data, mapping, fallback)
        yield LegacyRecord(legacy_id, NAME, raw, url, origin, position, (*hints, ("container", "json")))


def _delimiter(header: str, chosen: str) -> str:
    if chosen:
        return chosen
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d])


def split_csv_row(raw: bytes, columns: list[str], delimiter: str, where: str) -> dict[str, str]:
    """The fields of one CSV row by column name; a wrong field count is an error."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"{where}: the row is not UTF-8 (byte {exc.start}). Re-export the file as UTF-8."
        raise UnreadableText(msg) from exc
    if csv.field_size_limit() < len(raw):  # a long article's body exceeds csv's 128 KiB default
        csv.field_size_limit(len(raw))
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:  # e.g. a bare carriage return inside an unquoted field
        msg = f"{where}: the row is not valid CSV ({exc}). Check quotes and line ends in that row."
        raise UnreadableText(msg) from exc
    if len(rows) != 1 or len(rows[0]) != len(columns):
        count = len(rows[0]) if rows else 0
        msg = f"{where}: the row has {count} fields, the header {len(columns)}. Check quotes and delimiters."
        raise UnreadableText(msg)
    return dict(zip(columns, rows[0], strict=True))


def _read_csv(
    stream: BinaryIO, origin: str, mapping: dict[str, Any], hints: tuple[tuple[str, str], ...]
) -> Iterator[Item]:
    header_raw = stream.readline(record_limit())
    header = header_raw.decode("utf-8-sig", errors="replace").rstrip("\r\n")
    delimiter = _delimiter(header, mapping["options"].get("delimiter", ""))
    try:
        columns = next(csv.reader([header], delimiter=delimiter), [])
    except csv.Error:
        columns = header.split(delimiter)
    stem = PurePath(origin).name.split(".")[0]
    row_hints = (*hints, ("container", "csv"), ("columns", json.dumps(columns)), ("delimiter", delimiter))
    pending = b""
    row = 0
    for line in iter(lambda: stream.readline(record_limit() + 1), b""):
        if not pending and not line.strip():
            continue
        pending += line
        if len(pending) > record_limit():
            row += 1
            yield too_large(f"{stem}#row{row}", NAME, pending, len(pending), origin, f"row {row}")
            pending = b""
            continue
        if pending.count(b'"') % 2:
            continue  # a quoted field goes on over the next line
        row += 1
        position = f"row {row}"
        fallback = f"{stem}#row{row}"
        try:
            fields = split_csv_row(pending, columns, delimiter, f"{origin}, {position}")
        except UnreadableText as exc:
            yield ReadFailure(fallback, NAME, pending, str(exc), "UnreadableText", origin, position)
        else:
            legacy_id, url = _identity(fields, mapping, fallback)
            yield LegacyRecord(legacy_id, NAME, pending, url, origin, position, row_hints)
        pending = b""
    if pending.strip():
        row += 1
        reason = f"{origin}, row {row}: the file ends inside a quoted field. Export it again completely."
        yield ReadFailure(f"{stem}#row{row}", NAME, pending, reason, "UnreadableText", origin, f"row {row}")


register(SourceFormat(NAME, sniff, read, priority=30))
