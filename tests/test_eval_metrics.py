"""Fidelity metrics: each score moves for the damage it is meant to catch."""

from __future__ import annotations

from dataclasses import replace

import pytest

from archivist.eval.metrics import Tally, role_matches, score_pairs, words
from archivist.model import Article, Block, Role

P1 = Block(Role.PARAGRAPH, "Le régime syrien a pris mardi de nouveaux quartiers.")
P2 = Block(Role.PARAGRAPH, "Les rebelles sont acculés dans la partie sud.")
SUB = Block(Role.SUBHEAD, "Pris au piège")
CAP = Block(Role.CAPTION, "Des civils fuient Alep-Est.", credit="AFP")
GOLD = Article(
    "fr-900",
    "Le régime s'empare de nouveaux quartiers",
    language="fr",
    kicker="Syrie - Alep",
    lead="Les troupes contrôlent 70% du bastion.",
    blocks=(P1, SUB, P2, CAP),
)


def _with(**changes: object) -> Article:
    return replace(GOLD, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        # a perfect recovery
        (
            GOLD,
            {
                "kicker_exact": 1.0,
                "title_exact": 1.0,
                "subhead_f1": 1.0,
                "paragraph_f1": 1.0,
                "invented_words": 0,
            },
        ),
        # kicker left glued to the title: both fields wrong, one invented word ("AlepLe")
        (
            _with(kicker="", title="Syrie - AlepLe régime s'empare de nouveaux quartiers"),
            {"kicker_exact": 0.0, "title_exact": 0.0, "invented_words": 1},
        ),
        # the subhead read as a paragraph: subhead recall 0, paragraph precision 2/3
        (
            _with(blocks=(P1, replace(SUB, role=Role.PARAGRAPH), P2, CAP)),
            {
                "subhead_recall": 0.0,
                "paragraph_precision": 2 / 3,
                "paragraph_recall": 1.0,
                "role_accuracy": 0.75,
            },
        ),
        # two paragraphs glued: neither found, one invented word ("quartiers.Les" is two \w+ tokens,
        # so nothing is invented, but both paragraphs are lost)
        (
            _with(blocks=(Block(Role.PARAGRAPH, P1.text + P2.text), SUB, CAP)),
            {
                "paragraph_recall": 0.0,
                "paragraph_precision": 0.0,
                "invented_words": 0,
                "word_conservation": 1.0,
            },
        ),
        # a dropped caption loses its words
        (_with(blocks=(P1, SUB, P2)), {"word_conservation": 1 - 6 / sum(words(GOLD).values())}),
    ],
)
def test_scores_of_one_pair(output: Article, expected: dict[str, float]) -> None:
    scores = score_pairs([(GOLD, output)])
    for key, value in expected.items():
        assert scores[key] == pytest.approx(value), key


def test_role_matches_counts_found_and_correct_blocks() -> None:
    out = _with(blocks=(P1, replace(CAP, role=Role.PARAGRAPH), P2))
    assert role_matches(GOLD, out) == (4, 3, 2)


@pytest.mark.parametrize(
    ("output", "steps", "changed"),
    [
        (GOLD, 0, 0.0),  # unchanged, no step: no false repair
        (GOLD, 1, 1.0),  # unchanged text but a repair step was recorded: counts
        (_with(lead="Les troupes contrôlent 70 % du bastion."), 0, 1.0),  # a changed lead: counts
    ],
)
def test_false_repair_counts_any_change_or_step(output: Article, steps: int, changed: float) -> None:
    tally = Tally()
    tally.add(GOLD, output, steps)
    assert tally.scores()["changed_rate"] == changed


def test_byline_scored_only_where_rendered() -> None:
    tally = Tally()
    tally.add(replace(GOLD, byline="ATS/AFP"), replace(GOLD, byline="ATS/AFP"), byline_rendered=True)
    tally.add(replace(GOLD, byline="ATS"), GOLD)
    assert tally.scores()["byline_exact"] == 1.0


def test_subhead_and_list_score_as_the_fact_box_they_look_like() -> None:
    # flattened text shows a subhead + list exactly as a fact box: heading, then bullets
    items = ("Bars fermés à 23h", "Pas plus de 50 personnes")
    gold = _with(blocks=(P1, Block(Role.SUBHEAD, "Les mesures"), Block(Role.LIST, "", items=items), P2))
    out = _with(blocks=(P1, Block(Role.FACTBOX, "Les mesures", items=items), P2))
    scores = score_pairs([(gold, out)])
    assert scores["article_exact"] == 1.0 and scores["subhead_f1"] == 1.0
