"""The generic HTML path: any page, no template, built on trafilatura.

trafilatura finds the main content best among the tools measured (DESIGN.md section
4); we pre-clean the page so that hidden text cannot leak in or glue words together
(``aria-hidden`` separators, screen-reader-only spans, ``display:none``), run its
extraction with formatting, links and images kept, and convert its XML (``p``,
``head``, ``list/item``, ``quote``, ``graphic``, ``table``, ``hi``, ``ref``) to
archivist blocks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import trafilatura
from lxml.etree import ParserError, _Element
from trafilatura.utils import load_html

from archivist.model import Block, Mark, Role
from archivist.recover.credits import split_credit
from archivist.recover.html_inline import InlineText, collapse

# Elements a reader never sees. Removed before extraction; the visually hidden dash
# between kicker and title is the reason (DESIGN.md section 1, seed/syrie-alep.txt).
HIDDEN_XPATH = (
    "//*[@hidden]"
    "|//*[@aria-hidden='true'][not(descendant::img)][not(descendant::p)]"
    "|//*[contains(translate(@style,'DISPLAYNOE: ','displaynoe'),'display:none')]"
    "|//*[contains(concat(' ',normalize-space(@class),' '),' sr-only ')]"
    "|//*[contains(concat(' ',normalize-space(@class),' '),' visually-hidden ')]"
    "|//*[contains(concat(' ',normalize-space(@class),' '),' visuallyhidden ')]"
    "|//*[contains(concat(' ',normalize-space(@class),' '),' screen-reader-text ')]"
)

# class words that mark a photo credit inside a caption
CREDIT_WORDS = ("credit", "copyright", "source", "photographer", "quelle", "bildnachweis")
# HTML tags that sit inside a text block (a link's block is its nearest other ancestor)
_INLINE_TAGS = frozenset(
    {"a", "b", "i", "em", "strong", "span", "small", "sup", "sub", "u", "mark", "abbr", "font"}
)

# trafilatura's block tags that can sit inside another block (a <p> inside a <quote>)
_BLOCK_TAGS = frozenset({"p", "head", "quote", "item", "div", "code"})
# trafilatura's inline tags and what they become
_INLINE_MARK = {"ref": "a"}
_HI_MARK = {"#i": "em", "#b": "strong", "#u": "em"}


def load_tree(html: str) -> _Element | None:
    """Parse as trafilatura does (its repairs of faulty HTML included); None when empty.

    trafilatura's parser is lxml's HTML parser: no network access, no entity
    expansion beyond HTML's own, comments and processing instructions dropped.
    """
    try:
        tree: _Element | None = load_html(html)
    except (ParserError, ValueError, TypeError):
        return None
    return tree


def remove_hidden(tree: _Element) -> int:
    """Drop hidden elements, leaving a space where they stood; returns how many."""
    removed = 0
    for node in tree.xpath(HIDDEN_XPATH):
        if node.getparent() is None or node.tag in {"html", "body", "head"}:
            continue
        tail = node.tail or ""
        previous, parent = node.getprevious(), node.getparent()
        joined = " " + tail
        if previous is not None:
            previous.tail = (previous.tail or "") + joined
        else:
            parent.text = (parent.text or "") + joined
        parent.remove(node)
        removed += 1
    return removed


def _inline(element: _Element, builder: InlineText, *, top: bool = True) -> None:
    opened = False
    if not top:
        hi = _HI_MARK.get(element.get("rend", "")) if element.tag == "hi" else None
        kind = _INLINE_MARK.get(element.tag) or hi
        if element.tag == "lb":
            builder.boundary()
        elif kind:
            builder.open(kind, element.get("target", "") if element.tag == "ref" else "")
            opened = True
    builder.add(element.text or "")
    for child in element:
        if child.tag in {"list", "table", "graphic"}:
            builder.boundary()
        elif child.tag in _BLOCK_TAGS:  # a paragraph inside a quote: never glued to what follows
            builder.boundary()
            _inline(child, builder, top=False)
            builder.boundary()
        else:
            _inline(child, builder, top=False)
        builder.add(child.tail or "")
    if opened:
        builder.close()


def _text_block(role: Role, element: _Element) -> Block | None:
    builder = InlineText()
    _inline(element, builder)
    text, marks = builder.result()
    return Block(role, text, marks) if text else None


def _items(element: _Element) -> Iterator[str]:
    for item in element.iter("item"):
        builder = InlineText()
        builder.add(item.text or "")
        for child in item:
            if child.tag != "list":
                _inline(child, builder, top=False)
            builder.add(child.tail or "")
        text = builder.result()[0]
        if text:
            yield text


def xml_to_blocks(body: _Element) -> list[Block]:
    """trafilatura's ``<body>`` to blocks in reading order."""
    blocks: list[Block] = []
    if (body.text or "").strip():
        blocks.append(Block(Role.PARAGRAPH, collapse(body.text or "")))
    for element in body:
        blocks.extend(_element_blocks(element))
        if (element.tail or "").strip():
            blocks.append(Block(Role.PARAGRAPH, collapse(element.tail or "")))
    return blocks


def _element_blocks(element: _Element) -> Iterator[Block]:
    tag = element.tag
    if tag == "head":
        block = _text_block(Role.SUBHEAD, element)
    elif tag == "list":
        items = tuple(_items(element))
        block = Block(Role.LIST, "", items=items) if items else None
    elif tag == "quote":
        block = _text_block(Role.QUOTE, element)
    elif tag == "graphic":
        src = element.get("src", "")
        alt = collapse(element.get("alt", ""))
        block = Block(Role.CAPTION, "", src=src, alt=alt) if src else None
    elif tag == "table":
        for row in element.iter("row"):
            cells = [collapse("".join(cell.itertext())) for cell in row.iter("cell")]
            text = " | ".join(c for c in cells if c)
            if text:
                yield Block(Role.PARAGRAPH, text)
        return
    elif tag in {"div", "section"} and len(element):
        yield from xml_to_blocks(element)
        return
    else:  # p, code, and anything else trafilatura keeps as running text
        block = _text_block(Role.PARAGRAPH, element)
    if block is not None:
        yield block


def collect_anchors(tree: _Element) -> dict[str, list[tuple[str, str]]]:
    """Links of the page by the text of the block holding them: {block text: [(text, href)]}."""
    found: dict[str, list[tuple[str, str]]] = {}
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        text = collapse(anchor.text_content())
        if not href or len(text) < 2 or href.startswith(("javascript:", "#")):
            continue
        parent = anchor.getparent()
        while parent is not None and parent.tag in _INLINE_TAGS:
            parent = parent.getparent()
        if parent is None:
            continue
        found.setdefault(collapse(parent.text_content()), []).append((text, href))
    return found


def restore_links(blocks: list[Block], anchors: dict[str, list[tuple[str, str]]]) -> list[Block]:
    """Put back the links of blocks whose text is a block of the page, in order."""
    restored: list[Block] = []
    for block in blocks:
        links = anchors.get(block.text) if block.text else None
        if not links:
            restored.append(block)
            continue
        marks, at = list(block.marks), 0
        for text, href in links:
            start = block.text.find(text, at)
            if start < 0:
                continue
            marks.append(Mark(start, start + len(text), "a", href))
            at = start + len(text)
        restored.append(replace(block, marks=tuple(sorted(marks, key=lambda m: (m.start, -m.end)))))
    return restored


def _figure(figure: _Element) -> Block | None:
    img = next(figure.iter("img"), None)
    src = (img.get("src") or img.get("data-src") or "").strip() if img is not None else ""
    caption = next(figure.iter("figcaption"), None)
    text = credit = ""
    if caption is not None:
        credit_node = next(
            (n for n in caption.iter() if any(w in (n.get("class") or "").lower() for w in CREDIT_WORDS)),
            None,
        )
        if credit_node is not None and credit_node is not caption:
            credit = collapse(credit_node.text_content())
            text = collapse(caption.text_content())
            text = text[: text.rfind(credit)].strip() if credit and text.endswith(credit) else text
        else:
            text, credit = split_credit(collapse(caption.text_content()))
    if not src:
        return None
    return Block(
        Role.CAPTION,
        text,
        credit=credit,
        src=src,
        alt=collapse(img.get("alt") or "") if img is not None else "",
    )


def collect_figures(tree: _Element) -> list[tuple[str, Block]]:
    """Figures of the page, each with the text of the block just before it."""
    found: list[tuple[str, Block]] = []
    before = ""
    for element in tree.iter("p", "h2", "h3", "h4", "figure"):
        if element.tag == "figure":
            block = _figure(element)
            if block is not None and before:
                found.append((before, block))
        else:
            before = collapse(element.text_content())
    return found


def restore_figures(blocks: list[Block], figures: list[tuple[str, Block]]) -> list[Block]:
    """Put figures back after the block they follow on the page (trafilatura drops them).

    A paragraph holding just the figure's caption (kept by trafilatura as text) is
    replaced by the figure, so the caption is never there twice.
    """
    if not figures:
        return blocks
    after: dict[str, list[Block]] = {}
    for text, figure in figures:
        after.setdefault(text, []).append(figure)
    captions = {_norm_text(f.text): f for _, f in figures if f.text}
    captions.update({_norm_text(f"{f.text} {f.credit}"): f for _, f in figures if f.text and f.credit})
    restored: list[Block] = []
    placed: set[int] = set()
    for block in blocks:
        same = captions.get(_norm_text(block.text)) if block.role is Role.PARAGRAPH else None
        if same is not None and id(same) not in placed:
            restored.append(same)
            placed.add(id(same))
            continue
        restored.append(block)
        for figure in after.pop(block.text, []):
            if id(figure) not in placed:
                restored.append(figure)
                placed.add(id(figure))
    return restored


def _norm_text(text: str) -> str:
    return " ".join(text.casefold().split())


def extract_blocks(html: str, url: str = "") -> list[Block]:
    """Main-content blocks of any page (empty when trafilatura finds no content)."""
    tree = load_tree(html)
    if tree is None:
        return []
    remove_hidden(tree)
    anchors = collect_anchors(tree)
    figures = collect_figures(tree)
    # fast=True and formatting only: measured best on the Zyte benchmark (0.963 F1 against
    # 0.960 for the defaults); links and images change what trafilatura keeps, so links
    # are restored afterwards from the page itself (restore_links)
    document = trafilatura.bare_extraction(
        tree,
        url=url or None,
        include_comments=False,  # as the benchmark's own run_trafilatura.py
        include_formatting=True,
        include_links=False,
        include_images=False,
        include_tables=True,
        fast=True,
    )
    if document is None or isinstance(document, dict) or document.body is None:
        return []
    return restore_figures(restore_links(xml_to_blocks(document.body), anchors), figures)
