"""`allyhub member`: governance acts of a member's liaison, over the hub's HTTP API."""

from __future__ import annotations

from typing import Any

import typer

from allyhub.charter import Tier
from allyhub.cli.options import KeyOption, UrlOption, UserOption
from allyhub.cli.output import JsonOption, print_json, show_rows
from allyhub.client import ApiClient
from allyhub.policy import MotionKind

app = typer.Typer(
    help="Governance: members, motions, votes, invitations, denies.", no_args_is_help=True
)


def _call(
    url: str, user: str | None, key: str, method: str, path: str, body: dict[str, Any] | None = None
) -> Any:
    with ApiClient(url, user=user, key=key) as client:
        return client.call(method, path, body)


def _print_motion(motion: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(motion)
        return
    votes = ", ".join(f"{m}:{v}" for m, v in sorted(motion["votes"].items())) or "none"
    typer.echo(
        f"{motion['id']}  {motion['kind']} {motion['subject']}  {motion['status']}  "
        f"(needs {motion['needed']} of {len(motion['eligible'])}; votes {votes})"
    )


@app.command("list")
def list_members(
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Members, their tier and standing."""
    found = _call(url, user, key, "GET", "/members")
    show_rows(found, ("id", "name", "tier", "standing", "since"), as_json)


@app.command("motions")
def motions(
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Motions and their votes."""
    found = _call(url, user, key, "GET", "/motions")
    if as_json:
        print_json(found)
        return
    for motion in found:
        _print_motion(motion, False)


def _propose(
    kind: MotionKind,
    subject: str,
    url: str,
    user: str | None,
    key: str,
    as_json: bool,
    **extra: Any,
) -> None:
    body = {"kind": kind.value, "subject": subject, **extra}
    _print_motion(_call(url, user, key, "POST", "/motions", body), as_json)


@app.command("invite")
def invite(
    subject: str = typer.Argument(..., help="Id for the invited organization, e.g. us."),
    name: str = typer.Option(..., "--name", help="The organization's name."),
    tier: Tier = typer.Option(Tier.ASSOCIATE, "--tier", help="Tier it would join at."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Propose admitting an organization; full members vote, then it accepts or declines."""
    _propose(MotionKind.ADMIT, subject, url, user, key, as_json, name=name, tier=tier.value)


@app.command("suspend")
def suspend(
    subject: str = typer.Argument(..., help="Member to suspend."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Propose suspending a member (it sees nothing shared after the motion passes)."""
    _propose(MotionKind.SUSPEND, subject, url, user, key, as_json)


@app.command("reinstate")
def reinstate(
    subject: str = typer.Argument(..., help="Suspended member to reinstate."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Propose reinstating a suspended member."""
    _propose(MotionKind.REINSTATE, subject, url, user, key, as_json)


@app.command("expel")
def expel(
    subject: str = typer.Argument(..., help="Member to expel."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Propose expelling a member (it sees nothing at all once the motion passes)."""
    _propose(MotionKind.EXPEL, subject, url, user, key, as_json)


@app.command("vote")
def vote(
    motion: str = typer.Argument(..., help="Motion id."),
    choice: str = typer.Argument(..., help="yes or no."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Vote on a motion (full members' liaisons)."""
    if choice not in ("yes", "no"):
        raise typer.BadParameter("vote yes or no")
    found = _call(url, user, key, "POST", f"/motions/{motion}/votes", {"vote": choice})
    _print_motion(found, as_json)


@app.command("accept")
def accept(
    motion: str = typer.Argument(..., help="The invitation's motion id."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Accept an invitation (the invitee's liaison)."""
    found = _call(url, user, key, "POST", f"/motions/{motion}/response", {"response": "accept"})
    _print_motion(found, as_json)


@app.command("decline")
def decline(
    motion: str = typer.Argument(..., help="The invitation's motion id."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Decline an invitation (the invitee's liaison); the decline is recorded."""
    found = _call(url, user, key, "POST", f"/motions/{motion}/response", {"response": "decline"})
    _print_motion(found, as_json)


def _done(text: str, as_json: bool, **fields: str) -> None:
    if as_json:
        print_json({"done": text, **fields})
    else:
        typer.echo(text)


@app.command("withdraw")
def withdraw(
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Withdraw your member from the coalition (it then sees nothing)."""
    _call(url, user, key, "POST", "/withdrawal")
    _done("withdrawn", as_json)


@app.command("deny")
def deny(
    member: str = typer.Argument(..., help="Member your later shares will skip."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Skip a member in your future shares (what it saw before stays visible)."""
    _call(url, user, key, "PUT", f"/denies/{member}")
    _done(f"your later shares skip {member}", as_json, member=member, deny="on")


@app.command("allow")
def allow(
    member: str = typer.Argument(..., help="Member to stop skipping."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Stop skipping a member in your future shares."""
    _call(url, user, key, "DELETE", f"/denies/{member}")
    _done(f"your later shares include {member} again", as_json, member=member, deny="off")
