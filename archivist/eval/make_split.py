"""Write corpus/split.json, the held-out ids listed for readers.

The split itself is :func:`archivist.eval.gold.is_heldout`, a pure function of the id;
this file only lists it. Run ``python -m archivist.eval.make_split`` after adding gold
articles (tests/test_eval_split.py fails while the listing is stale).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from archivist.eval.gold import GoldArticle, load_gold

RULE = (
    "Ids are grouped by tens per language (fr-001..fr-010, fr-011..fr-020, ...); in each group "
    "the 3 ids with the smallest sha256(id) are held out (archivist.eval.gold.is_heldout)."
)


def split_document(gold: Sequence[GoldArticle]) -> dict[str, Any]:
    """The listing: the rule, then held-out and train ids per language."""
    languages = sorted({g.article.language for g in gold})
    by_lang = {
        lang: {
            "heldout": sorted(g.id for g in gold if g.article.language == lang and g.heldout),
            "train": sorted(g.id for g in gold if g.article.language == lang and not g.heldout),
        }
        for lang in languages
    }
    held = sum(len(v["heldout"]) for v in by_lang.values())
    return {"rule": RULE, "articles": len(gold), "heldout": held, "languages": by_lang}


def main(argv: Sequence[str] = ()) -> int:
    root = Path(argv[0]) if argv else Path("corpus")
    document = split_document(load_gold([root / "gold"]))
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    (root / "split.json").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
