"""Fusion's derived data per version: names, links, values and places are keyed by the
stored version (its date_added) instead of the object id, so each reader's entities,
links, correlations and name searches come from the versions it may see.

Revision ID: 0009
Revises: 0008

The old tables held one object's newest version only, which cannot be split by version:
they are dropped, the new ones created empty, and the fusion cursor goes back to 0, so
the fusion worker derives everything again from the stored versions (at its usual pace:
docs/fusion.md). Downgrading does the same the other way.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_OLD = ("fusion_places", "fusion_values", "fusion_links", "fusion_names")


def upgrade() -> None:
    for table in _OLD:
        op.drop_table(table)
    op.create_table(
        "fusion_entries",
        sa.Column("date_added", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("entry", sa.String(320), nullable=False),
    )
    op.create_index("fusion_entries_entry", "fusion_entries", ["entry"])
    op.create_table(
        "fusion_names",
        sa.Column("entry", sa.String(320), primary_key=True),
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
    )
    op.create_table(
        "fusion_links",
        sa.Column("a", sa.String(320), primary_key=True),
        sa.Column("b", sa.String(320), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("band", sa.String(8), nullable=False),
        sa.Column("why", sa.Text, nullable=False),
    )
    op.create_index("fusion_links_b", "fusion_links", ["b"])
    op.create_table(
        "fusion_values",
        sa.Column("date_added", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, primary_key=True),
        sa.Column("lo", sa.String(32), nullable=False, server_default=""),
        sa.Column("hi", sa.String(32), nullable=False, server_default=""),
    )
    op.create_index("fusion_values_value", "fusion_values", ["kind", "value"])
    op.create_index("fusion_values_range", "fusion_values", ["kind", "lo"])
    op.create_table(
        "fusion_places",
        sa.Column("date_added", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("latitude", sa.Float, nullable=False),
        sa.Column("longitude", sa.Float, nullable=False),
    )
    op.create_index("fusion_places_latitude", "fusion_places", ["latitude"])
    op.execute("UPDATE fusion_state SET cursor = 0")


def downgrade() -> None:
    for table in ("fusion_places", "fusion_values", "fusion_links", "fusion_names"):
        op.drop_table(table)
    op.drop_index("fusion_entries_entry", "fusion_entries")
    op.drop_table("fusion_entries")
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
    op.execute("UPDATE fusion_state SET cursor = 0")
