"""Index callbacks by lead

A new callback closes the lead's earlier open ones (shared_apply); without this index
that lookup scans every callback of the team.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain CREATE INDEX: no batch mode, so SQLite keeps 0004's triggers on its tables.
    op.create_index("ix_callbacks_lead", "callbacks", ["lead_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_callbacks_lead", table_name="callbacks")
