"""Apply a learned template to one page with the fast lexbor parser.

:func:`apply_template` returns the fields it found, or ``None`` when the page does not
fit (a required selector matches nothing, or the body holds no text); the caller then
falls back to the generic path and records a ``template_miss`` finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from archivist.model import Block
from archivist.templates import Template
from archivist.templates.nodes import node_blocks, node_inline, node_text


@dataclass(frozen=True)
class TemplateFields:
    """What the template found on one page (raw strings; recovery builds the Article)."""

    title: str
    blocks: tuple[Block, ...]
    kicker: str = ""
    lead: str = ""
    byline: str = ""
    date: str = ""


def _first(tree: LexborHTMLParser | LexborNode, selector: str) -> LexborNode | None:
    try:
        return tree.css_first(selector)
    except (SelectolaxError, ValueError):  # a hand-edited selector lexbor cannot parse
        return None


def _field(tree: LexborHTMLParser, template: Template, name: str) -> str:
    rule = template.rule(name)
    if rule is None:
        return ""
    node = _first(tree, rule.selector)
    if node is None:
        return ""
    if rule.attribute:
        return " ".join((node.attributes.get(rule.attribute) or "").split()) or node_text(node)
    return node_text(node)


def _inside(node: LexborNode, ancestor: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id == ancestor.mem_id:
            return True
        parent = parent.parent
    return False


def _title(tree: LexborHTMLParser, template: Template) -> str:
    """The title's text; a kicker span inside the title element is not part of it."""
    rule, kicker_rule = template.rule("title"), template.rule("kicker")
    node = _first(tree, rule.selector) if rule else None
    if node is None:
        return ""
    kicker = _first(tree, kicker_rule.selector) if kicker_rule else None
    if kicker is not None and _inside(kicker, node):
        return node_inline(node, frozenset({kicker.mem_id})).result()[0]
    return node_text(node)


def missing_fields(tree: LexborHTMLParser, template: Template) -> list[str]:
    """Required fields whose selector matches nothing on this page."""
    return [
        name
        for name, rule in template.fields.items()
        if rule.required and _first(tree, rule.selector) is None
    ]


def apply_template(html: str, template: Template) -> TemplateFields | None:
    """Fields of one page, or None when the page does not fit the template."""
    tree = LexborHTMLParser(html)
    return apply_to_tree(tree, template)


def apply_to_tree(tree: LexborHTMLParser, template: Template) -> TemplateFields | None:
    if missing_fields(tree, template):
        return None
    body_rule = template.rule("body")
    title = _title(tree, template)
    container = _first(tree, body_rule.selector) if body_rule else None
    if not title or container is None:
        return None
    drop: set[int] = set()
    for selector in template.drop:
        try:
            drop.update(n.mem_id for n in container.css(selector))
        except (SelectolaxError, ValueError):
            continue
    # the fields found elsewhere on the page are never body text as well
    for name in ("kicker", "title", "lead", "byline", "date"):
        rule = template.rule(name)
        node = _first(container, rule.selector) if rule else None
        if node is not None:
            drop.add(node.mem_id)
    credit = template.rule("caption_credit")
    blocks = tuple(node_blocks(container, frozenset(drop), credit.selector if credit else ""))
    if not any(b.text or b.items for b in blocks):
        return None
    date = _field(tree, template, "date")
    return TemplateFields(
        title=title,
        blocks=blocks,
        kicker=_field(tree, template, "kicker"),
        lead=_field(tree, template, "lead"),
        byline=_field(tree, template, "byline"),
        date=date,
    )
