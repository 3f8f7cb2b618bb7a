"""Legacy HTML pages: one article per ``.html`` / ``.htm`` file (``.gz`` read transparently).

The legacy id is the file name without its extensions (``1234.html.gz`` -> ``1234``,
DESIGN.md section 3); the old URL is the page's ``<link rel=canonical>`` or
``og:url`` when it states one. A page larger than ``max_record_bytes`` is never read
whole: the reader stops at the limit and quarantines it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import BinaryIO

from archivist.model import LegacyRecord, ReadFailure
from archivist.sources import Item, SourceFormat, register
from archivist.sources.limits import record_limit, too_large

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
# what starts an HTML document once a BOM, blanks, comments and an XML declaration are skipped
_START_RE = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S
)
_CANONICAL_RE = re.compile(rb"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>", re.I)
_OG_URL_RE = re.compile(rb"<meta\b[^>]*\bproperty=[\"']?og:url[\"']?[^>]*>", re.I)
_ATTR_RE = {
    name: re.compile(rb"\b" + name + rb"\s*=\s*[\"']([^\"']+)[\"']", re.I) for name in (b"href", b"content")
}


def legacy_id_from_name(name: str) -> str:
    """The file name without its extensions.

    >>> legacy_id_from_name("1234.html.gz")
    '1234'
    >>> legacy_id_from_name("brand-altstadt.2019.htm")
    'brand-altstadt.2019'
    """
    stem = name
    for suffix in (".gz", *EXTENSIONS):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return stem or name


def sniff(name: str, head: bytes) -> bool:
    """An ``.html``/``.htm`` name, or a file that starts like an HTML document.

    >>> sniff("page.txt", b"<!DOCTYPE html><html>")
    True
    >>> sniff("notes.txt", b"Syrie - Alep")
    False
    """
    lowered = name.lower().removesuffix(".gz")
    return lowered.endswith(EXTENSIONS) or bool(_START_RE.match(head[:4096]))


def page_url(raw: bytes) -> str:
    """The page's canonical URL (``<link rel=canonical>``, else ``og:url``), or ''.

    >>> page_url(b'<head><link href="https://old.example/a/1" rel="canonical"></head>')
    'https://old.example/a/1'
    """
    head = raw[:65536]
    for tag_re, attr in ((_CANONICAL_RE, b"href"), (_OG_URL_RE, b"content")):
        tag = tag_re.search(head)
        value = _ATTR_RE[attr].search(tag.group()) if tag else None
        if value:
            return value.group(1).decode("utf-8", "replace").strip()
    return ""


def read(stream: BinaryIO, origin: str) -> Iterator[Item]:
    name = PurePath(origin).name
    legacy_id = legacy_id_from_name(name)
    limit = record_limit()  # the run's max_record_bytes
    try:
        raw = stream.read(limit + 1)  # never more than the limit in memory
    except (OSError, EOFError) as exc:  # a truncated .gz
        reason = f"{origin}: cannot be read ({exc}). Copy the file again from the export."
        yield ReadFailure(legacy_id, NAME, b"", reason, "UnreadableText", origin, "offset 0")
        return
    if len(raw) > limit:
        yield too_large(legacy_id, NAME, raw, len(raw), origin, "offset 0")
        return
    if not raw.strip():
        reason = f"{origin}: the file is empty. Check the export or leave the file out."
        yield ReadFailure(legacy_id, NAME, raw, reason, "EmptyRecord", origin, "offset 0")
        return
    yield LegacyRecord(legacy_id, NAME, raw, url=page_url(raw), origin=origin)


register(SourceFormat(NAME, sniff, read, priority=40))
