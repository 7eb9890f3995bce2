"""The plain coercion gives typer's answers: the same value of the same type, or the same
message, for every value; and it answers the plain ones without building typer's pydantic
adapter (which is why it exists: start-up)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param
from typer.core import TyperCommand, _TyperParameter

from allyhub.cli.coercion import PlainCoercion, plain_coercion


def _options(
    text: str = typer.Option("x", "--text"),
    batch: int = typer.Option(1000, "--batch", min=1),
    count: int = typer.Option(0, "--count"),
    capped: int = typer.Option(5, "--capped", min=1, max=10, clamp=True),
    where: Path = typer.Option(None, "--where"),
    existing: Path = typer.Option(None, "--existing", exists=True, dir_okay=False),
    resolved: Path = typer.Option(None, "--resolved", resolve_path=True),
    flag: bool = typer.Option(False, "--flag"),
    ratio: float = typer.Option(0.5, "--ratio"),
) -> None:
    """A command with one option of each kind the CLI uses."""


def _command() -> TyperCommand:
    app = typer.Typer(add_completion=False)
    app.command()(_options)
    command = typer.main.get_command(app)
    assert isinstance(command, TyperCommand)
    return command


def _param(command: TyperCommand, name: str) -> _TyperParameter:
    found = [p for p in command.params if p.name == name]
    assert len(found) == 1 and isinstance(found[0], _TyperParameter)
    return found[0]


def _answer(coerce: Any, value: Any, param: _TyperParameter, ctx: typer.Context) -> Any:
    """The value and its type, or the message of the error."""
    try:
        result = coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return ("error", exc.format_message())
    return ("value", type(result), result)


def _plain(param: _TyperParameter) -> PlainCoercion:
    descriptor = param.type_descriptor
    return PlainCoercion(
        parameter_info=descriptor.parameter_info,
        annotation=descriptor.annotation,
        descriptor=descriptor,
    )


CASES = [
    pytest.param("text", ["abc", "", "  x ", "-", "1000", "ü"], id="str"),
    pytest.param(
        "batch",
        [1000, 1, "5", "0", "-3", " 7", "1_000", "+4", "1.0", "x", "", "9" * 19, "١٢"],
        id="int-at-least-1",
    ),
    pytest.param("count", [0, "-0", "007", "12", "-12", "9" * 18, "9" * 30, True], id="int"),
    pytest.param("capped", ["0", "5", "11"], id="int-clamped"),
    pytest.param("where", ["a/b", "", "-", ".", Path("a")], id="path"),
    pytest.param("resolved", ["a/../b", "."], id="path-resolved"),
    pytest.param("flag", [True, False, "true", "no", 1], id="bool"),
    pytest.param("ratio", [0.25, "0.5", "x", 1], id="float"),
]


@pytest.mark.parametrize(("name", "values"), CASES)
def test_plain_coercion_answers_as_typer_does(name: str, values: list[Any]) -> None:
    command = _command()
    ctx = typer.Context(command)
    param = _param(command, name)
    typers, plain = build_runtime_param(param.type_descriptor), _plain(param)
    for value in values:
        expected = _answer(typers.coerce, value, param, ctx)
        assert _answer(plain.coerce, value, param, ctx) == expected, value


def test_plain_coercion_checks_paths_as_typer_does(tmp_path: Path) -> None:
    command = _command()
    ctx = typer.Context(command)
    param = _param(command, "existing")
    typers, plain = build_runtime_param(param.type_descriptor), _plain(param)
    afile = tmp_path / "a.json"
    afile.write_text("{}")
    for value in [str(afile), str(tmp_path / "missing.json"), str(tmp_path), afile]:
        expected = _answer(typers.coerce, value, param, ctx)
        assert _answer(plain.coerce, value, param, ctx) == expected, value
    assert _answer(plain.coerce, str(tmp_path), param, ctx)[0] == "error"


@pytest.mark.parametrize(
    ("name", "value"),
    [("text", "abc"), ("batch", "5"), ("batch", 1000), ("count", "-12"), ("where", "a/b")],
)
def test_plain_values_need_no_pydantic_adapter(name: str, value: Any) -> None:
    command = _command()
    param = _param(command, name)
    plain = _plain(param)
    plain.coerce(value, param=param, ctx=typer.Context(command))
    assert "fallback" not in vars(plain)  # typer's adapter was never built


def test_other_values_go_to_typers_adapter() -> None:
    command = _command()
    param = _param(command, "batch")
    plain = _plain(param)
    with pytest.raises(BadParameter):
        plain.coerce("0", param=param, ctx=typer.Context(command))
    assert "fallback" in vars(plain)


def test_plain_coercion_is_given_to_plain_parameters_only() -> None:
    def run(
        name: str = typer.Argument(...),
        many: list[str] = typer.Option([], "--many"),
        parsed: int = typer.Option(0, "--parsed", parser=int),
    ) -> None:
        """Three kinds of parameter."""

    app = typer.Typer(add_completion=False)
    app.command()(run)
    command = typer.main.get_command(app)
    assert isinstance(command, TyperCommand)
    for param in command.params:
        assert isinstance(param, _TyperParameter)
        plain_coercion(param)
    kinds = {p.name: type(p._runtime_param) for p in command.params}  # type: ignore[union-attr]
    assert kinds == {"name": PlainCoercion, "many": type(None), "parsed": type(None)}
