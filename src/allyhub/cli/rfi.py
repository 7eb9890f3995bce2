"""`allyhub rfi`: requests for information over the hub's HTTP API."""

from __future__ import annotations

from typing import Any

import typer

from allyhub.cli.options import KeyOption, UrlOption, UserOption
from allyhub.cli.output import JsonOption, print_json, show_rows
from allyhub.client import ApiClient
from allyhub.rfi import Priority, RfiStatus

app = typer.Typer(
    help="Requests for information: ask, route, accept, decline, answer, close; queue, "
    "board, coverage; capabilities and standing requirements (PIRs).",
    no_args_is_help=True,
)

TlpOption = typer.Option(
    None, "--tlp", help="clear, green, amber, amber+strict or red (default: the charter's)."
)
ReleaseOption = typer.Option(
    [], "--release", "-r", help="A member it is released to (repeat); you always are."
)
RegionOption = typer.Option(
    [], "--region", help="ISO country code (SY) or id of a location you may see (repeat)."
)
TopicOption = typer.Option([], "--topic", help="Id of an entity you may see (repeat).")
DisciplineOption = typer.Option(
    [], "--discipline", help="open-sources, human, signals, imagery, liaison... (repeat)."
)
DomainOption = typer.Option([], "--domain", help="air, ground, maritime, cyber (repeat).")
CommentOption = typer.Option("", "--comment", help="A word for the requester.")


def _call(
    url: str, user: str | None, key: str, method: str, path: str, body: dict[str, Any] | None = None
) -> Any:
    with ApiClient(url, user=user, key=key) as client:
        return client.call(method, path, body)


def _hours(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    sign = "-" if seconds < 0 else ""
    return f"{sign}{abs(seconds) // 3600}h{abs(seconds) % 3600 // 60:02d}"


def _print_rfi(rfi: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(rfi)
        return
    tasked = ", ".join(f"{t['member']}:{t['state']}" for t in rfi["taskings"]) or "nobody"
    typer.echo(f"{rfi['id']}  {rfi['status']}  {rfi['priority']}  by {rfi['requester']}")
    typer.echo(f"  {rfi['question']}")
    regions = ", ".join(r["label"] for r in rfi["regions"]) or "-"
    typer.echo(f"  deadline {rfi['deadline'] or '-'}; regions {regions}; tasked {tasked}")
    for tasking in rfi["taskings"]:
        if tasking["answer_refs"]:
            typer.echo(f"  answer by {tasking['member']}: {', '.join(tasking['answer_refs'])}")
        if tasking["comment"]:
            typer.echo(f"  {tasking['member']} says: {tasking['comment']}")
    if rfi["resolution"]:
        typer.echo(f"  resolution: {rfi['resolution']}")


@app.command("ask")
def ask(
    question: str = typer.Argument(..., help="What you need to know."),
    priority: Priority = typer.Option(Priority.MEDIUM, "--priority", help="How urgent."),
    deadline: str = typer.Option(None, "--deadline", help="RFC 3339 timestamp."),
    within: str = typer.Option(
        None, "--within", help="Or a time from now: 36h, 3d (default: by priority)."
    ),
    region: list[str] = RegionOption,
    topic: list[str] = TopicOption,
    discipline: list[str] = DisciplineOption,
    domain: list[str] = DomainOption,
    requirement: str = typer.Option("", "--requirement", help="The PIR it serves (its id)."),
    task: list[str] = typer.Option([], "--task", help="A member to task at once (repeat)."),
    tlp: str = TlpOption,
    release: list[str] = ReleaseOption,
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Ask a request for information (it is marked like any object: asking can be sensitive)."""
    body = {
        "question": question,
        "priority": priority.value,
        "deadline": deadline,
        "within": within,
        "regions": region,
        "topics": topic,
        "disciplines": discipline,
        "domains": domain,
        "requirement": requirement,
        "task": task,
        "tlp": tlp,
        "release_to": release,
    }
    _print_rfi(_call(url, user, key, "POST", "/rfis", body), as_json)


@app.command("list")
def list_rfis(
    status: RfiStatus = typer.Option(None, "--status", help="Only requests in this state."),
    mine: bool = typer.Option(False, "--mine", help="Only those you asked or are tasked on."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Requests you may see, most urgent first."""
    query = "?mine=true" if mine else "?mine=false"
    if status is not None:
        query += f"&status={status.value}"
    found = _call(url, user, key, "GET", "/rfis" + query)
    if as_json:
        print_json(found)
        return
    rows = [
        {
            **rfi,
            "by": rfi["requester"],
            "tasked": [f"{t['member']}:{t['state']}" for t in rfi["taskings"]],
        }
        for rfi in found
    ]
    show_rows(rows, ("id", "status", "priority", "by", "deadline", "tasked", "question"), False)


@app.command("show")
def show(
    rfi: str = typer.Argument(..., help="Request id."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """One request, its tasked members and their answers."""
    _print_rfi(_call(url, user, key, "GET", f"/rfis/{rfi}"), as_json)


@app.command("suggest")
def suggest(
    rfi: str = typer.Argument(..., help="Request id."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Members the hub proposes to task, with their scores and reasons."""
    routing = _call(url, user, key, "GET", f"/rfis/{rfi}/suggestions")
    if as_json:
        print_json(routing)
        return
    for s in routing["suggestions"]:
        flags = " ".join(
            word
            for word, on in (
                ("proposed", s["proposed"]),
                ("tasked", s["tasked"]),
                ("not-released", not s["may_see"]),
            )
            if on
        )
        typer.echo(f"{s['member']:4} {s['score']:.2f} {flags}  {'; '.join(s['reasons'])}")


@app.command("route")
def route(
    rfi: str = typer.Argument(..., help="Request id."),
    members: list[str] = typer.Argument(..., help="Members to task."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Task members (the requester); each must be able to see the request."""
    _print_rfi(_call(url, user, key, "POST", f"/rfis/{rfi}/tasking", {"members": members}), as_json)


def _respond(
    rfi: str,
    response: str,
    refs: list[str],
    comment: str,
    url: str,
    user: str | None,
    key: str,
    as_json: bool,
) -> None:
    body = {"response": response, "answer_refs": refs, "comment": comment}
    _print_rfi(_call(url, user, key, "POST", f"/rfis/{rfi}/response", body), as_json)


@app.command("accept")
def accept(
    rfi: str = typer.Argument(..., help="Request id."),
    comment: str = CommentOption,
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Accept a request your member is tasked on."""
    _respond(rfi, "accepted", [], comment, url, user, key, as_json)


@app.command("decline")
def decline(
    rfi: str = typer.Argument(..., help="Request id."),
    comment: str = CommentOption,
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Decline a request your member is tasked on."""
    _respond(rfi, "declined", [], comment, url, user, key, as_json)


@app.command("answer")
def answer(
    rfi: str = typer.Argument(..., help="Request id."),
    refs: list[str] = typer.Argument(..., help="Ids of your shared reports, sightings, notes."),
    comment: str = CommentOption,
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Answer with links to what your member shared (the requester must be able to see it)."""
    _respond(rfi, "answered", refs, comment, url, user, key, as_json)


@app.command("close")
def close(
    rfi: str = typer.Argument(..., help="Request id."),
    satisfied: bool = typer.Option(False, "--satisfied", help="The answers met the need."),
    resolution: str = typer.Option("", "--resolution", help="Why it ends."),
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """End your request: satisfied by its answers, or closed."""
    body = {"outcome": "satisfied" if satisfied else "closed", "resolution": resolution}
    _print_rfi(_call(url, user, key, "POST", f"/rfis/{rfi}/closure", body), as_json)


@app.command("queue")
def queue(
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """What waits on your member: requests to accept or answer, and your own to decide."""
    found = _call(url, user, key, "GET", "/rfis/queue")
    if as_json:
        print_json(found)
        return
    for title, items in (("tasked on", found["tasked"]), ("asked by", found["asked"])):
        typer.echo(f"{title} {found['member']}: {len(items)}")
        for item in items:
            card = item["card"]
            typer.echo(
                f"  {card['id']}  {card['priority']}  due in {_hours(card['due_in_seconds'])}  "
                f"{item['action']}: {card['question']}"
            )


@app.command("board")
def board(
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Every request you may see, by state."""
    found = _call(url, user, key, "GET", "/rfis/board")
    if as_json:
        print_json(found)
        return
    for column in found["columns"]:
        typer.echo(f"{column['status']} ({len(column['cards'])})")
        for card in column["cards"]:
            mark = "*" if card["yours"] or card["your_task"] else " "
            typer.echo(f" {mark} {card['id']}  {card['priority']}  {card['question']}")


@app.command("coverage")
def coverage(
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Gaps no member covers, overdue requests, response times and standing requirements."""
    found = _call(url, user, key, "GET", "/rfis/coverage")
    if as_json:
        print_json(found)
        return
    counts = ", ".join(f"{s} {n}" for s, n in found["by_status"].items() if n) or "none"
    typer.echo(f"requests: {found['total']} ({counts})")
    for gap in found["gaps"]:
        partly = f" (partly: {', '.join(gap['partly'])})" if gap["partly"] else ""
        typer.echo(f"gap {gap['kind']}: {gap['label']}{partly} <- {len(gap['wanted_by'])} asking")
    for late in found["overdue"]:
        typer.echo(
            f"overdue {_hours(late['overdue_seconds'])}: {late['rfi']} by {late['requester']} "
            f"(waiting on {', '.join(late['waiting_on']) or 'nobody'})"
        )
    for t in found["timeliness"]:
        median = _hours(t["median_seconds_to_answer"])
        typer.echo(
            f"{t['member']}: tasked {t['tasked']}, answered {t['answered']}, declined "
            f"{t['declined']}, waiting {t['waiting']}, median time to answer {median}"
        )
    for pir in found["requirements"]:
        typer.echo(
            f"PIR {pir['name']} ({pir['priority']}, {pir['owner']}): {len(pir['rfis'])} RFIs"
        )


@app.command("capabilities")
def capabilities(
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """What each member can collect, where, and its areas of responsibility."""
    found = _call(url, user, key, "GET", "/capabilities")
    if as_json:
        print_json(found)
        return
    rows = [
        {
            **cap,
            "regions": [r["label"] for r in cap["regions"]],
            "areas": [r["label"] for r in cap["areas"]],
            "from": cap["declared"] or "charter",
        }
        for cap in found
    ]
    show_rows(rows, ("member", "disciplines", "domains", "regions", "areas", "from"), False)


@app.command("declare")
def declare(
    discipline: list[str] = DisciplineOption,
    domain: list[str] = DomainOption,
    region: list[str] = RegionOption,
    area: list[str] = typer.Option([], "--area", help="An area of responsibility (repeat)."),
    topic: list[str] = TopicOption,
    description: str = typer.Option("", "--description", help="In a sentence."),
    tlp: str = TlpOption,
    release: list[str] = ReleaseOption,
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Declare your member's capabilities (a liaison); they replace the charter's."""
    body = {
        "disciplines": discipline,
        "domains": domain,
        "regions": region,
        "areas": area,
        "topics": topic,
        "description": description,
        "tlp": tlp,
        "release_to": release,
    }
    _call(url, user, key, "PUT", "/capabilities", body)
    if as_json:
        print_json({"done": "declared", **body})
        return
    typer.echo("declared")


@app.command("pir")
def pir(
    name: str = typer.Argument(..., help="The standing requirement, in a line."),
    priority: Priority = typer.Option(Priority.MEDIUM, "--priority", help="How urgent."),
    description: str = typer.Option("", "--description", help="More words."),
    region: list[str] = RegionOption,
    topic: list[str] = TopicOption,
    tlp: str = TlpOption,
    release: list[str] = ReleaseOption,
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """State a standing intelligence requirement (PIR) that requests can serve."""
    body = {
        "name": name,
        "priority": priority.value,
        "description": description,
        "regions": region,
        "topics": topic,
        "tlp": tlp,
        "release_to": release,
    }
    found = _call(url, user, key, "POST", "/requirements", body)
    if as_json:
        print_json(found)
        return
    typer.echo(f"{found['id']}  {found['priority']}  {found['name']}")


@app.command("pirs")
def pirs(
    url: str = UrlOption,
    user: str = UserOption,
    key: str = KeyOption,
    as_json: bool = JsonOption,
) -> None:
    """Standing intelligence requirements you may see."""
    everything = _call(url, user, key, "GET", "/requirements")
    if as_json:
        print_json(everything)
        return
    for found in everything:
        typer.echo(f"{found['id']}  {found['priority']}  {found['owner']}  {found['name']}")
