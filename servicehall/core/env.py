"""Settings from environment variables, through helpers that fail loudly (环境变量)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar, overload

_N = TypeVar("_N", int, float)


class ConfigError(RuntimeError):
    """An environment variable holds a value the settings cannot use."""


@overload
def env_str(name: str, default: str) -> str: ...
@overload
def env_str(name: str, default: None = None) -> str | None: ...
def env_str(name: str, default: str | None = None) -> str | None:
    """The variable's text; ``default`` when it is unset or empty."""
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    """True for 1/true/yes/on, False for 0/false/no/off; anything else stops the start-up."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={value!r}: expected true/false")


def _converted(name: str, default: _N, convert: Callable[[str], _N], what: str) -> _N:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return convert(value)
    except ValueError as exc:
        raise ConfigError(f"{name}={value!r}: expected {what}") from exc


def env_int(name: str, default: int) -> int:
    """An integer, or a start-up that fails naming the variable."""
    return _converted(name, default, int, "an integer")


def env_float(name: str, default: float) -> float:
    """A number, or a start-up that fails naming the variable."""
    return _converted(name, default, float, "a number")


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list, blanks dropped."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [part.strip() for part in value.split(",") if part.strip()]
