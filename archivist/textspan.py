"""Keep inline marks (links, emphasis) on the right words when a repair edits a block.

A :class:`~archivist.model.Mark` is a character span over a block's plain text. When a
repair turns ``old`` into ``new``, :func:`remap_marks` moves every span with the edit
(difflib opcodes): text inserted before a span shifts it, text inserted inside it
widens it, and a span whose text was deleted entirely is dropped.
"""

from __future__ import annotations

from bisect import bisect_right
from difflib import SequenceMatcher

from archivist.model import Mark

Opcode = tuple[str, int, int, int, int]


def _opcodes(old: str, new: str) -> list[Opcode]:
    return list(SequenceMatcher(None, old, new, autojunk=False).get_opcodes())


def map_offset(opcodes: list[Opcode], starts: list[int], offset: int, *, is_end: bool) -> int:
    """Where ``offset`` of the old text lands in the new text.

    >>> ops = _opcodes("abcdef", "abXcdef")
    >>> map_offset(ops, [o[1] for o in ops], 3, is_end=False)
    4
    """
    index = bisect_right(starts, offset) - 1
    if is_end and index > 0 and opcodes[index][1] == offset:
        index -= 1  # an end offset belongs to the opcode it closes
    tag, i1, _i2, j1, j2 = opcodes[max(index, 0)]
    if tag == "equal":
        return j1 + min(offset - i1, j2 - j1)
    return j2 if is_end else j1


def remap_marks(old: str, new: str, marks: tuple[Mark, ...]) -> tuple[Mark, ...]:
    """``marks`` over ``old`` moved onto ``new``.

    >>> m = (Mark(9, 12, "a", "https://example.org"),)
    >>> remap_marks("Le site\\u00ad web ici", "Le site web ici", m)[0]
    Mark(start=8, end=11, kind='a', href='https://example.org')
    >>> remap_marks("Tagenach dem Sturz", "Tage nach dem Sturz", (Mark(4, 12, "a"),))
    (Mark(start=5, end=13, kind='a', href=''),)
    """
    if not marks or old == new:
        return marks
    opcodes = _opcodes(old, new)
    starts = [op[1] for op in opcodes]
    moved = []
    for mark in marks:
        start = map_offset(opcodes, starts, mark.start, is_end=False)
        end = map_offset(opcodes, starts, mark.end, is_end=True)
        # do not let a span swallow spaces inserted at its edges by a glue repair
        while start < end and new[start].isspace():
            start += 1
        while end > start and new[end - 1].isspace():
            end -= 1
        if end > start:
            moved.append(Mark(start, end, mark.kind, mark.href))
    return tuple(moved)


def slice_marks(marks: tuple[Mark, ...], start: int, end: int) -> tuple[Mark, ...]:
    """The marks inside ``[start, end)`` of a text, re-based to a piece cut out at ``start``.

    >>> slice_marks((Mark(2, 5, "em"), Mark(8, 12, "a")), 6, 14)
    (Mark(start=2, end=6, kind='a', href=''),)
    """
    out = []
    for mark in marks:
        s, e = max(mark.start, start), min(mark.end, end)
        if e > s:
            out.append(Mark(s - start, e - start, mark.kind, mark.href))
    return tuple(out)
