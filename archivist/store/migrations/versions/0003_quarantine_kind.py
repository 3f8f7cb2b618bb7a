"""quarantine.kind: tell a refused record ("record") from an unreadable file ("read").

Rows written before this revision were records or read failures alike; they become
"record" (a retry then re-processes their bytes as the record they claim to be).

Revision ID: 0003_quarantine_kind
Revises: 0002_reports
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_quarantine_kind"
down_revision = "0002_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quarantine") as batch:
        batch.add_column(sa.Column("kind", sa.String(10), nullable=False, server_default="record"))


def downgrade() -> None:
    with op.batch_alter_table("quarantine") as batch:
        batch.drop_column("kind")
