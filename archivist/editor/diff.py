"""Diffs between two states of an article, line by line, for editors.

An article is shown as one line per field and per block (``[subhead] Pris au piège``),
so a role change, a split or a moved kicker reads as a change of a few lines.

>>> from archivist.model import Article, Block, Role
>>> a = Article("1", "Titre", blocks=(Block(Role.PARAGRAPH, "Pris au piège"),))
>>> b = Article("1", "Titre", blocks=(Block(Role.SUBHEAD, "Pris au piège"),))
>>> [(row.tag, row.text) for row in diff_articles(a, b) if row.tag != " "]
[('-', '[paragraph] Pris au piège'), ('+', '[subhead] Pris au piège')]
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from archivist.model import Article

__all__ = ["DiffRow", "article_lines", "diff_articles", "diff_lines", "unified_diff"]

_FIELDS = ("kicker", "title", "lead", "byline", "dateline")


@dataclass(frozen=True)
class DiffRow:
    tag: str  # " " same, "-" only in the old state, "+" only in the new one
    text: str


def article_lines(article: Article) -> list[str]:
    """The article as lines: its fields, then one line per block (items and credits indented)."""
    lines = [f"{name}: {getattr(article, name)}" for name in _FIELDS if getattr(article, name)]
    for block in article.blocks:
        lines.append(f"[{block.role.value}] {block.text}")
        lines.extend(f"    • {item}" for item in block.items)
        if block.credit:
            lines.append(f"    ({block.credit})")
    return lines


def diff_articles(old: Article, new: Article) -> list[DiffRow]:
    """Every line of both states, tagged as kept, removed or added, in reading order."""
    return diff_lines(article_lines(old), article_lines(new))


def diff_lines(a: Sequence[str], b: Sequence[str]) -> list[DiffRow]:
    """Every line of ``a`` and ``b``, tagged as kept, removed or added, in reading order.

    >>> [(r.tag, r.text) for r in diff_lines(["Titre", "Un."], ["Titre", "Deux."])]
    [(' ', 'Titre'), ('-', 'Un.'), ('+', 'Deux.')]
    """
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(DiffRow(" ", line) for line in a[i1:i2])
            continue
        rows.extend(DiffRow("-", line) for line in a[i1:i2])
        rows.extend(DiffRow("+", line) for line in b[j1:j2])
    return rows


def unified_diff(old: Article, new: Article, old_name: str = "before", new_name: str = "after") -> str:
    """A unified diff (as ``diff -u`` prints it) of two states of an article."""
    lines = difflib.unified_diff(article_lines(old), article_lines(new), old_name, new_name, lineterm="")
    return "\n".join(lines)
