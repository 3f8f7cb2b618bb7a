"""Apply a ``str -> str`` fix to every text of an article, or every line of a source,
and record one :class:`~archivist.model.RepairStep` per text it changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from archivist.model import Article, Block, RepairStep
from archivist.textspan import remap_marks

TextFix = Callable[[str], str]
TEXT_FIELDS = ("kicker", "title", "lead", "byline", "dateline")


def fix_lines(
    text: str, fix: TextFix, rule: str, reason: str, *, whole: bool = False
) -> tuple[str, list[RepairStep]]:
    """``fix`` applied to each line of ``text``; steps name the line (``source:line N``).
    ``whole``: ``fix`` gives on the whole text what it gives line by line (it keeps line
    breaks and looks at neighbouring characters at most), so it runs once.

    >>> fix_lines("ok\\nA\\u00adB", lambda s: s.replace("\\u00ad", ""), "r", "why")[0]
    'ok\\nAB'
    """
    lines = text.split("\n")
    if whole:
        done = fix(text)
        if done == text:
            return text, []
        fixed_lines = done.split("\n")
        steps = [
            RepairStep(rule, f"source:line {number}", line, fixed, reason)
            for number, (line, fixed) in enumerate(zip(lines, fixed_lines, strict=True), start=1)
            if fixed != line
        ]
        return done, steps
    steps = []
    for number, line in enumerate(lines, start=1):
        fixed = fix(line)
        if fixed != line:
            steps.append(RepairStep(rule, f"source:line {number}", line, fixed, reason))
            lines[number - 1] = fixed
    return ("\n".join(lines), steps) if steps else (text, steps)


def fix_block(block: Block, fix: TextFix) -> Block:
    text = fix(block.text)
    items = tuple(fix(item) for item in block.items)
    credit, alt = fix(block.credit), fix(block.alt)
    if (text, items, credit, alt) == (block.text, block.items, block.credit, block.alt):
        return block
    marks = remap_marks(block.text, text, block.marks)
    return replace(block, text=text, items=items, credit=credit, alt=alt, marks=marks)


def _block_repr(block: Block) -> str:
    parts = [block.text, *block.items]
    if block.credit:
        parts.append(block.credit)
    return "\n".join(parts)


def fix_fields(article: Article, fix: TextFix, rule: str, reason: str) -> tuple[Article, list[RepairStep]]:
    """``fix`` applied to every text field and block of ``article``."""
    steps: list[RepairStep] = []
    changes: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = getattr(article, name)
        if value:
            fixed = fix(value)
            if fixed != value:
                changes[name] = fixed
                steps.append(RepairStep(rule, name, value, fixed, reason))
    blocks = list(article.blocks)
    for index, block in enumerate(blocks):
        fixed_block = fix_block(block, fix)
        if fixed_block is not block:
            blocks[index] = fixed_block
            steps.append(
                RepairStep(rule, f"block:{index}", _block_repr(block), _block_repr(fixed_block), reason)
            )
    if not steps:
        return article, steps
    return replace(article, blocks=tuple(blocks), **changes), steps
