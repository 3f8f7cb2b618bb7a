"""What recovery got wrong, article by article, on the training split only.

``python -m archivist.eval.failures KIND [--seed N]`` damages every training gold
article with ``KIND`` (a damage kind, ``all`` or ``clean``), recovers it and prints
the differences from the gold: kicker, title and lead, the subhead and paragraph
blocks that differ, and the invented words. Held-out articles are dropped before
anything is rendered (the split is for measuring, never for looking at).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from archivist.eval.damage import damage, render_clean, resolve_kinds
from archivist.eval.gold import GoldArticle, load_gold
from archivist.eval.metrics import normal_form, words
from archivist.eval.runner import recover_archivist
from archivist.model import Article, Role

_FIELDS = ("kicker", "title", "lead")


def _blocks(article: Article) -> list[str]:
    return [f"{b.role.value}: {b.text}" for b in article.blocks if b.role in (Role.SUBHEAD, Role.PARAGRAPH)]


def article_failures(gold: Article, out: Article) -> list[str]:
    """The lines that say how ``out`` differs from ``gold`` (empty when it does not)."""
    gold, out = normal_form(gold), normal_form(out)
    lines = [
        f"{f}: gold {getattr(gold, f)!r}, got {getattr(out, f)!r}"
        for f in _FIELDS
        if getattr(gold, f) != getattr(out, f)
    ]
    diff = difflib.unified_diff(_blocks(gold), _blocks(out), lineterm="", n=0)
    lines += [line for line in diff if not line.startswith(("---", "+++", "@@"))]
    gold_words = words(gold)
    invented = sorted({w for w in words(out) if w not in gold_words})
    if invented:
        lines.append(f"invented: {', '.join(invented)}")
    return lines


def training_failures(gold: Sequence[GoldArticle], kind: str, seed: int) -> Iterator[tuple[str, list[str]]]:
    """``(id, lines)`` for every training article that ``kind`` damages and recovery misses."""
    if kind != "clean":
        resolve_kinds([kind])
    for item in gold:
        if item.heldout:
            continue  # never rendered, never looked at
        clean = render_clean(item.article)
        text = clean if kind == "clean" else damage(item.article, (kind,), seed)
        if kind not in ("clean", "all") and text == clean:
            continue  # nothing of this kind to damage here
        lines = article_failures(item.article, recover_archivist(item.id, text).article)
        if lines:
            yield item.id, lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", help="a damage kind, all, or clean")
    parser.add_argument("--seed", type=int, default=1206)
    parser.add_argument("--gold", type=Path, default=Path("corpus/gold"))
    args = parser.parse_args(argv)
    for legacy_id, lines in training_failures(load_gold([args.gold], "train"), args.kind, args.seed):
        sys.stdout.write(f"== {legacy_id}\n" + "".join(f"   {line[:300]}\n" for line in lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
