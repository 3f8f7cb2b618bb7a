"""Articles -> NITF 2.5 documents, in the element order the DTD requires.

=============  ===================================================================
article        NITF
=============  ===================================================================
title          ``head/title`` and ``body.head/hedline/hl1``
kicker         ``hedline/hl2``
byline         ``body.head/byline``
dateline       ``body.head/dateline``
lead           ``body.head/abstract/p``
published      ``docdata/date.issue/@norm`` (ISO 8601 basic, UTC)
legacy id      ``docdata/doc-id/@id-string``
tags           ``docdata/key-list/keyword/@key``
section, URL   ``pubdata/@position.section``, ``pubdata/@ex-ref`` (the old URL)
new URL        a second ``pubdata name="archivist"`` with ``@ex-ref``
language       ``nitf/@baselang``
blocks         p; subhead -> hl2; quote -> bq/block/p + credit; caption -> media
               (media-reference, media-caption, media-producer); list -> ul/li;
               fact box -> ``block class="factbox"`` with hl2 and ul
=============  ===================================================================

Strong emphasis is ``<em class="strong">`` (NITF has no ``<strong>``).
:mod:`archivist.recover.nitf` reads all of this back.
"""

from __future__ import annotations

import mimetypes
from datetime import UTC

from lxml import etree

from archivist.model import Article, Block, Mark, Role
from archivist.recover.inline import xml_safe

MEDIA_TYPES = {"image": "image/jpeg"}  # when the file name gives no MIME type
REQUIRED_ATTRS = frozenset({"data-location", "mime-type"})  # #REQUIRED in nitf-2-5.dtd


def _sub(
    parent: etree._Element, tag: str, text: str = "", attrs: dict[str, str] | None = None
) -> etree._Element:
    """A child element; empty attributes are left out unless the DTD requires them."""
    kept = {k: xml_safe(v) for k, v in (attrs or {}).items() if v or k in REQUIRED_ATTRS}
    element = etree.SubElement(parent, tag, kept)
    if text:
        element.text = xml_safe(text)
    return element


def inline(parent: etree._Element, text: str, marks: tuple[Mark, ...]) -> None:
    """Fill ``parent`` with ``text``, wrapping the marked spans (links, emphasis).

    Overlapping marks are written outermost first; a mark crossing another's edge
    is cut at that edge, since XML cannot express crossing spans.
    """
    _fill(parent, text, 0, len(text), sorted(marks, key=lambda m: (m.start, -m.end)))


def _fill(parent: etree._Element, text: str, start: int, end: int, marks: list[Mark]) -> None:
    cursor = start
    last: etree._Element | None = None

    def put(chunk: str) -> None:
        chunk = xml_safe(chunk)
        if not chunk:
            return
        if last is None:
            parent.text = (parent.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    index = 0
    while index < len(marks):
        mark = marks[index]
        index += 1
        m_start, m_end = max(mark.start, cursor), min(mark.end, end)
        if m_end <= m_start:
            continue
        put(text[cursor:m_start])
        if mark.kind == "a":
            child = etree.SubElement(parent, "a", href=xml_safe(mark.href))
        elif mark.kind == "strong":
            child = etree.SubElement(parent, "em", {"class": "strong"})
        else:
            child = etree.SubElement(parent, "em")
        inner = []
        while index < len(marks) and marks[index].start < m_end:
            inner.append(marks[index])
            index += 1
        _fill(child, text, m_start, m_end, inner)
        last = child
        cursor = m_end
    put(text[cursor:end])


def _norm(article: Article) -> str:
    if article.published is None:
        return ""
    published = article.published
    if published.tzinfo is not None:
        published = published.astimezone(UTC)
    return published.strftime("%Y%m%dT%H%M%SZ" if article.published.tzinfo else "%Y%m%dT%H%M%S")


def _block(content: etree._Element, block: Block) -> None:
    if block.role is Role.PARAGRAPH:
        inline(_sub(content, "p"), block.text, block.marks)
    elif block.role is Role.SUBHEAD:
        inline(_sub(content, "hl2"), block.text, block.marks)
    elif block.role is Role.QUOTE:
        bq = _sub(content, "bq")
        inline(_sub(_sub(bq, "block"), "p"), block.text, block.marks)
        if block.credit:
            _sub(bq, "credit", block.credit)
    elif block.role is Role.CAPTION:
        media = _sub(content, "media", attrs={"media-type": "image"})
        mime = mimetypes.guess_type(block.src)[0] if block.src else None
        _sub(
            media,
            "media-reference",
            attrs={
                "data-location": block.src,
                "source": block.src,
                "mime-type": mime or MEDIA_TYPES["image"],
                "alternate-text": block.alt,
            },
        )
        if block.text:
            inline(_sub(media, "media-caption"), block.text, block.marks)
        if block.credit:
            _sub(media, "media-producer", block.credit)
    elif block.role is Role.LIST and block.items:  # the DTD wants (li)+: an empty list is left out
        ul = _sub(content, "ul")
        for item in block.items:
            _sub(ul, "li", item)
    elif block.role is Role.FACTBOX:
        box = _sub(content, "block", attrs={"class": "factbox"})
        _sub(box, "hl2", block.text or " ")
        if block.items:
            ul = _sub(box, "ul")
            for item in block.items:
                _sub(ul, "li", item)


def to_nitf_element(article: Article, *, new_url: str = "") -> etree._Element:
    """The ``<nitf>`` element of one article."""
    root = etree.Element(
        "nitf", {"baselang": xml_safe(article.language)} if article.language != "und" else {}
    )
    head = _sub(root, "head")
    _sub(head, "title", article.title)
    docdata = _sub(head, "docdata")
    _sub(docdata, "doc-id", attrs={"id-string": article.legacy_id})
    norm = _norm(article)
    if norm:
        _sub(docdata, "date.issue", attrs={"norm": norm})
    if article.tags:
        keys = _sub(docdata, "key-list")
        for tag in article.tags:
            _sub(keys, "keyword", attrs={"key": tag})
    _sub(head, "pubdata", attrs={"type": "web", "position.section": article.section, "ex-ref": article.url})
    if new_url:
        _sub(head, "pubdata", attrs={"type": "web", "name": "archivist", "ex-ref": new_url})
    body = _sub(root, "body")
    body_head = _sub(body, "body.head")
    hedline = _sub(body_head, "hedline")
    inline(_sub(hedline, "hl1"), article.title, ())
    if article.kicker:
        _sub(hedline, "hl2", article.kicker)
    if article.byline:
        _sub(body_head, "byline", article.byline)
    if article.dateline:
        _sub(body_head, "dateline", article.dateline)
    if article.lead:
        _sub(_sub(body_head, "abstract"), "p", article.lead)
    content = _sub(body, "body.content")
    for block in article.blocks:
        _block(content, block)
    return root


def to_nitf(article: Article, *, new_url: str = "") -> bytes:
    """One NITF document (UTF-8, with the XML declaration)."""
    data: bytes = etree.tostring(
        to_nitf_element(article, new_url=new_url), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    return data
