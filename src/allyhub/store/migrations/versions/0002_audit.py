"""The audit trail: hash-chained entries signed by the hub's key.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),
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
    op.create_index("audit_member", "audit", ["member", "seq"])
    op.create_index("audit_about", "audit", ["about", "seq"])


def downgrade() -> None:
    op.drop_table("audit")
