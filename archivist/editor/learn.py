"""Learning from editors: corrections become labelled examples for block-role labelling.

The text recovery decides by rules whether a bare line is a paragraph or a subhead
(:mod:`archivist.recover.structure`). Editors fix the cases it gets wrong; every block
of an article an editor published is a labelled example, and the blocks whose role an
editor (or a propagated fix) changed count :data:`CORRECTED_WEIGHT` times.

:class:`RoleModel` is a small naive Bayes classifier over line features (length, final
punctuation, capitalisation, position, word shapes, neighbours), dependency-free and
saved as JSON inside the learned model (:mod:`archivist.editor.learned`), which
``archivist retrain`` writes: paragraph/subhead blocks the model is sure about
(:data:`THRESHOLD`) get its role, as a named, explained step (``learned_role``).

>>> from archivist.model import Block, Role
>>> sub = Example("Pris au piège", "subhead", 1, 3, 60, 80)
>>> para = Example("Il a dit non.", "paragraph", 0, 3, 0, 13)
>>> RoleModel.fit([sub, para] * 5).predict(Example("Raids meurtriers", "", 1, 3, 70, 90))[0]
'subhead'
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from archivist.model import Article, Block, RepairStep, Role

__all__ = [
    "CORRECTED_WEIGHT",
    "SWAPS",
    "THRESHOLD",
    "Example",
    "RoleModel",
    "examples_from_article",
    "features",
    "relabel",
]

LEARNED = ("paragraph", "subhead", "caption", "quote", "factbox")  # roles the model tells apart
RELABEL = {"paragraph", "subhead"}  # roles the hook may swap: the flattened-text confusion
SWAPS = frozenset({("paragraph", "subhead"), ("subhead", "paragraph")})
THRESHOLD = 0.9  # posterior the model needs before it overrides the rules
MIN_EXAMPLES = 20  # a model fitted on fewer blocks is not consulted
CORRECTED_WEIGHT = 5.0  # an editor's correction counts this many times
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_PUNCT = '.,:;!?«»"“”()'
_FINAL = {".": "period", "!": "bang", "?": "question", ":": "colon", "»": "quote", '"': "quote", "“": "quote"}


@dataclass(frozen=True)
class Example:
    """A block with its context: the text, its role (the label), position and neighbours."""

    text: str
    role: str
    position: int
    count: int  # blocks in the article
    prev_len: int  # characters of the block before (0: none)
    next_len: int  # characters of the block after (0: none)
    weight: float = 1.0


def _bucket(value: int, edges: Sequence[int]) -> int:
    return next((i for i, edge in enumerate(edges) if value < edge), len(edges))


def _shape(word: str) -> str:
    shape = re.sub(r"[A-ZÀ-Ý]", "X", word)
    shape = re.sub(r"[a-zà-ÿß]", "x", shape)
    shape = re.sub(r"\d", "9", shape)
    return re.sub(r"(.)\1+", r"\1\1", shape)[:6]


def features(ex: Example) -> list[str]:
    """The features of a block (strings; the model counts them per role).

    >>> features(Example("Pris au piège", "", 1, 3, 60, 80))[:4]
    ['len:0', 'words:1', 'end:letter', 'first:Xxx']
    """
    text = ex.text.strip()
    words = text.split()
    last = text[-1:] or " "
    end = _FINAL.get(last, "digit" if last.isdigit() else "letter" if last.isalpha() else "other")
    caps = sum(1 for w in words if w[:1].isupper()) / max(len(words), 1)
    found = [
        f"len:{_bucket(len(text), (25, 45, 80, 160, 320))}",
        f"words:{_bucket(len(words), (3, 7, 12, 25))}",
        f"end:{end}",
        f"first:{_shape(words[0]) if words else ''}",
        f"caps:{_bucket(int(caps * 10), (2, 5, 8))}",
        f"sentences:{_bucket(len(_SENTENCE_END.findall(text)), (1, 2, 4))}",
        f"pos:{'first' if ex.position == 0 else 'last' if ex.position == ex.count - 1 else 'middle'}",
        f"prev:{_bucket(ex.prev_len, (1, 45, 160))}",
        f"next:{_bucket(ex.next_len, (1, 45, 160))}",
        f"longer_next:{ex.next_len > 2 * len(text)}",
    ]
    if ":" in text[:-1]:
        found.append("has:colon")
    if re.match(r"^\d+[.)]?\s", text):
        found.append("has:number_start")
    found.extend("w:" + w.lower().strip(_PUNCT) for w in words[:2])
    return found


def examples_from_article(article: Article, corrected: Iterable[int] = ()) -> list[Example]:
    """Every block of an article an editor checked, corrected blocks weighted up."""
    heavy = set(corrected)
    blocks = article.blocks
    out = []
    for i, block in enumerate(blocks):
        if block.role.value not in LEARNED or not block.text.strip():
            continue
        out.append(
            Example(
                text=block.text,
                role=block.role.value,
                position=i,
                count=len(blocks),
                prev_len=len(blocks[i - 1].text) if i else 0,
                next_len=len(blocks[i + 1].text) if i + 1 < len(blocks) else 0,
                weight=CORRECTED_WEIGHT if i in heavy else 1.0,
            )
        )
    return out


@dataclass(frozen=True)
class RoleModel:
    """Multinomial naive Bayes with Laplace smoothing, over :func:`features`."""

    priors: dict[str, float]  # weighted examples per role
    counts: dict[str, dict[str, float]]  # weighted feature counts per role
    examples: int = 0
    corrected: int = 0
    vocabulary: int = field(default=0)

    @classmethod
    def fit(cls, examples: Iterable[Example]) -> RoleModel:
        priors: dict[str, float] = defaultdict(float)
        counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        vocabulary: set[str] = set()
        total = corrected = 0
        for ex in examples:
            total += 1
            corrected += int(ex.weight > 1.0)
            priors[ex.role] += ex.weight
            for feat in features(ex):
                counts[ex.role][feat] += ex.weight
                vocabulary.add(feat)
        return cls(
            dict(priors), {role: dict(c) for role, c in counts.items()}, total, corrected, len(vocabulary)
        )

    def predict(self, ex: Example) -> tuple[str, float]:
        """The most likely role and its posterior probability."""
        if not self.priors:
            return "", 0.0
        grand = sum(self.priors.values())
        feats = features(ex)
        scores = {}
        for role, prior in self.priors.items():
            row = self.counts.get(role, {})
            total = sum(row.values()) + self.vocabulary + 1
            score = math.log(prior / grand)
            score += sum(math.log((row.get(f, 0.0) + 1.0) / total) for f in feats)
            scores[role] = score
        best = max(scores, key=lambda r: scores[r])
        top = scores[best]
        norm = sum(math.exp(s - top) for s in scores.values())
        return best, 1.0 / norm

    def accuracy(self, examples: Sequence[Example]) -> float:
        if not examples:
            return 0.0
        return sum(self.predict(ex)[0] == ex.role for ex in examples) / len(examples)

    def to_data(self) -> dict[str, Any]:
        """As plain JSON data (the ``roles`` part of a learned model file)."""
        return {
            "kind": "archivist-role-model",
            "version": 1,
            "examples": self.examples,
            "corrected": self.corrected,
            "vocabulary": self.vocabulary,
            "priors": self.priors,
            "counts": self.counts,
        }

    @classmethod
    def from_data(cls, data: Any) -> RoleModel:
        """From :meth:`to_data`'s output; ValueError, KeyError or TypeError when it is not that."""
        if data.get("kind") != "archivist-role-model" or data.get("version") != 1:
            raise ValueError(data.get("kind"))
        return cls(
            {str(k): float(v) for k, v in data["priors"].items()},
            {str(r): {str(k): float(v) for k, v in row.items()} for r, row in data["counts"].items()},
            int(data["examples"]),
            int(data["corrected"]),
            int(data["vocabulary"]),
        )


def relabel(
    article: Article,
    model: RoleModel,
    threshold: float = THRESHOLD,
    keep: frozenset[int] = frozenset(),
    allowed: frozenset[tuple[str, str]] = SWAPS,
) -> tuple[Article, list[RepairStep]]:
    """Paragraph/subhead blocks whose role the model is sure is the other one, swapped.

    Only the ``allowed`` (from, to) swaps are made: the directions editors corrected
    (a model that merely learned the rules' own decisions must not second-guess them).
    Blocks at the indexes in ``keep`` (an exact learned rule decided them) stay as they are.
    """
    if model.examples < MIN_EXAMPLES:
        return article, []
    blocks: list[Block] = list(article.blocks)
    steps = []
    for ex in examples_from_article(article):
        if ex.role not in RELABEL or ex.position in keep:
            continue
        role, p = model.predict(ex)
        if (ex.role, role) in allowed and p >= threshold:
            blocks[ex.position] = replace(blocks[ex.position], role=Role(role))
            steps.append(
                RepairStep(
                    "learned_role",
                    f"block:{ex.position}",
                    f"{ex.role}: {ex.text}",
                    f"{role}: {ex.text}",
                    f"editors' corrections make this a {role} (p={p:.2f})",
                )
            )
    return (article.with_blocks(blocks) if steps else article), steps
