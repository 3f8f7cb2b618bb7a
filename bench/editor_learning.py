"""Does learning from editors help? Simulated editors on the gold train split, eval on heldout.

1. The train split of the gold corpus is damaged (``subheads_bare`` and the realistic
   mix, a few seeds), recovered by archivist and stored (``save_migrated``).
2. Simulated editors correct block roles: a block whose text equals a gold block's text
   and whose role (paragraph/subhead) differs gets the gold role (``editor:set_role``),
   published as an editor revision, as a person would in ``/edit``.
3. ``retrain_from_store`` fits the block-role model on those revisions.
4. The heldout split (never seen) is damaged and recovered with and without the model
   (``archivist eval --model``: ``ours`` before retrain, ``+mdl`` after), side by side.

Run: ``python -m bench.editor_learning [--seeds 3]``. Writes nothing outside a temp dir.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from archivist.editor.ops import Op
from archivist.editor.publish import publish_ops
from archivist.editor.training import retrain_from_store
from archivist.eval.damage import damage
from archivist.eval.gold import load_gold
from archivist.model import LegacyRecord
from archivist.process import process_record
from archivist.store import open_store
from archivist.store.articles import get_article_by_legacy_id, save_migrated

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"
KINDS = (("subheads_bare",), ("all",))
SWAP = {"paragraph", "subhead"}


def simulate_editors(db_url: str, seeds: int) -> int:
    """Store damaged, recovered train articles and correct their roles like editors; corrections made."""
    engine = open_store(db_url)
    made = 0
    for item in load_gold([GOLD], "train"):
        truth = {b.text: b.role.value for b in item.article.blocks}
        for seed in range(seeds):
            for kinds in KINDS:
                legacy_id = f"{item.id}-{seed}-{kinds[0]}"
                text = damage(item.article, kinds, seed)
                record = LegacyRecord(legacy_id, "text", text.encode("utf-8"), origin=f"{legacy_id}.txt")
                processed = process_record(record)
                with engine.begin() as conn:
                    save_migrated(conn, record, processed, None)
                    ops = [
                        Op("set_role", {"block": i, "role": truth[b.text]})
                        for i, b in enumerate(processed.article.blocks)
                        if b.role.value in SWAP and truth.get(b.text, b.role.value) in SWAP - {b.role.value}
                    ]
                    if not ops:
                        continue
                    stored = get_article_by_legacy_id(conn, legacy_id)
                    assert stored is not None
                    publish_ops(conn, stored, ops, "bench", "roles as in the gold")
                    made += len(ops)
    engine.dispose()
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    from click.testing import CliRunner

    from archivist.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        corrections = simulate_editors(db_url, args.seeds)
        model = Path(tmp) / "learned-model.json"
        result = retrain_from_store(db_url, model)
        print(
            f"simulated editors made {corrections} role corrections: {result.examples} labelled examples, "
            f"{result.patterns} patterns kept, role model fitted on {result.role_blocks} blocks"
        )
        eval_args = ["eval", str(GOLD), "--split", "heldout", "--damage", "subheads_bare"]
        eval_args += ["--model", str(model)]
        out = CliRunner().invoke(cli, eval_args)
        print(out.output)


if __name__ == "__main__":
    main()
