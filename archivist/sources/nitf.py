"""NITF 2.5 and 3.x documents (``standards/nitf-min.xml``).

A file holds one ``<nitf>`` document, or several (feeds concatenate them inside a
wrapper element); each becomes one record whose ``raw`` is that ``<nitf>``
element serialised. NITF 3.x documents carry a namespace; element names are
matched by local name, so both versions read the same way. The DTD named in a
DOCTYPE is never loaded (:mod:`archivist.xmlsafe`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath
from typing import BinaryIO

from lxml import etree

from archivist.errors import RecordError
from archivist.model import LegacyRecord
from archivist.sources import Item, SourceFormat, register
from archivist.sources.limits import failure, record_limit, too_large
from archivist.xmlsafe import iter_elements, local_name

NAME = "nitf"


def sniff(name: str, head: bytes) -> bool:
    return b"<nitf" in head or b"-//IPTC//DTD NITF" in head or b"iptc.org/std/NITF" in head


def find(element: etree._Element, *path: str) -> etree._Element | None:
    """The first descendant along ``path`` of local names (namespace ignored)."""
    current: etree._Element | None = element
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if local_name(c) == name), None)
    return current


def doc_id(nitf: etree._Element) -> str:
    found = find(nitf, "head", "docdata", "doc-id")
    return (found.get("id-string") or "").strip() if found is not None else ""


def read(stream: BinaryIO, origin: str) -> Iterator[Item]:
    stem = PurePath(origin).name.split(".")[0]
    number = 0
    try:
        for element, line in iter_elements(stream, "{*}nitf", origin):
            number += 1
            yield _record(element, number, line, origin, stem)
    except RecordError as exc:
        position = f"document {number + 1}"
        yield failure(f"{stem}#{number + 1}" if number else stem, NAME, b"", exc, origin, position)


def _record(element: etree._Element, number: int, line: int, origin: str, stem: str) -> Item:
    position = f"document {number} (line {line})"
    legacy_id = doc_id(element) or (stem if number == 1 else f"{stem}#{number}")
    raw = etree.tostring(element, encoding="utf-8")
    if len(raw) > record_limit():
        return too_large(legacy_id, NAME, raw, len(raw), origin, position)
    pubdata = find(element, "head", "pubdata")
    url = (pubdata.get("ex-ref") or "").strip() if pubdata is not None else ""
    hints: list[tuple[str, str]] = []
    version = element.get("version", "")
    if version:
        hints.append(("version", version))
    # what the container says, for the quarantine list and reports
    hl1 = next((e for e in element.iter() if local_name(e) == "hl1"), None)
    issue = find(element, "head", "docdata", "date.issue")
    for key, value in (
        ("title", "".join(hl1.itertext()) if hl1 is not None else ""),
        ("published", issue.get("norm", "") if issue is not None else ""),
        ("section", pubdata.get("position.section", "") if pubdata is not None else ""),
    ):
        if value.strip():
            hints.append((key, " ".join(value.split())))
    return LegacyRecord(legacy_id, NAME, raw, url, origin, position, tuple(hints))


register(SourceFormat(NAME, sniff, read, priority=60))
