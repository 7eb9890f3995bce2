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
