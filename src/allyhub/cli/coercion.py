"""Option values turned into Python values without pydantic, where that is plain.

typer 0.29 coerces every parameter through a pydantic `TypeAdapter`, built the first
time the parameter is processed, even for a value it then ignores (the root's `--help`
when a subcommand's help is asked): importing pydantic and building the adapters costs
about 80 ms, a quarter of the CLI's start-up budget (issue 15: ≤ 0.3 s).

`PlainCoercion` answers for the values whose result is certain: a string as a `str`, an
integer (or a string of at most 18 ASCII digits, with a minus sign or not) within the
option's bounds as an `int`, a `bool` as itself, a string or path as a `Path` checked by
typer's own `coerce_cli_path`. Every other value, and every value that fails, goes to
typer's own coercion, so results and messages stay typer's: tests/unit/cli/test_coercion.py
holds the two to the same answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, get_origin

from typer._click import Context
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import _TyperParameter

_INTEGER = re.compile(r"-?[0-9]{1,18}")
"""An integer pydantic reads as Python's `int()` does (it also takes ` 1_000 `, `+1`,
`1.0`: those go to typer)."""


class _Declined:
    """The plain path has no certain answer for this value."""


_DECLINED = _Declined()


@dataclass(frozen=True)
class PlainCoercion(RuntimeParam):
    """A parameter's coercion: the plain answer when there is one, else typer's."""

    descriptor: TypeDescriptor

    @cached_property
    def fallback(self) -> RuntimeParam:
        """typer's own coercion (a pydantic adapter), built the first time it is needed."""
        return build_runtime_param(self.descriptor)

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        try:
            plain = self._plain(value, param, ctx)
        except Exception:  # typer's coercion says what is wrong, in its own words
            plain = _DECLINED
        if not isinstance(plain, _Declined):
            return plain
        return self.fallback._coerce_value(value, param=param, ctx=ctx)

    def _plain(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        annotation, info = self.annotation, self.parameter_info
        if annotation is str:
            return value if type(value) is str else _DECLINED
        if annotation is bool:
            return value if type(value) is bool else _DECLINED
        if annotation is int and not info.clamp:
            return _bounded(_integer(value), info.min, info.max)
        if annotation is Path and info.path_type is None:
            if type(value) is str:
                value = Path(value)
            if not isinstance(value, Path):
                return _DECLINED
            return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
        return _DECLINED


def _integer(value: Any) -> int | _Declined:
    if type(value) is int:
        return value
    if type(value) is str and _INTEGER.fullmatch(value):
        return int(value)
    return _DECLINED


def _bounded(number: int | _Declined, low: float | None, high: float | None) -> Any:
    if isinstance(number, _Declined):
        return number
    if (low is not None and number < low) or (high is not None and number > high):
        return _DECLINED  # typer's message names the bound
    return number


def plain_coercion(param: _TyperParameter) -> None:
    """Give a parameter the plain coercion, when typer would build a pydantic adapter for
    it (not for files, lists, tuples, custom parsers: those keep typer's)."""
    descriptor = param.type_descriptor
    plain = (
        descriptor.file_annotation is None
        and get_origin(descriptor.annotation) is None
        and descriptor.parameter_info.parser is None
    )
    if plain and param._runtime_param is None:
        param._runtime_param = PlainCoercion(
            parameter_info=descriptor.parameter_info,
            annotation=descriptor.annotation,
            descriptor=descriptor,
        )
