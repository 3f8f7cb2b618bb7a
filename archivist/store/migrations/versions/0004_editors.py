"""The editors' loop (issue 6): users, sessions, login failures, batches, corrections.

Revision ID: 0004_editors
Revises: 0003_quarantine_kind
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_editors"
down_revision = "0003_quarantine_kind"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_sessions_token_hash"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_sessions_user_id_users"),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_key", "login_failures", ["key"])
    op.create_table(
        "batches",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("pattern", sa.JSON, nullable=False),
        sa.Column("editor", sa.String(120), nullable=False),
        sa.Column("article_id", sa.Integer),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("reverted_at", TZ),
        sa.Column("reverted_by", sa.String(120)),
        sa.PrimaryKeyConstraint("id", name="pk_batches"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_batches_article_id_articles"),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("revision_id", sa.Integer),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_corrections"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_corrections_article_id_articles"),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.id"], name="fk_corrections_revision_id_revisions"
        ),
    )
    op.create_index("ix_corrections_article_id", "corrections", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_corrections_article_id", table_name="corrections")
    op.drop_table("corrections")
    op.drop_table("batches")
    op.drop_index("ix_login_failures_key", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_table("sessions")
    op.drop_table("users")
