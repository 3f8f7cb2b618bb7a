"""Swissdox TSV exports: one article per row (DESIGN.md section 5).

Columns: ``id, content_id, pubtime, article_link, medium_code, medium_name,
language, char_count, head, subhead, content``; ``content`` holds the article as
small XML (``<tx>`` root). Rows are split from the byte stream one at a time, so
a row's ``raw`` is exactly its bytes in the file: a quoted field may span lines
(quotes balanced), an unquoted row is split on tabs even if its XML holds quotes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from archivist.errors import UnreadableText
from archivist.model import LegacyRecord, ReadFailure
from archivist.sources import Item, SourceFormat, register
from archivist.sources.limits import record_limit, too_large

NAME = "swissdox"
COLUMNS = (
    "id",
    "content_id",
    "pubtime",
    "article_link",
    "medium_code",
    "medium_name",
    "language",
    "char_count",
    "head",
    "subhead",
    "content",
)
# columns that must be in the header for the file to be Swissdox
REQUIRED = frozenset({"id", "head", "content"})


def sniff(name: str, head: bytes) -> bool:
    first = head.split(b"\n", 1)[0].lower()
    return b"\t" in first and b"content_id" in first and b"article_link" in first


def parse_header(line: bytes) -> tuple[str, ...]:
    text = line.decode("utf-8-sig", errors="replace").rstrip("\r\n")
    return tuple(name.strip().strip('"').lower() for name in text.split("\t"))


def split_row(raw: bytes, columns: tuple[str, ...], where: str) -> dict[str, str]:
    """The fields of one row, by column name.

    >>> split_row(b'7\\tTitre\\t<tx><p>a "b"</p></tx>\\n', ("id", "head", "content"), "row 1")["content"]
    '<tx><p>a "b"</p></tx>'
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"{where}: the row is not UTF-8 (byte {exc.start}). Re-export the file as UTF-8."
        raise UnreadableText(msg) from exc
    text = text.rstrip("\r\n")
    if csv.field_size_limit() < len(raw):  # a long article's content exceeds csv's 128 KiB default
        csv.field_size_limit(len(raw))
    plain = text.split("\t")
    if len(plain) == len(columns) and not any(f.startswith('"') for f in plain):
        values = plain
    else:
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter="\t", quotechar='"', strict=False))
        except csv.Error:  # a bare carriage return inside an unquoted field
            rows = []
        # csv joins quoted multi-line fields itself; several rows here mean a bad row
        values = rows[0] if len(rows) == 1 else []
    if len(values) != len(columns):
        msg = (
            f"{where}: the row has {len(values)} fields, the header {len(columns)}. "
            "Check for a stray tab or an unclosed quote in that row."
        )
        raise UnreadableText(msg)
    return dict(zip(columns, values, strict=True))


def _complete(pending: bytes, ncols: int) -> bool:
    body = pending.rstrip(b"\r\n")
    fields = body.split(b"\t")
    if len(fields) == ncols and not any(f.startswith(b'"') for f in fields):
        return True
    return pending.count(b'"') % 2 == 0


def read(stream: BinaryIO, origin: str) -> Iterator[Item]:
    header_line = stream.readline()
    columns = parse_header(header_line)
    if not set(columns) >= REQUIRED:
        reason = (
            f"{origin}: the header lacks {sorted(REQUIRED - set(columns))}. Is this a Swissdox TSV export?"
        )
        yield ReadFailure(origin, NAME, header_line, reason, "FormatNotDetected", origin, "line 1")
        return
    pending = b""
    row = 0
    inside = False  # skipping the rest of an oversized row: inside its quotes?
    skipping = False
    # readline with a limit: a huge line never lands in memory whole
    for line in iter(lambda: stream.readline(record_limit() + 1), b""):
        if skipping:  # the rest of an oversized row, up to a line end outside quotes
            inside = inside != (line.count(b'"') % 2 == 1)
            skipping = inside or not line.endswith(b"\n")
            continue
        if not pending and not line.strip():
            continue
        pending += line
        if len(pending) > record_limit():
            row += 1
            yield too_large(f"{origin}#row{row}", NAME, pending, len(pending), origin, f"row {row}")
            inside = pending.count(b'"') % 2 == 1
            skipping = inside or not pending.endswith(b"\n")
            pending = b""
            continue
        if _complete(pending, len(columns)):
            row += 1
            yield _record(pending, columns, origin, row)
            pending = b""
    if pending.strip():
        row += 1
        reason = (
            f"{origin}, row {row}: the file ends inside a quoted field. "
            "The export is truncated; export it again."
        )
        yield ReadFailure(f"{origin}#row{row}", NAME, pending, reason, "UnreadableText", origin, f"row {row}")


def _record(raw: bytes, columns: tuple[str, ...], origin: str, row: int) -> Item:
    position = f"row {row}"
    try:
        fields = split_row(raw, columns, f"{origin}, {position}")
    except UnreadableText as exc:
        return ReadFailure(f"{origin}#row{row}", NAME, raw, str(exc), "UnreadableText", origin, position)
    legacy_id = fields.get("id", "").strip() or fields.get("content_id", "").strip() or f"{origin}#row{row}"
    hints = [("columns", "\t".join(columns))]
    for key, column in (
        ("published", "pubtime"),
        ("title", "head"),
        ("kicker", "subhead"),
        ("language", "language"),
        ("medium", "medium_name"),
        ("content_id", "content_id"),
    ):
        value = fields.get(column, "").strip()
        if value:
            hints.append((key, value))
    return LegacyRecord(
        legacy_id=legacy_id,
        format=NAME,
        raw=raw,
        url=fields.get("article_link", "").strip(),
        origin=origin,
        position=position,
        hints=tuple(hints),
    )


register(SourceFormat(NAME, sniff, read, priority=50))
