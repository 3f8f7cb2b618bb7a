"""Articles as IPTC ninjs 3.0 objects, mapped exactly as DESIGN.md section 3 says.

:func:`body_html` is the one place that turns blocks into HTML: only ``<p>``, ``<h2>``,
``<blockquote>``, ``<figure><img><figcaption>`` (credit in ``<small class="credit">``),
``<ul>/<ol><li>``, ``<a href>``, ``<em>`` and ``<strong>``, all text escaped. The site
and the other exports reuse it.
"""

from __future__ import annotations

import html
from datetime import datetime
from itertools import pairwise
from typing import Any
from urllib.parse import quote

from archivist.model import Article, Block, Mark, Role

SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json#"
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "/", "#")
_TAGS = {"a": "a", "em": "em", "strong": "strong"}


def _href(href: str) -> str:
    """A link target, or '' for schemes that must not reach readers (``javascript:``…)."""
    href = href.strip()
    if href.lower().startswith(_SAFE_SCHEMES) or (href and ":" not in href.split("/", 1)[0]):
        return href
    return ""


def _open(mark: Mark) -> str:
    if mark.kind == "a":
        href = _href(mark.href)
        return f'<a href="{html.escape(href, quote=True)}">' if href else "<a>"
    return f"<{_TAGS.get(mark.kind, 'em')}>"


def _close(mark: Mark) -> str:
    return f"</{_TAGS.get(mark.kind, 'em')}>"


def inline_html(text: str, marks: tuple[Mark, ...] = ()) -> str:
    """``text`` escaped, with its marks as ``<a>``, ``<em>``, ``<strong>`` (overlaps re-nested).

    >>> inline_html("Voir <ici> & là", (Mark(5, 10, "a", "https://x.ch/?a=1&b=2"),))
    'Voir <a href="https://x.ch/?a=1&amp;b=2">&lt;ici&gt;</a> &amp; là'
    """
    marks = tuple(m for m in marks if 0 <= m.start < m.end <= len(text) and m.kind in _TAGS)
    if not marks:
        return html.escape(text, quote=False)
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    stack: list[Mark] = []
    for start, end in pairwise(bounds):
        active = [
            m for m in sorted(marks, key=lambda m: (m.start, -m.end)) if m.start <= start and m.end >= end
        ]
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] == active[keep]:
            keep += 1
        for mark in reversed(stack[keep:]):
            out.append(_close(mark))
        stack = stack[:keep]
        for mark in active[keep:]:
            out.append(_open(mark))
            stack.append(mark)
        out.append(html.escape(text[start:end], quote=False))
    out.extend(_close(mark) for mark in reversed(stack))
    return "".join(out)


def _items(items: tuple[str, ...]) -> str:
    return "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in items)


def block_html(block: Block) -> str:
    """One block as HTML."""
    text = inline_html(block.text, block.marks)
    if block.role is Role.SUBHEAD:
        return f"<h2>{text}</h2>"
    if block.role is Role.QUOTE:
        credit = f"<p>— {html.escape(block.credit, quote=False)}</p>" if block.credit else ""
        return f"<blockquote><p>{text}</p>{credit}</blockquote>"
    if block.role is Role.CAPTION:
        img = ""
        if block.src and (src := _href(block.src)):
            img = f'<img src="{html.escape(src, quote=True)}" alt="{html.escape(block.alt, quote=True)}">'
        credit = (
            f' <small class="credit">{html.escape(block.credit, quote=False)}</small>' if block.credit else ""
        )
        caption = f"<figcaption>{text}{credit}</figcaption>" if text or credit else ""
        return f"<figure>{img}{caption}</figure>"
    if block.role is Role.LIST:
        return f"<ul>{_items(block.items)}</ul>"
    if block.role is Role.FACTBOX:
        heading = f"<p><strong>{text}</strong></p>" if block.text else ""
        return f"{heading}<ul>{_items(block.items)}</ul>"
    return f"<p>{text}</p>"


def body_html(article: Article) -> str:
    """The article body as HTML (the import notice and boilerplate are never blocks).

    >>> from archivist.model import Block
    >>> a = Article("1", "T", blocks=(Block(Role.SUBHEAD, "Raids"), Block(Role.PARAGRAPH, "A & B")))
    >>> body_html(a)
    '<h2>Raids</h2><p>A &amp; B</p>'
    """
    return "".join(block_html(block) for block in article.blocks)


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def default_uri(article: Article) -> str:
    """``urn:archivist:legacy:<id>`` when no site URI is known.

    >>> default_uri(Article("syrie alep", "T"))
    'urn:archivist:legacy:syrie%20alep'
    """
    return f"urn:archivist:legacy:{quote(article.legacy_id, safe='')}"


def to_ninjs(article: Article, *, uri: str = "", version_created: datetime | None = None) -> dict[str, Any]:
    """The ninjs 3.0 object of ``article`` (DESIGN.md section 3)."""
    headlines = [{"role": "main", "value": article.title}]
    if article.kicker:
        headlines.append({"role": "kicker", "value": article.kicker})
    item: dict[str, Any] = {
        "uri": uri or default_uri(article),
        "standard": {"name": "ninjs", "version": "3.0", "schema": SCHEMA_URI},
        "type": "text",
        "language": article.language or "und",
        "headlines": headlines,
    }
    if article.lead:
        item["descriptions"] = [{"role": "lead", "value": article.lead}]
    if article.byline:
        item["by"] = article.byline
    if article.dateline:
        item["located"] = article.dateline
    item["bodies"] = [{"role": "main", "contentType": "text/html", "value": body_html(article)}]
    item["altIds"] = [{"role": "legacy-id", "value": article.legacy_id}]
    if article.url:
        item["renditions"] = [{"name": "legacy", "href": article.url, "contentType": "text/html"}]
    if article.published is not None:
        item["firstCreated"] = _iso(article.published)
    if version_created is not None:
        item["versionCreated"] = _iso(version_created)
    if article.section:
        item["subjects"] = [{"name": article.section}]
    return item
