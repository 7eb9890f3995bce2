"""Federation: pull cursors per peer and collection, peer credentials, served counts.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "peer_cursors",
        sa.Column("peer", sa.String(64), primary_key=True),
        sa.Column("collection", sa.String(64), primary_key=True),
        sa.Column("added_after", sa.String(40), nullable=True),
        sa.Column("next_token", sa.Text, nullable=True),
        sa.Column("view", sa.String(64), nullable=False, server_default=""),
        sa.Column("pulled", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("last_pull", sa.BigInteger, nullable=True),
        sa.Column("caught_up", sa.BigInteger, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("error_at", sa.BigInteger, nullable=True),
        sa.Column("lag", sa.BigInteger, nullable=True),
    )
    op.create_table(
        "peer_credentials",
        sa.Column("peer", sa.String(64), primary_key=True),
        sa.Column("principal", sa.String(128), nullable=False),
        sa.Column("secret", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "peer_served",
        sa.Column("peer", sa.String(64), primary_key=True),
        sa.Column("served", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("last_served", sa.BigInteger, nullable=True),
    )


def downgrade() -> None:
    for table in ("peer_served", "peer_credentials", "peer_cursors"):
        op.drop_table(table)
