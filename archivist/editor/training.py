"""``archivist retrain``'s edge: labelled examples from the store, the model to a file.

Examples come from the articles an editor published (the current revision is an
editor's or a propagated fix): every block is labelled by what the editor let stand,
and the blocks whose role an editor or a propagated fix changed weigh
:data:`~archivist.editor.learn.CORRECTED_WEIGHT` times. Confident migrated articles
nobody touched add a light background (:data:`BACKGROUND_WEIGHT`), so a handful of
corrections shifts the rules' decisions without erasing what they get right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Connection, select
from sqlalchemy.engine import make_url

from archivist.editor.learn import Example, RoleModel, examples_from_article
from archivist.model import article_from_dict
from archivist.store import open_store
from archivist.store.tables import articles, revisions

__all__ = ["RetrainResult", "default_model_path", "retrain_from_store", "training_examples"]

BACKGROUND_WEIGHT = 0.5
BACKGROUND_CONFIDENCE = 0.9  # only articles the recovery was sure about
BACKGROUND_LIMIT = 5000  # articles
# the step rules that change a block's role: the editor's corrections
_ROLE_RULES = ("editor:set_role", "propagation:role_shape")
_BLOCK = re.compile(r"^block:(\d+)$")


@dataclass(frozen=True)
class RetrainResult:
    examples: int
    corrected: int
    articles: int
    accuracy: float  # on the training examples themselves (a sanity check, not a benchmark)


def training_examples(conn: Connection) -> Iterator[Example]:
    """Editors' labelled blocks, then the light background of confident migrated articles."""
    edited = conn.execute(
        select(revisions.c.document, revisions.c.steps)
        .join(articles, articles.c.current_revision_id == revisions.c.id)
        .where(revisions.c.kind.in_(("editor", "propagation")), articles.c.status == "published")
        .order_by(articles.c.id)
    )
    for row in edited:
        corrected = {
            int(found.group(1))
            for step in row.steps
            if step["rule"] in _ROLE_RULES and (found := _BLOCK.match(step["where"]))
        }
        yield from examples_from_article(article_from_dict(row.document), corrected)
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


def default_model_path(db_url: str) -> Path:
    """``roles-model.json`` next to a SQLite database file, else in the current folder."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / "roles-model.json"
    return Path("roles-model.json")


def retrain_from_store(db_url: str, path: Path) -> RetrainResult:
    """Fit the block-role model on the store's examples and write it to ``path``."""
    engine = open_store(db_url)
    try:
        with engine.connect() as conn:
            examples = list(training_examples(conn))
            edited = conn.execute(
                select(articles.c.id)
                .join(revisions, articles.c.current_revision_id == revisions.c.id)
                .where(revisions.c.kind.in_(("editor", "propagation")))
            ).all()
    finally:
        engine.dispose()
    model = RoleModel.fit(examples)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(model.to_json(), encoding="utf-8")
    tmp.replace(path)  # a serving process never reads half a model
    return RetrainResult(len(examples), model.corrected, len(edited), round(model.accuracy(examples), 3))
