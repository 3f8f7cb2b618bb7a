"""Floors of the fidelity gate (tests/eval_floors.json): check them, and raise them.

``python -m archivist.eval.floors`` runs the eval as the gate does (held-out split,
pinned seed, archivist only) and raises every floor to the measured score less a small
margin, and every ceiling down to the measured value plus a margin. It never lowers a
floor or raises a ceiling: that takes a hand edit and a commit message saying why.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from archivist.errors import ConfigError

# score -> margin below the measured value (floors); rates with few articles move more
FLOOR_MARGINS: dict[str, float] = {
    "kicker_exact": 0.01,
    "title_exact": 0.01,
    "lead_exact": 0.01,
    "subhead_f1": 0.01,
    "paragraph_f1": 0.01,
    "role_accuracy": 0.01,
    "word_conservation": 0.001,
}
# score -> relative margin above the measured value (ceilings): false repairs on clean
# articles are held exactly; invented words (a count over the split) get 10% headroom
CEILING_MARGINS: dict[str, float] = {"changed_rate": 0.0, "invented_words": 0.1}
CEILING_SCENARIOS = {"changed_rate": ("clean",), "invented_words": ("clean", "all")}

Scores = Mapping[str, Mapping[str, float]]


def _down(value: float, step: float) -> float:
    return math.floor(value / step) * step


def raise_floors(pinned: dict[str, Any], scores: Scores) -> dict[str, Any]:
    """``pinned`` with floors raised and ceilings lowered to what ``scores`` reach.

    >>> new = raise_floors({"floors": {"all": {"title_exact": 0.5}}, "ceilings": {}},
    ...                    {"all": {"title_exact": 0.9731}})
    >>> new["floors"]["all"]["title_exact"]
    0.96
    """
    floors = {s: dict(row) for s, row in pinned.get("floors", {}).items()}
    ceilings = {s: dict(row) for s, row in pinned.get("ceilings", {}).items()}
    for scenario, row in scores.items():
        for key, margin in FLOOR_MARGINS.items():
            if key in row:
                step = 0.001 if margin < 0.01 else 0.01
                measured = round(_down(row[key] - margin, step), 3)
                old = floors.get(scenario, {}).get(key, 0.0)
                floors.setdefault(scenario, {})[key] = max(old, measured)
        for key, margin in CEILING_MARGINS.items():
            if key in row and scenario in CEILING_SCENARIOS[key]:
                step = 1.0 if key == "invented_words" else 0.001  # a ceiling rounds up, never below
                measured = round(math.ceil(round(row[key] * (1 + margin) / step, 6)) * step, 3)
                old = ceilings.get(scenario, {}).get(key, math.inf)
                ceilings.setdefault(scenario, {})[key] = min(old, measured)
    return {**pinned, "floors": floors, "ceilings": ceilings}


def gate_scores(pinned: Mapping[str, Any], gold_dir: Path) -> tuple[dict[str, dict[str, float]], list[str]]:
    """The eval as the gate runs it (held-out split, pinned seed, archivist only):
    the scores per scenario, and the articles recovery failed on."""
    from archivist.eval.gold import load_gold
    from archivist.eval.runner import run_eval

    gold = load_gold([gold_dir], pinned["split"])
    if len(gold) < pinned["min_articles"]:
        split = pinned["split"]
        msg = f"Only {len(gold)} gold articles in the {split} split of '{gold_dir}'; check the corpus."
        raise ConfigError(msg)
    scenarios = run_eval(gold, ["all"], seed=pinned["seed"], systems=["archivist"])
    failures = [f"{s.name}: {f}" for s in scenarios for f in s.failures.get("archivist", [])]
    scores = {s.name: {k: float(v) for k, v in s.tallies["archivist"].scores().items()} for s in scenarios}
    return scores, failures


def main(argv: Sequence[str] = ()) -> int:
    path = Path(argv[0]) if argv else Path("tests/eval_floors.json")
    pinned = json.loads(path.read_text(encoding="utf-8"))
    scores, failures = gate_scores(pinned, Path("corpus/gold"))
    if failures:
        msg = f"Recovery failed on {len(failures)} gold article(s), floors left as they are: {failures[0]}"
        raise ConfigError(msg)
    new = raise_floors(pinned, scores)
    path.write_text(json.dumps(new, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
