"""WordPress eXtended RSS (WXR 1.0–1.2) exports, streamed with lxml iterparse.

Two passes over the file, each in constant memory per item: the first collects
the attachments (id -> URL, caption, alt text) and the authors (login -> display
name), since a post may reference an attachment written after it; the second
yields one record per published post, whose ``raw`` is the ``<item>`` element
(serialised with its namespace declarations, so it parses on its own) and whose
hints carry what the post needs from the rest of the file: its author's display
name, the attachments it references (``[caption id="attachment_N"]``, ``[gallery
ids]``, ``wp-image-N`` classes, the featured image) and the channel language.

Only items with ``wp:post_type`` "post" and status "publish" or "private" are
articles; pages, menus, drafts and revisions are not records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from archivist.errors import RecordError, UnsafeXML
from archivist.model import LegacyRecord
from archivist.sources import Item, SourceFormat, register
from archivist.sources.limits import failure, record_limit, too_large
from archivist.xmlsafe import iter_elements, local_name

NAME = "wxr"
ARTICLE_TYPES = frozenset({"post"})
ARTICLE_STATUSES = frozenset({"publish", "private"})

# the first pass: items, the channel language, and the authors of every WXR version
# (namespaced: a plain RSS <author> inside an item must not be cleared mid-item)
SCAN_TAGS = (
    "item",
    "language",
    *(f"{{http://wordpress.org/export/{version}/}}author" for version in ("1.0", "1.1", "1.2")),
)

# attachment ids a post's content points at
_ATTACHMENT_REFS = (
    re.compile(r"\[caption[^\]]*\bid=[\"']?attachment_(\d+)"),
    re.compile(r"\bwp-image-(\d+)"),
    re.compile(r"\[gallery[^\]]*\bids=[\"']?([\d,\s]+)"),
)


def sniff(name: str, head: bytes) -> bool:
    return b"<rss" in head and b"wordpress.org/export/" in head


def child_text(element: etree._Element, name: str) -> str:
    """Text of the first child whose local name is ``name`` ('' if none)."""
    for child in element:
        if local_name(child) == name:
            return (child.text or "").strip()
    return ""


def postmeta(item: etree._Element) -> dict[str, str]:
    meta: dict[str, str] = {}
    for child in item:
        if local_name(child) == "postmeta":
            key = child_text(child, "meta_key")
            if key:
                meta.setdefault(key, child_text(child, "meta_value"))
    return meta


def _scan(stream: BinaryIO, origin: str) -> tuple[dict[str, dict[str, str]], dict[str, str], str]:
    """First pass: attachments, authors, channel language."""
    attachments: dict[str, dict[str, str]] = {}
    authors: dict[str, str] = {}
    language = ""
    try:
        for element, _line in iter_elements(stream, SCAN_TAGS, origin):
            _collect(element, attachments, authors)
            if local_name(element) == "language" and not language:
                language = (element.text or "").strip()
    except UnsafeXML:
        raise
    except RecordError:
        pass  # malformed: the second pass reports where; keep what was collected so far
    return attachments, authors, language


def _collect(
    element: etree._Element, attachments: dict[str, dict[str, str]], authors: dict[str, str]
) -> None:
    name = local_name(element)
    parent = element.getparent()
    if name == "author" and parent is not None and local_name(parent) == "channel":
        login = child_text(element, "author_login")
        if login:
            authors[login] = child_text(element, "author_display_name") or login
    elif name == "item" and child_text(element, "post_type") == "attachment":
        attachments[child_text(element, "post_id")] = {
            "url": child_text(element, "attachment_url") or child_text(element, "guid"),
            "caption": _encoded(element, "excerpt").strip(),
            "title": child_text(element, "title"),
            "alt": postmeta(element).get("_wp_attachment_image_alt", ""),
        }


def referenced_attachments(content: str, meta: dict[str, str]) -> list[str]:
    ids: list[str] = []
    if meta.get("_thumbnail_id"):
        ids.append(meta["_thumbnail_id"])
    for pattern in _ATTACHMENT_REFS:
        for match in pattern.finditer(content):
            ids.extend(i.strip() for i in match.group(1).split(",") if i.strip())
    return list(dict.fromkeys(ids))


def read(stream: BinaryIO, origin: str) -> Iterator[Item]:
    try:
        attachments, authors, language = _scan(stream, origin)
    except UnsafeXML as exc:  # refused before any item could be trusted
        yield failure(origin, NAME, b"", exc, origin, "item 1")
        return
    stream.seek(0)
    number = 0
    try:
        for item, line in iter_elements(stream, "item", origin):
            number += 1
            record = _record(item, number, line, origin, attachments, authors, language)
            if record is not None:
                yield record
    except RecordError as exc:
        yield failure(f"{origin}#item{number + 1}", NAME, b"", exc, origin, f"item {number + 1}")


def _record(
    item: etree._Element,
    number: int,
    line: int,
    origin: str,
    attachments: dict[str, dict[str, str]],
    authors: dict[str, str],
    language: str,
) -> Item | None:
    if (
        child_text(item, "post_type") not in ARTICLE_TYPES
        or child_text(item, "status") not in ARTICLE_STATUSES
    ):
        return None
    position = f"item {number} (line {line})"
    meta = postmeta(item)
    legacy_id = meta.get("_archivist_legacy_id") or child_text(item, "post_id") or f"{origin}#item{number}"
    raw = etree.tostring(item, encoding="utf-8")
    if len(raw) > record_limit():
        return too_large(legacy_id, NAME, raw, len(raw), origin, position)
    content = _encoded(item, "content")
    hints: list[tuple[str, str]] = []
    creator = child_text(item, "creator")
    if creator:
        hints.append(("author", authors.get(creator, creator)))
    if language:
        hints.append(("language", language))
    for attachment_id in referenced_attachments(content, meta):
        if attachment_id in attachments:
            hints.append(("attachment", json.dumps({"id": attachment_id, **attachments[attachment_id]})))
    # what the container says, for the quarantine list and reports
    for key, value in (
        ("title", child_text(item, "title")),
        ("published", next((d for d in _dates(item) if d and not d.startswith("0000")), "")),
        (
            "section",
            next(
                (c.text or "" for c in item if local_name(c) == "category" and c.get("domain") == "category"),
                "",
            ),
        ),
    ):
        if value.strip() and not value.startswith("0000"):
            hints.append((key, value.strip()))
    # our own exports keep the old URL in meta (the link is the new one), even when empty
    url = meta["_archivist_legacy_url"] if "_archivist_legacy_url" in meta else child_text(item, "link")
    return LegacyRecord(legacy_id, NAME, raw, url, origin, position, tuple(hints))


def _dates(item: etree._Element) -> tuple[str, ...]:
    return child_text(item, "post_date_gmt"), child_text(item, "pubDate"), child_text(item, "post_date")


def _encoded(item: etree._Element, kind: str) -> str:
    """``content:encoded`` or ``excerpt:encoded`` (told apart by namespace)."""
    for child in item:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag.endswith("}encoded") and kind in tag:
            return child.text or ""
    return ""


register(SourceFormat(NAME, sniff, read, priority=60))
