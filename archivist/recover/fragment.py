"""An HTML body fragment (WXR content, ninjs body_html, a JSON ``body`` field) -> Blocks.

Block-level tags map to roles through :data:`BLOCK_ROLES`; containers (div,
section…) are walked through; loose text and inline tags between blocks are
gathered into a paragraph. Figures keep image, caption and credit (a
``<small class="credit">`` as written by our own ninjs bodies, else split from the
caption text). Text without any ``<p>`` follows WordPress' wpautop rule: a blank
line ends a paragraph, a single newline is a line break.

>>> [(b.role.value, b.text) for b in html_to_blocks("<h2>Pris au piège</h2><p>Les insurgés…</p>")]
[('subhead', 'Pris au piège'), ('paragraph', 'Les insurgés…')]
>>> [b.text for b in html_to_blocks("Premier paragraphe.\\n\\nSecond\\nparagraphe.")]
['Premier paragraphe.', 'Second paragraphe.']
"""

from __future__ import annotations

import re

from lxml import etree, html

from archivist.model import Block, Role
from archivist.recover.credits import split_credit
from archivist.recover.inline import SKIP_TAGS, inline_text, xml_safe

# block tag -> role (containers and figures are handled apart)
BLOCK_ROLES = {
    "p": Role.PARAGRAPH,
    "h1": Role.SUBHEAD,
    "h2": Role.SUBHEAD,
    "h3": Role.SUBHEAD,
    "h4": Role.SUBHEAD,
    "h5": Role.SUBHEAD,
    "h6": Role.SUBHEAD,
    "blockquote": Role.QUOTE,
    "pre": Role.PARAGRAPH,
    "address": Role.PARAGRAPH,
}
LIST_TAGS = frozenset({"ul", "ol"})
FIGURE_TAGS = frozenset({"figure"})
# walked through: their children are blocks or loose inline content
CONTAINER_TAGS = frozenset(
    {"div", "section", "article", "main", "body", "html", "aside", "header", "footer", "center", "span_block"}
)
TABLE_TAGS = frozenset({"table"})
BLOCK_TAGS = frozenset(BLOCK_ROLES) | LIST_TAGS | FIGURE_TAGS | CONTAINER_TAGS | TABLE_TAGS | {"hr", "dl"}

_HAS_P = re.compile(r"<p[\s>]", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n\s*\n")
_BLOCK_START = re.compile(
    r"^\s*<(?:h[1-6]|ul|ol|blockquote|figure|table|div|pre|hr|section|aside|dl|address)[\s>/]", re.IGNORECASE
)


def autop(content: str) -> str:
    """wpautop: wrap blank-line separated chunks in <p>, single newlines become <br>.

    >>> autop("Un.\\n\\nDeux\\ntrois.")
    '<p>Un.</p>\\n<p>Deux<br>\\ntrois.</p>'
    """
    chunks = [c.strip() for c in _BLANK_LINE.split(content.replace("\r\n", "\n")) if c.strip()]
    out = []
    for chunk in chunks:
        if _BLOCK_START.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def parse_fragment(fragment: str) -> etree._Element:
    """A ``<div>`` holding the parsed fragment (lenient HTML parser, no network)."""
    if not fragment.strip():
        return html.Element("div")
    return html.fragment_fromstring(xml_safe(fragment), create_parent="div")


def html_to_blocks(fragment: str, *, restore_link_spaces: bool = False, wpautop: bool = True) -> list[Block]:
    """The blocks of an HTML body fragment in reading order."""
    if wpautop and not _HAS_P.search(fragment):
        fragment = autop(fragment)
    return element_blocks(parse_fragment(fragment), restore_link_spaces=restore_link_spaces)


def element_blocks(root: etree._Element, *, restore_link_spaces: bool = False) -> list[Block]:
    """Blocks for the children of ``root`` (a container)."""
    blocks: list[Block] = []
    loose = html.Element("p")  # inline content gathered between blocks

    def flush() -> None:
        nonlocal loose
        block = _text_block(loose, Role.PARAGRAPH, restore_link_spaces)
        if block is not None:
            blocks.append(block)
        loose = html.Element("p")

    def add_loose_text(text: str | None) -> None:
        if not text:
            return
        # wpautop for text between blocks: a blank line ends a paragraph
        for index, piece in enumerate(_BLANK_LINE.split(text)):
            if index:
                flush()
            if len(loose):
                last = loose[-1]
                last.tail = (last.tail or "") + piece
            else:
                loose.text = (loose.text or "") + piece

    add_loose_text(root.text)
    for child in root:
        name = _tag(child)
        if name is None or name in SKIP_TAGS:
            add_loose_text(child.tail)
            continue
        if name in BLOCK_TAGS or (name == "img" and not _inline_context(loose)):
            flush()
            blocks.extend(_block(child, name, restore_link_spaces))
            add_loose_text(child.tail)
        else:
            tail = child.tail
            copy = _copy(child)
            copy.tail = None
            loose.append(copy)
            add_loose_text(tail)
    flush()
    return _factboxes(blocks)


def _factboxes(blocks: list[Block]) -> list[Block]:
    """A paragraph that is all bold, right before a list, is a fact box's heading.

    (This is how :func:`archivist.exports.ninjs.body_html` writes fact boxes.)
    """
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            block.role is Role.LIST
            and previous is not None
            and previous.role is Role.PARAGRAPH
            and len(previous.marks) == 1
            and previous.marks[0].kind == "strong"
            and (previous.marks[0].start, previous.marks[0].end) == (0, len(previous.text))
        ):
            out[-1] = Block(Role.FACTBOX, previous.text, items=block.items)
        else:
            out.append(block)
    return out


def _inline_context(loose: etree._Element) -> bool:
    return bool((loose.text or "").strip() or len(loose))


def _copy(element: etree._Element) -> etree._Element:
    return html.fromstring(etree.tostring(element, encoding="unicode", with_tail=False))


def _block(element: etree._Element, name: str, restore: bool) -> list[Block]:
    if name in CONTAINER_TAGS:
        return element_blocks(element, restore_link_spaces=restore)
    if name in FIGURE_TAGS or name == "img":
        figure = figure_block(element)
        return [figure] if figure is not None else []
    if name in LIST_TAGS:
        items = tuple(t for li in element if _tag(li) == "li" and (t := inline_text(li).text))
        return [Block(Role.LIST, "", items=items)] if items else []
    if name in TABLE_TAGS:
        rows = [
            " | ".join(inline_text(cell).text for cell in row if _tag(cell) in {"td", "th"})
            for row in element.iter()
            if _tag(row) == "tr"
        ]
        return [Block(Role.PARAGRAPH, r) for r in rows if r.strip(" |")]
    if name == "dl":
        items = tuple(inline_text(item).text for item in element if _tag(item) in {"dt", "dd"})
        return [Block(Role.LIST, "", items=tuple(i for i in items if i))] if any(items) else []
    if name == "hr":
        return []
    if name == "blockquote":
        return _quote(element, restore)
    if name == "p" and _only_image(element):
        figure = figure_block(element)
        return [figure] if figure is not None else []
    if name == "p" and any(_tag(c) in BLOCK_TAGS for c in element):
        # a <p> wrapping blocks (bad HTML): treat it as a container
        return element_blocks(element, restore_link_spaces=restore)
    block = _text_block(element, BLOCK_ROLES[name], restore)
    return [block] if block is not None else []


def _text_block(element: etree._Element, role: Role, restore: bool) -> Block | None:
    inline = inline_text(element, restore_link_spaces=restore)
    if not inline.text:
        return None
    return Block(role, inline.text, inline.marks)


def _quote(element: etree._Element, restore: bool) -> list[Block]:
    credit = ""
    for cite in list(element.iter("cite", "footer")):
        credit = inline_text(cite).text.lstrip("—–- ").strip()
        _remove(cite)
    inner = element_blocks(element, restore_link_spaces=restore)
    texts = [b for b in inner if b.text]
    if not texts:
        return []
    if not credit and len(texts) > 1 and texts[-1].text[:2] in {"— ", "– ", "- "}:
        credit = texts.pop().text[2:].strip()  # "<p>— Name</p>": the attribution line
    text = " ".join(b.text for b in texts)
    marks = texts[0].marks if len(texts) == 1 else ()
    return [Block(Role.QUOTE, text, marks, credit=credit)]


def _only_image(element: etree._Element) -> bool:
    images = [c for c in element.iter() if _tag(c) == "img"]
    if len(images) != 1:
        return False
    text = "".join(element.itertext()).strip()
    return not text


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def figure_block(element: etree._Element) -> Block | None:
    """A figure (or a lone <img>) -> a caption block with image, caption and credit."""
    image = element if _tag(element) == "img" else next((c for c in element.iter() if _tag(c) == "img"), None)
    src = (image.get("src") or image.get("data-src") or "").strip() if image is not None else ""
    alt = (image.get("alt") or "").strip() if image is not None else ""
    credit = ""
    for small in list(element.iter()):
        classes = (small.get("class") or "").split() if isinstance(small.tag, str) else []
        if "credit" in classes or "copyright" in classes:
            credit = inline_text(small).text
            _remove(small)
    caption_el = next((c for c in element.iter() if _tag(c) == "figcaption"), None)
    caption = inline_text(caption_el) if caption_el is not None else None
    text = caption.text if caption is not None else ""
    marks = caption.marks if caption is not None else ()
    if text and not credit:
        split_text, credit = split_credit(text)
        if credit:
            text, marks = split_text, tuple(m for m in marks if m.end <= len(split_text))
    if not (src or text):
        return None
    return Block(Role.CAPTION, text, marks, credit=credit, src=src, alt=alt)


def _tag(node: etree._Element) -> str | None:
    tag = node.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()
