from typer.testing import CliRunner

from allyhub import __version__
from allyhub.cli.main import app


def test_cli_version_prints_the_package_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output
