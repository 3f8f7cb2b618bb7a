"""``archivist retrain``'s edge: labelled examples from the store, the learned model to a file.

- **Patterns**: every labelled example not withdrawn (:mod:`archivist.store.examples`:
  the role changes, kicker/title boundaries, glued words split or joined and
  boilerplate removals editors published) votes for its pattern
  (:func:`~archivist.editor.learned.fit_patterns`).
- **Block roles**: the role corrections weigh
  :data:`~archivist.editor.learn.CORRECTED_WEIGHT` times; every block of the articles
  editors published counts once (what they let stand is a label too); confident
  migrated articles nobody touched add a light background (:data:`BACKGROUND_WEIGHT`),
  so a handful of corrections shifts the rules' decisions without erasing what they get
  right.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Connection, select
from sqlalchemy.engine import make_url

from archivist.editor.learn import CORRECTED_WEIGHT, Example, RoleModel, examples_from_article
from archivist.editor.learned import LearnedModel, fit_patterns, role_directions
from archivist.editor.patterns import Pattern
from archivist.model import article_from_dict
from archivist.store import open_store
from archivist.store.examples import StoredExample, active_examples
from archivist.store.tables import articles, revisions

__all__ = ["RetrainResult", "default_model_path", "fit_from_store", "retrain_from_store", "role_examples"]

BACKGROUND_WEIGHT = 0.5
BACKGROUND_CONFIDENCE = 0.9  # only articles the recovery was sure about
BACKGROUND_LIMIT = 5000  # articles


@dataclass(frozen=True)
class RetrainResult:
    examples: int  # labelled examples (editors' corrections)
    articles: int  # articles they came from
    patterns: int  # patterns kept in the model
    dropped: int  # patterns other editors contradicted
    role_blocks: int  # blocks the role model was fitted on
    accuracy: float  # of the role model on its own blocks (a sanity check, not a benchmark)


def _corrected(example: StoredExample) -> Example:
    ctx = example.context
    return Example(
        text=example.text,
        role=str(example.pattern.get("to_role", "")),
        position=int(ctx.get("position", 0)),
        count=int(ctx.get("count", 1)),
        prev_len=int(ctx.get("prev_len", 0)),
        next_len=int(ctx.get("next_len", 0)),
        weight=CORRECTED_WEIGHT,
    )


def role_examples(conn: Connection, taught: list[StoredExample]) -> Iterator[Example]:
    """Role corrections, the blocks of editors' published articles, then the background."""
    yield from (_corrected(ex) for ex in taught if ex.rule == "role_shape")
    edited = conn.execute(
        select(revisions.c.document)
        .join(articles, articles.c.current_revision_id == revisions.c.id)
        .where(revisions.c.kind.in_(("editor", "propagation")), articles.c.status == "published")
        .order_by(articles.c.id)
    )
    for row in edited:
        yield from examples_from_article(article_from_dict(row.document))
    background = conn.execute(
        select(revisions.c.document)
        .join(articles, articles.c.current_revision_id == revisions.c.id)
        .where(
            revisions.c.kind == "migration",
            articles.c.edited.is_(False),
            articles.c.confidence >= BACKGROUND_CONFIDENCE,
        )
        .order_by(articles.c.id)
        .limit(BACKGROUND_LIMIT)
    )
    for row in background:
        for ex in examples_from_article(article_from_dict(row.document)):
            yield replace(ex, weight=BACKGROUND_WEIGHT)


def fit_from_store(conn: Connection) -> tuple[LearnedModel, RetrainResult]:
    """The learned model of the store's examples, and what went into it."""
    taught = list(active_examples(conn))
    patterns = [Pattern.from_dict(ex.pattern) for ex in taught]
    kept, dropped = fit_patterns((p, ex.article_id, ex.text) for p, ex in zip(patterns, taught, strict=True))
    directions = role_directions((p, ex.article_id) for p, ex in zip(patterns, taught, strict=True))
    blocks = list(role_examples(conn, taught))
    roles = RoleModel.fit(blocks)
    sources = len({ex.article_id for ex in taught})
    model = LearnedModel(kept, roles, len(taught), sources, dropped, directions)
    accuracy = round(roles.accuracy(blocks), 3)
    return model, RetrainResult(len(taught), sources, len(kept), len(dropped), len(blocks), accuracy)


def default_model_path(db_url: str) -> Path:
    """``learned-model.json`` next to a SQLite database file, else in the current folder."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / "learned-model.json"
    return Path("learned-model.json")


def retrain_from_store(db_url: str, path: Path) -> RetrainResult:
    """Fit the learned model on the store's examples and write it to ``path``."""
    engine = open_store(db_url)
    try:
        with engine.connect() as conn:
            model, result = fit_from_store(conn)
    finally:
        engine.dispose()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(model.to_json(), encoding="utf-8")
    tmp.replace(path)  # a serving process never reads half a model
    return result
