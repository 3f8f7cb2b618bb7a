"""The demo sample: train articles only, every damage kind, three shapes, reproducible."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from archivist.eval.damage import DAMAGES
from archivist.eval.gold import load_gold
from archivist.eval.make_sample import PER_LANGUAGE, sample_files, sample_plan

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "archivist" / "demo" / "sample"


@pytest.fixture(scope="module")
def gold():  # type: ignore[no-untyped-def]
    items = load_gold([REPO / "corpus" / "gold"])
    if not items:
        pytest.skip("corpus/gold is empty")
    return items


def test_plan_uses_train_articles_and_every_kind(gold) -> None:  # type: ignore[no-untyped-def]
    plan = sample_plan(gold)
    assert not [p.item.id for p in plan if p.item.heldout]  # never a held-out article
    per_language = Counter(p.item.article.language for p in plan)
    assert all(n <= PER_LANGUAGE for n in per_language.values())
    assert {k for p in plan for k in p.kinds} == set(DAMAGES)
    shapes = {p.path.split("/")[0] for p in plan}
    assert shapes == {"articles", "dumps", "one-line"}


def test_committed_sample_is_current(gold) -> None:  # type: ignore[no-untyped-def]
    if not SAMPLE.exists():
        pytest.skip("archivist/demo/sample is not written yet")
    files = sample_files(gold)
    committed = {str(p.relative_to(SAMPLE)): p.read_text(encoding="utf-8") for p in SAMPLE.rglob("*.txt")}
    assert committed == files, "regenerate: python -m archivist.eval.make_sample"
