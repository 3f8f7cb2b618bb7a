"""Named, explained repairs of layout damage (STYLE.md rules 4 and 5).

``REPAIRS`` maps a rule name to its :class:`Repair`; every repair is a small pure
function that returns the repaired text or article and the :class:`RepairStep` s it
took. Two entry points run them in a fixed order:

* :func:`repair_source` on raw flattened text, before it is cut into blocks;
* :func:`apply_repairs` on a recovered article of any format.

>>> sorted(REPAIRS)[:3]
['drop_lead_repeated_in_body', 'fix_encoding', 'join_hyphenated_line_ends']
"""

from __future__ import annotations

from archivist.model import Article, RepairStep
from archivist.recover.archive import ArchiveVocabulary
from archivist.repairs import characters, cleanup, splitting, wrapping
from archivist.repairs.registry import REPAIRS, ArchiveFix, ArticleFix, Repair, SourceFix, register

__all__ = [
    "ARTICLE_ORDER",
    "REPAIRS",
    "SOURCE_ORDER",
    "ArchiveFix",
    "ArticleFix",
    "Repair",
    "SourceFix",
    "apply_repairs",
    "register",
    "repair_source",
]

_MODULES = (characters, cleanup, splitting, wrapping)  # importing them registers their repairs

# Raw text first: characters before line structure, hyphenated ends before unwrapping.
SOURCE_ORDER = (
    "fix_encoding",
    "remove_soft_hyphens",
    "normalise_no_break_spaces",
    "join_hyphenated_line_ends",
    "unwrap_hard_lines",
)
# Articles: characters, then the notice (it may be glued to a paragraph), then cuts
# (kicker, paragraphs, run-in subheads, words), then what to take out of the body.
ARTICLE_ORDER = (
    "fix_encoding",
    "remove_soft_hyphens",
    "normalise_no_break_spaces",
    "remove_import_notice",
    "split_kicker_title",
    "split_glued_paragraphs",
    "split_runin_subhead",
    "split_glued_words",
    "split_caption_credit",
    "split_signature",
    "drop_lead_repeated_in_body",
    "remove_boilerplate",
)


def repair_source(text: str) -> tuple[str, list[RepairStep]]:
    """Run the source-stage repairs on raw flattened text."""
    steps: list[RepairStep] = []
    for name in SOURCE_ORDER:
        fix = REPAIRS[name].fix_source
        if fix is not None:
            text, taken = fix(text)
            steps.extend(taken)
    return text, steps


def apply_repairs(
    article: Article, archive: ArchiveVocabulary | None = None
) -> tuple[Article, list[RepairStep]]:
    """Run the article-stage repairs; a clean article comes back as is with no step.

    ``archive``: the vocabulary of the archive the article comes from, if the run
    counted one; the repairs that weigh it (``fix_in_archive``) get it.
    """
    steps: list[RepairStep] = []
    for name in ARTICLE_ORDER:
        repair = REPAIRS[name]
        if archive is not None and repair.fix_in_archive is not None:
            article, taken = repair.fix_in_archive(article, archive)
            steps.extend(taken)
        elif repair.fix_article is not None:
            article, taken = repair.fix_article(article)
            steps.extend(taken)
    return article, steps
