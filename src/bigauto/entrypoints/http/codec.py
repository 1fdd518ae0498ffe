"""JSON bodies in and out of the HTTP edge, through one cattrs converter.

Request bodies are structured into attrs classes with unknown keys forbidden; a failure becomes
a 422 ``VALIDATION_ERROR`` whose message names the field path (``"... @ $.field"``), as cattrs'
``transform_error`` writes it.
"""

from __future__ import annotations

import enum
import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError
from cattrs.v import transform_error

from bigauto.domain.shared.errors import ValidationFailed

T = TypeVar("T")


class RequestInvalid(ValidationFailed):
    """A request body that is not JSON or does not have the documented shape."""

    code = "VALIDATION_ERROR"


def _decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("expected a decimal string or number")
    try:
        # A JSON number arrives as float; go through its shortest repr, not its binary value.
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a decimal number") from None
    if not result.is_finite():
        raise ValueError("expected a finite decimal number")
    return result


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("expected a whole number")
    return value


def _strict_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a string")
    return value


def _strict_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in cls)
        raise ValueError(f"expected one of {allowed}, not {value!r}") from None


def make_converter() -> cattrs.Converter:
    """The HTTP JSON converter: strict scalars, ISO dates, unknown keys refused."""
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(bool, _strict_bool)
    # A StrEnum is also a str: without its own hook it would stay a plain string.
    converter.register_structure_hook(enum.StrEnum, _enum)
    converter.register_structure_hook(enum.Enum, _enum)
    converter.register_structure_hook(date, lambda v, _: date.fromisoformat(_strict_str(v, str)))
    converter.register_structure_hook(
        datetime, lambda v, _: datetime.fromisoformat(_strict_str(v, str))
    )
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    return converter


converter = make_converter()


def decode(raw: bytes | str | dict[str, Any], cls: type[T]) -> T:
    """Structure a JSON body into ``cls`` or raise ``RequestInvalid`` naming every bad field."""
    if isinstance(raw, (bytes, str)):
        try:
            data = json.loads(raw or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise RequestInvalid(f"the body is not valid JSON: {exc}") from None
    else:
        data = raw
    if not isinstance(data, dict):
        raise RequestInvalid("the body must be a JSON object")
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, ForbiddenExtraKeysError) as exc:
        messages = transform_error(exc, path="$")
        raise RequestInvalid(
            messages[0] if messages else "the body is not valid", details={"errors": messages}
        ) from None


def picked(value: Any, *names: str) -> dict[str, Any]:
    """The named attributes of ``value`` as they are (ids, counts, text, flags): the part of a
    view that needs no converting."""
    return {name: getattr(value, name) for name in names}


def fields_of(body: Any) -> dict[str, Any]:
    """A decoded body's fields by name, for a use case whose keyword arguments they are."""
    return attrs.asdict(body, recurse=False)


__all__ = ["RequestInvalid", "converter", "decode", "fields_of", "make_converter", "picked"]
