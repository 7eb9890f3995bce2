"""Charter files: the examples load, and mistakes are named by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from allyhub.charter import Tier, Tlp, VoteRule, load_charter, parse_charter
from allyhub.errors import CharterInvalid

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

MINIMAL = """\
[coalition]
id = "c"
name = "C"

[[members]]
id = "a"
name = "A"
tier = "full"

[[hubs]]
id = "h"
url = "http://127.0.0.1:9000"
operator = "a"
hosts = ["a"]
"""


def test_rsii_models_the_seed() -> None:
    charter = load_charter(EXAMPLES / "rsii.toml")
    tiers = {m.id: m.tier for m in charter.members}
    assert tiers == {
        "ru": Tier.FULL,
        "sy": Tier.FULL,
        "ir": Tier.FULL,
        "iq": Tier.FULL,
        "hz": Tier.ASSOCIATE,
    }
    assert {h.place for h in charter.hubs} == {"Damascus, Syria", "Baghdad, Iraq"}
    assert charter.rules.admission.rule is VoteRule.UNANIMITY
    assert charter.rules.default_marking is Tlp.AMBER
    syria = charter.member("sy")
    assert syria is not None
    assert (syria.capabilities, syria.regions, syria.areas) == (
        ("ground", "human", "open-sources"),
        ("SY",),
        ("SY",),
    )


def test_every_example_charter_loads() -> None:
    for path in EXAMPLES.glob("*.toml"):
        assert load_charter(path).members


def test_derived_ids_are_stable_uuid4_shaped() -> None:
    one, two = parse_charter(MINIMAL), parse_charter(MINIMAL)
    assert one.collections[0].id == two.collections[0].id
    assert one.collections[0].id[14] == "4"
    assert one.members[0].identity.startswith("identity--")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            ('tier = "full"', 'tier = "boss"'), "x.toml:8: members[0].tier", id="bad-tier"
        ),
        pytest.param(
            ('hosts = ["a"]', 'hosts = ["zz"]'), "x.toml:14: hubs[0].hosts", id="unknown-host"
        ),
        pytest.param(('url = "http', 'url = "ftp'), "x.toml:12: hubs[0].url", id="bad-url"),
        pytest.param(('id = "c"', 'id = "C C"'), "x.toml:2: coalition.id", id="bad-coalition-id"),
        pytest.param(('tier = "full"', 'tier = "invitee"'), "governance", id="invitee-in-file"),
        pytest.param(
            ('tier = "full"', 'tier = "full"\nareas = ["Syria"]'),
            "x.toml:9: members[0].areas: 'Syria' is not a country code",
            id="area-not-a-country-code",
        ),
    ],
)
def test_mistakes_name_file_line_and_field(change: tuple[str, str], message: str) -> None:
    text = MINIMAL.replace(*change)
    with pytest.raises(CharterInvalid) as caught:
        parse_charter(text, Path("x.toml"))
    assert message in str(caught.value)


def test_vote_rules_and_fractions() -> None:
    text = MINIMAL + '\n[rules]\nadmission = "2/3"\nsuspension = "majority"\n'
    rules = parse_charter(text).rules
    assert rules.admission.needed(4) == 3 and rules.admission.needed(3) == 2
    assert rules.suspension.needed(4) == 3
    with pytest.raises(CharterInvalid, match="rules.admission"):
        parse_charter(MINIMAL + '\n[rules]\nadmission = "most"\n')


def test_red_default_marking_is_refused() -> None:
    with pytest.raises(CharterInvalid, match="default_marking"):
        parse_charter(MINIMAL + '\n[rules]\ndefault_marking = "red"\n')


ALIASES = """
[[aliases]]
id = "al-baghdadi"
kind = "person"
names = ["Abu Bakr al-Baghdadi", "Ibrahim Awad Ibrahim al-Badri"]
source = "https://en.wikipedia.org/wiki/Abu_Bakr_al-Baghdadi"
"""


def test_aliases_are_read_from_the_charter_and_from_its_file(tmp_path: Path) -> None:
    (tmp_path / "aliases.toml").write_text(
        '[[aliases]]\nid = "tanzim"\nkind = "organization"\n'
        'names = ["Tanzim al-Dawla", "Daesh"]\nsource = "liaison note 12"\n'
    )
    charter = tmp_path / "c.toml"
    charter.write_text(MINIMAL + ALIASES + '\n[rules.fusion]\naliases_file = "aliases.toml"\n')
    aliases = load_charter(charter).aliases
    assert [(a.id, a.kind, a.names, a.source) for a in aliases] == [
        (
            "al-baghdadi",
            "person",
            ("Abu Bakr al-Baghdadi", "Ibrahim Awad Ibrahim al-Badri"),
            "https://en.wikipedia.org/wiki/Abu_Bakr_al-Baghdadi",
        ),
        ("tanzim", "organization", ("Tanzim al-Dawla", "Daesh"), "liaison note 12"),
    ]
    assert parse_charter(MINIMAL).aliases == ()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            ('kind = "person"', 'kind = "threat-actor"'),
            "x.toml:18: aliases[0].kind: 'threat-actor': use person, organization or location",
            id="kind",
        ),
        pytest.param(
            ('source = "https://en.wikipedia.org/wiki/Abu_Bakr_al-Baghdadi"', 'source = " "'),
            "x.toml:20: aliases[0].source: say where",
            id="no-source",
        ),
        pytest.param(
            (', "Ibrahim Awad Ibrahim al-Badri"', ""),
            "x.toml:19: aliases[0].names: list two or more",
            id="one-name",
        ),
        pytest.param(
            ('id = "al-baghdadi"', 'id = "Al Baghdadi"'), "x.toml:17: aliases[0].id", id="id"
        ),
        pytest.param(
            ("source =", 'sources = "x"\nsource ='),
            "aliases[0].sources: use id, kind, names and source",
            id="unknown-key",
        ),
    ],
)
def test_alias_mistakes_name_file_line_and_field(change: tuple[str, str], message: str) -> None:
    with pytest.raises(CharterInvalid) as caught:
        parse_charter(MINIMAL + ALIASES.replace(*change), Path("x.toml"))
    assert message in str(caught.value)


def test_a_name_listed_for_two_things_is_refused() -> None:
    twice = ALIASES + ALIASES.replace('id = "al-baghdadi"', 'id = "other"')
    with pytest.raises(CharterInvalid, match="'Abu Bakr al-Baghdadi' is listed for both"):
        parse_charter(MINIMAL + twice, Path("x.toml"))
    with pytest.raises(CharterInvalid, match="'al-baghdadi' is listed twice"):
        parse_charter(MINIMAL + ALIASES + ALIASES, Path("x.toml"))


def test_a_missing_or_broken_aliases_file_is_named(tmp_path: Path) -> None:
    charter = tmp_path / "c.toml"
    charter.write_text(MINIMAL + '\n[rules.fusion]\naliases_file = "nowhere.toml"\n')
    with pytest.raises(CharterInvalid, match=r"rules.fusion.aliases_file: cannot read .*nowhere"):
        load_charter(charter)
    (tmp_path / "bad.toml").write_text('[[aliases]]\nid = "x"\nkind = "place"\n')
    charter.write_text(MINIMAL + '\n[rules.fusion]\naliases_file = "bad.toml"\n')
    with pytest.raises(CharterInvalid, match=r"bad.toml:3: aliases\[0\].kind"):
        load_charter(charter)
    charter.write_text(MINIMAL + '\n[rules.fusion]\naliases = "bad.toml"\n')
    with pytest.raises(
        CharterInvalid, match="rules.fusion.aliases: use link, review or aliases_file"
    ):
        load_charter(charter)
