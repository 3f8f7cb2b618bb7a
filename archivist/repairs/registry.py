"""The repair registry: one named, pure function per layout error (STYLE.md rule 4).

A :class:`Repair` can work at two stages:

* ``fix_source(text) -> (text, steps)`` on the raw flattened text before it is cut
  into blocks (encoding, soft hyphens, hard wraps); steps say ``where="source:line N"``;
* ``fix_article(article) -> (article, steps)`` on a recovered article, whatever format
  it came from; steps say ``where`` = a field name or ``block:N``;
* ``fix_in_archive(article, archive) -> (article, steps)``: the same article stage when
  the run has counted its archive's vocabulary
  (:class:`~archivist.recover.archive.ArchiveVocabulary`), which it weighs as extra
  evidence; used instead of ``fix_article`` then.

Both return the input object itself, and no step, when there is nothing to repair:
a clean article comes through unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from archivist.model import Article, RepairStep
from archivist.recover.archive import ArchiveVocabulary

SourceFix = Callable[[str], tuple[str, list[RepairStep]]]
ArticleFix = Callable[[Article], tuple[Article, list[RepairStep]]]
ArchiveFix = Callable[[Article, ArchiveVocabulary], tuple[Article, list[RepairStep]]]


@dataclass(frozen=True)
class Repair:
    """A named repair; ``summary`` says in one line what it fixes."""

    name: str
    summary: str
    fix_article: ArticleFix | None = None
    fix_source: SourceFix | None = None
    fix_in_archive: ArchiveFix | None = None


REPAIRS: dict[str, Repair] = {}


def register(repair: Repair) -> Repair:
    if repair.name in REPAIRS:
        msg = f"Repair {repair.name!r} is registered twice. Give the new repair its own name."
        raise ValueError(msg)
    if repair.fix_article is None and repair.fix_source is None:
        msg = f"Repair {repair.name!r} has neither fix_article nor fix_source."
        raise ValueError(msg)
    REPAIRS[repair.name] = repair
    return repair
