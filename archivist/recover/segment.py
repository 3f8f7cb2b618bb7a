"""Cut one text holding several glued blocks into its paragraphs and subheads.

Shared by the text parser (per line of the export) and by the
``split_glued_paragraphs`` repair (per paragraph block of any format), so both
decide the same way. After cutting, each piece is judged again: a short capitalised
piece without final period that heads another piece is a subhead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from archivist.model import Role
from archivist.recover.glue import sentence_glues, split_glued_subhead, split_runin_subhead
from archivist.recover.lines import looks_like_subhead
from archivist.recover.peel import peel


@dataclass(frozen=True, slots=True)
class Piece:
    """A block cut out of a longer text: role, text, and where it started in the text."""

    role: Role
    text: str
    start: int


def _stripped(text: str, start: int, end: int) -> tuple[str, int]:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    return chunk.strip(), start + lead


def split_blocks(
    text: str,
    vocab: Counter[str] | None = None,
    *,
    glue: bool = True,
    runin: bool = True,
    paragraphs: bool = True,
) -> tuple[list[Piece], str] | None:
    """``(pieces, rule)`` when ``text`` holds glued paragraphs or subheads, else None.

    ``rule`` names the repair for the step: ``split_glued_paragraphs`` or
    ``split_runin_subhead``; ``glue`` / ``runin`` switch either kind of cut off.
    ``paragraphs=False`` keeps sentences glued after . ! ? together: in a body that kept
    its line breaks, ``…beschlagnahmt.Italienische Medien…`` lost a space at a former
    link, not a paragraph break (see :func:`kept_line_breaks`).

    >>> pieces, rule = split_blocks("Il a fini.Raids meurtriersDe son côté, le régime a exclu une trêve.")
    >>> [(p.role.value, p.text) for p in pieces], rule
    ([('paragraph', 'Il a fini.'), ('subhead', 'Raids meurtriers'), \
('paragraph', 'De son côté, le régime a exclu une trêve.')], 'split_glued_paragraphs')
    >>> split_blocks("Un paragraphe propre. Avec deux phrases, z.B. et 20min.ch.") is None
    True
    """
    cuts = sentence_glues(text) if glue and paragraphs else []
    damaged = bool(cuts)
    bounds = [0, *cuts, len(text)]
    pieces: list[Piece] = []
    glued_subhead = False
    for start, end in pairwise(bounds):
        piece, offset = _stripped(text, start, end)
        if not piece:
            continue
        if damaged:  # a body glued onto one line: peel subheads, captions, quotes, items off
            for text_, at, role in peel(piece, vocab):
                pieces.append(Piece(role or Role.PARAGRAPH, text_, offset + at))
            continue
        split = split_glued_subhead(piece, vocab, strict=not damaged) if glue else None
        if split is not None:
            glued_subhead = True
        elif runin:
            split = split_runin_subhead(piece)
        if split is None:
            pieces.append(Piece(Role.PARAGRAPH, piece, offset))
            continue
        head, rest = split
        pieces.append(Piece(Role.SUBHEAD, head, offset))
        pieces.append(Piece(Role.PARAGRAPH, rest, offset + piece.index(rest, len(head))))
    if len(pieces) < 2:
        return None
    if damaged:  # judge the cut pieces again: "Et maintenant?" heading the next paragraph
        for i, cut in enumerate(pieces[:-1]):
            if (
                cut.role is Role.PARAGRAPH
                and pieces[i + 1].role is Role.PARAGRAPH
                and looks_like_subhead(cut.text)
                and len(pieces[i + 1].text) > len(cut.text)
            ):
                pieces[i] = Piece(Role.SUBHEAD, cut.text, cut.start)
    rule = "split_glued_paragraphs" if damaged or glued_subhead else "split_runin_subhead"
    return pieces, rule


# A body whose paragraphs are still on lines of their own: this many lines that are
# long sentences ending on . ! ? » (a body glued onto one line has one or two).
MIN_KEPT_PARAGRAPHS = 3
_PARAGRAPH_END = (".", "!", "?", "»", "”", '"')


def kept_line_breaks(texts: Iterable[str]) -> bool:
    """Did the paragraph breaks survive (so a sentence glue is a lost space, no break)?

    >>> kept_line_breaks(["Un paragraphe assez long pour compter ici, avec sa fin." ] * 3)
    True
    >>> kept_line_breaks(["Un paragraphe.Un autre paragraphe glué au premier, et un troisième."])
    False
    """
    found = 0
    for text in texts:
        if len(text) >= 40 and text.rstrip().endswith(_PARAGRAPH_END):
            found += 1
            if found >= MIN_KEPT_PARAGRAPHS:
                return True
    return False
