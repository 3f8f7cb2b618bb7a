"""Recover one WXR ``<item>``: title, excerpt (lead), content (blocks), author,
dates (GMT preferred), categories (the first is the section) and tags, the
permalink as the old URL, the featured image and shortcodes converted.

Fields WordPress has no column for (kicker, dateline, language, the legacy id and
URL) are read from post meta: our own ``_archivist_*`` keys (written by
:mod:`archivist.exports.wxr`, so a round trip keeps them) and the common keys
other plugins use, listed in :data:`META_KEYS`.
"""

from __future__ import annotations

import json
from datetime import datetime

from lxml import etree

from archivist.errors import StructureNotFound
from archivist.model import Article, Block, Finding, LegacyRecord, Processed, Role, Severity
from archivist.recover import register_parser
from archivist.recover.credits import split_credit
from archivist.recover.dates import parse_date
from archivist.recover.fragment import html_to_blocks
from archivist.recover.inline import inline_from_html
from archivist.recover.shortcodes import convert
from archivist.sources.wxr import NAME, child_text, postmeta
from archivist.xmlsafe import local_name, parse_xml

# article field -> post meta keys that may hold it, first found wins
META_KEYS = {
    "kicker": ("_archivist_kicker", "kicker", "_kicker", "overline", "dachzeile", "surtitre"),
    "dateline": ("_archivist_dateline", "dateline"),
    "language": ("_archivist_language", "language", "_locale"),
    "byline": ("_archivist_byline", "byline", "_byline"),
}
# categories that only say "none" (WordPress' default category per language)
EMPTY_CATEGORIES = frozenset({"uncategorized", "non classé", "allgemein", "unkategorisiert"})


def _meta(meta: dict[str, str], field: str) -> str:
    return next((meta[k].strip() for k in META_KEYS[field] if meta.get(k, "").strip()), "")


def _encoded(item: etree._Element, kind: str) -> str:
    for child in item:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag.endswith("}encoded") and kind in tag:
            return child.text or ""
    return ""


def _terms(item: etree._Element) -> tuple[list[str], list[str]]:
    categories: list[str] = []
    tags: list[str] = []
    for child in item:
        if local_name(child) != "category":
            continue
        name = " ".join((child.text or "").split())
        if not name:
            continue
        if child.get("domain") == "post_tag":
            tags.append(name)
        elif child.get("domain", "category") == "category" and name.lower() not in EMPTY_CATEGORIES:
            categories.append(name)
    return categories, tags


def _published(item: etree._Element) -> tuple[datetime | None, str]:
    """The first publication date and which field it came from (GMT preferred)."""
    gmt = parse_date(child_text(item, "post_date_gmt"))
    if gmt is not None:
        return gmt, "post_date_gmt"
    pub = parse_date(child_text(item, "pubDate"))
    if pub is not None:
        return pub, "pubDate"
    return parse_date(child_text(item, "post_date"), naive_is_utc=False), "post_date"


def _language(code: str) -> str:
    return code.strip().replace("_", "-").split("-")[0].lower() or "und"


def parse(record: LegacyRecord) -> Processed:
    item = parse_xml(record.raw, record.where)
    meta = postmeta(item)
    title = " ".join(child_text(item, "title").split())
    if not title:
        msg = f"{record.where}: the post has no title. Give it one in WordPress or the export, and re-run."
        raise StructureNotFound(msg)
    attachments: dict[str, dict[str, str]] = {}
    for key, value in record.hints:
        if key == "attachment":
            data = json.loads(value)
            attachments[str(data["id"])] = data
    findings: list[Finding] = []
    converted = convert(_encoded(item, "content"), attachments)
    blocks = html_to_blocks(converted.html)
    for name in sorted(set(converted.removed)):
        findings.append(
            Finding(
                "shortcode_removed", Severity.WARNING, "body", f"Shortcode [{name}] removed, its text kept."
            )
        )
    for attachment_id in converted.missing:
        findings.append(
            Finding(
                "media_missing", Severity.WARNING, "body", f"Attachment {attachment_id} is not in the export."
            )
        )
    blocks = _featured(meta, attachments, blocks, findings)
    published, date_field = _published(item)
    if published is not None and published.tzinfo is None:
        findings.append(
            Finding(
                "date_without_zone", Severity.INFO, "published", f"Only the local {date_field} was exported."
            )
        )
    categories, tags = _terms(item)
    article = Article(
        legacy_id=record.legacy_id,
        title=title,
        language=_language(_meta(meta, "language") or record.hint("language")),
        kicker=_meta(meta, "kicker"),
        lead=inline_from_html(_encoded(item, "excerpt")).text,
        byline=_meta(meta, "byline") or record.hint("author") or child_text(item, "creator"),
        dateline=_meta(meta, "dateline"),
        published=published,
        section=categories[0] if categories else "",
        url=record.url,
        blocks=tuple(blocks),
        tags=tuple(dict.fromkeys(tags + categories[1:])),
        source_format=NAME,
    )
    return Processed(article, (), tuple(findings))


def _featured(
    meta: dict[str, str], attachments: dict[str, dict[str, str]], blocks: list[Block], findings: list[Finding]
) -> list[Block]:
    """The featured image as the first figure, unless the content already shows it."""
    thumb = meta.get("_thumbnail_id", "").strip()
    if not thumb:
        return blocks
    found = attachments.get(thumb)
    if found is None:
        findings.append(
            Finding(
                "media_missing", Severity.WARNING, "body", f"Featured image {thumb} is not in the export."
            )
        )
        return blocks
    url = found.get("url", "")
    if not url or any(b.src == url for b in blocks):
        return blocks
    caption = inline_from_html(found.get("caption", "")).text
    text, credit = split_credit(caption)
    return [Block(Role.CAPTION, text, credit=credit, src=url, alt=found.get("alt", "")), *blocks]


register_parser(NAME, parse)
