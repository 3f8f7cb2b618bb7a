"""Corrections become labelled examples: what one editor's draft teaches (pure).

An editor's draft is a list of operations replayed on the article. Each operation
that generalises (:func:`archivist.editor.patterns.derive_pattern`: a role change, a
kicker/title boundary moved, a glued word split or a cut one joined, a boilerplate
line removed) is one :class:`LabelledExample`: the pattern, the text it was taught on,
and for a role change where the block stood (the block-role model's features). One-off
edits (a typo, a split block) teach nothing.

>>> from archivist.editor.ops import Op
>>> from archivist.model import Block, Role
>>> a = Article("1", "T", blocks=(Block(Role.PARAGRAPH, "Un."), Block(Role.PARAGRAPH, "Pris au piège")))
>>> [found] = examples_from_ops(a, [Op("set_role", {"block": 1, "role": "subhead"})])
>>> found.pattern.rule, found.pattern.to_role, found.context
('role_shape', 'subhead', {'position': 1, 'count': 2, 'prev_len': 3, 'next_len': 0})
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from archivist.editor.ops import Op, apply_op
from archivist.editor.patterns import Pattern, derive_pattern
from archivist.model import Article

__all__ = ["LabelledExample", "examples_from_ops"]


@dataclass(frozen=True)
class LabelledExample:
    """One correction: the pattern it teaches, the text and (roles) the block's context."""

    pattern: Pattern
    text: str
    context: dict[str, Any] = field(default_factory=dict)

    def row(self) -> tuple[str, dict[str, Any], str, dict[str, Any]]:
        """As :func:`archivist.store.examples.record_examples` stores it."""
        return (self.pattern.rule, self.pattern.to_dict(), self.text, self.context)


def _text_of(before: Article, op: Op, pattern: Pattern) -> str:
    if pattern.rule in ("kicker_glue", "kicker_move"):
        return f"{before.kicker} | {before.title}"
    if pattern.rule in ("role_shape", "boilerplate"):
        return before.blocks[int(op.params["block"])].text
    return pattern.key


def _context(article: Article, index: int) -> dict[str, Any]:
    blocks = article.blocks
    return {
        "position": index,
        "count": len(blocks),
        "prev_len": len(blocks[index - 1].text) if index else 0,
        "next_len": len(blocks[index + 1].text) if index + 1 < len(blocks) else 0,
    }


def examples_from_ops(before: Article, ops: Sequence[Op]) -> list[LabelledExample]:
    """The labelled examples of a draft, in the order of its operations."""
    found = []
    article = before
    for op in ops:
        after = apply_op(article, op).article
        pattern = derive_pattern(article, op, after)
        if pattern is not None:
            context = _context(after, int(op.params["block"])) if pattern.rule == "role_shape" else {}
            found.append(LabelledExample(pattern, _text_of(article, op, pattern), context))
        article = after
    return found
