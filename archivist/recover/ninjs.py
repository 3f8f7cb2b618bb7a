"""Recover a ninjs object of version 1.x, 2.x or 3.x (detected first).

Where each article field comes from, per version:

- title: 1.x ``headline``; 2.x/3.x ``headlines[role=main]``
- kicker: 2.x/3.x ``headlines[role=kicker]`` (1.x has none)
- lead: 1.x ``description_text`` / ``description_html``; 2.x/3.x ``descriptions[role=lead|summary…]``
- body: 1.x ``body_html`` / ``body_xhtml`` / ``body_text``; 2.x ``bodies[contenttype]``,
  3.x ``bodies[contentType]`` (HTML preferred, plain text one paragraph per line)
- byline, dateline: 1.x ``byline``, ``located``; 2.x/3.x ``by``, ``located``
- published: ``firstCreated`` / ``firstcreated``, else ``contentCreated``, else the version date
- section: a subject whose role/rel is a section (:data:`SECTION_ROLES`), else 1.x ``service[0]``
- tags: the other subjects' names, then ``keywords``
"""

from __future__ import annotations

import json
from typing import Any

from archivist.errors import StructureNotFound, UnreadableText
from archivist.model import Article, Block, LegacyRecord, Processed, Role
from archivist.recover import register_parser
from archivist.recover.dates import parse_date
from archivist.recover.fragment import html_to_blocks
from archivist.recover.inline import clean_strings, inline_from_html
from archivist.sources.ninjs import NAME, detect_version, first

# roles of descriptions that are the lead (chapô, dek), in order of preference
LEAD_ROLES = ("lead", "summary", "teaser", "abstract", "description", "")
# roles of subjects that carry the section (rather than a tag)
SECTION_ROLES = frozenset({"section", "category", "desk", "ressort", "rubrique"})


def _by_role(items: Any, roles: tuple[str, ...]) -> dict[str, Any] | None:
    if not isinstance(items, list):
        return None
    dicts = [i for i in items if isinstance(i, dict)]
    for role in roles:
        for item in dicts:
            if str(item.get("role", "")) == role and item.get("value"):
                return item
    return None


def _text_of(item: dict[str, Any] | None) -> str:
    if item is None:
        return ""
    value = str(item.get("value", ""))
    kind = str(item.get("contentType") or item.get("contenttype") or "text/plain")
    return inline_from_html(value).text if "html" in kind else " ".join(value.split())


def _body(data: dict[str, Any], version: str) -> list[Block]:
    if version == "1":
        html = first(data, "body_html", "body_xhtml")
        if html:
            return html_to_blocks(str(html))
        return _plain_blocks(str(data.get("body_text") or ""))
    bodies = data.get("bodies")
    if not isinstance(bodies, list):
        return []
    dicts = [b for b in bodies if isinstance(b, dict) and b.get("value")]
    dicts.sort(key=lambda b: (str(b.get("role", "main")) != "main",))
    for body in dicts:
        kind = str(body.get("contentType") or body.get("contenttype") or "")
        if "html" in kind:
            return html_to_blocks(str(body["value"]))
    return _plain_blocks(str(dicts[0]["value"])) if dicts else []


def _plain_blocks(text: str) -> list[Block]:
    return [Block(Role.PARAGRAPH, " ".join(line.split())) for line in text.splitlines() if line.strip()]


def _names(items: Any) -> list[tuple[str, str]]:
    """``(name, role)`` of subjects / genres / services (objects with a name)."""
    out = []
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and item.get("name"):
                out.append((str(item["name"]).strip(), str(item.get("role") or item.get("rel") or "")))
            elif isinstance(item, str) and item.strip():
                out.append((item.strip(), ""))
    return out


def _section_and_tags(data: dict[str, Any], version: str) -> tuple[str, tuple[str, ...]]:
    section = ""
    tags: list[str] = []
    subjects = _names(first(data, "subjects", "subject"))
    for name, role in subjects:
        if role.lower() in SECTION_ROLES and not section:
            section = name
        else:
            tags.append(name)
    if not section:
        services = _names(data.get("service"))
        section = services[0][0] if services else ""
    keywords = data.get("keywords")
    if isinstance(keywords, list):
        tags.extend(str(k).strip() for k in keywords if str(k).strip())
    return section, tuple(dict.fromkeys(tags))


def parse(record: LegacyRecord) -> Processed:
    try:
        data = json.loads(record.raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        msg = f"{record.where}: not valid JSON ({exc}). Fix or remove that object."
        raise UnreadableText(msg) from exc
    if not isinstance(data, dict):
        msg = f"{record.where}: a ninjs document must be a JSON object. Check the export."
        raise UnreadableText(msg)
    data = clean_strings(data)  # JSON escapes can hold control characters no XML carries
    version = record.hint("ninjs_version") or detect_version(data)
    if version == "1":
        title = " ".join(str(data.get("headline") or "").split())
        kicker = ""
        lead = (
            str(data.get("description_text") or "")
            or inline_from_html(str(data.get("description_html") or "")).text
        )
        byline = str(data.get("byline") or "")
    else:
        headlines = data.get("headlines")
        title = _text_of(_by_role(headlines, ("main", "")))
        kicker = _text_of(_by_role(headlines, ("kicker", "overline", "pretitle")))
        lead = _text_of(_by_role(data.get("descriptions"), LEAD_ROLES))
        byline = str(data.get("by") or data.get("byline") or "")
        if not title and isinstance(headlines, list) and headlines and isinstance(headlines[0], dict):
            title = _text_of(headlines[0])
    if not title:
        msg = f"{record.where}: the ninjs {version}.x object has no main headline. Add one and re-run."
        raise StructureNotFound(msg)
    created = first(
        data, "firstCreated", "firstcreated", "contentCreated", "versionCreated", "versioncreated"
    )
    section, tags = _section_and_tags(data, version)
    language = str(data.get("language") or "und").replace("_", "-").split("-")[0].lower() or "und"
    article = Article(
        legacy_id=record.legacy_id,
        title=title,
        language=language,
        kicker=kicker,
        lead=" ".join(lead.split()),
        byline=" ".join(byline.split()),
        dateline=" ".join(str(data.get("located") or "").split()),
        published=parse_date(str(created)) if created else None,
        section=section,
        url=record.url,
        blocks=tuple(_body(data, version)),
        tags=tags,
        source_format=NAME,
    )
    return Processed(article)


register_parser(NAME, parse)
