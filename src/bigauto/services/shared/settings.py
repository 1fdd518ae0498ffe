"""Settings sections: each setting declared once, read from the environment by one reader.

A context declares its section as a frozen attrs class whose fields are :func:`setting` s: the
environment variable, the default and the bounds or choices sit on the field, and the field's
type says how to read the text (``int``, ``Decimal``, ``float`` seconds, ``bool``, ``str``,
``Path``, ``tuple[str, ...]`` of names, or any type with a ``parse(text)`` classmethod, such as
a rate rule). :func:`read_section` reads every field of a section in one loop, sections nested
with :func:`section` included, and leaves unset variables (empty counts as unset) to the
defaults, so a default may be computed from the fields before it (``attrs.Factory(...,
takes_self=True)``). A section may define ``check()`` for rules across its fields; the reader
calls it once the section is built.

>>> @attrs.frozen
... class Example:
...     port: int = setting(env="EXAMPLE_PORT", default=8000, low=1, high=65535)
...     debug: bool = setting(env="EXAMPLE_DEBUG", default=False)
>>> read_section(Example, {"EXAMPLE_PORT": " 9000 "})
Example(port=9000, debug=False)
>>> try:
...     read_section(Example, {"EXAMPLE_PORT": "0"})
... except ConfigError as error:
...     print(error)
EXAMPLE_PORT must be between 1 and 65535, not 0
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, TypeVar

import attrs

T = TypeVar("T")
S = TypeVar("S", bound=attrs.AttrsInstance)

#: How a choice is compared with its allowed values: lower-cased, upper-cased, or as written.
Case = Literal["lower", "upper", "exact"]
#: A reader of one variable's text that is not implied by the field's type:
#: ``parse(variable_name, text)``; it raises :class:`ConfigError` naming the variable.
Parse = Callable[[str, str], object]
Bound = int | Decimal

_SETTING = "bigauto.setting"
_SECTION = "bigauto.section"


class ConfigError(ValueError):
    """A setting is missing, malformed, or unsafe for the chosen environment."""


@attrs.frozen
class Setting:
    """How one field is read: its variable, bounds (inclusive) or choices, and any own parser."""

    env: str
    low: Bound | None = None
    high: Bound | None = None
    choices: frozenset[str] = frozenset()
    case: Case = "lower"
    parse: Parse | None = None


def setting(
    *,
    env: str,
    default: T,
    low: Bound | None = None,
    high: Bound | None = None,
    choices: Collection[str] = (),
    case: Case = "lower",
    parse: Parse | None = None,
) -> T:
    """A section field read from the variable ``env``, ``default`` when unset."""
    spec = Setting(env, low, high, frozenset(choices), case, parse)
    field: T = attrs.field(default=default, metadata={_SETTING: spec})
    return field


def section(cls: type[S]) -> S:
    """A field holding a nested section (its own fields read the same way)."""
    field: S = attrs.field(factory=cls, metadata={_SECTION: True})
    return field


def read_section(cls: type[S], environ: Mapping[str, str]) -> S:
    """``cls`` with every field read from ``environ``, then checked (see the module doc)."""
    values: dict[str, Any] = {}
    for field in attrs.fields(attrs.resolve_types(cls)):
        if field.metadata.get(_SECTION):
            values[field.alias] = read_section(field.type, environ)
            continue
        spec: Setting | None = field.metadata.get(_SETTING)
        if spec is None:
            continue
        raw = environ.get(spec.env, "").strip()
        if raw:
            values[field.alias] = _read(spec, field.type, raw)
    built = cls(**values)
    check: Callable[[], None] | None = getattr(built, "check", None)
    if check is not None:
        check()
    return built


@attrs.frozen
class Declared:
    """One setting of a section: the field names leading to it, its type and how it is read."""

    path: tuple[str, ...]
    kind: Any
    setting: Setting


def declared(cls: type[attrs.AttrsInstance], path: tuple[str, ...] = ()) -> list[Declared]:
    """Every setting of ``cls``, nested sections included, in the order they are read."""
    found: list[Declared] = []
    for field in attrs.fields(attrs.resolve_types(cls)):
        if field.metadata.get(_SECTION):
            found += declared(field.type, (*path, field.name))
        elif (spec := field.metadata.get(_SETTING)) is not None:
            found.append(Declared((*path, field.name), field.type, spec))
    return found


def _read(spec: Setting, kind: object, raw: str) -> object:
    name = spec.env
    if spec.parse is not None:
        return spec.parse(name, raw)
    if kind is bool:
        return _boolean(name, raw)
    if kind is int:
        return _integer(name, raw, spec.low, spec.high)
    if kind is Decimal:
        return _decimal(name, raw, spec.low, spec.high)
    if kind is float:  # seconds and fractions, read exactly and bounded as decimals
        return float(_decimal(name, raw, spec.low, spec.high))
    if kind is Path:
        return Path(raw)
    if kind == tuple[str, ...]:
        return _names(name, raw, spec.choices)
    if kind in (str, str | None):
        return _choice(name, raw, spec.choices, spec.case) if spec.choices else raw
    parse = getattr(kind, "parse", None)
    if parse is None:
        raise TypeError(f"no reader for {name} of type {kind!r}")
    try:
        return parse(raw)
    except ValueError as error:
        raise ConfigError(f"{name}: {error}") from None


def _boolean(name: str, raw: str) -> bool:
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def _integer(name: str, raw: str, low: Bound | None, high: Bound | None) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise ConfigError(f"{name} must be between {low} and {high or '∞'}, not {value}")
    return value


def _decimal(name: str, raw: str, low: Bound | None, high: Bound | None) -> Decimal:
    if low is None or high is None:
        raise TypeError(f"{name}: a decimal setting needs both bounds")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ConfigError(f"{name} must be a decimal number, not {raw!r}") from None
    if not Decimal(low) <= value <= Decimal(high):
        raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
    return value


def _choice(name: str, raw: str, allowed: frozenset[str], case: Case) -> str:
    value = raw.lower() if case == "lower" else raw.upper() if case == "upper" else raw
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {sorted(allowed)}, not {value!r}")
    return value


def _names(name: str, raw: str, allowed: frozenset[str]) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(v.strip().lower() for v in raw.split(",") if v.strip()))
    unknown = sorted(set(values) - allowed)
    if unknown or not values:
        raise ConfigError(f"{name} holds unknown names {unknown}; allowed: {sorted(allowed)}")
    return values


__all__ = [
    "Case",
    "ConfigError",
    "Declared",
    "Parse",
    "Setting",
    "declared",
    "read_section",
    "section",
    "setting",
]
