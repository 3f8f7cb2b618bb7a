"""Dry runs: what a migration would change, as before/after diffs for a sample.

``migrate --dry-run`` classifies every record (create, update, unchanged, conflict,
quarantine) and writes nothing; for the first few records of each kind that would
change the archive it also shows a unified diff of the stored article (empty for a
create) against the article the migration would store. The renderings are pure
functions of the articles, one field or block per line, so diffs stay readable.
"""

from __future__ import annotations

import difflib

from archivist.model import Article

SAMPLE_PER_OUTCOME = 3  # diffs kept per outcome (created, updated, conflict)
MAX_DIFF_LINES = 60  # a diff longer than this is cut, with a note


def article_lines(article: Article | None) -> list[str]:
    """One line per field and block, as a reader of a diff wants them.

    >>> article_lines(Article("7", "Titre", kicker="Genève"))
    ['kicker: Genève', 'title: Titre']
    """
    if article is None:
        return []
    lines = [
        f"{name}: {value}"
        for name, value in (
            ("kicker", article.kicker),
            ("title", article.title),
            ("lead", article.lead),
            ("byline", article.byline),
            ("dateline", article.dateline),
            ("section", article.section),
            ("published", article.published.isoformat() if article.published else ""),
        )
        if value
    ]
    for block in article.blocks:
        lines.append(f"[{block.role.value}] {block.text}" + (f" ({block.credit})" if block.credit else ""))
        lines += [f"  • {item}" for item in block.items]
    return lines


def article_diff(legacy_id: str, outcome: str, before: Article | None, after: Article) -> str:
    """A unified diff of the stored article against the one the migration would store.

    >>> print(article_diff("7", "updated", Article("7", "Titre"), Article("7", "Titre corrigé")))
    --- 7 stored
    +++ 7 after migration (updated)
    @@ -1 +1 @@
    -title: Titre
    +title: Titre corrigé
    """
    diff = list(
        difflib.unified_diff(
            article_lines(before),
            article_lines(after),
            f"{legacy_id} stored" if before is not None else f"{legacy_id} (not stored yet)",
            f"{legacy_id} after migration ({outcome})",
            lineterm="",
            n=1,
        )
    )
    if len(diff) > MAX_DIFF_LINES:
        diff = [*diff[:MAX_DIFF_LINES], f"… {len(diff) - MAX_DIFF_LINES} more diff lines"]
    return "\n".join(diff)
