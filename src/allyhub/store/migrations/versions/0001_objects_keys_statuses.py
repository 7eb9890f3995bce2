"""Objects as immutable versions, member sets, API keys, TAXII statuses, the hub clock.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_clock",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last_added", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO hub_clock (id, last_added) VALUES (1, 0)")
    op.create_table(
        "objects",
        # On SQLite, INTEGER PRIMARY KEY makes date_added the rowid: the table itself is
        # clustered by date_added (a BIGINT key would add a hidden rowid and one more B-tree).
        sa.Column(
            "date_added",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("collection", sa.String(64), nullable=False),
        sa.Column("stix_id", sa.String(300), nullable=False),
        sa.Column("type", sa.String(250), nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("spec_version", sa.String(8), nullable=False),
        sa.Column("shared_by", sa.String(64), nullable=False),
        sa.Column("origin_hub", sa.String(64), nullable=False),
        sa.Column("origin_added", sa.BigInteger, nullable=False),
        sa.Column("tlp", sa.SmallInteger, nullable=False),
        sa.Column("audience", sa.Integer, nullable=True),
        sa.Column("excluded", sa.Integer, nullable=True),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("has_newer", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("has_older", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("body", sa.LargeBinary, nullable=False),
    )
    op.create_index(
        "objects_identity", "objects", ["stix_id", "version", "collection"], unique=True
    )
    op.create_index("objects_by_collection", "objects", ["collection", "date_added"])
    op.create_index("objects_by_type", "objects", ["collection", "type", "date_added"])
    op.create_table(
        "member_sets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("members", sa.Text, nullable=False, unique=True),
    )
    op.create_table(
        "member_set_members",
        sa.Column("member", sa.String(64), primary_key=True),
        sa.Column("set_id", sa.Integer, primary_key=True, autoincrement=False),
    )
    op.create_table(
        "api_keys",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("principal", sa.String(128), nullable=False),
        sa.Column("member", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("digest", sa.LargeBinary(32), nullable=False, unique=True),
        sa.Column("created", sa.BigInteger, nullable=False),
        sa.Column("expires", sa.BigInteger, nullable=True),
        sa.Column("revoked", sa.BigInteger, nullable=True),
    )
    op.create_index("api_keys_principal", "api_keys", ["principal"])
    op.create_table(
        "statuses",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("principal", sa.String(128), nullable=False),
        sa.Column("member", sa.String(64), nullable=False),
        sa.Column("collection", sa.String(64), nullable=False),
        sa.Column("requested", sa.BigInteger, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("success", sa.Integer, nullable=False),
        sa.Column("failure", sa.Integer, nullable=False),
        sa.Column("pending", sa.Integer, nullable=False),
        sa.Column("details", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    for table in ("statuses", "api_keys", "member_set_members", "member_sets", "objects"):
        op.drop_table(table)
    op.drop_table("hub_clock")
