"""Reader error reports (issue 5): the ``reports`` table.

Revision ID: 0002_reports
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_reports"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("revision_id", sa.Integer),
        sa.Column("block", sa.Integer),
        sa.Column("legacy_id", sa.String(255), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("selected_text", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("ip_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("resolved_by", sa.String(120)),
        sa.Column("resolved_at", TZ),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_reports_article_id_articles"),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], name="fk_reports_revision_id_revisions"),
    )
    op.create_index("ix_reports_article_id", "reports", ["article_id"])
    op.create_index("ix_reports_status", "reports", ["status"])


def downgrade() -> None:
    op.drop_index("ix_reports_status", table_name="reports")
    op.drop_index("ix_reports_article_id", table_name="reports")
    op.drop_table("reports")
