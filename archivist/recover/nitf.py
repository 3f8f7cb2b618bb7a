"""Recover one NITF document (2.5 or 3.x): hedline (hl1 title, hl2 kicker), byline,
dateline, abstract (lead), ``body.content`` (p, hl2, block, bq, media with
media-caption and media-producer, ul/ol), doc-id, date.issue, pubdata section and
URL, key-list keywords, baselang.

A ``<block>`` that opens with a heading (or has ``class="factbox"``) is a fact box:
the heading is its title and its paragraphs or list items its lines; any other
block is a plain container. ``<em class="strong">`` is strong emphasis (NITF has
no ``<strong>``); :mod:`archivist.exports.nitf` writes exactly these shapes.
"""

from __future__ import annotations

import re

from lxml import etree

from archivist.errors import StructureNotFound
from archivist.model import Article, Block, LegacyRecord, Processed, Role
from archivist.recover import register_parser
from archivist.recover.credits import split_credit
from archivist.recover.dates import parse_date
from archivist.recover.inline import inline_text
from archivist.sources.nitf import NAME, find
from archivist.xmlsafe import local_name, parse_xml

# byline prefixes that are not part of the name
_BY = re.compile(r"^(?:by|par|von|de|di)\s+", re.IGNORECASE)
HEADING_TAGS = frozenset({"hl1", "hl2"})
CONTAINER_TAGS = frozenset({"block", "body.content", "note", "div"})
LIST_TAGS = frozenset({"ul", "ol", "dl"})
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _text(element: etree._Element | None) -> str:
    return inline_text(element).text if element is not None else ""


def _strong(root: etree._Element) -> None:
    for em in root.iter():
        if local_name(em) == "em" and "strong" in (em.get("class") or "").split():
            em.tag = "strong"


def _published(nitf: etree._Element) -> tuple[str, ...]:
    docdata = find(nitf, "head", "docdata")
    candidates = []
    for name in ("date.issue", "date.release"):
        found = find(docdata, name) if docdata is not None else None
        if found is not None:
            candidates.append(found.get("norm") or "")
    story = next((e for e in nitf.iter() if local_name(e) == "story.date"), None)
    if story is not None:
        candidates.append(story.get("norm") or "")
    return tuple(c for c in candidates if c)


def _language(nitf: etree._Element) -> str:
    for element in (nitf, find(nitf, "body"), find(nitf, "body", "body.content")):
        if element is not None:
            code = element.get("baselang") or element.get(XML_LANG) or element.get("lang") or ""
            if code:
                return code.replace("_", "-").split("-")[0].lower()
    return "und"


def _meta(nitf: etree._Element, name: str) -> str:
    head = find(nitf, "head")
    for meta in head if head is not None else ():
        if local_name(meta) == "meta" and meta.get("name") == name:
            return (meta.get("content") or "").strip()
    return ""


def parse(record: LegacyRecord) -> Processed:
    nitf = parse_xml(record.raw, record.where)
    _strong(nitf)
    body_head = find(nitf, "body", "body.head")
    hedline = find(body_head, "hedline") if body_head is not None else None
    title = _text(find(hedline, "hl1") if hedline is not None else None) or _text(find(nitf, "head", "title"))
    if not title:
        msg = f"{record.where}: the NITF has neither hedline/hl1 nor head/title. Add a headline, re-run."
        raise StructureNotFound(msg)
    kicker = _text(find(hedline, "hl2")) if hedline is not None else ""
    byline = _BY.sub("", _text(find(body_head, "byline"))) if body_head is not None else ""
    dateline = _text(find(body_head, "dateline")) if body_head is not None else ""
    abstract = find(body_head, "abstract") if body_head is not None else None
    lead = " ".join(t for t in (_text(p) for p in abstract) if t) if abstract is not None else ""
    if abstract is not None and not lead:
        lead = _text(abstract)
    pubdata = find(nitf, "head", "pubdata")
    keywords = find(nitf, "head", "docdata", "key-list")
    tags = tuple(
        (k.get("key") or "").strip()
        for k in (keywords if keywords is not None else ())
        if (k.get("key") or "").strip()
    )
    content = find(nitf, "body", "body.content")
    blocks = content_blocks(content) if content is not None else []
    published = next((d for d in map(parse_date, _published(nitf)) if d is not None), None)
    article = Article(
        legacy_id=record.legacy_id,
        title=title,
        language=_language(nitf),
        kicker=kicker,
        lead=lead,
        byline=byline,
        dateline=dateline,
        published=published,
        section=((pubdata.get("position.section") or "") if pubdata is not None else "").strip()
        or _meta(nitf, "section"),
        url=record.url,
        blocks=tuple(blocks),
        tags=tags,
        source_format=NAME,
    )
    return Processed(article)


def content_blocks(container: etree._Element) -> list[Block]:
    blocks: list[Block] = []
    for child in container:
        name = local_name(child)
        if name == "p":
            inline = inline_text(child)
            if inline.text:
                blocks.append(Block(Role.PARAGRAPH, inline.text, inline.marks))
        elif name in HEADING_TAGS:
            inline = inline_text(child)
            if inline.text:
                blocks.append(Block(Role.SUBHEAD, inline.text, inline.marks))
        elif name == "block" and _is_factbox(child):
            blocks.append(_factbox(child))
        elif name in CONTAINER_TAGS:
            blocks.extend(content_blocks(child))
        elif name == "media":
            figure = _media(child)
            if figure is not None:
                blocks.append(figure)
        elif name == "bq":
            blocks.extend(_quote(child))
        elif name in LIST_TAGS:
            items = tuple(t for li in child if (t := _text(li)))
            if items:
                blocks.append(Block(Role.LIST, "", items=items))
        elif name in {"pre", "table"}:
            text = _text(child)
            if text:
                blocks.append(Block(Role.PARAGRAPH, text))
    return blocks


def _is_factbox(block: etree._Element) -> bool:
    if "factbox" in (block.get("class") or "").split():
        return True
    first = next((c for c in block if local_name(c)), None)
    return first is not None and local_name(first) in HEADING_TAGS and len(block) > 1


def _factbox(block: etree._Element) -> Block:
    heading = ""
    items: list[str] = []
    for child in block:
        name = local_name(child)
        if name in HEADING_TAGS and not heading:
            heading = _text(child)
        elif name in LIST_TAGS:
            items.extend(t for li in child if (t := _text(li)))
        elif name:
            text = _text(child)
            if text:
                items.append(text)
    return Block(Role.FACTBOX, heading, items=tuple(items))


def _quote(bq: etree._Element) -> list[Block]:
    credit = _text(find(bq, "credit"))
    inner = [b for child in bq if local_name(child) == "block" for b in content_blocks(child)]
    if not inner:
        text = _text(bq)
        return [Block(Role.QUOTE, text, credit=credit)] if text else []
    text = " ".join(b.text for b in inner if b.text)
    marks = inner[0].marks if len(inner) == 1 else ()
    return [Block(Role.QUOTE, text, marks, credit=credit)]


def _media(media: etree._Element) -> Block | None:
    reference = find(media, "media-reference")
    src = alt = ""
    if reference is not None:
        src = (reference.get("source") or reference.get("data-location") or "").strip()
        alt = (reference.get("alternate-text") or "").strip()
    captions = [inline_text(c) for c in media if local_name(c) == "media-caption"]
    text = " ".join(c.text for c in captions if c.text)
    marks = captions[0].marks if len(captions) == 1 else ()
    credit = _text(find(media, "media-producer"))
    if not credit and reference is not None:
        credit = (reference.get("source-credit") or "").strip()
    if text and not credit:
        text, credit = split_credit(text)
        marks = tuple(m for m in marks if m.end <= len(text))
    if not (src or text):
        return None
    return Block(Role.CAPTION, text, marks, credit=credit, src=src, alt=alt)


register_parser(NAME, parse)
