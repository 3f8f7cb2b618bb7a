"""Recover one JSON Lines object or CSV row through its field mapping.

The mapping (see :mod:`archivist.sources.mapping`) arrives as the record's
``mapping`` hint. The body is HTML (read by :mod:`archivist.recover.fragment`)
when the mapping says so or, with ``body_format = "auto"``, when it holds tags;
otherwise each non-empty line is a paragraph. Tags may be a list or a string
separated by commas or semicolons; a byline may be a list of names or of
``{"name": …}`` objects.
"""

from __future__ import annotations

import json
import re
from typing import Any

from archivist.errors import StructureNotFound, UnreadableText
from archivist.model import Article, Block, LegacyRecord, Processed, Role
from archivist.recover import register_parser
from archivist.recover.dates import parse_date
from archivist.recover.fragment import html_to_blocks
from archivist.recover.inline import clean_strings, inline_from_html
from archivist.sources.jsonl import NAME, split_csv_row
from archivist.sources.mapping import DEFAULT_MAPPING, pick

_TAGS = re.compile(r"<[a-zA-Z][^>]*>")
_TAG_SPLIT = re.compile(r"\s*[,;]\s*")


def _fields(record: LegacyRecord) -> dict[str, Any]:
    if record.hint("container") == "csv":
        columns = json.loads(record.hint("columns") or "[]")
        return split_csv_row(record.raw, columns, record.hint("delimiter") or ",", record.where)
    try:
        data = json.loads(record.raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        msg = f"{record.where}: not valid JSON ({exc}). Fix or remove that line."
        raise UnreadableText(msg) from exc
    if not isinstance(data, dict):
        msg = f"{record.where}: a JSON Lines record must be an object. Check the export."
        raise UnreadableText(msg)
    return data


def _string(value: Any) -> str:
    """A scalar, a list of names or of {name} objects -> one line of text."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(s for s in (_string(v) for v in value) if s)
    if isinstance(value, dict):
        return _string(value.get("name") or value.get("value") or "")
    text = str(value)
    return inline_from_html(text).text if _TAGS.search(text) else " ".join(text.split())


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        names = [_string(v) for v in value]
    elif value:
        names = _TAG_SPLIT.split(str(value))
    else:
        names = []
    return tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))


def body_blocks(value: Any, body_format: str) -> list[Block]:
    text = value if isinstance(value, str) else "" if value is None else str(value)
    if body_format == "html" or (body_format == "auto" and _TAGS.search(text)):
        return html_to_blocks(text)
    return [Block(Role.PARAGRAPH, " ".join(line.split())) for line in text.splitlines() if line.strip()]


def parse(record: LegacyRecord) -> Processed:
    mapping = json.loads(record.hint("mapping") or "null") or {
        "fields": {k: list(v) for k, v in DEFAULT_MAPPING.items()},
        "options": {"body_format": "auto"},
    }
    fields: dict[str, list[str]] = mapping["fields"]
    data = clean_strings(_fields(record))  # JSON escapes can hold control characters no XML carries
    title = _string(pick(data, fields["title"]))
    if not title:
        msg = (
            f"{record.where}: no title in the fields {fields['title']}. "
            "Name the title field in the mapping file (see README, Formats)."
        )
        raise StructureNotFound(msg)
    published = pick(data, fields["published"])
    language = _string(pick(data, fields["language"])).replace("_", "-").split("-")[0].lower()
    article = Article(
        legacy_id=record.legacy_id,
        title=title,
        language=language or "und",
        kicker=_string(pick(data, fields["kicker"])),
        lead=_string(pick(data, fields["lead"])),
        byline=_string(pick(data, fields["byline"])),
        dateline=_string(pick(data, fields["dateline"])),
        published=parse_date(str(published)) if published not in (None, "") else None,
        section=_string(pick(data, fields["section"])),
        url=record.url,
        blocks=tuple(body_blocks(pick(data, fields["body"]), mapping["options"].get("body_format", "auto"))),
        tags=_tags(pick(data, fields["tags"])),
        source_format=NAME,
    )
    return Processed(article)


register_parser(NAME, parse)
