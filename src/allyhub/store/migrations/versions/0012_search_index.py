"""Each version's searchable words (names, description, abstract, content, pattern, ...),
case-folded, for the search box (service/search.py): words in titles and descriptions and
values inside patterns are found without reading the stored bodies.

Revision ID: 0012
Revises: 0011

Existing versions are indexed from their stored bodies, a thousand at a time.
"""

import orjson
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Frozen copy of allyhub.stix.index.search_text as of this revision: a migration must not
# change when the code does (a later change to the share path's rule is a new migration).
_TEXT_PROPERTIES = (
    "name",
    "aliases",
    "value",
    "description",
    "abstract",
    "content",
    "explanation",
    "pattern",
    "opinion",
    "relationship_type",
    "x_mitre_aliases",
)


def search_text(obj: dict[str, object]) -> str:
    parts: list[str] = []
    for key in _TEXT_PROPERTIES:
        value = obj.get(key)
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(v for v in value if isinstance(v, str))
    return "\n".join(parts).casefold() if parts else ""


def upgrade() -> None:
    op.create_table(
        "object_text",
        sa.Column(
            "date_added",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("text", sa.Text, nullable=False),
    )
    _backfill()


def _backfill() -> None:
    connection = op.get_bind()
    objects = sa.table(
        "objects", sa.column("date_added", sa.BigInteger), sa.column("body", sa.LargeBinary)
    )
    texts = sa.table("object_text", sa.column("date_added"), sa.column("text"))
    last = -1
    while True:
        rows = connection.execute(
            sa.select(objects.c.date_added, objects.c.body)
            .where(objects.c.date_added > last)
            .order_by(objects.c.date_added)
            .limit(1000)
        ).all()
        if not rows:
            return
        found = []
        for date_added, body in rows:
            text = search_text(orjson.loads(body))
            if text:
                found.append({"date_added": date_added, "text": text})
        if found:
            connection.execute(texts.insert(), found)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_table("object_text")
