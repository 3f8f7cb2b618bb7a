"""Flattened text exports: one article per file, or a dump of many articles in one file.

The fallback format: it claims ``.txt``/``.text`` files and any other file that reads
as plain text and no more specific reader (HTML, XML, JSON, Swissdox TSV…) wanted.

**Dump convention.** Articles in one file are separated by a *delimiter line*: a line
of five or more ``=`` (``=====``), or a form feed (``\\f``, as old line printers'
page breaks). Right after a delimiter (and at the very top of any text file) optional
*header lines* may give metadata, one ``key: value`` per line, keys among ``id``,
``url``, ``date``, ``section``, ``language``::

    =====
    id: 4711
    url: https://old.example.ch/monde/syrie-alep-4711
    date: 2016-12-06
    section: Monde
    Syrie - AlepLe régime s'empare de nouveaux quartiers rebelles
    Les troupes du régime syrien contrôlent …

The first line that is not a header starts the article (kicker/title line first).

**Legacy ids.** A single-article file's legacy id is its name without extensions
(``1234.txt.gz`` -> ``1234``, DESIGN.md section 3); a dump member's is its ``id:``
header, else ``<file stem>-<n>`` (``n`` counts members from 1). Records carry
``date``, ``section`` and ``url`` as hints; positions say ``line N`` of the file.

Records are not decoded here: the ``text`` parser decodes them and rejects empty or
binary ones (:class:`~archivist.errors.EmptyRecord`, :class:`~archivist.errors.UnreadableText`),
so they are quarantined one by one and the run goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import BinaryIO

from archivist.model import LegacyRecord, ReadFailure
from archivist.sources import Item, SourceFormat, register
from archivist.sources.limits import MAX_RECORD_BYTES, too_large

NAME = "text"
EXTENSIONS = (".txt", ".text")
DELIMITER = re.compile(rb"^[ \t]*(?:={5,}[ \t]*(?:\r?\n)?$|\x0c)")
HEADER = re.compile(rb"^(id|url|date|section|language)[ \t]*:[ \t]*(.*?)[ \t]*\r?\n?$", re.IGNORECASE)
_NOT_TEXT_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*[<{\[]")
_SWISSDOX_HEADER = re.compile(rb"^id\tcontent_id\t", re.IGNORECASE)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def legacy_id_from_name(name: str) -> str:
    """The file name without its extensions.

    >>> legacy_id_from_name("1234.txt.gz"), legacy_id_from_name("syrie-alep.txt")
    ('1234', 'syrie-alep')
    """
    stem = name
    for suffix in (".gz", *EXTENSIONS):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return stem or name


def sniff(name: str, head: bytes) -> bool:
    """A ``.txt`` name, or a head that reads as plain text and not as markup or JSON.

    >>> sniff("a.txt", b""), sniff("a.dat", "Syrie - Alep\\nLe régime".encode()), sniff("a.dat", b"<html>")
    (True, True, False)
    >>> sniff("a.bin", b"\\x00\\x01\\x02binary")
    False
    """
    if name.lower().removesuffix(".gz").endswith(EXTENSIONS):
        return True
    if not head.strip() or _NOT_TEXT_START.match(head) or _SWISSDOX_HEADER.match(head) or b"\x00" in head:
        return False
    if len(_CONTROL.findall(head)) > 0.01 * len(head):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the head
            return False
    return True


def _member(
    lines: list[bytes], stem: str, number: int, first_line: int, origin: str, *, single: bool
) -> Item:
    hints: list[tuple[str, str]] = []
    index = 0
    while index < len(lines) and (match := HEADER.match(lines[index])):
        hints.append((match.group(1).decode("ascii").lower(), match.group(2).decode("utf-8", "replace")))
        index += 1
    raw = b"".join(lines[index:])
    found = dict(hints)
    legacy_id = found.get("id") or (stem if single else f"{stem}-{number}")
    position = f"line {first_line}"
    if len(raw) > MAX_RECORD_BYTES:
        return too_large(legacy_id, NAME, raw, len(raw), origin, position)
    extra = tuple((k, v) for k, v in hints if k != "id")
    return LegacyRecord(
        legacy_id, NAME, raw, url=found.get("url", ""), origin=origin, position=position, hints=extra
    )


def read(stream: BinaryIO, origin: str) -> Iterator[Item]:
    """Stream the articles of one text file (a single article or a dump)."""
    stem = legacy_id_from_name(PurePath(origin).name)
    current: list[bytes] = []
    start, size, number, dump = 1, 0, 0, False
    try:
        for line_number, line in enumerate(stream, start=1):
            if DELIMITER.match(line):
                # text before the first delimiter is a member only when there is some
                if dump or b"".join(current).strip():
                    number += 1
                    yield _member(current, stem, number, start, origin, single=False)
                dump = True
                stripped = line.lstrip(b" \t")
                rest = stripped[1:] if stripped.startswith(b"\x0c") else b""
                current = [rest] if rest.strip() else []
                start, size = (line_number if current else line_number + 1), 0
                continue
            size += len(line)
            if size <= MAX_RECORD_BYTES + 1:  # keep memory bounded on a runaway member
                current.append(line)
    except (OSError, EOFError) as exc:  # a truncated .gz
        reason = f"{origin}: cannot be read after line {start} ({exc}). Copy the file again from the export."
        yield ReadFailure(stem, NAME, b"", reason, "UnreadableText", origin, f"line {start}")
        return
    if not dump:
        yield _member(current, stem, 1, start, origin, single=True)
    elif b"".join(current).strip():
        yield _member(current, stem, number + 1, start, origin, single=False)


register(SourceFormat(NAME, sniff, read, priority=0))
