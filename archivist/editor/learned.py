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
  pattern covers.

Each change is a named, explained step (``learned_kicker``, ``learned_join``,
``learned_split``, ``learned_boilerplate``, ``learned_role``).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archivist.editor.learn import RoleModel, relabel
from archivist.editor.patterns import RULES, Pattern, fix, matches
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


@dataclass(frozen=True)
class LearnedModel:
    """Everything ``archivist retrain`` learned, as the recovery applies it."""

    patterns: tuple[LearnedPattern, ...] = ()
    roles: RoleModel | None = None
    examples: int = 0  # labelled examples fitted
    articles: int = 0  # articles they came from
    dropped: tuple[LearnedPattern, ...] = ()  # contradicted by other editors: not applied

    def to_json(self) -> str:
        data = {
            "kind": KIND,
            "version": VERSION,
            "examples": self.examples,
            "articles": self.articles,
            "patterns": [lp.to_data() for lp in self.patterns],
            "dropped": [lp.to_data() for lp in self.dropped],
            "roles": self.roles.to_data() if self.roles is not None else None,
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)

    @classmethod
    def from_json(cls, text: str, where: str = "the model file") -> LearnedModel:
        try:
            data: Any = json.loads(text)
            if data.get("kind") == "archivist-role-model":  # a version 1 file: roles only
                return cls(roles=RoleModel.from_data(data))
            if data.get("kind") != KIND or data.get("version") != VERSION:
                raise ValueError(data.get("kind"))
            roles = data.get("roles")
            return cls(
                tuple(LearnedPattern.from_data(p) for p in data["patterns"]),
                RoleModel.from_data(roles) if roles is not None else None,
                int(data["examples"]),
                int(data["articles"]),
                tuple(LearnedPattern.from_data(p) for p in data.get("dropped", ())),
            )
        except (ValueError, KeyError, AttributeError, TypeError) as exc:
            msg = f"{where} is not an archivist learned model: {exc!r}. Write it with `archivist retrain`."
            raise ConfigError(msg) from exc


def _learned_step(step: RepairStep, lp: LearnedPattern) -> RepairStep:
    reason = f"editors taught this on {lp.votes} article(s): {lp.pattern.describe()}"
    return RepairStep(STEP_RULES[lp.pattern.rule], step.where, step.before, step.after, reason)


def apply_model(article: Article, model: LearnedModel) -> tuple[Article, list[RepairStep]]:
    """``article`` with every learned pattern that matches applied, then the role model."""
    steps: list[RepairStep] = []
    for lp in model.patterns:
        if matches(article, lp.pattern):
            edit = fix(article, lp.pattern)
            article = edit.article
            steps.extend(_learned_step(s, lp) for s in edit.steps)
    if model.roles is not None:
        decided = frozenset(
            int(s.where.split(":")[1])
            for s in steps
            if s.rule == "learned_role" and s.where.startswith("block:")
        )
        article, relabelled = relabel(article, model.roles, keep=decided)
        steps.extend(relabelled)
    return article, steps


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> LearnedModel:
    return LearnedModel.from_json(Path(path).read_text(encoding="utf-8"), where=path)


def load_model(path: str) -> LearnedModel:
    """The model at ``path`` (cached until the file changes)."""
    try:
        mtime = os.stat(path).st_mtime
    except OSError as exc:
        msg = (
            f"Learned model {path!r} cannot be read ({exc.strerror}). Run `archivist retrain`, "
            "or leave learned_model (or --model, $ARCHIVIST_MODEL) empty."
        )
        raise ConfigError(msg) from exc
    return _load(path, mtime)


def apply_learned_model(article: Article, config: MigrationConfig | None) -> tuple[Article, list[RepairStep]]:
    """The hook of ``process_record``: apply ``config.learned_model``, if one is set."""
    if config is None or not config.learned_model:
        return article, []
    return apply_model(article, load_model(config.learned_model))
