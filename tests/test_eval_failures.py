"""The training-split failure listing: what it reports, and that it never opens held-out gold."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from archivist.eval.failures import article_failures, training_failures
from archivist.eval.gold import GoldArticle
from archivist.model import Article, Block, Role

P1 = Block(Role.PARAGRAPH, "Le tunnel restera fermé tout l'été pour des travaux.")
SUB = Block(Role.SUBHEAD, "Des bus de remplacement")
P2 = Block(Role.PARAGRAPH, "Les bus partiront toutes les vingt minutes de la gare.")
GOLD = Article("fr-901", "Le Simplon fermé cet été", language="fr", kicker="Rail", blocks=(P1, SUB, P2))


@pytest.mark.parametrize(
    ("out", "expected"),
    [
        # recovered exactly: nothing to report
        (GOLD, []),
        # kicker left glued to the title
        (
            replace(GOLD, kicker="", title="RailLe Simplon fermé cet été"),
            [
                "kicker: gold 'Rail', got ''",
                "title: gold 'Le Simplon fermé cet été', got 'RailLe Simplon fermé cet été'",
                "invented: RailLe",
            ],
        ),
        # a subhead run into its paragraph
        (
            replace(GOLD, blocks=(P1, Block(Role.PARAGRAPH, f"{SUB.text} {P2.text}"))),
            [f"-subhead: {SUB.text}", f"-paragraph: {P2.text}", f"+paragraph: {SUB.text} {P2.text}"],
        ),
    ],
)
def test_article_failures(out: Article, expected: list[str]) -> None:
    assert article_failures(GOLD, out) == expected


def test_held_out_articles_are_never_rendered() -> None:
    # fr-006 is in the held-out split of its group (gold.is_heldout); the articles are synthetic
    gold = [GoldArticle(replace(GOLD, legacy_id=i), "news", Path(f"{i}.json")) for i in ("fr-001", "fr-006")]
    held = [g.id for g in gold if g.heldout]
    listed = [legacy_id for legacy_id, _ in training_failures(gold, "kicker_glue", 1206)]
    assert held and not set(listed) & set(held)
