"""The fidelity gate: archivist's recovery on the held-out gold split, fixed seed,
must stay at or above the floors pinned in tests/eval_floors.json.

Raise the floors when scores rise (``python -m archivist.eval.floors`` lifts each to
the measured score less a small margin and never lowers one); never lower a floor
without saying why in the commit.
The held-out split (corpus/README.md) is the 30% of the gold no rule was written
against, so the gate measures generalisation, not memory.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archivist.eval.gold import load_gold
from archivist.eval.runner import archivist_available, run_eval

REPO = Path(__file__).resolve().parent.parent
FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, float]]:
    if not archivist_available():
        pytest.skip("archivist.process.process_record does not exist yet: nothing to gate")
    gold = load_gold([REPO / "corpus" / "gold"], FLOORS["split"])
    assert len(gold) >= FLOORS["min_articles"], "the held-out split shrank: check corpus/gold"
    scenarios = run_eval(gold, ["all"], seed=FLOORS["seed"], systems=["archivist"])
    failures = [f"{s.name}: {f}" for s in scenarios for f in s.failures.get("archivist", [])]
    assert not failures, "recovery failed on gold articles:\n" + "\n".join(failures[:10])
    return {s.name: {k: float(v) for k, v in s.tallies["archivist"].scores().items()} for s in scenarios}


def _rows(kind: str) -> list[tuple[str, str, float]]:
    return [(scenario, key, value) for scenario, row in FLOORS[kind].items() for key, value in row.items()]


@pytest.mark.parametrize(("scenario", "key", "floor"), _rows("floors"))
def test_score_at_or_above_floor(
    scores: dict[str, dict[str, float]], scenario: str, key: str, floor: float
) -> None:
    assert scores[scenario][key] >= floor, f"{scenario} {key} fell to {scores[scenario][key]:.4f} < {floor}"


@pytest.mark.parametrize(("scenario", "key", "ceiling"), _rows("ceilings"))
def test_score_at_or_below_ceiling(
    scores: dict[str, dict[str, float]], scenario: str, key: str, ceiling: float
) -> None:
    assert scores[scenario][key] <= ceiling, f"{scenario} {key} rose to {scores[scenario][key]} > {ceiling}"
