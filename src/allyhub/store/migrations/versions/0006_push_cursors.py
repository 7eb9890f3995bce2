"""Push cursors: how far this hub has pushed each collection to each peer hub.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "push_cursors",
        sa.Column("peer", sa.String(64), primary_key=True),
        sa.Column("collection", sa.String(64), primary_key=True),
        sa.Column("after", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("pushed", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("last_push", sa.BigInteger, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("push_cursors")
