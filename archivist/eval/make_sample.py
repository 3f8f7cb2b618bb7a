"""Write the demo's sample archive (archivist/demo/sample/) from the gold corpus.

``python -m archivist.eval.make_sample`` renders 15 train-split gold articles per
language with the damage model, deterministically (seed below), in the three shapes
flattened exports come in:

- ``articles/<id>.txt``: one article per file (``url``/``section``/``date`` header lines
  on top, the legacy id is the file name), realistic damage mix (``all``);
- ``dumps/export-<lang>.txt``: several articles in one file, each opened by the text
  source's delimiter line and ``id``/``url``/``section``/``date`` header lines;
- ``one-line/<id>.txt``: articles whose whole body was stored as one line.

Every damage kind appears at least once: article *i* of the selection is forced to
carry kind ``i mod 12`` on top of its drawn mix. Held-out articles are never used, so
the sample does not leak the split the eval gate is checked on.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from archivist.eval.damage import DAMAGES, damage, drawn_kinds
from archivist.eval.gold import GoldArticle, load_gold

SEED = 2016  # the seed of the committed sample; change it only to regenerate on purpose
PER_LANGUAGE = 15
SINGLE, DUMPED, ONE_LINE = 8, 5, 2  # per language: files of one article, dump members, one-line bodies
# the text source's dump convention (archivist/sources/text.py): a delimiter line, then
# optional "key: value" header lines (id, url, date, section, language), then the article
DUMP_SEPARATOR = "=====\n"


def headers(item: GoldArticle, with_id: bool) -> str:
    """The header lines the old CMS wrote above an article: id (dumps only), url, date, section."""
    article = item.article
    rows = [("id", item.id)] if with_id else []
    rows += [("url", article.url), ("section", article.section)]
    if article.published is not None:
        rows.append(("date", article.published.isoformat()))
    return "".join(f"{key}: {value}\n" for key, value in rows if value)


def choose(gold: Sequence[GoldArticle], language: str) -> list[GoldArticle]:
    """PER_LANGUAGE train articles of ``language``, in a seeded but stable order."""
    train = [g for g in gold if g.article.language == language and not g.heldout]

    def key(g: GoldArticle) -> str:
        return hashlib.sha256(f"{SEED}:{g.id}".encode()).hexdigest()

    return sorted(train, key=key)[:PER_LANGUAGE]


@dataclass(frozen=True)
class Planned:
    """One article of the sample: where it goes and which damage it carries."""

    path: str  # relative to the sample folder
    item: GoldArticle
    kinds: tuple[str, ...]


def sample_plan(gold: Sequence[GoldArticle]) -> list[Planned]:
    """Which article goes where with which damage (pure: the same gold gives the same plan)."""
    kinds = list(DAMAGES)
    plan: list[Planned] = []
    for language in sorted({g.article.language for g in gold}):
        for i, item in enumerate(choose(gold, language)):
            applied = set(drawn_kinds(item.article, ["all"], SEED)) | {kinds[len(plan) % len(kinds)]}
            if i < SINGLE:
                path = f"articles/{item.id}.txt"
            elif i < SINGLE + DUMPED:
                path = f"dumps/export-{language}.txt"
            else:
                path = f"one-line/{item.id}.txt"
                applied.add("one_line_body")
            plan.append(Planned(path, item, tuple(k for k in kinds if k in applied)))
    return plan


def sample_files(gold: Sequence[GoldArticle]) -> dict[str, str]:
    """Relative path -> text of every sample file; dump members joined by the separator."""
    members: dict[str, list[str]] = {}
    for planned in sample_plan(gold):
        dumped = planned.path.startswith("dumps/")
        text = headers(planned.item, dumped) + damage(planned.item.article, planned.kinds, SEED)
        members.setdefault(planned.path, []).append(DUMP_SEPARATOR + text if dumped else text)
    return {path: "".join(texts) for path, texts in members.items()}


def write_sample(gold_dir: Path, out: Path) -> list[Path]:
    written = []
    for relative, text in sample_files(load_gold([gold_dir])).items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] = ()) -> int:
    gold_dir = Path(argv[0]) if argv else Path("corpus/gold")
    out = Path(argv[1]) if len(argv) > 1 else Path("archivist/demo/sample")
    write_sample(gold_dir, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
