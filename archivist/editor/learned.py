"""The learned model: what editors taught, as the recovery applies it to new records.

``archivist retrain`` fits it on the labelled examples (:mod:`archivist.store.examples`)
and writes it as one JSON file; ``process_record`` applies it after the repairs when
``config.learned_model`` names the file (:func:`apply_learned_model`; no file, no
change: the output is byte for byte the rules' own). It holds:

- **patterns** editors confirmed, the propagation rules of
  :mod:`archivist.editor.patterns` (a kicker list and kicker boundaries, boilerplate
  line shapes, line shape -> role decisions, glued words to split and false friends to
  join), each with its votes (the articles whose editors taught it). Patterns editors
  contradict each other on are left out, the minority or both on a tie.
- **roles**: the naive Bayes block-role model (:mod:`archivist.editor.learn`), fitted
  on the role corrections and the blocks editors let stand, for the lines no exact
  pattern covers. It swaps paragraph and subhead only in a direction editors corrected
  on at least :data:`MIN_DIRECTION_VOTES` articles (``role_directions``): fitted on
  the rules' own output alone, it would only second-guess them.

Each change is a named, explained step (``learned_kicker``, ``learned_join``,
``learned_split``, ``learned_boilerplate``, ``learned_role``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archivist.config import file_mtime
from archivist.editor.learn import SWAPS, RoleModel, relabel
from archivist.editor.patterns import RULES, Pattern, fix, line_shape, matches
from archivist.errors import ConfigError
from archivist.model import Article, RepairStep

if TYPE_CHECKING:
    from archivist.config import MigrationConfig

__all__ = [
    "KIND",
    "LearnedModel",
    "LearnedPattern",
    "apply_learned_model",
    "apply_model",
    "fit_patterns",
    "load_model",
    "role_directions",
]

KIND = "archivist-learned-model"
VERSION = 2
# the order patterns apply in: words first (a join can make the token a split is keyed
# on), then the heading, then lines and their roles
ORDER = ("word_join", "glued_word", "kicker_move", "kicker_glue", "boilerplate", "role_shape")
STEP_RULES = {
    "word_join": "learned_join",
    "glued_word": "learned_split",
    "kicker_move": "learned_kicker",
    "kicker_glue": "learned_kicker",
    "boilerplate": "learned_boilerplate",
    "role_shape": "learned_role",
}
MAX_LINE_CHARS = 300  # a removed or relabelled line longer than this is an article's own text
MIN_DIRECTION_VOTES = 3  # articles with a paragraph->subhead (or back) correction: the role model swaps so


@dataclass(frozen=True)
class LearnedPattern:
    pattern: Pattern
    votes: int  # distinct articles whose editors taught it

    def to_data(self) -> dict[str, Any]:
        return {**self.pattern.to_dict(), "votes": self.votes}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> LearnedPattern:
        pattern = Pattern.from_dict(data)
        if pattern.rule not in RULES or not pattern.key:
            raise ValueError(pattern.rule)
        return cls(pattern, int(data["votes"]))


def _opposed(p: Pattern, q: Pattern) -> bool:
    """Do two editors' patterns say opposite things about the same text?

    >>> join = Pattern("word_join", "Züri Tipp", "ZüriTipp")
    >>> _opposed(join, Pattern("glued_word", "ZüriTipp", "Züri Tipp"))
    True
    """
    if p == q:
        return False
    words = ("glued_word", "word_join")
    if p.rule in words and q.rule in words:
        return (p.key, p.replacement) == (q.replacement, q.key) or (p.rule == q.rule and p.key == q.key)
    if p.rule == q.rule == "kicker_move":
        return p.key == q.key or (p.key, p.replacement) == (q.replacement, q.key)
    if p.rule == q.rule == "role_shape" and p.key == q.key:
        return p.from_role == q.from_role or (p.from_role, p.to_role) == (q.to_role, q.from_role)
    return False


def fit_patterns(
    taught: Iterable[tuple[Pattern, int, str]],
) -> tuple[tuple[LearnedPattern, ...], tuple[LearnedPattern, ...]]:
    """(kept, dropped) from ``(pattern, article id, text)`` examples.

    Votes count distinct articles; a pattern another one opposes with at least as many
    votes is dropped; boilerplate and role patterns taught on long lines are ignored.
    """
    voters: dict[Pattern, set[int]] = defaultdict(set)
    for pattern, article_id, text in taught:
        if pattern.rule in ("boilerplate", "role_shape") and len(text) > MAX_LINE_CHARS:
            continue
        voters[pattern].add(article_id)
    learned = [LearnedPattern(p, len(ids)) for p, ids in voters.items()]
    kept: list[LearnedPattern] = []
    dropped: list[LearnedPattern] = []
    for lp in learned:
        beaten = any(_opposed(lp.pattern, other.pattern) and other.votes >= lp.votes for other in learned)
        (dropped if beaten else kept).append(lp)

    def order(lp: LearnedPattern) -> tuple[int, int, str]:
        return (ORDER.index(lp.pattern.rule), -lp.votes, lp.pattern.key)

    return tuple(sorted(kept, key=order)), tuple(sorted(dropped, key=order))


def role_directions(taught: Iterable[tuple[Pattern, int]]) -> tuple[tuple[str, str], ...]:
    """The paragraph/subhead swaps editors made on at least MIN_DIRECTION_VOTES articles.

    >>> p = Pattern("role_shape", "x", from_role="paragraph", to_role="subhead")
    >>> role_directions([(p, 1), (p, 2), (p, 3)]), role_directions([(p, 1), (p, 1)])
    ((('paragraph', 'subhead'),), ())
    """
    voters: dict[tuple[str, str], set[int]] = defaultdict(set)
    for pattern, article_id in taught:
        direction = (pattern.from_role, pattern.to_role)
        if pattern.rule == "role_shape" and direction in SWAPS:
            voters[direction].add(article_id)
    return tuple(sorted(d for d, ids in voters.items() if len(ids) >= MIN_DIRECTION_VOTES))


@dataclass(frozen=True)
class LearnedModel:
    """Everything ``archivist retrain`` learned, as the recovery applies it."""

    patterns: tuple[LearnedPattern, ...] = ()
    roles: RoleModel | None = None
    examples: int = 0  # labelled examples fitted
    articles: int = 0  # articles they came from
    dropped: tuple[LearnedPattern, ...] = ()  # contradicted by other editors: not applied
    role_directions: tuple[tuple[str, str], ...] = ()  # the swaps the role model may make

    @cached_property
    def index(self) -> PatternIndex:
        return PatternIndex(self.patterns)

    def to_json(self) -> str:
        data = {
            "kind": KIND,
            "version": VERSION,
            "examples": self.examples,
            "articles": self.articles,
            "patterns": [lp.to_data() for lp in self.patterns],
            "dropped": [lp.to_data() for lp in self.dropped],
            "roles": self.roles.to_data() if self.roles is not None else None,
            "role_directions": [list(d) for d in self.role_directions],
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)

    @classmethod
    def from_json(cls, text: str, where: str = "the model file") -> LearnedModel:
        try:
            data: Any = json.loads(text)
            if data.get("kind") == "archivist-role-model":  # a version 1 file: roles only, both ways
                return cls(roles=RoleModel.from_data(data), role_directions=tuple(sorted(SWAPS)))
            if data.get("kind") != KIND or data.get("version") != VERSION:
                raise ValueError(data.get("kind"))
            roles = data.get("roles")
            return cls(
                tuple(LearnedPattern.from_data(p) for p in data["patterns"]),
                RoleModel.from_data(roles) if roles is not None else None,
                int(data["examples"]),
                int(data["articles"]),
                tuple(LearnedPattern.from_data(p) for p in data.get("dropped", ())),
                tuple((str(a), str(b)) for a, b in data.get("role_directions", ())),
            )
        except (ValueError, KeyError, AttributeError, TypeError) as exc:
            msg = f"{where} is not an archivist learned model: {exc!r}. Write it with `archivist retrain`."
            raise ConfigError(msg) from exc


def _learned_step(step: RepairStep, lp: LearnedPattern) -> RepairStep:
    reason = f"editors taught this on {lp.votes} article(s): {lp.pattern.describe()}"
    return RepairStep(STEP_RULES[lp.pattern.rule], step.where, step.before, step.after, reason)


WORD_RULES = ("word_join", "glued_word")
LINE_RULES = ("boilerplate", "role_shape")


class PatternIndex:
    """Which learned patterns may apply to an article, found without trying each one.

    A model can hold thousands of patterns; an article is searched once per rule: word
    keys in one regular expression, line shapes by the shape of each block (a block
    fits a shape exactly when :func:`~archivist.editor.patterns.line_shape` gives it
    back), kickers by the article's kicker or title.
    """

    def __init__(self, patterns: Iterable[LearnedPattern]) -> None:
        self.by_rule: dict[str, list[LearnedPattern]] = defaultdict(list)
        for lp in patterns:
            self.by_rule[lp.pattern.rule].append(lp)
        self.words: dict[str, re.Pattern[str]] = {}
        for rule in WORD_RULES:
            keys = sorted({lp.pattern.key for lp in self.by_rule[rule]}, key=lambda k: (-len(k), k))
            if keys:  # a lookahead finds every start, overlapping keys too
                self.words[rule] = re.compile(rf"(?=(?<!\w)({'|'.join(map(re.escape, keys))})(?!\w))")

    def candidates(self, rule: str, article: Article) -> list[LearnedPattern]:
        found = self.by_rule.get(rule, [])
        if not found:
            return []
        if rule in WORD_RULES:
            texts = [article.kicker, article.title, article.lead, *(b.text for b in article.blocks)]
            keys = set(self.words[rule].findall("\n".join(texts)))
        elif rule in LINE_RULES:
            keys = {line_shape(b.text) for b in article.blocks}
        elif rule == "kicker_move":
            keys = {article.kicker}
        else:  # kicker_glue: a title without kicker that starts with the kicker
            return [lp for lp in found if not article.kicker and article.title.startswith(lp.pattern.key)]
        return [lp for lp in found if lp.pattern.key in keys]


def apply_model(article: Article, model: LearnedModel) -> tuple[Article, list[RepairStep]]:
    """``article`` with every learned pattern that matches applied, then the role model."""
    steps: list[RepairStep] = []
    for rule in ORDER:  # rule by rule: a join can make the token a split is keyed on
        for lp in model.index.candidates(rule, article):
            if matches(article, lp.pattern):
                edit = fix(article, lp.pattern)
                article = edit.article
                steps.extend(_learned_step(s, lp) for s in edit.steps)
    if model.roles is not None and model.role_directions:
        decided = frozenset(
            int(s.where.split(":")[1])
            for s in steps
            if s.rule == "learned_role" and s.where.startswith("block:")
        )
        article, relabelled = relabel(
            article, model.roles, keep=decided, allowed=frozenset(model.role_directions)
        )
        steps.extend(relabelled)
    return article, steps


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> LearnedModel:
    return LearnedModel.from_json(Path(path).read_text(encoding="utf-8"), where=path)


def load_model(path: str) -> LearnedModel:
    """The model at ``path`` (cached until the file changes)."""
    remedy = "Run `archivist retrain`, or leave learned_model (or --model, $ARCHIVIST_MODEL) empty."
    return _load(path, file_mtime(path, "Learned model", remedy))


def apply_learned_model(article: Article, config: MigrationConfig | None) -> tuple[Article, list[RepairStep]]:
    """The hook of ``process_record``: apply ``config.learned_model``, if one is set."""
    if config is None or not config.learned_model:
        return article, []
    return apply_model(article, load_model(config.learned_model))
