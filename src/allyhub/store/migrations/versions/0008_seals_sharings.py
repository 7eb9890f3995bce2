"""Signed provenance (seals), each member's own line of versions of an id, commit dates,
and refusals counted on pull cursors.

Revision ID: 0008
Revises: 0007

Versions stored before this revision keep their own date_added as their commit date and
carry no seal: they are served as before but not exported to peers that require seals
(a hub upgraded in place re-shares nothing; its peers already hold what they pulled).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("hub", sa.String(64), nullable=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False, unique=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("signature", sa.LargeBinary(64), nullable=False),
        sa.Column("leaves", sa.LargeBinary, nullable=True),
    )
    with op.batch_alter_table("objects") as batch:
        batch.add_column(
            sa.Column("other_lines", sa.Boolean, nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("line_start", sa.BigInteger, nullable=False, server_default="0"))
        batch.add_column(sa.Column("committed", sa.BigInteger, nullable=False, server_default="0"))
        batch.add_column(sa.Column("seal", sa.Integer, nullable=True))
        batch.add_column(sa.Column("seal_index", sa.Integer, nullable=True))
        batch.add_column(sa.Column("proof", sa.LargeBinary, nullable=True))
    op.execute("UPDATE objects SET committed = date_added, line_start = origin_added")
    op.drop_index("objects_identity", "objects")
    op.create_index(
        "objects_identity",
        "objects",
        ["stix_id", "version", "collection", "shared_by"],
        unique=True,
    )
    with op.batch_alter_table("peer_cursors") as batch:
        batch.add_column(sa.Column("refused", sa.BigInteger, nullable=False, server_default="0"))
        batch.add_column(sa.Column("last_refusal", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("peer_cursors") as batch:
        batch.drop_column("last_refusal")
        batch.drop_column("refused")
    op.drop_index("objects_identity", "objects")
    op.create_index(
        "objects_identity", "objects", ["stix_id", "version", "collection"], unique=True
    )
    with op.batch_alter_table("objects") as batch:
        batch.drop_column("proof")
        batch.drop_column("seal_index")
        batch.drop_column("seal")
        batch.drop_column("committed")
        batch.drop_column("line_start")
        batch.drop_column("other_lines")
    op.drop_table("seals")
