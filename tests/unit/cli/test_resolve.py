"""`allyhub resolve pairs` and `allyhub resolve explain` through typer's CliRunner."""

import json
from pathlib import Path

from typer.testing import CliRunner

from allyhub.cli.main import app


def test_resolve_pairs_answers_one_line_per_input_line():
    lines = [
        {"a": "卡西姆·蘇雷曼尼", "b": "Qasem Soleimani", "kind": "person"},
        {"a": "Hama", "b": "Homs", "kind": "location"},
        {"a": "Hezbollah", "b": "Kata'ib Hezbollah", "kind": "organization"},
    ]
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    result = CliRunner().invoke(app, ["resolve", "pairs"], input=stdin)
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert [a["same"] for a in answers] == [True, False, False]
    assert all(0.0 <= a["score"] <= 1.0 for a in answers)
    assert "Kata'ib" in answers[2]["why"]


def test_resolve_pairs_reports_a_bad_line_in_its_place():
    stdin = 'not json\n{"a": "Damascus", "b": "دمشق", "kind": "location"}\n'
    result = CliRunner().invoke(app, ["resolve", "pairs"], input=stdin)
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert "error" in answers[0]
    assert answers[1]["same"] is True


def test_resolve_pairs_rejects_an_unknown_kind_per_line():
    stdin = '{"a": "x", "b": "y", "kind": "planet"}\n'
    result = CliRunner().invoke(app, ["resolve", "pairs"], input=stdin)
    assert "unknown kind" in json.loads(result.output)["error"]


def test_resolve_explain_shows_keys_and_alignment():
    result = CliRunner().invoke(
        app, ["resolve", "explain", "Damascus", "大马士革", "--kind", "location"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("link")
    assert "skeletons" in result.output
    assert "da-ma-shi-ge" in result.output


def test_resolve_explain_shows_an_acronym_and_the_initials_it_writes():
    result = CliRunner().invoke(
        app, ["resolve", "explain", "ВОЗ", "World Health Organization", "-k", "organization"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("link")
    assert "acronym       воз (Cyrillic)" in result.output
    assert "initials      w-h-o" in result.output


def test_resolve_pairs_links_an_acronym_and_translated_kind_words():
    lines = [
        # Not a known name (the SDF's قسد is: it would be explained by the table).
        {
            "a": "ОДКБ",
            "b": "Организация Договора о коллективной безопасности",
            "kind": "organization",
        },
        {"a": "Damascus International Airport", "b": "مطار دمشق الدولي", "kind": "location"},
        {"a": "Damascus Airport", "b": "Baghdad Airport", "kind": "location"},
    ]
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    result = CliRunner().invoke(app, ["resolve", "pairs"], input=stdin)
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert [a["same"] for a in answers] == [True, True, False]
    assert "acronym" in answers[0]["why"]


def test_resolve_scores_with_a_charters_aliases(tmp_path):
    """The seed's charter lists al-Baghdadi's birth name among his names."""
    charter = Path(__file__).resolve().parents[3] / "examples" / "rsii.toml"
    stdin = (
        '{"a": "Ibrahim Awad Ibrahim al-Badri", "b": "Абу Бакр аль-Багдади", "kind": "person"}\n'
    )
    plain = CliRunner().invoke(app, ["resolve", "pairs"], input=stdin, env={"ALLYHUB_CHARTER": ""})
    assert json.loads(plain.output)["same"] is False
    listed = CliRunner().invoke(app, ["resolve", "pairs", "--charter", str(charter)], input=stdin)
    answer = json.loads(listed.output)
    assert answer["same"] is True and "Abu_Bakr_al-Baghdadi" in answer["why"]
    explained = CliRunner().invoke(
        app,
        [
            "resolve",
            "explain",
            "Abu Bakr al-Baghdadi",
            "Ibrahim Awad Ibrahim al-Badri",
            "-k",
            "person",
        ],
        env={"ALLYHUB_CHARTER": str(charter)},
    )
    assert explained.output.startswith("link"), explained.output
    broken = CliRunner().invoke(
        app, ["resolve", "pairs", "--charter", str(tmp_path / "none.toml")], input=stdin
    )
    assert broken.exit_code == 2 and "cannot read the charter" in broken.output
