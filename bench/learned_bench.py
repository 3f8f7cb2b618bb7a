"""What a learned model costs the recovery: ``process_record`` per CPU second, with and without.

The gold train split is damaged (the realistic mix, three seeds) and recovered on one
core with no model, then with a synthetic learned model of N patterns per rule that
never match (the worst case: every pattern has to be ruled out for every article).
Best of three runs; CPU time, so other processes on the machine do not count.

Run: ``python -m bench.learned_bench [--patterns 125]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from archivist.config import MigrationConfig
from archivist.editor.learned import LearnedModel, LearnedPattern
from archivist.editor.patterns import Pattern, line_shape
from archivist.eval.damage import damage
from archivist.eval.gold import load_gold
from archivist.model import LegacyRecord
from archivist.process import process_record

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"


def synthetic(n: int) -> LearnedModel:
    """``n`` patterns of each word and line rule, shaped like editors' but matching nothing."""
    patterns = []
    for i in range(n):
        patterns += [
            LearnedPattern(Pattern("glued_word", f"Wort{i}glued", f"Wort{i} glued"), 1),
            LearnedPattern(Pattern("word_join", f"Zu{i} Sammen", f"Zu{i}Sammen"), 1),
            LearnedPattern(Pattern("boilerplate", line_shape(f"Jetzt den Newsletter {i}x abonnieren!")), 1),
            LearnedPattern(
                Pattern("role_shape", line_shape(f"Was Gemeinde {i}x plant:"), "", "paragraph", "subhead"), 1
            ),
        ]
    return LearnedModel(tuple(patterns))


def rate(records: list[LegacyRecord], config: MigrationConfig) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for record in records:
            process_record(record, config)
        best = min(best, time.process_time() - start)
    return len(records) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patterns", type=int, default=125, help="patterns per rule (4 rules)")
    args = parser.parse_args()
    gold = load_gold([GOLD], "train")
    records = [
        LegacyRecord(g.id, "text", damage(g.article, ("all",), seed).encode("utf-8"))
        for g in gold
        for seed in range(3)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "learned-model.json"
        model.write_text(synthetic(args.patterns).to_json(), encoding="utf-8")
        without = rate(records, MigrationConfig())
        with_model = rate(records, MigrationConfig(learned_model=str(model)))
    print(f"{len(records)} damaged gold train texts, process_record on one core, best of 3")
    print(f"no model:                  {without:.0f} articles/CPU-s")
    print(f"{4 * args.patterns} learned patterns: {with_model:.0f} articles/CPU-s")


if __name__ == "__main__":
    main()
