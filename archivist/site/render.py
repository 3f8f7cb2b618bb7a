"""Article body to safe HTML for the site: link rewriting, then nh3 on output.

The block→HTML mapping itself is :func:`archivist.exports.ninjs.block_html` (one place
for the site and the exports). The site adds two things: internal links are rewritten
to new paths before rendering, and every block goes through :func:`sanitize` (nh3)
on its way out: legacy content may carry scripts, event handlers, ``javascript:``
links and iframes, and a bug upstream must not turn into an XSS. The block anchors
(``id="bN"``, ``data-block="N"``) are on the template's wrapper around each block.

>>> from archivist.model import Block, Mark, Role
>>> html = body_html([Block(Role.PARAGRAPH, "Voir <ici>", (Mark(5, 10, "a", "/old/1"),))],
...                  rewrite=lambda href: "/new-1" if href == "/old/1" else href)
>>> html
'<p>Voir <a href="/new-1" rel="noopener noreferrer">&lt;ici&gt;</a></p>'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import nh3

from archivist.exports.ninjs import block_html
from archivist.model import Block

__all__ = ["SAFE_URL_SCHEMES", "RenderedBlock", "body_html", "render_blocks", "rewrite_links", "sanitize"]

# what the article body may contain after sanitizing (DESIGN.md section 3)
ALLOWED_TAGS = {
    "p", "h2", "blockquote", "figure", "img", "figcaption", "small", "ul", "ol", "li",
    "a", "em", "strong", "aside", "h3", "footer", "cite",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "loading", "decoding"},
    "small": {"class"},
    "aside": {"class"},
    "figure": {"class"},
}
# no javascript:, data:, vbscript:; relative URLs stay allowed
SAFE_URL_SCHEMES = {"http", "https", "mailto"}


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


def rewrite_links(block: Block, rewrite: Callable[[str], str]) -> Block:
    """The block with every link target passed through ``rewrite`` (old URL -> new path)."""
    if not any(m.kind == "a" for m in block.marks):
        return block
    marks = tuple(replace(m, href=rewrite(m.href)) if m.kind == "a" else m for m in block.marks)
    return replace(block, marks=marks)


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
    """Each block as sanitized HTML (the block→HTML mapping is the ninjs export's)."""
    rendered = []
    for index, block in enumerate(blocks):
        shown = rewrite_links(block, rewrite) if rewrite else block
        rendered.append(RenderedBlock(index, str(block.role), sanitize(block_html(shown)), block.text))
    return rendered


def body_html(blocks: Sequence[Block], rewrite: Callable[[str], str] | None = None) -> str:
    """The whole body as one sanitized HTML string."""
    return "".join(r.html for r in render_blocks(blocks, rewrite))
