"""Peel the blocks off a piece of a body that was glued onto one line.

When naive tag stripping put a whole body on one line, sentence glues
(:func:`~archivist.recover.glue.sentence_glues`) find most paragraph breaks, but not
the ends of blocks that close without a period: a subhead (``…StreckeDie Ursache``),
a caption's credit (``…bei Lodi. Bild: EPABauarbeiten``), a quote's attribution
(``– Hanspeter Rohner, PräsidentDie Initiantinnen``), fact-box items glued with
their bullets (``Das Wichtigste• Beben…• Notstand…``) and slideshow counters
(``…dauerte.3 / 9Rettungskräfte``). Each of those ends at a word glue, which this
module finds and cuts at. Pure functions; offsets are kept so marks can follow.
"""

from __future__ import annotations

import re
from collections import Counter

from archivist.model import Role
from archivist.recover.glue import split_glued_subhead, word_glues
from archivist.recover.lines import AGENCIES, CREDIT_WORDS

Cut = tuple[str, int, Role | None]  # text, offset in the piece, role when already known

_COUNTER = re.compile(r"^\d{1,2}\s?/\s?\d{1,2}(?=\S)")  # "3 / 9Rettungskräfte…"
_BULLET = re.compile(r"\s*[•▪●]\s*")
_ATTRIBUTION = re.compile(r"^[«„“\"‹].{2,600}?[»“”\"›]\s[–—]\s")
_CREDIT = re.compile(rf"(?<=[.!?»”)])\s?(?:(?:{CREDIT_WORDS})\s*:\s*\S|(?:{AGENCIES})(?![a-zà-ÿ]))")
# a block that opens on a quote, glued to a word: "…Keystone«Es ist brutal…»"
_QUOTE_GLUE = re.compile(r"(?<=[^\W\d_])[«„“](?=[A-ZÀ-Þ])")
_AGENCY_END = re.compile(rf"(?:{AGENCIES})(?=[A-ZÀ-Þ][a-zà-ÿ])")
_BYLINE = re.compile(r"^(?:Par|Von|By)\s")
MAX_CAPTION = 300
MAX_CREDIT = 70


def _first_glue(text: str, start: int, vocab: Counter[str] | None) -> int | None:
    """The first word glue at or after ``start`` (an upper-case credit glued counts too)."""
    found = [g for g in word_glues(text[start:], vocab) if g > 0]
    agency = _AGENCY_END.search(text, start)
    quote = _QUOTE_GLUE.search(text, start)
    cuts = [start + g for g in found[:1]] + [
        m.end() if m is agency else m.start() for m in (agency, quote) if m
    ]
    return min(cuts) if cuts else None


def peel(piece: str, vocab: Counter[str] | None = None) -> list[Cut]:
    """The blocks glued together in ``piece``, in order.

    >>> [c[0] for c in peel("Retter bei Lodi. Bild: EPABauarbeiten an der StreckeDie Ursache ist unklar.")]
    ['Retter bei Lodi. Bild: EPA', 'Bauarbeiten an der Strecke', 'Die Ursache ist unklar.']
    >>> [c[0] for c in peel("Das Wichtigste• Beben der Stärke 7• Notstand ausgerufenDie Behörden warnen.")]
    ['Das Wichtigste', '• Beben der Stärke 7', '• Notstand ausgerufen', 'Die Behörden warnen.']
    """
    cuts: list[Cut] = []
    offset = 0
    rest = piece
    while rest:
        step = _peel_one(rest, vocab)
        if step is None:
            cuts.append((rest, offset, None))
            break
        taken, role, consumed = step
        if taken:
            cuts.append((taken, offset, role))
        skip = len(rest[consumed:]) - len(rest[consumed:].lstrip())
        offset += consumed + skip
        rest = rest[consumed + skip :]
    return cuts


def _peel_one(text: str, vocab: Counter[str] | None) -> tuple[str, Role | None, int] | None:
    """``(block text, role, characters consumed)`` for the first block of ``text``, or None
    when ``text`` is one block."""
    counter = _COUNTER.match(text)
    if counter:  # a slideshow counter: a block of its own, which remove_boilerplate drops
        return text[: counter.end()].strip(), None, counter.end()  # and records
    bullet = _BULLET.search(text)
    if bullet and bullet.start() > 0:  # a heading (or a paragraph) before the items
        return text[: bullet.start()].strip(), None, bullet.start()
    if bullet and bullet.start() == 0:  # an item: up to the next bullet or the next glue
        nxt = _BULLET.search(text, bullet.end())
        end = nxt.start() if nxt else None
        glue = _first_glue(text, bullet.end(), vocab)
        if glue is not None and (end is None or glue < end):
            end = glue
        if end is None:
            return None
        return "• " + text[bullet.end() : end].strip(), None, end
    attribution = _ATTRIBUTION.match(text)
    if attribution:  # "«…» – Name, role" then the next block
        glue = _first_glue(text, attribution.end(), vocab)
        return (text[:glue], None, glue) if glue else None
    credit = _CREDIT.search(text, 0, MAX_CAPTION)
    if credit:  # "caption. Bild: EPA" then the next block
        glue = _first_glue(text, credit.start(), vocab)
        if glue is not None and glue - credit.start() <= MAX_CREDIT:
            return text[:glue].strip(), None, glue
    if _BYLINE.match(text):  # "Par Jean DupontLe Conseil…"
        glue = _first_glue(text, 4, vocab)
        if glue is not None and glue <= 80:
            return text[:glue].strip(), None, glue
    split = split_glued_subhead(text, vocab, strict=False)
    if split is not None:
        head, _ = split
        return head, Role.SUBHEAD, len(head)
    return None
