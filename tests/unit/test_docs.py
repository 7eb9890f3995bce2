"""Docs are part of the product: every setting has a heading, the CLI reference is current,
and the README gives the two commands."""

from __future__ import annotations

from pathlib import Path

from allyhub.cli.reference import render
from allyhub.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_has_a_heading_in_settings_md() -> None:
    text = (ROOT / "docs" / "settings.md").read_text()
    missing = [f.name for f in SETTINGS if f"## `{f.name}`" not in text]
    assert not missing, f"docs/settings.md lacks {missing}"


def test_cli_reference_is_generated_from_the_commands() -> None:
    current = (ROOT / "docs" / "cli.md").read_text()
    assert current == render(), "run: python -m allyhub.cli.reference > docs/cli.md"


def test_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
