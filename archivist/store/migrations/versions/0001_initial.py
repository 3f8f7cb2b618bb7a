"""Initial schema: runs, sources, articles, revisions, id_map, legacy_urls, quarantine.

Written out table by table (not from ``metadata``) so this revision stays what it was
when tables.py grows: every later change gets its own revision. Constraint names
follow the naming convention of :data:`archivist.store.tables.metadata`.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("finished_at", TZ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("command", sa.String(40), nullable=False),
        sa.Column("options", sa.JSON, nullable=False),
        sa.Column("engine", sa.String(20), nullable=False),
        *(
            sa.Column(name, sa.Integer, nullable=False)
            for name in ("read", "migrated", "updated", "unchanged", "quarantined", "skipped", "conflicts")
        ),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("legacy_id", sa.String(255), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("position", sa.String(100), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("run_id", sa.Integer),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_sources_run_id_runs"),
        sa.UniqueConstraint("legacy_id", "sha256", name="uq_sources_legacy_id_sha256"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("legacy_id", sa.String(255), nullable=False),
        sa.Column("slug", sa.String(255), nullable=False),
        sa.Column("path", sa.String(400), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("current_revision_id", sa.Integer),
        sa.Column("language", sa.String(12), nullable=False),
        sa.Column("section", sa.String(120), nullable=False),
        sa.Column("kicker", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("lead", sa.Text, nullable=False),
        sa.Column("byline", sa.Text, nullable=False),
        sa.Column("published_at", TZ),
        sa.Column("imported", sa.Boolean, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("edited", sa.Boolean, nullable=False),
        sa.Column("views", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("created_run_id", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.ForeignKeyConstraint(["created_run_id"], ["runs.id"], name="fk_articles_created_run_id_runs"),
        sa.UniqueConstraint("legacy_id", name="uq_articles_legacy_id"),
        sa.UniqueConstraint("path", name="uq_articles_path"),
    )
    op.create_index("ix_articles_published_at", "articles", ["published_at"])
    op.create_index("ix_articles_section", "articles", ["section"])
    op.create_index("ix_articles_confidence", "articles", ["confidence"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("parent_id", sa.Integer),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("steps", sa.JSON, nullable=False),
        sa.Column("findings", sa.JSON, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source_id", sa.Integer),
        sa.Column("run_id", sa.Integer),
        sa.Column("batch_id", sa.String(40)),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_revisions"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_revisions_article_id_articles"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name="fk_revisions_source_id_sources"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_revisions_run_id_runs"),
        sa.UniqueConstraint("article_id", "number", name="uq_revisions_article_id_number"),
    )
    op.create_table(
        "id_map",
        sa.Column("legacy_id", sa.String(255), nullable=False),
        sa.Column("article_id", sa.Integer),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("source_hash", sa.String(64), nullable=False),
        sa.Column("source_id", sa.Integer),
        sa.Column("run_id", sa.Integer),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("legacy_id", name="pk_id_map"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_id_map_article_id_articles"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name="fk_id_map_source_id_sources"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_id_map_run_id_runs"),
    )
    op.create_table(
        "legacy_urls",
        sa.Column("path", sa.String(1000), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("path", name="pk_legacy_urls"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_legacy_urls_article_id_articles"),
    )
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("run_id", sa.Integer),
        sa.Column("legacy_id", sa.String(255), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("position", sa.String(100), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("hints", sa.JSON, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("error", sa.String(60), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quarantine"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_quarantine_run_id_runs"),
    )
    op.create_index("ix_quarantine_legacy_id", "quarantine", ["legacy_id"])


def downgrade() -> None:
    op.drop_index("ix_quarantine_legacy_id", table_name="quarantine")
    for table in ("quarantine", "legacy_urls", "id_map", "revisions"):
        op.drop_table(table)
    for index in ("ix_articles_confidence", "ix_articles_section", "ix_articles_published_at"):
        op.drop_index(index, table_name="articles")
    for table in ("articles", "sources", "runs"):
        op.drop_table(table)
