"""What each version refers to and its names (for the console's responses, graph and search),
and an index of the audit trail by principal and act (for a console user's last login).

Revision ID: 0005
Revises: 0004

Existing versions are indexed from their stored bodies, a thousand at a time. The indexing
is copied here as it was when this revision was written (from ``allyhub.stix.index``): a
migration must not change when the live code does.
"""

from collections.abc import Mapping
from typing import Any

import orjson
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "object_refs",
        sa.Column("ref", sa.String(300), primary_key=True),
        sa.Column("date_added", sa.BigInteger, primary_key=True, autoincrement=False),
    )
    op.create_table(
        "object_names",
        sa.Column(
            "date_added",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("names", sa.Text, nullable=False),
    )
    op.create_index("audit_principal", "audit", ["principal", "act", "seq"])
    _backfill()


def _backfill() -> None:
    connection = op.get_bind()
    objects = sa.table(
        "objects", sa.column("date_added", sa.BigInteger), sa.column("body", sa.LargeBinary)
    )
    refs = sa.table("object_refs", sa.column("ref"), sa.column("date_added"))
    names = sa.table("object_names", sa.column("date_added"), sa.column("names"))
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
        ref_rows, name_rows = [], []
        for date_added, body in rows:
            obj = orjson.loads(body)
            ref_rows += [{"ref": r, "date_added": date_added} for r in references(obj)]
            text = search_names(obj)
            if text:
                name_rows.append({"date_added": date_added, "names": text})
        if ref_rows:
            connection.execute(refs.insert(), ref_rows)
        if name_rows:
            connection.execute(names.insert(), name_rows)
        last = rows[-1][0]


_NOT_ABOUT = frozenset({"created_by_ref", "object_marking_refs", "marking_ref"})
_NAME_PROPERTIES = ("name", "aliases", "value")


def references(obj: Mapping[str, Any]) -> tuple[str, ...]:
    """The ids an object is about: every `*_ref` and `*_refs` property at any depth, its
    author, markings and extensions excepted, each once, in the order they first appear."""
    found: dict[str, None] = {}
    _walk(obj, found)
    return tuple(found)


def _walk(value: Any, found: dict[str, None]) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in _NOT_ABOUT or key == "extensions":
                continue
            if key.endswith("_ref") and isinstance(item, str) and "--" in item:
                found.setdefault(item)
            elif key.endswith("_refs") and isinstance(item, list):
                for ref in item:
                    if isinstance(ref, str) and "--" in ref:
                        found.setdefault(ref)
            elif isinstance(item, Mapping | list):
                _walk(item, found)
    elif isinstance(value, list):
        for item in value:
            _walk(item, found)


def search_names(obj: Mapping[str, Any]) -> str:
    """The object's names (name, aliases, an observable's value) case-folded, one a line."""
    names: list[str] = []
    for key in _NAME_PROPERTIES:
        value = obj.get(key)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, list):
            names.extend(v for v in value if isinstance(v, str))
    return "\n".join(dict.fromkeys(n.casefold() for n in names if n))


def downgrade() -> None:
    op.drop_index("audit_principal", "audit")
    op.drop_table("object_names")
    op.drop_table("object_refs")
