"""Article body to safe HTML: blocks and inline marks, link rewriting, nh3 on output.

One renderer for the site and the static export. Block text in the model is plain
text with :class:`~archivist.model.Mark` spans, so every character is escaped here and
markup only comes from the block roles and marks. Whatever reaches the browser still
goes through :func:`sanitize` (nh3): legacy content may carry scripts, event handlers,
``javascript:`` links and iframes, and a bug upstream must not turn into an XSS.

>>> from archivist.model import Block, Mark, Role
>>> html = body_html([Block(Role.PARAGRAPH, "Voir <ici>", (Mark(5, 10, "a", "/old/1"),))],
...                      rewrite=lambda href: "/new-1" if href == "/old/1" else href)
>>> html
'<p id="b0" data-block="0">Voir <a href="/new-1" rel="noopener noreferrer">&lt;ici&gt;</a></p>'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

import nh3

from archivist.model import Block, Mark, Role

__all__ = ["SAFE_URL_SCHEMES", "RenderedBlock", "body_html", "render_blocks", "render_inline", "sanitize"]

# what the article body may contain after sanitizing (DESIGN.md section 3, plus the
# block anchors the report form needs)
ALLOWED_TAGS = {
    "p", "h2", "blockquote", "figure", "img", "figcaption", "small", "ul", "ol", "li",
    "a", "em", "strong", "aside", "h3", "footer", "cite",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "data-block"},
    "a": {"href"},
    "img": {"src", "alt", "loading", "decoding"},
    "small": {"class"},
    "aside": {"class"},
    "figure": {"class"},
}
# no javascript:, data:, vbscript:; relative URLs stay allowed
SAFE_URL_SCHEMES = {"http", "https", "mailto"}

_MARK_TAGS = {"a": "a", "em": "em", "strong": "strong"}


def sanitize(html: str) -> str:
    """Keep only the body vocabulary; drop scripts, handlers, unsafe URLs and comments.

    >>> sanitize('<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:x">y</a></p>')
    '<p>Hi <a rel="noopener noreferrer">y</a></p>'
    """
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=SAFE_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_inline(text: str, marks: Sequence[Mark], rewrite: Callable[[str], str] | None = None) -> str:
    """Escaped ``text`` with its marks as tags; overlapping marks are split, never crossed."""
    spans = sorted(
        (m for m in marks if 0 <= m.start < m.end <= len(text) and m.kind in _MARK_TAGS),
        key=lambda m: (m.start, -m.end),
    )
    if not spans:
        return escape(text, quote=False)
    cuts = sorted({0, len(text), *(m.start for m in spans), *(m.end for m in spans)})
    out: list[str] = []
    for start, end in pairwise(cuts):
        piece = escape(text[start:end], quote=False)
        active = [m for m in spans if m.start <= start and end <= m.end]
        for mark in reversed(active):  # outermost (earliest, longest) ends up outside
            piece = _wrap(mark, piece, rewrite)
        out.append(piece)
    return "".join(out)


def _wrap(mark: Mark, inner: str, rewrite: Callable[[str], str] | None) -> str:
    tag = _MARK_TAGS[mark.kind]
    if tag != "a":
        return f"<{tag}>{inner}</{tag}>"
    href = rewrite(mark.href) if rewrite else mark.href
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _block_html(index: int, block: Block, rewrite: Callable[[str], str] | None) -> str:
    anchor = f'id="b{index}" data-block="{index}"'
    inline = render_inline(block.text, block.marks, rewrite)
    renderer = _BLOCK_RENDERERS.get(block.role, _paragraph)
    return renderer(anchor, inline, block)


def _paragraph(anchor: str, inline: str, block: Block) -> str:
    return f"<p {anchor}>{inline}</p>"


def _subhead(anchor: str, inline: str, block: Block) -> str:
    return f"<h2 {anchor}>{inline}</h2>"


def _quote(anchor: str, inline: str, block: Block) -> str:
    cite = f"<footer><cite>{escape(block.credit)}</cite></footer>" if block.credit else ""
    return f"<blockquote {anchor}><p>{inline}</p>{cite}</blockquote>"


def _image_src(src: str) -> str:
    """The image URL when it is a web or relative URL; '' for data:, javascript: and the like.

    >>> _image_src("/img/a.jpg"), _image_src(" JavaScript:alert(1)"), _image_src("data:image/svg+xml,x")
    ('/img/a.jpg', '', '')
    """
    src = src.strip()
    scheme = src.split(":", 1)[0].lower() if ":" in src.split("/", 1)[0] else ""
    return src if scheme in ("", "http", "https") else ""


def _figure(anchor: str, inline: str, block: Block) -> str:
    alt = escape(block.alt or block.text)
    src = _image_src(block.src)
    img = f'<img src="{escape(src)}" alt="{alt}" loading="lazy" decoding="async">' if src else ""
    credit = f' <small class="credit">{escape(block.credit)}</small>' if block.credit else ""
    caption = f"<figcaption>{inline}{credit}</figcaption>" if (inline or credit) else ""
    return f"<figure {anchor}>{img}{caption}</figure>"


def _items(block: Block) -> str:
    return "".join(f"<li>{escape(item, quote=False)}</li>" for item in block.items)


def _list(anchor: str, inline: str, block: Block) -> str:
    if not inline:
        return f"<ul {anchor}>{_items(block)}</ul>"
    return f"<aside {anchor}><p>{inline}</p><ul>{_items(block)}</ul></aside>"


def _factbox(anchor: str, inline: str, block: Block) -> str:
    heading = f"<h3>{inline}</h3>" if inline else ""
    return f'<aside class="factbox" {anchor}>{heading}<ul>{_items(block)}</ul></aside>'


# block role -> renderer; a new role gets one function and one row here
_BLOCK_RENDERERS: dict[Role, Callable[[str, str, Block], str]] = {
    Role.PARAGRAPH: _paragraph,
    Role.SUBHEAD: _subhead,
    Role.QUOTE: _quote,
    Role.CAPTION: _figure,
    Role.LIST: _list,
    Role.FACTBOX: _factbox,
}


@dataclass(frozen=True, slots=True)
class RenderedBlock:
    """One body block as safe HTML, with its index in ``Article.blocks`` (reports point at it)."""

    index: int
    role: str
    html: str
    text: str  # the block's plain text, for the no-JavaScript report form


def render_blocks(
    blocks: Sequence[Block], rewrite: Callable[[str], str] | None = None
) -> list[RenderedBlock]:
    """Each block as sanitized HTML carrying ``id="bN"`` and ``data-block="N"``."""
    return [
        RenderedBlock(i, str(b.role), sanitize(_block_html(i, b, rewrite)), b.text)
        for i, b in enumerate(blocks)
    ]


def body_html(blocks: Sequence[Block], rewrite: Callable[[str], str] | None = None) -> str:
    """The whole body as one sanitized HTML string (feeds, static export)."""
    return "".join(r.html for r in render_blocks(blocks, rewrite))
