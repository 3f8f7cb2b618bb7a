"""The repair case corpus (tests/cases/*.json, STYLE.md rule 13) and the registry's rules.

Every case runs through its repair alone: a ``repaired`` case must give the expected
text or fields and record steps named after the repair; an ``unchanged`` case must
come back identical with no step. Every repair in REPAIRS must have both kinds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archivist.model import Article, Block, Role
from archivist.repairs import ARTICLE_ORDER, REPAIRS, SOURCE_ORDER, apply_repairs, repair_source

CASES_DIR = Path(__file__).parent / "cases"


def _load() -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for path in sorted(CASES_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        rows.extend((data["repair"], case) for case in data["cases"])
    return rows


CASES = _load()


def _article(data: dict[str, Any]) -> Article:
    blocks = tuple(
        Block(Role(b["role"]), b.get("text", ""), items=tuple(b.get("items", ())), credit=b.get("credit", ""))
        for b in data.get("blocks", ())
    )
    return Article(
        legacy_id="case",
        title=data.get("title", ""),
        kicker=data.get("kicker", ""),
        lead=data.get("lead", ""),
        byline=data.get("byline", ""),
        language=data.get("language", "und"),
        blocks=blocks,
    )


def _fields(article: Article, expected: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``article`` that ``expected`` names, in the same shape."""
    out: dict[str, Any] = {}
    for key in expected:
        if key == "blocks":
            out[key] = [
                {
                    k: v
                    for k, v in (("role", b.role.value), ("text", b.text), ("credit", b.credit))
                    if k != "credit" or v
                }
                for b in article.blocks
            ]
        elif key != "language":
            out[key] = getattr(article, key)
    return out


def _normalise(expected: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in expected.items() if k != "language"}
    if "blocks" in out:
        out["blocks"] = [{k: v for k, v in b.items() if k != "credit" or v} for b in out["blocks"]]
    return out


@pytest.mark.parametrize(("repair", "case"), CASES, ids=[f"{r}:{c['label']}" for r, c in CASES])
def test_case(repair: str, case: dict[str, Any]) -> None:
    fix = REPAIRS[repair]
    if isinstance(case["original"], str):
        assert fix.fix_source is not None, f"{repair} has text cases but no source stage"
        fixed, steps = fix.fix_source(case["original"])
        assert fixed == case["expected"]
    else:
        assert fix.fix_article is not None, f"{repair} has article cases but no article stage"
        article, steps = fix.fix_article(_article(case["original"]))
        assert _fields(article, case["expected"]) == _normalise(case["expected"])
    if case["expect"] == "unchanged":
        assert steps == []
    else:
        assert steps, "a repair that changed something must say so"
        assert {s.rule for s in steps} <= {repair}, "steps are named after the repair that took them"
        assert all(s.before != s.after and s.reason for s in steps)


def test_every_repair_has_positive_and_negative_cases() -> None:
    kinds: dict[str, set[str]] = {}
    for repair, case in CASES:
        kinds.setdefault(repair, set()).add(case["expect"])
    missing = {name: {"repaired", "unchanged"} - kinds.get(name, set()) for name in REPAIRS}
    assert {k: v for k, v in missing.items() if v} == {}


def test_every_case_names_a_known_repair() -> None:
    assert {repair for repair, _ in CASES} <= set(REPAIRS)


def test_orders_name_registered_repairs_once() -> None:
    for order in (SOURCE_ORDER, ARTICLE_ORDER):
        assert len(order) == len(set(order))
        assert set(order) <= set(REPAIRS)
    assert set(SOURCE_ORDER) | set(ARTICLE_ORDER) == set(REPAIRS)


@pytest.mark.parametrize(
    "text",
    [
        # a clean flattened article: nothing to repair at the source stage
        "Titre\nUn chapô court.\nUn paragraphe propre, avec «guillemets» et l’apostrophe.\n",
        # German with a compound hyphen and a decimal
        "Titel\nDas Nein-Lager gewinnt mit 50,9 Prozent.\n",
    ],
)
def test_clean_source_takes_no_step(text: str) -> None:
    assert repair_source(text) == (text, [])


def test_clean_article_takes_no_step() -> None:
    article = Article(
        "1",
        "Le régime s'empare de nouveaux quartiers rebelles",
        kicker="Syrie - Alep",
        lead="Les troupes contrôlent désormais la ville.",
        blocks=(
            Block(Role.PARAGRAPH, "Le régime syrien et ses alliés ont pris mardi de nouveaux quartiers."),
            Block(Role.SUBHEAD, "Pris au piège"),
            Block(Role.CAPTION, "Un habitant évacué mercredi.", credit="AFP"),
            Block(Role.PARAGRAPH, "Sur TikTok et YouTube, z.B. à St.Gallen, 1.5 km de 20min.ch."),
        ),
    )
    assert apply_repairs(article) == (article, [])
