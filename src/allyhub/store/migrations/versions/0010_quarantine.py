"""Nothing refused is silent: a quarantine of what peers and feeds sent that this hub
refused, kept with its reason until `allyhub sync retry` admits it; and, per pull
cursor, which versions the source offers (`all`, or `last` for servers such as
OpenCTI's that refuse `match[version]=all`).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("peer_cursors") as batch:
        batch.add_column(sa.Column("versions", sa.String(8), nullable=False, server_default="all"))
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("collection", sa.String(64), nullable=False),
        sa.Column("stix_id", sa.String(320), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("origin", sa.LargeBinary, nullable=True),
        sa.Column("received", sa.BigInteger, nullable=False),
        sa.Column("tries", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_index(
        "quarantine_entry",
        "quarantine",
        ["source", "collection", "stix_id", "version"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("quarantine_entry", "quarantine")
    op.drop_table("quarantine")
    with op.batch_alter_table("peer_cursors") as batch:
        batch.drop_column("versions")
