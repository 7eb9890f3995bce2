"""MISP feeds as a source: per charter feed of kind `misp` and collection, which events
its pulls have taken, with the hash of each event's manifest entry as taken; an event
whose entry changes is fetched and imported again (federation/misp.py).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "misp_feed_events",
        sa.Column("source", sa.String(64), primary_key=True),
        sa.Column("collection", sa.String(64), primary_key=True),
        sa.Column("event", sa.String(64), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("taken", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("misp_feed_events")
