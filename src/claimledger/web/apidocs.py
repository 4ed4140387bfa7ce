"""The script-free /api/docs page: every operation with its parameters, request body and
response bodies, read from the app's own OpenAPI document.

A reader of the docs needs to know what to send and what comes back, not only the
parameters; ``$ref`` schemas are resolved and flattened into one table of fields.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from claimledger.records import Claim, Document, Measure, Stance, Story

_MAX_DEPTH = 3

# The JSON API returns the export's records as plain dicts, so OpenAPI only knows "object";
# the docs describe them from the records themselves. Path prefix -> record.
_RECORDS: dict[str, type[Any]] = {
    "/api/stories": Story,
    "/api/documents": Document,
    "/api/claims": Claim,
    "/api/stances": Stance,
    "/api/measures": Measure,
}
_ENVELOPE = [
    ("schema", "string", "always \"claimledger/1\""),
    ("total", "integer", "items matching the filters, on every page"),
    ("limit", "integer", ""),
    ("offset", "integer", ""),
]


@dataclass
class Field:
    """One field of a body: dotted path, type in words, whether it is required."""

    name: str
    type: str
    required: bool
    description: str = ""


@dataclass
class Body:
    """A request or response body: status (responses only), media type and its fields."""

    status: str
    media: str
    description: str
    type: str
    fields: list[Field] = field(default_factory=list)


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while "$ref" in schema and seen < 10:
        ref = str(schema["$ref"])
        node: Any = root
        for part in ref.removeprefix("#/").split("/"):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        schema = node if isinstance(node, dict) else {}
        seen += 1
    return schema


def type_name(schema: dict[str, Any], root: dict[str, Any]) -> str:
    """A schema's type as a reader says it: "string", "array of Claim", "integer or null"."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(type_name(s, root) for s in schema[key])
    kind = schema.get("type")
    if kind == "array":
        return "array of " + type_name(schema.get("items", {}), root)
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    return str(kind or "object")


def fields(schema: dict[str, Any], root: dict[str, Any], prefix: str = "") -> list[Field]:
    """The properties of an object schema (and of objects nested in it, dotted)."""
    schema = _resolve(schema, root)
    if schema.get("type") == "array":
        return fields(schema.get("items", {}), root, prefix + "[]." if prefix else "[].")
    out: list[Field] = []
    required = set(schema.get("required", []))
    for name, sub in (schema.get("properties") or {}).items():
        resolved = _resolve(sub, root)
        out.append(
            Field(
                name=prefix + name,
                type=type_name(sub, root),
                required=name in required,
                description=str(resolved.get("description") or sub.get("description") or ""),
            )
        )
        if prefix.count(".") < _MAX_DEPTH and resolved.get("properties"):
            out += fields(resolved, root, prefix + name + ".")
    return out


def _bodies(
    content: dict[str, Any], root: dict[str, Any], status: str, description: str
) -> list[Body]:
    out: list[Body] = []
    for media, spec in (content or {}).items():
        schema = spec.get("schema", {}) if isinstance(spec, dict) else {}
        out.append(
            Body(
                status=status,
                media=media,
                description=description,
                type=type_name(schema, root),
                fields=fields(schema, root),
            )
        )
    if not out:
        out.append(Body(status=status, media="", description=description, type="", fields=[]))
    return out


def record_fields(path: str) -> list[Field]:
    """Fields of what a record endpoint answers: a page envelope for a list, the record's
    fields for one item; empty for endpoints that are not a record's."""
    base = path.split("/{", 1)[0]
    record = _RECORDS.get(base)
    if record is None:
        return []
    own = [
        Field(name=f.name, type=str(f.type).replace(" | None", " or null"), required=True)
        for f in dataclasses.fields(record)
    ]
    if "{" in path:
        return own
    out = [Field(name=n, type=t, required=True, description=d) for n, t, d in _ENVELOPE]
    out.append(Field(name="items", type=f"array of {record.__name__}", required=True))
    return out + [dataclasses.replace(f, name="items[]." + f.name) for f in own]


def _untyped(body: Body) -> bool:
    return not body.fields and body.type in ("object", "")


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of an OpenAPI document, ready for api_docs.html."""
    ops: list[dict[str, Any]] = []
    for path, methods in (schema.get("paths") or {}).items():
        for method, op in methods.items():
            request = op.get("requestBody") or {}
            responses = op.get("responses") or {}
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": op.get("parameters", []),
                    "request": _bodies(
                        request.get("content", {}), schema, "", request.get("description", "")
                    )
                    if request
                    else [],
                    "responses": [
                        body
                        for status, spec in responses.items()
                        for body in _bodies(
                            spec.get("content", {}),
                            schema,
                            str(status),
                            str(spec.get("description", "")),
                        )
                    ],
                }
            )
    for op in ops:
        described = record_fields(op["path"])
        for body in op["responses"]:
            if described and body.status.startswith("2") and _untyped(body):
                body.fields = described
    return ops
