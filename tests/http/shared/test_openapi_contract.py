"""/docs/openapi.json is the whole contract: every operation says what it takes and answers.

One test per operation (``-k createRental``), so a gap names its route. What is checked is what
a client generated from the document needs: a typed body where the route reads one, a typed
success response, the error envelope on every error status, bounds on every number and string
a client sends, a bearer requirement where a token is read, one context tag, an operation id.
"""

from __future__ import annotations

import re
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from bigauto.adapters.sql.migrate import upgrade
from bigauto.config import Settings
from bigauto.entrypoints.http import create_app
from bigauto.entrypoints.http.app import CONTEXTS

CONTEXT_TAGS = {context.__name__.rsplit(".", 1)[-1] for context in CONTEXTS} | {"system"}
ERROR_REF = "#/components/schemas/Error"
_WRITES = ("post", "put", "patch", "delete")


def _document() -> dict[str, Any]:
    var = Path(tempfile.mkdtemp())
    url = f"sqlite+aiosqlite:///{var / 'contract.db'}"
    upgrade(url)
    settings = Settings.from_env({"DATABASE_URL": url, "BIGAUTO_VAR_DIR": str(var)})
    with TestClient(app=create_app(settings)) as client:
        answer = client.get("/docs/openapi.json")
    assert answer.status_code == 200
    document: dict[str, Any] = answer.json()
    return document


DOCUMENT = _document()
OPERATIONS = [
    (path, method, operation)
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
    if method in ("get", *_WRITES)
]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _leaves(schema: dict[str, Any], seen: frozenset[str] = frozenset()) -> Iterator[dict[str, Any]]:
    """Every scalar schema a value of ``schema`` may hold, through refs, unions, arrays."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        seen = seen | {name}
        schema = _resolve(schema)
    # Bounds beside a union (how Litestar writes ``X | None``) bound each of its branches.
    beside = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf", "allOf")}
    for key in ("oneOf", "anyOf", "allOf"):
        for part in schema.get(key, []):
            if part.get("type") != "null":
                yield from _leaves(part if "$ref" in part else {**beside, **part}, seen)
    if "items" in schema:
        yield from _leaves(schema["items"], seen)
    for value in schema.get("properties", {}).values():
        yield from _leaves(value, seen)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _leaves(schema["additionalProperties"], seen)
    if schema.get("type") in ("integer", "string", "number"):
        yield schema


def _typed(schema: dict[str, Any]) -> bool:
    """Whether a response schema says what is in it: named fields, or a list of such."""
    schema = _resolve(schema)
    if schema.get("type") == "array":
        return _typed(schema.get("items", {}))
    return bool(schema.get("properties")) or any(
        _typed(part) for part in schema.get("oneOf", []) + schema.get("anyOf", [])
    )


def _unbounded(schema: dict[str, Any]) -> str | None:
    kind = schema["type"]
    if kind in ("integer", "number") and ("minimum" not in schema or "maximum" not in schema):
        return f"a {kind} without minimum and maximum"
    bounded_string = "maxLength" in schema or "enum" in schema or "format" in schema
    if kind == "string" and not bounded_string:
        return "a string without maxLength, enum or format"
    return None


def _ids(operations: list[tuple[str, str, dict[str, Any]]]) -> list[str]:
    return [op.get("operationId") or f"{method} {path}" for path, method, op in operations]


def test_the_document_has_operations_and_components() -> None:
    assert len(OPERATIONS) > 90
    assert DOCUMENT["components"]["schemas"]["Error"]["required"] == ["error"]
    bearer = DOCUMENT["components"]["securitySchemes"]["bearerAuth"]
    assert (bearer["type"], bearer["scheme"]) == ("http", "bearer")
    ids = [op["operationId"] for _, _, op in OPERATIONS]
    assert len(ids) == len(set(ids)), "operation ids are unique"
    # A generated client names its models by title: two schemas of one title would collide.
    titles = [s.get("title", n) for n, s in DOCUMENT["components"]["schemas"].items()]
    assert sorted(t for t in set(titles) if titles.count(t) > 1) == []


@pytest.mark.parametrize(("path", "method", "operation"), OPERATIONS, ids=_ids(OPERATIONS))
def test_operation_is_documented_whole(path: str, method: str, operation: dict[str, Any]) -> None:
    problems: list[str] = []
    if not re.fullmatch(r"[a-z][A-Za-z0-9]+", operation.get("operationId", "")):
        problems.append("no camelCase operationId")
    if len(operation.get("tags", [])) != 1 or operation["tags"][0] not in CONTEXT_TAGS:
        problems.append(f"tags {operation.get('tags')} are not one context")
    responses = operation["responses"]
    if "400" in responses:
        problems.append("documents a 400 the API never sends")
    for status, response in responses.items():
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if status.startswith("2") and status != "204":
            if not schema or not _typed(schema):
                problems.append(f"{status} has no typed schema")
        elif status[0] in "45" and schema != {"$ref": ERROR_REF}:
            problems.append(f"{status} is not the Error envelope")
    body = operation.get("requestBody", {}).get("content", {})
    inputs = [p["schema"] for p in operation.get("parameters", []) if "schema" in p]
    if "application/json" in body:
        body_schema = body["application/json"]["schema"]
        if "$ref" not in body_schema:
            problems.append("the JSON body is not a named schema")
        inputs.append(body_schema)
    if (inputs or body) and "422" not in responses:
        problems.append("takes input but documents no 422")
    problems += [f"sends {why}" for s in inputs for leaf in _leaves(s) if (why := _unbounded(leaf))]
    security = operation.get("security")
    if security is not None and "401" not in responses:
        problems.append("reads a token but documents no 401")
    assert not problems, f"{method.upper()} {path}: " + "; ".join(sorted(set(problems)))


def test_an_operation_that_needs_a_token_says_so() -> None:
    me = DOCUMENT["paths"]["/api/users/me"]["get"]
    assert me["security"] == [{"bearerAuth": []}]
    search = DOCUMENT["paths"]["/api/vehicles"]["get"]
    assert search.get("security", [{}])[0] == {}, "searching needs no token"
    assert "security" not in DOCUMENT["paths"]["/health"]["get"]


def test_the_app_is_built_in_litestars_current_style(tmp_path: Path) -> None:
    """No handler uses a style Litestar 2 deprecates (``Parameter(query=...)``, a bare
    ``data:`` annotation, inferred query parameters): they stop working in Litestar 3."""
    from litestar.utils.deprecation import LitestarDeprecationWarning

    url = f"sqlite+aiosqlite:///{tmp_path / 'style.db'}"
    settings = Settings.from_env({"DATABASE_URL": url, "BIGAUTO_VAR_DIR": str(tmp_path)})
    with warnings.catch_warnings():
        warnings.simplefilter("error", LitestarDeprecationWarning)
        warnings.simplefilter("error", DeprecationWarning)
        create_app(settings)
