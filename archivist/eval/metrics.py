"""Scores of a recovered article against its gold, and their sums over a corpus.

Every score compares the fields a reader sees: kicker, title, lead and the body
blocks (role, text, list items, credit). Byline, dateline, links and the import flag
are not compared (the flattened text cannot carry links); the byline is scored apart
(``byline_exact``, where the damage put it into the text; "By"/"Par"/"Von" ignored).

- kicker / title / lead: exact match of the whole string;
- subheads and paragraphs: precision, recall and F1 over the multiset of exact block
  texts of that role, summed over the corpus (micro-averaged);
- block roles: gold blocks whose exact text the output holds, matched in order; the
  share of those matched blocks that got the gold role;
- words: the multiset of ``\\w+`` tokens; conservation is the share of gold tokens found
  in the output, invented words are output tokens whose word never occurs in the gold;
- false repair: on an undamaged rendering, any difference from the gold or any
  recorded repair step.

Both sides are first put in one normal form (:func:`normal_form`): a subhead followed
directly by a list is the same lines in flattened text as a fact box (heading, then
bullets), so both count as a fact box; no recovery could tell them apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace

from archivist.model import Article, Block, Role

_WORD_RE = re.compile(r"\w+")


def words(article: Article) -> Counter[str]:
    r"""The multiset of ``\w+`` tokens of the compared fields.

    >>> sorted(words(Article("x", "Le régime", kicker="Syrie")).elements())
    ['Le', 'Syrie', 'régime']
    """
    parts = [article.kicker, article.title, article.lead]
    for block in article.blocks:
        parts.extend((block.text, *block.items, block.credit))
    return Counter(_WORD_RE.findall(" ".join(parts)))


_BYLINE_PREFIX = re.compile(r"^(?:Par|Von|By)\s+")


def _byline_name(byline: str) -> str:
    """A byline without its opening word: "By Jane Porter" and "Jane Porter" are one byline."""
    return _BYLINE_PREFIX.sub("", byline.strip())


def normal_form(article: Article) -> Article:
    """The article with every subhead + list pair read as one fact box.

    >>> pair = (Block(Role.SUBHEAD, "Ce qui change"), Block(Role.LIST, "", items=("a",)))
    >>> a = Article("x", "T", blocks=pair)
    >>> [(b.role.value, b.text, b.items) for b in normal_form(a).blocks]
    [('factbox', 'Ce qui change', ('a',))]
    """
    blocks: list[Block] = []
    for block in article.blocks:
        if block.role is Role.LIST and not block.text and blocks and blocks[-1].role is Role.SUBHEAD:
            heading = blocks.pop()
            block = Block(Role.FACTBOX, heading.text, items=block.items)
        blocks.append(block)
    return replace(article, blocks=tuple(blocks)) if len(blocks) != len(article.blocks) else article


def block_key(block: Block) -> tuple[str, tuple[str, ...], str]:
    return (block.text, block.items, block.credit)


def comparable(article: Article) -> tuple[object, ...]:
    """What must be equal for a recovery to count as exact."""
    return (
        article.kicker,
        article.title,
        article.lead,
        tuple((b.role.value, *block_key(b)) for b in article.blocks),
    )


def _texts(article: Article, role: Role) -> Counter[str]:
    return Counter(b.text for b in article.blocks if b.role is role)


def _prf(gold: Counter[str], out: Counter[str]) -> tuple[int, int, int]:
    tp = sum((gold & out).values())
    return tp, sum(out.values()) - tp, sum(gold.values()) - tp


def role_matches(gold: Article, out: Article) -> tuple[int, int, int]:
    """(gold blocks, blocks found by text, found blocks with the gold role)."""
    found = correct = 0
    start = 0
    keys = [block_key(b) for b in out.blocks]
    for block in gold.blocks:
        key = block_key(block)
        try:
            at = keys.index(key, start)
        except ValueError:
            if key not in keys:
                continue
            at = keys.index(key)
        else:
            start = at + 1
        found += 1
        correct += out.blocks[at].role is block.role
    return len(gold.blocks), found, correct


@dataclass
class Tally:
    """Sums over a set of (gold, output) pairs; :meth:`scores` turns them into rates."""

    articles: int = 0
    kicker: int = 0
    title: int = 0
    lead: int = 0
    subhead: list[int] = field(default_factory=lambda: [0, 0, 0])  # tp, fp, fn
    paragraph: list[int] = field(default_factory=lambda: [0, 0, 0])
    blocks_found: int = 0
    roles_correct: int = 0
    gold_words: int = 0
    kept_words: int = 0
    out_words: int = 0
    invented_words: int = 0
    exact: int = 0
    changed: int = 0  # differs from the gold or took a repair step
    byline_seen: int = 0
    byline: int = 0

    def add(self, gold: Article, out: Article, steps: int = 0, byline_rendered: bool = False) -> None:
        gold, out = normal_form(gold), normal_form(out)
        self.articles += 1
        self.kicker += gold.kicker == out.kicker
        self.title += gold.title == out.title
        self.lead += gold.lead == out.lead
        for acc, role in ((self.subhead, Role.SUBHEAD), (self.paragraph, Role.PARAGRAPH)):
            for i, n in enumerate(_prf(_texts(gold, role), _texts(out, role))):
                acc[i] += n
        _, found, correct = role_matches(gold, out)
        self.blocks_found += found
        self.roles_correct += correct
        gold_words, out_words = words(gold), words(out)
        self.gold_words += sum(gold_words.values())
        self.kept_words += sum((gold_words & out_words).values())
        self.out_words += sum(out_words.values())
        self.invented_words += sum(n for w, n in out_words.items() if w not in gold_words)
        same = comparable(gold) == comparable(out)
        self.exact += same
        self.changed += (not same) or steps > 0
        if byline_rendered:
            self.byline_seen += 1
            self.byline += _byline_name(gold.byline) == _byline_name(out.byline)

    def scores(self) -> dict[str, float | int]:
        n = self.articles or 1
        return {
            "articles": self.articles,
            "kicker_exact": self.kicker / n,
            "title_exact": self.title / n,
            "lead_exact": self.lead / n,
            **_f1_scores("subhead", self.subhead),
            **_f1_scores("paragraph", self.paragraph),
            "role_accuracy": self.roles_correct / self.blocks_found if self.blocks_found else 1.0,
            "word_conservation": self.kept_words / self.gold_words if self.gold_words else 1.0,
            "invented_words": self.invented_words,
            "article_exact": self.exact / n,
            "changed_rate": self.changed / n,
            "byline_exact": self.byline / self.byline_seen if self.byline_seen else float("nan"),
        }


def _f1_scores(name: str, counts: Sequence[int]) -> dict[str, float]:
    tp, fp, fn = counts
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {f"{name}_precision": precision, f"{name}_recall": recall, f"{name}_f1": f1}


def score_pairs(pairs: Iterable[tuple[Article, Article]]) -> dict[str, float | int]:
    """Scores of (gold, output) pairs; a convenience for tests and notebooks.

    >>> gold = Article("a", "T", blocks=(Block(Role.PARAGRAPH, "Un texte."),))
    >>> score_pairs([(gold, gold)])["paragraph_f1"]
    1.0
    """
    tally = Tally()
    for gold, out in pairs:
        tally.add(gold, out)
    return tally.scores()


TALLY_FIELDS = tuple(f.name for f in fields(Tally))
