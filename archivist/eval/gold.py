"""The gold corpus: one structured article per JSON file, and its held-out split.

A gold file (``corpus/gold/<lang>/<id>-<slug>.json``, schema in corpus/README.md)
becomes an :class:`~archivist.model.Article`; each verbatim link phrase of a block
becomes an ``a`` :class:`~archivist.model.Mark` over the block's text.

The held-out split is a pure function of the id, so it stays put while the corpus
grows: ids are grouped by tens per language (``fr-001``…``fr-010``, ``fr-011``…), and
in each group the three ids with the smallest SHA-256 are held out. That is exactly
30% of every full group, stratified per language. Other id shapes fall back to
``sha256(id) mod 10 < 3``. No rule may be written against a held-out article.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from archivist.errors import ConfigError
from archivist.model import Article, Block, Mark, Role

GROUP = 10  # ids per group of the stratified split
HELD_PER_GROUP = 3  # 30% held out
_ID_RE = re.compile(r"^(?P<lang>[a-z]{2})-(?P<num>\d+)$")


def _digest(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16)


def is_heldout(article_id: str) -> bool:
    """Is this gold id in the held-out split? Pure and stable as the corpus grows.

    >>> sum(is_heldout(f"fr-{n:03d}") for n in range(1, 11))
    3
    >>> [is_heldout(f"de-{n:03d}") for n in range(1, 11)].count(True)
    3
    """
    match = _ID_RE.match(article_id)
    if match is None:
        return _digest(article_id) % GROUP < HELD_PER_GROUP
    lang, num = match["lang"], int(match["num"])
    width = len(match["num"])
    first = (num - 1) // GROUP * GROUP + 1
    group = [f"{lang}-{n:0{width}d}" for n in range(first, first + GROUP)]
    held = sorted(group, key=_digest)[:HELD_PER_GROUP]
    return article_id in held


@dataclass(frozen=True)
class GoldArticle:
    """A gold article with what the Article model does not carry."""

    article: Article
    genre: str
    path: Path

    @property
    def id(self) -> str:
        return self.article.legacy_id

    @property
    def heldout(self) -> bool:
        return is_heldout(self.id)


def _marks(text: str, links: Iterable[str], where: str) -> tuple[Mark, ...]:
    marks: list[Mark] = []
    taken = 0
    for phrase in links:
        start = text.find(phrase, taken)
        if start < 0:
            start = text.find(phrase)
        if not phrase or start < 0:
            msg = f"{where}: link phrase {phrase!r} is not verbatim in the block text. Copy it from the text."
            raise ConfigError(msg)
        marks.append(Mark(start, start + len(phrase), "a"))
        taken = start + len(phrase)
    return tuple(sorted(marks, key=lambda m: m.start))


def _block(data: dict[str, Any], where: str) -> Block:
    try:
        role = Role(data["role"])
    except (KeyError, ValueError):
        msg = f"{where}: block role {data.get('role')!r} is not one of {', '.join(Role)}."
        raise ConfigError(msg) from None
    text = data.get("text", "")
    return Block(
        role=role,
        text=text,
        marks=_marks(text, data.get("links", ()), where),
        items=tuple(data.get("items", ())),
        credit=data.get("credit", ""),
    )


def article_from_gold(data: dict[str, Any], where: str = "gold article") -> Article:
    """The Article a gold JSON object describes."""
    for key in ("id", "language", "title", "blocks"):
        if key not in data:
            msg = f"{where}: the field {key!r} is missing. See corpus/README.md for the schema."
            raise ConfigError(msg)
    published = data.get("published")
    return Article(
        legacy_id=data["id"],
        title=data["title"],
        language=data["language"],
        kicker=data.get("kicker", ""),
        lead=data.get("lead", ""),
        byline=data.get("byline", ""),
        dateline=data.get("dateline", ""),
        published=datetime.fromisoformat(published) if published else None,
        section=data.get("section", ""),
        url=data.get("url", ""),
        blocks=tuple(_block(b, f"{where}, block {i}") for i, b in enumerate(data["blocks"])),
    )


def load_gold_file(path: Path) -> GoldArticle:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        msg = f"Gold file '{path}' cannot be read as JSON ({exc}). Fix or remove it."
        raise ConfigError(msg) from exc
    return GoldArticle(article_from_gold(data, str(path)), data.get("genre", ""), path)


def gold_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Gold JSON files under ``paths`` (folders recursively), in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(path.rglob("*.json"))
        elif path.exists():
            yield path
        else:
            msg = f"Gold path '{path}' does not exist. Point eval at corpus/gold or a gold file."
            raise ConfigError(msg)


def load_gold(paths: Iterable[str | Path], split: str = "all") -> list[GoldArticle]:
    """Gold articles under ``paths``; ``split`` is ``all``, ``train`` or ``heldout``."""
    if split not in {"all", "train", "heldout"}:
        msg = f"Split {split!r} is not known. Use all, train or heldout."
        raise ConfigError(msg)
    gold = [load_gold_file(p) for p in gold_files(paths)]
    seen: dict[str, Path] = {}
    for item in gold:
        if item.id in seen:
            msg = f"Gold id {item.id!r} is in both '{seen[item.id]}' and '{item.path}'. Ids must be unique."
            raise ConfigError(msg)
        seen[item.id] = item.path
    if split == "all":
        return gold
    return [g for g in gold if g.heldout == (split == "heldout")]
