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
from archivist.eval.runner import archive_vocabulary, recover_archivist
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


def training_failures(
    gold: Sequence[GoldArticle], kind: str, seed: int, *, vocabulary: bool = True
) -> Iterator[tuple[str, list[str]]]:
    """``(id, lines)`` for every training article that ``kind`` damages and recovery misses
    (``vocabulary``: with the training articles' archive vocabulary, as ``archivist eval``)."""
    if kind != "clean":
        resolve_kinds([kind])
    training = [item for item in gold if not item.heldout]  # the others never rendered, never looked at
    cleans = {item.id: render_clean(item.article) for item in training}
    texts = {
        item.id: cleans[item.id] if kind == "clean" else damage(item.article, (kind,), seed)
        for item in training
    }
    archive = archive_vocabulary(texts.items()) if vocabulary else None  # as archivist eval --split train
    for item in training:
        text = texts[item.id]
        if kind not in ("clean", "all") and text == cleans[item.id]:
            continue  # nothing of this kind to damage here
        lines = article_failures(item.article, recover_archivist(item.id, text, archive).article)
        if lines:
            yield item.id, lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", help="a damage kind, all, or clean")
    parser.add_argument("--seed", type=int, default=1206)
    parser.add_argument("--gold", type=Path, default=Path("corpus/gold"))
    parser.add_argument(
        "--no-vocabulary", action="store_true", help="recover without the archive's vocabulary"
    )
    args = parser.parse_args(argv)
    gold = load_gold([args.gold], "train")
    found = training_failures(gold, args.kind, args.seed, vocabulary=not args.no_vocabulary)
    for legacy_id, lines in found:
        sys.stdout.write(f"== {legacy_id}\n" + "".join(f"   {line[:300]}\n" for line in lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
