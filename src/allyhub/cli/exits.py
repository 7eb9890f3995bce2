"""Exit codes of every command, and the one place errors become a line and a code.

    0  done
    1  refused: the hub or the data said no (not permitted, not found, invalid objects,
       rejected shares, an audit trail that does not verify, a key refused)
    2  usage: the command line or a setting is wrong (unknown option, bad value, missing
       file, bad charter)
    3  cannot reach or open: the hub, a peer or the database did not answer, the port is
       taken, a file cannot be written

No user error prints a traceback: each prints one line, `allyhub: <what went wrong>`, on
standard error (docs/cli.md lists the codes too).
"""

from __future__ import annotations

from allyhub import errors

DONE = 0
REFUSED = 1
USAGE = 2
UNREACHABLE = 3

_REFUSED = "refused: not permitted, not found, invalid or rejected objects, a failed audit"
_USAGE = "usage: a wrong option, value, setting, charter, or a missing input file"
_UNREACHABLE = "cannot reach or open: the hub, a peer or the database, a taken port"
EXIT_CODES = ((DONE, "done"), (REFUSED, _REFUSED), (USAGE, _USAGE), (UNREACHABLE, _UNREACHABLE))

CODES: dict[type[BaseException], int] = {
    errors.SettingsInvalid: USAGE,
    errors.CharterInvalid: USAGE,
    errors.StoreError: UNREACHABLE,
    errors.PeerUnavailable: UNREACHABLE,
    errors.NotAuthenticated: REFUSED,
    errors.Throttled: REFUSED,
    errors.NotPermitted: REFUSED,
    errors.NotFound: REFUSED,
    errors.InvalidRequest: REFUSED,
    errors.UnsupportedMediaType: REFUSED,
    errors.NotAcceptable: REFUSED,
    errors.TooLarge: REFUSED,
    errors.AllyhubError: REFUSED,
}
"""One row per class of errors.py (tests/unit/test_errors.py holds it to the tree)."""


def exit_code(exc: BaseException) -> int:
    """The exit code for an error, by the nearest class in the table (1 for the rest)."""
    for cls in type(exc).__mro__:
        if cls in CODES:
            return CODES[cls]
    if isinstance(exc, FileNotFoundError | IsADirectoryError | NotADirectoryError):
        return USAGE
    if isinstance(exc, OSError):
        return UNREACHABLE
    return REFUSED


def one_line(exc: BaseException) -> str:
    """What a person reads: the error's own message, the file it concerns for OS errors."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror.lower()}"
    return " ".join(str(exc).split()) or exc.__class__.__name__
