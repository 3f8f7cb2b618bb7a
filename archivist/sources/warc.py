"""WARC and ARC crawls of the old site (``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``).

Read with warcio, one record at a time, so a crawl of any size streams. Each HTML
``response`` record (status 200) becomes a :class:`LegacyRecord` of format ``html``
whose url is the ``WARC-Target-URI`` and whose legacy id is the last segment of the
URL path without extension (``/politik/brand-654321.html`` -> ``brand-654321``), or a
hash of the URL when the path has none. Other records (requests, metadata, redirects,
images, revisits) are not articles and are passed over. A corrupt crawl yields a
:class:`ReadFailure` at the offset where reading stopped.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO
from urllib.parse import unquote

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from archivist.model import LegacyRecord, ReadFailure
from archivist.sources import Item, SourceFormat, register
from archivist.sources.limits import record_limit, too_large
from archivist.urls import split_url

NAME = "warc"
RECORD_FORMAT = "html"  # what the records hold: parsed by the HTML parser
EXTENSIONS = (".warc", ".warc.gz", ".arc", ".arc.gz")
_EXT_RE = re.compile(r"\.(?:html?|shtml|xhtml|php|aspx?|jsp|cms)$", re.I)
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S)


def sniff(name: str, head: bytes) -> bool:
    """A crawl by name, or by its first bytes (``WARC/``, ``filedesc://``, gzip of those).

    >>> sniff("crawl.bin", b"WARC/1.0\\r\\nWARC-Type: warcinfo")
    True
    >>> sniff("page.html", b"<html>")
    False
    """
    if name.lower().endswith(EXTENSIONS):
        return True
    if head.startswith((b"WARC/", b"filedesc://")):
        return True
    if head.startswith(b"\x1f\x8b"):
        try:
            start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head[:4096], 64)
        except zlib.error:
            return False
        return start.startswith((b"WARC/", b"filedesc://"))
    return False


def legacy_id_from_url(url: str) -> str:
    """The URL path's last segment without extension, else a hash of the URL.

    >>> legacy_id_from_url("https://old.example/politik/brand-654321.html?x=1")
    'brand-654321'
    >>> legacy_id_from_url("https://old.example/")
    'url-db44d9424a84b5a5'
    """
    segments = [s for s in unquote(split_url(url).path).split("/") if s]
    last = _EXT_RE.sub("", segments[-1]) if segments else ""
    if last and last.lower() not in {"index", "default", "article", "story"}:
        return last
    return "url-" + hashlib.sha1(url.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def _charset(record: ArcWarcRecord) -> str:
    """The charset of the HTTP Content-Type header ('' when none is given)."""
    if record.http_headers is None:
        return ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    match = _CHARSET_RE.search(content_type)
    return match.group(1) if match else ""


def _is_html(record: ArcWarcRecord, head: bytes) -> bool:
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if status and status != "200":
            return False  # redirects and errors are not articles
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
        if content_type:
            return "html" in content_type
    return bool(_HTML_START.match(head[:2048]))


def _payload(record: ArcWarcRecord, limit: int, chunk: int = 65536) -> bytes:
    """The decoded payload, read in chunks up to just past the limit (never all of a huge record)."""
    stream = record.content_stream()
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        part = stream.read(chunk)
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def _trailing(stream: BinaryIO, offset: int, origin: str) -> Iterator[ReadFailure]:
    """warcio stops quietly at a record whose headers are cut: say so instead."""
    try:
        end = stream.tell()
    except (OSError, ValueError):
        return
    if end > offset:
        reason = (
            f"{origin}, offset {offset}: {end - offset} bytes at the end are not a complete record. "
            "The crawl is truncated; re-fetch it or copy the file again."
        )
        yield ReadFailure(
            f"{origin}#offset {offset}", NAME, b"", reason, "UnreadableText", origin, f"offset {offset}"
        )


def read(stream: BinaryIO, origin: str) -> Iterator[Item]:
    position = "offset 0"
    limit = record_limit()  # the run's max_record_bytes
    try:
        iterator = ArchiveIterator(stream, arc2warc=True)
        for record in iterator:
            if record.rec_type not in {"response", "resource"}:
                continue
            url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
            raw = _payload(record, limit)
            # warcio knows a record's offset once it was read to its end
            position = f"offset {iterator.get_record_offset()}"
            if not _is_html(record, raw):
                continue
            legacy_id = legacy_id_from_url(url) if url else f"{origin}#{position}"
            if len(raw) > limit:
                yield too_large(legacy_id, RECORD_FORMAT, raw, len(raw), origin, position)
                continue
            missing = getattr(record.raw_stream, "limit", 0)
            if missing:  # the file ends inside this record
                reason = (
                    f"{origin}, {position}: the record of {url or legacy_id} is cut short ({missing} bytes "
                    "missing). The crawl is truncated; re-fetch it or copy the file again."
                )
                yield ReadFailure(legacy_id, RECORD_FORMAT, raw, reason, "UnreadableText", origin, position)
                continue
            date = record.rec_headers.get_header("WARC-Date") or ""
            charset = _charset(record)
            hints = tuple((k, v) for k, v in (("crawled", date), ("charset", charset)) if v)
            yield LegacyRecord(
                legacy_id, RECORD_FORMAT, raw, url=url, origin=origin, position=position, hints=hints
            )
        yield from _trailing(stream, iterator.offset, origin)
    # warcio raises untyped errors (zlib.error, ValueError, EOFError, ...) on corrupt crawls
    except Exception as exc:
        reason = (
            f"{origin}, {position}: the crawl cannot be read past this point ({type(exc).__name__}: {exc}). "
            "Records before it were read; check the file or re-fetch the crawl."
        )
        yield ReadFailure(f"{origin}#{position}", NAME, b"", reason, "UnreadableText", origin, position)


register(SourceFormat(NAME, sniff, read, priority=70))
