"""The charter's aliases whose reports the fusion worker has linked: a digest of each
`[[aliases]]` entry, so that a worker starting on an unchanged charter scores nothing
again, and one starting on a new or changed entry links what was filed before it
(service/fusion.py `relink_listed`).

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("fusion_aliases", sa.Column("digest", sa.String(64), primary_key=True))


def downgrade() -> None:
    op.drop_table("fusion_aliases")
