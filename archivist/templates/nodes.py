"""lexbor (selectolax) nodes to text and blocks, never gluing across hidden nodes.

A node a reader does not see (``aria-hidden``, ``hidden``, ``display:none``, the
screen-reader-only classes) is skipped but leaves a word boundary, so the visually
hidden dash between kicker and title cannot glue them (DESIGN.md section 1).
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborNode

from archivist.model import Block, Role
from archivist.recover.credits import split_credit
from archivist.recover.html_inline import InlineText

# classes that hide text from sighted readers (Bootstrap, WordPress, GOV.UK, h5bp)
HIDDEN_CLASSES = frozenset({"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "hidden"})
# never content
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "form", "button", "input", "select", "svg", "nav"}
)
INLINE_MARKS = {"a": "a", "em": "em", "i": "em", "strong": "strong", "b": "strong"}
HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
CONTAINERS = frozenset({"div", "section", "article", "main", "span", "header", "footer", "aside"})
# class words of fact/summary boxes (German Kasten/Infobox, French encadré)
FACTBOX_WORDS = ("factbox", "infobox", "info-box", "fact-box", "kasten", "encadre", "summary-box", "keyfacts")
# class words that mark a photo credit inside a caption
CREDIT_WORDS = ("credit", "copyright", "source", "photographer", "quelle", "bildnachweis")


def is_hidden(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    classes = (attrs.get("class") or "").split()
    return any(c in HIDDEN_CLASSES for c in classes)


def _walk_inline(node: LexborNode, builder: InlineText, skip: frozenset[int]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            builder.add(child.text_content or "")
            continue
        if tag is None or tag.startswith("-") or tag in SKIP_TAGS or child.mem_id in skip or is_hidden(child):
            builder.boundary()
            continue
        if tag == "br":
            builder.boundary()
            continue
        kind = INLINE_MARKS.get(tag)
        if kind:
            builder.open(kind, (child.attributes.get("href") or "").strip() if tag == "a" else "")
        _walk_inline(child, builder, skip)
        if kind:
            builder.close()


def node_inline(node: LexborNode, skip: frozenset[int] = frozenset()) -> InlineText:
    builder = InlineText()
    _walk_inline(node, builder, skip)
    return builder


def node_text(node: LexborNode) -> str:
    """Visible text of a node, words never glued across hidden children."""
    return node_inline(node).result()[0]


def _classes(node: LexborNode) -> str:
    return (node.attributes.get("class") or "").lower()


MAX_CAPTION_CHARS = 400  # a picture box with more text than this is an article part


def is_picture_box(node: LexborNode) -> bool:
    """An old CMS's picture without <figure>: one image, a short caption, nothing else.

    The image must not sit inside a paragraph (an icon in running text is not a figure).
    """
    images = node.css("img")
    if len(images) != 1 or node.css_first("h2, h3, h4, h5, h6, ul, ol, blockquote, table, figure"):
        return False
    if len(node.css("p")) > 1 or len(node.text(deep=True) or "") > MAX_CAPTION_CHARS:
        return False
    parent = images[0].parent
    while parent is not None and parent.mem_id != node.mem_id:
        if parent.tag == "p":
            return False
        parent = parent.parent
    return True


def figure_block(node: LexborNode, credit_selector: str = "") -> Block | None:
    """A ``<figure>`` (or lone ``<img>``) as a caption block: src, alt, caption, credit."""
    img = node if node.tag == "img" else node.css_first("img")
    src = (img.attributes.get("src") or img.attributes.get("data-src") or "") if img is not None else ""
    alt = (img.attributes.get("alt") or "") if img is not None else ""
    caption_node = None
    if node.tag != "img":  # a <figure>'s figcaption, or the whole box of an old CMS's picture
        caption_node = node.css_first("figcaption") or (node if node.tag != "figure" else None)
    credit_node = None
    if caption_node is not None:
        if credit_selector:
            credit_node = node.css_first(credit_selector)
        if credit_node is None:
            credit_node = next(
                (n for n in caption_node.css("*") if any(w in _classes(n) for w in CREDIT_WORDS)), None
            )
    credit = node_text(credit_node) if credit_node is not None else ""
    text = ""
    if caption_node is not None:
        skip = frozenset({credit_node.mem_id}) if credit_node is not None else frozenset()
        text = node_inline(caption_node, skip).result()[0]
        if not credit:
            text, credit = split_credit(text)
    if not (src or text):
        return None
    return Block(Role.CAPTION, text, credit=credit, src=src, alt=" ".join(alt.split()))


def _text_block(role: Role, node: LexborNode) -> Block | None:
    text, marks = node_inline(node).result()
    return Block(role, text, marks) if text else None


def _list_block(node: LexborNode) -> Block | None:
    items = tuple(t for t in (node_text(li) for li in node.css("li")) if t)
    return Block(Role.LIST, "", items=items) if items else None


def _quote_block(node: LexborNode) -> Block | None:
    cite = node.css_first("cite") or node.css_first("footer")
    skip = frozenset({cite.mem_id}) if cite is not None else frozenset()
    text, marks = node_inline(node, skip).result()
    if not text:
        return None
    return Block(Role.QUOTE, text, marks, credit=node_text(cite).lstrip("—–- ") if cite is not None else "")


def _factbox_block(node: LexborNode) -> Block | None:
    """A fact box: its heading as text, its list items (or paragraphs) as items."""
    heading = node.css_first("h2, h3, h4, h5, h6, strong, b")
    items = [node_text(li) for li in node.css("li")] or [node_text(p) for p in node.css("p")]
    title = node_text(heading) if heading is not None else ""
    lines = tuple(t for t in items if t and t != title)
    if not (title or lines):
        return None
    return Block(Role.FACTBOX, title, items=lines)


def node_blocks(container: LexborNode, drop: frozenset[int], credit_selector: str = "") -> Iterator[Block]:
    """The blocks of a body container in reading order (``drop``: mem_ids to leave out)."""
    loose = InlineText()
    for child in container.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            loose.add(child.text_content or "")
            continue
        if tag in INLINE_MARKS or tag in {"span", "small", "sup", "sub", "u", "abbr", "mark"}:
            if child.mem_id not in drop and not is_hidden(child):
                _walk_inline(child, loose, drop)
            continue
        if not loose.empty:  # running text between blocks is a paragraph of its own
            text, marks = loose.result()
            yield Block(Role.PARAGRAPH, text, marks)
        loose = InlineText()
        if tag is None or tag.startswith("-") or tag in SKIP_TAGS or child.mem_id in drop or is_hidden(child):
            continue
        block: Block | None = None
        if tag == "p":
            block = _text_block(Role.PARAGRAPH, child)
        elif tag in HEADINGS:
            block = _text_block(Role.SUBHEAD, child)
        elif tag in {"ul", "ol"}:
            block = _list_block(child)
        elif tag == "blockquote":
            block = _quote_block(child)
        elif tag in {"figure", "img"}:
            block = figure_block(child, credit_selector)
        elif tag == "table":
            for row in child.css("tr"):
                cells = [node_text(c) for c in row.css("td, th")]
                if any(cells):
                    yield Block(Role.PARAGRAPH, " | ".join(c for c in cells if c))
        elif tag in CONTAINERS and is_picture_box(child):
            block = figure_block(child, credit_selector)
        elif tag in CONTAINERS and any(w in _classes(child) for w in FACTBOX_WORDS):
            block = _factbox_block(child)
        elif tag in CONTAINERS:
            yield from node_blocks(child, drop, credit_selector)
        elif tag not in {"br", "hr"}:
            block = _text_block(Role.PARAGRAPH, child)
        if block is not None:
            yield block
    if not loose.empty:
        text, marks = loose.result()
        yield Block(Role.PARAGRAPH, text, marks)
