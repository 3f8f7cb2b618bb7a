"""Learning from editors and settling re-run conflicts (issue 6): examples, conflicts.

Revision ID: 0005_examples_conflicts
Revises: 0004_editors
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_examples_conflicts"
down_revision = "0004_editors"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "examples",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("revision_id", sa.Integer, nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("pattern", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("context", sa.JSON, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("withdrawn_at", TZ),
        sa.Column("withdrawn_by", sa.String(120)),
        sa.PrimaryKeyConstraint("id", name="pk_examples"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_examples_article_id_articles"),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], name="fk_examples_revision_id_revisions"),
    )
    op.create_index("ix_examples_article_id", "examples", ["article_id"])
    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("legacy_id", sa.String(255), nullable=False),
        sa.Column("base_source_id", sa.Integer),
        sa.Column("source_id", sa.Integer, nullable=False),
        sa.Column("source_hash", sa.String(64), nullable=False),
        sa.Column("revision_id", sa.Integer),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("steps", sa.JSON, nullable=False),
        sa.Column("findings", sa.JSON, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("run_id", sa.Integer),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("seen_at", TZ, nullable=False),
        sa.Column("settled_by", sa.String(120)),
        sa.Column("settled_at", TZ),
        sa.Column("settled_revision_id", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_conflicts"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_conflicts_article_id_articles"),
        sa.ForeignKeyConstraint(
            ["base_source_id"], ["sources.id"], name="fk_conflicts_base_source_id_sources"
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name="fk_conflicts_source_id_sources"),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], name="fk_conflicts_revision_id_revisions"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_conflicts_run_id_runs"),
        sa.ForeignKeyConstraint(
            ["settled_revision_id"], ["revisions.id"], name="fk_conflicts_settled_revision_id_revisions"
        ),
    )
    op.create_index("ix_conflicts_article_id", "conflicts", ["article_id"])
    op.create_index("ix_conflicts_status", "conflicts", ["status"])


def downgrade() -> None:
    op.drop_index("ix_conflicts_status", table_name="conflicts")
    op.drop_index("ix_conflicts_article_id", table_name="conflicts")
    op.drop_table("conflicts")
    op.drop_index("ix_examples_article_id", table_name="examples")
    op.drop_table("examples")
