"""Split a JSON byte stream into its records without loading the file.

Handles the three shapes exports come in: one object, an array of objects, and
objects one after another (JSON Lines, or pretty-printed objects concatenated).
Each object's exact bytes are returned, so a record's ``raw`` is what the file
holds. Only brackets and quotes are looked at (a regex jumps between them), so a
1 GB file streams through in chunks; the JSON itself is parsed later, per record.

>>> import io
>>> [raw for raw, _line in scan(io.BytesIO(b'[{"a": "}"}, {"b": [1]}]'), 1000)]
[b'{"a": "}"}', b'{"b": [1]}']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from archivist.model import ReadFailure
from archivist.sources.limits import record_limit, too_large

CHUNK = 1 << 20
_SPECIAL = re.compile(rb'["\\\[\]{}]')
# the rest of a JSON string after its opening quote, escapes included (possessive: no backtracking)
_STRING_REST = re.compile(rb'[^"\\]*+(?:\\.[^"\\]*+)*+"', re.S)
WHITESPACE = b" \t\r\n\xef\xbb\xbf"  # whitespace and a UTF-8 byte-order mark
# files read one line per record, so that a line that is not JSON is reported
LINE_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


@dataclass(frozen=True)
class Oversized:
    """A value longer than the limit: its first bytes, its size so far, its line."""

    head: bytes
    size: int
    line: int


@dataclass(frozen=True)
class Truncated:
    """The stream ended inside a value."""

    head: bytes
    line: int


def scan(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[bytes, int] | Oversized | Truncated]:
    """Yield ``(raw, line)`` per top-level object (or per object of a top-level array)."""
    level: int | None = None  # 0: objects at top level, 1: inside a top-level array
    depth = 0
    in_string = False
    skip_next = False  # the previous chunk ended with a backslash inside a string
    parts: list[bytes] = []
    size = 0
    oversized = False
    start_line = 0
    lines_before = 0
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        cursor = 0  # where the current value's bytes in this chunk start
        counted, line_at = 0, lines_before  # newlines counted incrementally: O(chunk), not O(chunk × values)
        if skip_next:
            skip_next = False
            skip_to = 1
        else:
            skip_to = 0
        if level is None:
            stripped = chunk.lstrip(WHITESPACE)
            if stripped:
                level = 1 if stripped[:1] == b"[" else 0
        pos = skip_to
        while (match := _SPECIAL.search(chunk, pos)) is not None:
            pos = match.start()
            char = chunk[pos : pos + 1]
            if in_string:  # a string that began in an earlier chunk
                if char == b"\\":
                    pos += 2
                    skip_next = pos > len(chunk)
                    continue
                in_string = char != b'"'
                pos += 1
                continue
            if char == b'"':
                whole = _STRING_REST.match(chunk, pos + 1)  # the rest of the string, in C
                if whole is not None:
                    pos = whole.end()
                else:  # it goes on in the next chunk
                    in_string = True
                    pos += 1
                continue
            if char in b"{[":
                if depth == level and char == b"{":
                    cursor, parts, size, oversized = pos, [], 0, False
                    line_at += chunk.count(b"\n", counted, pos)
                    counted = pos
                    start_line = line_at + 1
                depth += 1
            elif char in b"}]":
                depth = max(depth - 1, 0)
                if depth == level and char == b"}":
                    piece = chunk[cursor : pos + 1]
                    if oversized or size + len(piece) > max_bytes:
                        yield Oversized(b"".join(parts)[:4096], size + len(piece), start_line)
                    else:
                        yield b"".join([*parts, piece]), start_line
                    parts, size, oversized = [], 0, False
                    cursor = -1
            pos += 1
        if level is not None and depth > level and cursor >= 0:
            piece = chunk[cursor:]
            if not oversized and size + len(piece) > max_bytes:
                oversized = True
                parts = [b"".join([*parts, piece])[:4096]]
            elif not oversized:
                parts.append(piece)
            size += len(piece)
        lines_before += chunk.count(b"\n")
    if level is not None and depth > level:
        yield Truncated(b"".join(parts)[:4096], start_line)


def lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[bytes, int] | Oversized]:
    """One record per non-blank line; a line over ``max_bytes`` is never held whole."""
    number = 0
    skipping = False
    for line in iter(lambda: stream.readline(max_bytes + 1), b""):
        complete = line.endswith(b"\n")
        if skipping:
            skipping = not complete
            number += complete
            continue
        number += 1
        if len(line) > max_bytes:
            yield Oversized(line[:4096], len(line), number)
            skipping = not complete
            number -= not complete
            continue
        if line.strip(WHITESPACE):
            yield line.rstrip(b"\r\n"), number


def iter_json(
    stream: BinaryIO, name: str, max_bytes: int
) -> Iterator[tuple[bytes, int] | Oversized | Truncated]:
    """Records of a JSON file: by line for JSON Lines names, else by :func:`scan`."""
    if name.lower().endswith(LINE_SUFFIXES):
        return lines(stream, max_bytes)
    return scan(stream, max_bytes)


def json_records(
    stream: BinaryIO, origin: str, fmt: str, fallback_id: Callable[[int], str]
) -> Iterator[tuple[bytes, str, str] | ReadFailure]:
    """``(raw, position, fallback id)`` per JSON record of ``origin``, or a ReadFailure
    for a record over the size limit or cut short by the end of the file.

    ``fallback_id(n)`` names the n-th record (from 1) when it carries no id of its own.
    """
    for number, found in enumerate(iter_json(stream, origin, record_limit()), start=1):
        fallback = fallback_id(number)
        if isinstance(found, Oversized):
            yield too_large(fallback, fmt, found.head, found.size, origin, f"line {found.line}")
        elif isinstance(found, Truncated):
            reason = (
                f"{origin}, line {found.line}: the file ends inside a JSON object. Re-export it completely."
            )
            yield ReadFailure(
                fallback, fmt, found.head, reason, "UnreadableText", origin, f"line {found.line}"
            )
        else:
            raw, line = found
            yield raw, f"line {line}", fallback
