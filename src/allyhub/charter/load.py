"""Read a charter TOML file into a Charter, or say exactly what is wrong and where.

Errors name the file, the line and the field (`rsii.toml:14: members[2].tier: ...`), so
the operator of a hub can fix the file without reading code.
"""

from __future__ import annotations

import base64
import binascii
import re
import tomllib
from pathlib import Path
from typing import Any

from allyhub.charter.model import (
    Bands,
    Charter,
    Collection,
    Feed,
    Hub,
    KnownAlias,
    Member,
    Rules,
    Tier,
    Tlp,
    Vote,
    VoteRule,
    derived_uuid,
)
from allyhub.errors import CharterInvalid

_ID = re.compile(r"[a-z][a-z0-9-]{0,62}\Z")
_IDENTITY = re.compile(r"identity--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
_COUNTRY = re.compile(r"[A-Z]{2}\Z")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\Z")


class _Reader:
    """Walks the parsed TOML and reports problems with a line number found in the text."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def fail(self, field: str, message: str) -> CharterInvalid:
        line = self._line_of(field)
        where = f"{self.path}:{line}" if line else str(self.path)
        return CharterInvalid(f"{where}: {field}: {message}")

    def _line_of(self, field: str) -> int:
        """Best-effort line of `table[index].key` or `table.key` in the file."""
        match = re.match(r"(\w+)(?:\[(\d+)\])?(?:\.(\w+))?", field)
        if match is None:
            return 0
        table, index, key = match.group(1), match.group(2), match.group(3)
        header = re.compile(rf"\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$")
        starts = [n for n, line in enumerate(self.lines) if header.match(line)]
        if not starts:
            return 0
        start = starts[int(index)] if index is not None and int(index) < len(starts) else starts[0]
        if key is None:
            return start + 1
        assignment = re.compile(rf"\s*{re.escape(key)}\s*=")
        for n in range(start + 1, len(self.lines)):
            if self.lines[n].lstrip().startswith("["):
                break
            if assignment.match(self.lines[n]):
                return n + 1
        return start + 1

    def string(
        self, table: dict[str, Any], key: str, field: str, default: str | None = None
    ) -> str:
        value = table.get(key, default)
        if value is None:
            raise self.fail(field, "is required")
        if not isinstance(value, str):
            raise self.fail(field, f"must be a string, not {type(value).__name__}")
        return value

    def identifier(self, table: dict[str, Any], key: str, field: str, example: str = "") -> str:
        """A required name of lowercase letters, digits and '-' (ids, collection aliases)."""
        value = self.string(table, key, field)
        if not _ID.match(value):
            hint = f", e.g. {example!r}" if example else ""
            raise self.fail(field, f"use lowercase letters, digits and '-'{hint}")
        return value

    def strings(self, table: dict[str, Any], key: str, field: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(field, "must be a list of strings")
        return tuple(value)


def load_charter(path: str | Path) -> Charter:
    """Load and validate a charter file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CharterInvalid(f"{path}: cannot read the charter: {exc.strerror}") from exc
    return parse_charter(text, path)


def parse_charter(text: str, path: Path = Path("<charter>")) -> Charter:
    """Validate a charter given as TOML text; `path` only names it in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CharterInvalid(f"{path}: not valid TOML: {exc}") from exc
    reader = _Reader(path, text)

    coalition = data.get("coalition")
    if not isinstance(coalition, dict):
        raise CharterInvalid(f"{path}: coalition: a [coalition] table with id and name is required")
    coalition_id = reader.identifier(coalition, "id", "coalition.id", "rsii")
    name = reader.string(coalition, "name", "coalition.name")
    description = reader.string(coalition, "description", "coalition.description", "")

    members = _members(reader, data.get("members"), coalition_id)
    member_ids = {member.id for member in members}
    hubs = _hubs(reader, data.get("hubs"), member_ids)
    collections = _collections(reader, data.get("collections"), coalition_id)
    rules = _rules(reader, data.get("rules", {}))
    feeds = _feeds(reader, data.get("feeds", []), hubs, collections, member_ids)
    misp = data.get("misp", {})
    organisations = misp.get("organisations", {}) if isinstance(misp, dict) else None
    if not isinstance(organisations, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in organisations.items()
    ):
        raise reader.fail("misp.organisations", 'use a table of "<MISP org UUID>" = "member"')
    for org, member in organisations.items():
        if member not in member_ids:
            raise reader.fail(f"misp.organisations.{org}", f"{member!r} is not a member")
    aliases = _aliases(reader, data.get("aliases", []))
    aliases_file = _fusion_table(reader, data.get("rules", {})).get("aliases_file")
    if aliases_file is not None:
        aliases += _aliases_file(reader, aliases_file, path)
    _distinct_aliases(aliases, path)
    return Charter(
        id=coalition_id,
        name=name,
        description=description,
        members=members,
        hubs=hubs,
        collections=collections,
        rules=rules,
        feeds=feeds,
        misp_organisations=tuple(sorted((k.lower(), v) for k, v in organisations.items())),
        source=str(path),
        aliases=tuple(aliases),
    )


def _members(reader: _Reader, raw: Any, coalition_id: str) -> tuple[Member, ...]:
    if not isinstance(raw, list) or not raw:
        raise reader.fail("members", "at least one [[members]] entry is required")
    members: list[Member] = []
    seen_ids: set[str] = set()
    seen_identities: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"members[{index}]"
        member_id = reader.identifier(entry, "id", f"{where}.id", "ru")
        if member_id in seen_ids:
            raise reader.fail(f"{where}.id", f"member {member_id!r} is listed twice")
        seen_ids.add(member_id)
        tier_text = reader.string(entry, "tier", f"{where}.tier")
        try:
            tier = Tier(tier_text)
        except ValueError:
            raise reader.fail(
                f"{where}.tier", f"{tier_text!r} is not a tier; use full, associate or observer"
            ) from None
        if tier is Tier.INVITEE:
            raise reader.fail(
                f"{where}.tier", "invitees join through governance (allyhub member invite)"
            )
        identity = reader.string(
            entry,
            "identity",
            f"{where}.identity",
            "identity--" + derived_uuid(coalition_id, "member", member_id),
        )
        if not _IDENTITY.match(identity):
            raise reader.fail(f"{where}.identity", "must be a STIX id like identity--<uuid>")
        if identity in seen_identities:
            raise reader.fail(f"{where}.identity", "two members share this identity")
        seen_identities.add(identity)
        members.append(
            Member(
                id=member_id,
                name=reader.string(entry, "name", f"{where}.name"),
                tier=tier,
                identity=identity,
                country=reader.string(entry, "country", f"{where}.country", ""),
                description=reader.string(entry, "description", f"{where}.description", ""),
                capabilities=reader.strings(entry, "capabilities", f"{where}.capabilities"),
                regions=_countries(reader, entry, "regions", where),
                areas=_countries(reader, entry, "areas", where),
            )
        )
    return tuple(members)


def _countries(reader: _Reader, entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    """Regions and areas of responsibility: ISO 3166-1 alpha-2 country codes."""
    codes = reader.strings(entry, key, f"{where}.{key}")
    for code in codes:
        if not _COUNTRY.match(code):
            raise reader.fail(f"{where}.{key}", f"{code!r} is not a country code like SY or IQ")
    return codes


PUBLIC_KEY_PREFIX = "ed25519:"


def _public_key(reader: _Reader, entry: dict[str, Any], field: str) -> bytes | None:
    text = entry.get("public_key")
    if text is None:
        return None
    if not isinstance(text, str) or not text.startswith(PUBLIC_KEY_PREFIX):
        raise reader.fail(field, 'must be "ed25519:<base64>", as `allyhub hub key` prints it')
    try:
        raw = base64.b64decode(text[len(PUBLIC_KEY_PREFIX) :], validate=True)
    except binascii.Error:
        raw = b""
    if len(raw) != 32:
        raise reader.fail(field, "is not a 32-byte Ed25519 public key in base64")
    return raw


def pin_public_keys(text: str, keys: dict[str, str]) -> str:
    """A charter's text with `public_key = "..."` set in the [[hubs]] table of each hub
    named (the values as `allyhub hub key` prints them): what an operator does by hand,
    done for the demo and the tests. A key already pinned there is replaced."""
    tables = re.split(r"(?m)^(?=\s*\[)", text)
    for index, table in enumerate(tables):
        match = re.match(r'\s*\[\[\s*hubs\s*\]\][^\n]*\n(?:.*\n)*?\s*id\s*=\s*"([^"]+)"', table)
        if match is None or match.group(1) not in keys:
            continue
        line = f'public_key = "{keys[match.group(1)]}"'
        table = re.sub(r"(?m)^\s*public_key\s*=.*\n?", "", table)
        tables[index] = table[: match.end()] + "\n" + line + table[match.end() :]
    return "".join(tables)


def _hubs(reader: _Reader, raw: Any, member_ids: set[str]) -> tuple[Hub, ...]:
    if not isinstance(raw, list) or not raw:
        raise reader.fail("hubs", "at least one [[hubs]] entry is required")
    hubs: list[Hub] = []
    for index, entry in enumerate(raw):
        where = f"hubs[{index}]"
        hub_id = reader.identifier(entry, "id", f"{where}.id")
        if any(hub.id == hub_id for hub in hubs):
            raise reader.fail(f"{where}.id", f"hub {hub_id!r} is listed twice")
        operator = reader.string(entry, "operator", f"{where}.operator")
        hosts = reader.strings(entry, "hosts", f"{where}.hosts")
        for member_id in (operator, *hosts):
            if member_id not in member_ids:
                raise reader.fail(
                    f"{where}.hosts" if member_id in hosts else f"{where}.operator",
                    f"{member_id!r} is not a member of the coalition",
                )
        url = reader.string(entry, "url", f"{where}.url")
        if not url.startswith(("http://", "https://")):
            raise reader.fail(f"{where}.url", "must start with http:// or https://")
        hubs.append(
            Hub(
                id=hub_id,
                name=reader.string(entry, "name", f"{where}.name", hub_id),
                place=reader.string(entry, "place", f"{where}.place", ""),
                url=url.rstrip("/"),
                operator=operator,
                hosts=hosts,
                peers=reader.strings(entry, "peers", f"{where}.peers"),
                public_key=_public_key(reader, entry, f"{where}.public_key"),
            )
        )
    hub_ids = {hub.id for hub in hubs}
    for index, hub in enumerate(hubs):
        for peer in hub.peers:
            if peer not in hub_ids or peer == hub.id:
                raise reader.fail(f"hubs[{index}].peers", f"{peer!r} is not another hub")
    return tuple(hubs)


def _feeds(
    reader: _Reader,
    raw: Any,
    hubs: tuple[Hub, ...],
    collections: tuple[Collection, ...],
    member_ids: set[str],
) -> tuple[Feed, ...]:
    if not isinstance(raw, list):
        raise reader.fail("feeds", "use [[feeds]] entries")
    feeds: list[Feed] = []
    hub_ids = {hub.id for hub in hubs}
    for index, entry in enumerate(raw):
        where = f"feeds[{index}]"
        feed_id = reader.string(entry, "id", f"{where}.id")
        if not _ID.match(feed_id) or feed_id in member_ids | hub_ids:
            raise reader.fail(f"{where}.id", "use a new id of lowercase letters, digits and '-'")
        kind = reader.string(entry, "kind", f"{where}.kind", "taxii")
        if kind not in ("taxii", "misp"):
            raise reader.fail(f"{where}.kind", "use taxii or misp")
        discovery = reader.string(entry, "discovery", f"{where}.discovery", "")
        if discovery and not discovery.startswith(("http://", "https://")):
            raise reader.fail(f"{where}.discovery", "must start with http:// or https://")
        if discovery and kind == "misp":
            raise reader.fail(f"{where}.discovery", "a MISP feed has no TAXII discovery")
        fallback = discovery.split("/taxii2", 1)[0] if discovery else None
        url = reader.string(entry, "url", f"{where}.url", fallback).rstrip("/")
        if kind == "misp" and not url.startswith(("http://", "https://", "/", "file:")):
            raise reader.fail(
                f"{where}.url", "must be an http(s) URL or an absolute directory path"
            )
        if kind == "taxii" and not url.startswith(("http://", "https://")):
            raise reader.fail(f"{where}.url", "must start with http:// or https://")
        into = reader.string(entry, "into", f"{where}.into", collections[0].alias)
        if all(c.alias != into for c in collections):
            raise reader.fail(f"{where}.into", f"{into!r} is not a collection of the charter")
        marking_text = reader.string(entry, "default_marking", f"{where}.default_marking", "green")
        try:
            marking = Tlp.from_label(marking_text)
        except ValueError as exc:
            raise reader.fail(f"{where}.default_marking", str(exc)) from None
        if marking in (Tlp.AMBER_STRICT, Tlp.RED):
            raise reader.fail(f"{where}.default_marking", "use clear, green or amber")
        pulled_by = reader.strings(entry, "hubs", f"{where}.hubs") or tuple(sorted(hub_ids))
        if not set(pulled_by) <= hub_ids:
            raise reader.fail(f"{where}.hubs", "names a hub that is not in the charter")
        feeds.append(
            Feed(
                id=feed_id,
                name=reader.string(entry, "name", f"{where}.name", feed_id),
                url=url,
                remote_collection=reader.string(
                    entry, "collection", f"{where}.collection", "" if kind == "misp" else None
                ),
                collection=into,
                default_marking=marking,
                hubs=pulled_by,
                kind="misp" if kind == "misp" else "taxii",
                discovery=discovery,
            )
        )
    return tuple(feeds)


def _tiers(reader: _Reader, entry: dict[str, Any], key: str, field: str) -> frozenset[Tier]:
    tiers: set[Tier] = set()
    for text in reader.strings(entry, key, field):
        try:
            tiers.add(Tier(text))
        except ValueError:
            raise reader.fail(field, f"{text!r} is not a tier") from None
    return frozenset(tiers)


def _collections(reader: _Reader, raw: Any, coalition_id: str) -> tuple[Collection, ...]:
    if raw is None:
        raw = [{"alias": "joint", "title": "Joint intelligence"}]
    if not isinstance(raw, list) or not raw:
        raise reader.fail("collections", "list at least one [[collections]] entry")
    collections: list[Collection] = []
    for index, entry in enumerate(raw):
        where = f"collections[{index}]"
        alias = reader.identifier(entry, "alias", f"{where}.alias")
        if any(collection.alias == alias for collection in collections):
            raise reader.fail(f"{where}.alias", f"collection {alias!r} is listed twice")
        collection_id = reader.string(
            entry, "id", f"{where}.id", derived_uuid(coalition_id, "collection", alias)
        )
        if not _UUID.match(collection_id):
            raise reader.fail(f"{where}.id", "must be a version 4 UUID (TAXII identifier)")
        read = _tiers(reader, entry, "read", f"{where}.read") if "read" in entry else None
        write = _tiers(reader, entry, "write", f"{where}.write") if "write" in entry else None
        collections.append(
            Collection(
                id=collection_id,
                alias=alias,
                title=reader.string(entry, "title", f"{where}.title", alias),
                description=reader.string(entry, "description", f"{where}.description", ""),
                read=read
                if read is not None
                else frozenset({Tier.FULL, Tier.ASSOCIATE, Tier.OBSERVER, Tier.INVITEE}),
                write=write if write is not None else frozenset({Tier.FULL, Tier.ASSOCIATE}),
            )
        )
    return tuple(collections)


def _vote(reader: _Reader, rules: dict[str, Any], key: str, default: Vote) -> Vote:
    if key not in rules:
        return default
    text = reader.string(rules, key, f"rules.{key}").strip().lower()
    if text in ("unanimity", "majority"):
        return Vote(VoteRule(text))
    fraction = re.fullmatch(r"(\d+)\s*/\s*(\d+)", text)
    try:
        value = int(fraction.group(1)) / int(fraction.group(2)) if fraction else float(text)
    except (ValueError, ZeroDivisionError):
        value = -1.0
    if not 0 < value <= 1:
        raise reader.fail(
            f"rules.{key}", f"{text!r}: use unanimity, majority or a fraction such as 2/3"
        )
    return Vote(VoteRule.FRACTION, value)


def _rules(reader: _Reader, rules: Any) -> Rules:
    if not isinstance(rules, dict):
        raise reader.fail("rules", "must be a table")
    defaults = Rules()
    marking_text = reader.string(rules, "default_marking", "rules.default_marking", "amber")
    try:
        marking = Tlp.from_label(marking_text)
    except ValueError as exc:
        raise reader.fail("rules.default_marking", str(exc)) from None
    if marking in (Tlp.AMBER_STRICT, Tlp.RED):
        raise reader.fail(
            "rules.default_marking", "must not need a list of members: use clear, green or amber"
        )
    public = rules.get("public_clear_feed", False)
    if not isinstance(public, bool):
        raise reader.fail("rules.public_clear_feed", "must be true or false")
    intake = reader.string(rules, "stix_intake", "rules.stix_intake", "repair")
    if intake not in ("repair", "strict"):
        raise reader.fail("rules.stix_intake", "use repair or strict")
    fusion = _fusion_table(reader, rules)
    link = fusion.get("link", defaults.bands.link)
    review = fusion.get("review", defaults.bands.review)
    if not all(isinstance(v, int | float) for v in (link, review)) or not 0 < review <= link <= 1:
        raise reader.fail("rules.fusion", "needs 0 < review <= link <= 1")
    return Rules(
        admission=_vote(reader, rules, "admission", defaults.admission),
        suspension=_vote(reader, rules, "suspension", defaults.suspension),
        expulsion=_vote(reader, rules, "expulsion", defaults.expulsion),
        default_marking=marking,
        public_clear_feed=public,
        bands=Bands(link=float(link), review=float(review)),
        stix_intake="strict" if intake == "strict" else "repair",
    )


def _fusion_table(reader: _Reader, rules: Any) -> dict[str, Any]:
    fusion = rules.get("fusion", {}) if isinstance(rules, dict) else {}
    if not isinstance(fusion, dict):
        raise reader.fail("rules.fusion", "must be a table")
    unknown = sorted(set(fusion) - {"link", "review", "aliases_file"})
    if unknown:
        raise reader.fail(f"rules.fusion.{unknown[0]}", "use link, review or aliases_file")
    return fusion


_ALIAS_KINDS = ("person", "organization", "location")


def _aliases(reader: _Reader, raw: Any) -> list[KnownAlias]:
    """[[aliases]]: id, kind, names (two or more) and source, each required."""
    if not isinstance(raw, list) or not all(isinstance(entry, dict) for entry in raw):
        raise reader.fail("aliases", "use [[aliases]] entries with id, kind, names and source")
    found: list[KnownAlias] = []
    for index, entry in enumerate(raw):
        where = f"aliases[{index}]"
        alias_id = reader.identifier(entry, "id", f"{where}.id")
        kind = reader.string(entry, "kind", f"{where}.kind")
        if kind not in _ALIAS_KINDS:
            raise reader.fail(
                f"{where}.kind",
                f"{kind!r}: use person, organization or location (threat actors, intrusion "
                "sets and campaigns are filed as organization)",
            )
        names = tuple(
            dict.fromkeys(name.strip() for name in reader.strings(entry, "names", f"{where}.names"))
        )
        if len(names) < 2 or not all(names):
            raise reader.fail(f"{where}.names", "list two or more names, none empty")
        source = reader.string(entry, "source", f"{where}.source").strip()
        if not source:
            raise reader.fail(f"{where}.source", "say where the coalition knows this from")
        unknown = sorted(set(entry) - {"id", "kind", "names", "source"})
        if unknown:
            raise reader.fail(f"{where}.{unknown[0]}", "use id, kind, names and source")
        found.append(KnownAlias(alias_id, kind, names, source))  # type: ignore[arg-type]
    return found


def _aliases_file(reader: _Reader, name: Any, charter: Path) -> list[KnownAlias]:
    """The [[aliases]] of the TOML file [rules.fusion] aliases_file names (relative to the
    charter's directory); its errors name that file."""
    if not isinstance(name, str) or not name.strip():
        raise reader.fail("rules.fusion.aliases_file", "must name a TOML file of [[aliases]]")
    path = charter.parent / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise reader.fail(
            "rules.fusion.aliases_file", f"cannot read {path}: {exc.strerror}"
        ) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CharterInvalid(f"{path}: not valid TOML: {exc}") from exc
    unknown = sorted(set(data) - {"aliases"})
    if unknown:
        raise CharterInvalid(f"{path}: {unknown[0]}: a file of aliases holds [[aliases]] only")
    return _aliases(_Reader(path, text), data.get("aliases", []))


def _distinct_aliases(aliases: list[KnownAlias], path: Path) -> None:
    """No id twice, and no name under two ids of one kind: the coalition would be
    saying one name denotes two things."""
    ids: set[str] = set()
    names: dict[tuple[str, str], str] = {}
    for alias in aliases:
        if alias.id in ids:
            raise CharterInvalid(f"{path}: aliases: {alias.id!r} is listed twice")
        ids.add(alias.id)
        for name in alias.names:
            folded = (alias.kind, " ".join(name.casefold().split()))
            other = names.setdefault(folded, alias.id)
            if other != alias.id:
                raise CharterInvalid(
                    f"{path}: aliases: {name!r} is listed for both {other!r} and {alias.id!r}"
                )
