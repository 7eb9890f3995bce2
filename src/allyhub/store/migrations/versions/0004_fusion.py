"""Fusion: names, links, correlation values and places derived from objects.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fusion_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("cursor", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO fusion_state (id, cursor) VALUES (1, 0)")
    op.create_table(
        "fusion_names",
        sa.Column("stix_id", sa.String(300), primary_key=True),
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
    )
    op.create_table(
        "fusion_links",
        sa.Column("a", sa.String(300), primary_key=True),
        sa.Column("b", sa.String(300), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("band", sa.String(8), nullable=False),
        sa.Column("why", sa.Text, nullable=False),
    )
    op.create_index("fusion_links_b", "fusion_links", ["b"])
    op.create_table(
        "fusion_values",
        sa.Column("stix_id", sa.String(300), primary_key=True),
        sa.Column("kind", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, primary_key=True),
        sa.Column("lo", sa.String(32), nullable=False, server_default=""),
        sa.Column("hi", sa.String(32), nullable=False, server_default=""),
    )
    op.create_index("fusion_values_value", "fusion_values", ["kind", "value"])
    op.create_index("fusion_values_range", "fusion_values", ["kind", "lo"])
    op.create_table(
        "fusion_places",
        sa.Column("stix_id", sa.String(300), primary_key=True),
        sa.Column("latitude", sa.Float, nullable=False),
        sa.Column("longitude", sa.Float, nullable=False),
    )
    op.create_index("fusion_places_latitude", "fusion_places", ["latitude"])


def downgrade() -> None:
    for table in ("fusion_places", "fusion_values", "fusion_links", "fusion_names"):
        op.drop_table(table)
    op.drop_table("fusion_state")
