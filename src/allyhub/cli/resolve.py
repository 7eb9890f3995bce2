"""`allyhub resolve`: compare names across scripts from the command line.

`pairs` scores JSON lines from standard input, one answer line per input line, so that
other tools (and the evaluation) can pipe names through; `explain` shows the keys and
the alignment behind one verdict. With a charter (``--charter`` or ALLYHUB_CHARTER) both
score as its hubs do: with its aliases and its bands.
"""

from __future__ import annotations

import json
import os
import sys
from typing import get_args

import typer

from allyhub.charter import Bands, load_charter
from allyhub.cli.options import CharterOption
from allyhub.cli.output import JsonOption, print_json
from allyhub.errors import CharterInvalid
from allyhub.fusion import KINDS, Kind, KnownTables, acronym_of, initials_of, name_keys, score

app = typer.Typer(help="Resolve names across scripts: same entity or not, and why.")

_KIND_HELP = "Entity kind: " + ", ".join(KINDS) + "."


def _kind(value: str) -> Kind:
    if value not in get_args(Kind):
        raise typer.BadParameter(f"unknown kind {value!r}; expected one of {', '.join(KINDS)}")
    return value  # type: ignore[return-value]


def _charter(path: str | None) -> tuple[Bands, KnownTables]:
    """The bands and tables a charter's hubs score with; the defaults without one."""
    path = path or os.environ.get("ALLYHUB_CHARTER")
    if not path:
        return Bands(), KnownTables()
    try:
        charter = load_charter(path)
    except CharterInvalid as exc:
        raise typer.BadParameter(str(exc), param_hint="--charter") from None
    return charter.rules.bands, KnownTables(charter.aliases)


@app.command()
def pairs(charter: str = CharterOption) -> None:
    """Read {"a", "b", "kind"} JSON lines on stdin; write {"score", "same", "why"} lines.

    "same" is true when the pair falls in the link band. A line that cannot be read gets
    {"error": ...} in its place, so answers stay aligned with questions.
    """
    bands, known = _charter(charter)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            a, b = str(item["a"]), str(item["b"])
            kind = _kind(str(item.get("kind", "identity")))
        except (ValueError, KeyError, TypeError, typer.BadParameter) as exc:
            typer.echo(json.dumps({"error": f"bad input line: {exc}"}, ensure_ascii=False))
            continue
        match = score(a, b, kind, bands, known)
        answer = {"score": round(match.score, 4), "same": match.band == "link", "why": match.why}
        typer.echo(json.dumps(answer, ensure_ascii=False))


@app.command()
def explain(
    a: str = typer.Argument(..., help="First name."),
    b: str = typer.Argument(..., help="Second name."),
    kind: str = typer.Option("identity", "--kind", "-k", help=_KIND_HELP),
    charter: str = CharterOption,
    as_json: bool = JsonOption,
) -> None:
    """Show both names' keys and how they were aligned and scored."""
    checked = _kind(kind)
    bands, known = _charter(charter)
    match = score(a, b, checked, bands, known)
    if as_json:
        names = []
        for name in (a, b):
            keys = name_keys(name, checked)
            names.append(
                {
                    "name": name,
                    "scripts": list(keys.scripts),
                    "folded": list(keys.folded),
                    "romanizations": list(keys.romanizations),
                    "skeletons": list(keys.skeletons),
                    "block_keys": sorted(keys.block_keys),
                }
            )
        verdict = {"band": match.band, "score": round(match.score, 4), "why": match.why}
        print_json({**verdict, "names": names})
        return
    typer.echo(f"{match.band}  score {match.score:.3f}")
    typer.echo(match.why)
    for name in (a, b):
        keys = name_keys(name, checked)
        typer.echo("")
        typer.echo(f"{name}")
        typer.echo(f"  scripts       {', '.join(keys.scripts) or '-'}")
        typer.echo(f"  folded        {' | '.join(keys.folded)}")
        typer.echo(f"  romanizations {' | '.join(keys.romanizations)}")
        typer.echo(f"  skeletons     {' '.join(keys.skeletons) or '-'}")
        acronym = acronym_of(name, checked)
        if acronym is not None:
            typer.echo(f"  acronym       {acronym.letters} ({acronym.script})")
        for words in initials_of(name, checked)[:2]:
            typer.echo(f"  initials      {'-'.join(w.letter for w in words)}")
        typer.echo(f"  block keys    {' '.join(sorted(keys.block_keys))}")
