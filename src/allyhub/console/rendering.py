"""Templates and the HTML responses of the console: one Jinja2 environment, its filters,
and the headers every page carries.

Autoescaping is on for every template, and the Content-Security-Policy allows only this
hub's own scripts and styles, so text from a STIX object can never run as code.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from allyhub.charter import Tlp

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def when(micros: int | None) -> str:
    """A hub time (µs) as people read it, in UTC."""
    if micros is None:
        return "—"
    return datetime.fromtimestamp(micros / 1e6, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def day(micros: int | None) -> str:
    if micros is None:
        return ""
    return datetime.fromtimestamp(micros / 1e6, tz=UTC).strftime("%Y-%m-%d")


def span(micros: int | None) -> str:
    """A length of time (µs) in its two largest units: "2 d 3 h", "45 min"."""
    if micros is None:
        return "—"
    sign, left = ("−" if micros < 0 else ""), abs(micros) // 60_000_000
    days, hours, minutes = left // 1440, left // 60 % 24, left % 60
    parts = [f"{days} d"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes and not days else []
    return sign + " ".join(parts[:2]) if parts else "under a minute"


def tlp_label(level: Tlp | int) -> str:
    return f"TLP:{Tlp(level).label.upper()}"


def tlp_class(level: Tlp | int) -> str:
    return "tlp-" + Tlp(level).label.replace("+", "-")


def pretty(value: object) -> str:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("allyhub.console", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        when=when, day=day, span=span, tlp=tlp_label, tlpclass=tlp_class, pretty=pretty
    )
    env.globals.update(TLPS=list(Tlp))
    return env


def html(
    env: Environment, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    return HTMLResponse(
        env.get_template(template).render(context), status_code=status, headers=SECURITY_HEADERS
    )
