"""A synthetic flattened-text archive of any size, with realistic damage.

Each file is one gold article (corpus/gold) rendered by the eval damage model
(:func:`archivist.eval.damage.damage`, every kind drawn at its real rate) under a
new legacy id and a seed of its own, so no two files are the same text. The same
size always gives the same files; 1,000 files per folder.

    python -m bench.generate 20000 bench/out/archive-20000
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from archivist.eval.damage import damage
from archivist.eval.gold import load_gold

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"
PER_FOLDER = 1000
STAMP = ".complete"  # written last: a half-written archive is regenerated


def legacy_id(i: int) -> str:
    return f"bench-{i:06d}"


def generate(size: int, out: Path, gold_dir: Path = GOLD) -> Path:
    """Write ``size`` damaged articles under ``out`` (skipped when already there)."""
    stamp = out / STAMP
    if stamp.exists() and stamp.read_text() == str(size):
        return out
    gold = [g.article for g in load_gold([gold_dir])]
    if not gold:
        msg = f"No gold articles under {gold_dir}: the bench renders them with the damage model."
        raise SystemExit(msg)
    for i in range(size):
        article = replace(gold[i % len(gold)], legacy_id=legacy_id(i))
        text = damage(article, ["all"], seed=i // len(gold))
        path = out / f"{i // PER_FOLDER:03d}" / f"{legacy_id(i)}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    stamp.write_text(str(size))
    return out


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
