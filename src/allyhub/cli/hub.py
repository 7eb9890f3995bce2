"""`allyhub hub`: this hub's own identity, as the charter pins it."""

from __future__ import annotations

import typer

from allyhub.cli.options import CharterOption, DataDirOption, HubOption, build_settings
from allyhub.composition import hub_signing_key, public_key_text
from allyhub.errors import SettingsInvalid

app = typer.Typer(help="This hub's own identity.", no_args_is_help=True)


@app.command("key")
def key(
    charter: str = CharterOption,
    hub: str = HubOption,
    data_dir: str = DataDirOption,
) -> None:
    """Print this hub's Ed25519 public key as a charter line (made on first use).

    Put the line in this hub's [[hubs]] table of the charter every hub uses: peers store
    what this hub originates only under seals they can check with the key pinned there.
    """
    settings = build_settings(charter=charter, hub=hub, data_dir=data_dir)
    if not settings.hub:
        raise SettingsInvalid("hub: say which hub this is with --hub or ALLYHUB_HUB")
    typer.echo(f'public_key = "{public_key_text(hub_signing_key(settings))}"')
