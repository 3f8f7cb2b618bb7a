"""The gold corpus loads, its split is stable and stratified, split.json is current."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from archivist.errors import ConfigError
from archivist.eval.gold import article_from_gold, is_heldout, load_gold
from archivist.eval.make_split import split_document

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "corpus" / "gold"


@pytest.mark.parametrize("lang", ["fr", "de", "en"])
def test_split_is_exactly_thirty_percent_of_every_group(lang: str) -> None:
    for first in range(1, 200, 10):
        group = [f"{lang}-{n:03d}" for n in range(first, first + 10)]
        assert sum(is_heldout(i) for i in group) == 3


@pytest.mark.parametrize(
    ("article_id", "expected"),
    [
        ("fr-006", True),  # listed in corpus/README.md
        ("fr-001", False),
        ("de-001", True),
        ("en-049", True),
    ],
)
def test_split_matches_the_readme(article_id: str, expected: bool) -> None:
    assert is_heldout(article_id) is expected


def test_gold_corpus_loads_and_split_json_is_current() -> None:
    gold = load_gold([GOLD])
    assert gold, "corpus/gold is empty"
    listed = json.loads((REPO / "corpus" / "split.json").read_text(encoding="utf-8"))
    assert listed == split_document(gold), "run: python -m archivist.eval.make_split"


def test_gold_articles_are_whole() -> None:
    for item in load_gold([GOLD]):
        article = item.article
        assert article.title and article.blocks, item.path
        assert item.path.parent.name == article.language, item.path
        roles = Counter(b.role.value for b in article.blocks)
        assert roles["paragraph"] >= 2, item.path


@pytest.mark.parametrize(
    ("block", "error"),
    [
        ({"role": "paragraph", "text": "Un texte.", "links": ["absent"]}, "not verbatim"),  # bad link
        ({"role": "sidebar", "text": "Un texte."}, "not one of"),  # unknown role
    ],
)
def test_bad_gold_fails_loudly(block: dict[str, object], error: str) -> None:
    data = {"id": "fr-999", "language": "fr", "title": "T", "blocks": [block]}
    with pytest.raises(ConfigError, match=error):
        article_from_gold(data, "fr-999.json")


def test_links_become_marks() -> None:
    data = {
        "id": "fr-999",
        "language": "fr",
        "title": "T",
        "blocks": [
            {"role": "paragraph", "text": "Le lac Majeur et le lac Majeur.", "links": ["lac Majeur"] * 2}
        ],
    }
    marks = article_from_gold(data).blocks[0].marks
    assert [(m.start, m.end, m.kind) for m in marks] == [(3, 13, "a"), (20, 30, "a")]


GENRES = {
    "breaking",
    "sport",
    "politics",
    "culture",
    "live",
    "opinion",
    "economy",
    "society",
    "science",
    "local",
}


def test_corpus_covers_languages_genres_and_structure() -> None:
    # issue 3: at least 150 articles across French, German and English and across the
    # kinds of news, with kickers, leads, subheads, captions with credits and bylines
    gold = load_gold([GOLD])
    if len(gold) < 150:
        pytest.skip(f"the gold corpus is still being written ({len(gold)} of at least 150 articles)")
    by_language = Counter(g.article.language for g in gold)
    assert set(by_language) == {"fr", "de", "en"} and min(by_language.values()) >= 45
    assert {g.genre for g in gold} <= GENRES
    for lang in by_language:
        assert len({g.genre for g in gold if g.article.language == lang}) >= 8, lang
    blocks = [b for g in gold for b in g.article.blocks]
    roles = Counter(b.role.value for b in blocks)
    assert min(roles[r] for r in ("subhead", "caption", "quote", "factbox")) >= 20
    assert all(b.credit for b in blocks if b.role.value == "caption")
    assert sum(bool(g.article.kicker) for g in gold) > len(gold) / 2
    assert sum(bool(g.article.byline) for g in gold) > len(gold) / 2
    assert sum(len(b.marks) for b in blocks) >= 50  # links, where words get glued
