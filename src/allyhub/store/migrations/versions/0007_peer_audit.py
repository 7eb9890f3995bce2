"""Audit entries replicated from peer hubs, and the key each peer signs them with.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "peer_audit",
        sa.Column("hub", sa.String(64), primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("principal", sa.String(128), nullable=False),
        sa.Column("member", sa.String(64), nullable=False),
        sa.Column("act", sa.String(32), nullable=False),
        sa.Column("about", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("detail", sa.LargeBinary, nullable=False),
        sa.Column("prev", sa.LargeBinary(32), nullable=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
        sa.Column("signature", sa.LargeBinary(64), nullable=False),
    )
    op.create_index("peer_audit_member", "peer_audit", ["member", "at"])
    op.create_index("peer_audit_about", "peer_audit", ["about", "at"])
    op.create_table(
        "peer_audit_keys",
        sa.Column("hub", sa.String(64), primary_key=True),
        sa.Column("public_key", sa.LargeBinary(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("peer_audit_keys")
    op.drop_index("peer_audit_about", "peer_audit")
    op.drop_index("peer_audit_member", "peer_audit")
    op.drop_table("peer_audit")
