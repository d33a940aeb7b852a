"""Settings from environment variables, through helpers that fail loudly (环境变量)."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
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


def installation_secret(path: Path) -> str:
    """A random secret made once for this installation and kept in ``path`` (mode 0600)."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(50)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process is making it: use theirs once written
        for _ in range(50):
            if found := path.read_text(encoding="ascii").strip():
                return found
            time.sleep(0.1)
        raise ConfigError(f"{path} is empty: remove it to make a new secret") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as stream:
        stream.write(secret + "\n")
    return secret
