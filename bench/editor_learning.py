"""Does learning from editors help? Simulated editors on half the gold train split, eval on the other half.

The held-out split is never used: the train split is cut in two by a hash of the id.

1. The articles of the first half are damaged (``subheads_bare`` and the realistic mix,
   a few seeds), recovered by archivist and stored (``save_migrated``).
2. Simulated editors correct them as a person would in ``/edit`` (``publish_ops``, so
   the corrections become labelled examples): a block whose text equals a gold block's
   text and whose role (paragraph/subhead) differs gets the gold role, and a kicker the
   recovery cut in the wrong place is moved to the gold boundary.
3. ``retrain_from_store`` fits the learned model on those examples.
4. The second half (no editor saw it) is damaged and recovered with and without the
   model (``archivist eval --model``: ``ours`` before retrain, ``+mdl`` after).

Run: ``python -m bench.editor_learning [--seeds 3]``. Writes nothing outside a temp dir.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from pathlib import Path

from archivist.editor.ops import Op, heading_title
from archivist.editor.publish import publish_ops
from archivist.editor.training import retrain_from_store
from archivist.eval.damage import damage
from archivist.eval.gold import GoldArticle, load_gold
from archivist.model import LegacyRecord
from archivist.process import process_record
from archivist.store import open_store
from archivist.store.articles import get_article_by_legacy_id, save_migrated

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"
KINDS = (("subheads_bare",), ("all",))
SWAP = {"paragraph", "subhead"}


def halves() -> tuple[list[GoldArticle], list[GoldArticle]]:
    """The train split in two: (articles editors correct, articles no editor saw)."""
    train = load_gold([GOLD], "train")
    edited = [g for g in train if hashlib.sha256(g.id.encode()).digest()[0] % 2 == 0]
    return edited, [g for g in train if g not in edited]


def simulate_editors(db_url: str, edited: list[GoldArticle], seeds: int) -> int:
    """Store damaged, recovered articles and correct them like editors; corrections made."""
    engine = open_store(db_url)
    made = 0
    for item in edited:
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
                    gold, got = item.article, processed.article
                    moved = gold.kicker and got.kicker != gold.kicker
                    if moved and heading_title(got, gold.kicker) == gold.title:
                        ops.append(Op("move_kicker_boundary", {"kicker": gold.kicker}))
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
        edited, unseen = halves()
        corrections = simulate_editors(db_url, edited, args.seeds)
        model = Path(tmp) / "learned-model.json"
        result = retrain_from_store(db_url, model)
        print(
            f"simulated editors made {corrections} corrections in {len(edited)} train articles: "
            f"{result.examples} labelled examples, {result.patterns} patterns kept, role model fitted "
            f"on {result.role_blocks} blocks; eval on the {len(unseen)} other train articles"
        )
        eval_args = ["eval", *(str(g.path) for g in unseen), "--damage", "subheads_bare", "--damage", "all"]
        eval_args += ["--model", str(model)]
        out = CliRunner().invoke(cli, eval_args)
        print(out.output)


if __name__ == "__main__":
    main()
