"""Check a response against the app's published OpenAPI schema.

A small validator for the subset of JSON Schema that FastAPI and pydantic emit: $ref, type, enum,
const, properties / required / additionalProperties, items / prefixItems / minItems / maxItems,
anyOf / oneOf / allOf. Objects are closed: a property the schema does not list is an error unless
the schema allows more with additionalProperties, so a key the contract does not promise fails.
"""
from __future__ import annotations

import json
import math

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class SchemaError(AssertionError):
    pass


class Validator:
    def __init__(self, document: dict) -> None:
        self.document = document

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            ref = schema["$ref"]
            assert ref.startswith("#/"), ref
            target = self.document
            for part in ref[2:].split("/"):
                target = target[part]
            schema = target
        return schema

    def errors(self, value: object, schema: dict, where: str = "$") -> list[str]:
        schema = self.resolve(schema)
        found: list[str] = []
        if "allOf" in schema:
            for part in schema["allOf"]:
                found += self.errors(value, part, where)
        if "anyOf" in schema or "oneOf" in schema:
            options = schema.get("anyOf") or schema["oneOf"]
            passing = [option for option in options if not self.errors(value, option, where)]
            if "oneOf" in schema and len(passing) != 1:
                found.append(f"{where}: matches {len(passing)} of the oneOf options, not exactly 1")
            elif not passing:
                details = "; ".join(self.errors(value, options[0], where)[:2])
                found.append(f"{where}: matches none of the anyOf options ({details})")
        if "const" in schema and value != schema["const"]:
            found.append(f"{where}: {value!r} is not the constant {schema['const']!r}")
        if "enum" in schema and value not in schema["enum"]:
            found.append(f"{where}: {value!r} is not one of {schema['enum']}")
        kind = schema.get("type")
        if kind is not None:
            kinds = kind if isinstance(kind, list) else [kind]
            if not any(_TYPES[k](value) for k in kinds):
                return found + [f"{where}: {type(value).__name__} {value!r:.60} is not of type {kind}"]
        if isinstance(value, dict):
            found += self.object_errors(value, schema, where)
        if isinstance(value, list):
            found += self.array_errors(value, schema, where)
        return found

    def object_errors(self, value: dict, schema: dict, where: str) -> list[str]:
        found = []
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                found.append(f"{where}: the required property {name!r} is missing")
        extra = schema.get("additionalProperties", False if "properties" in schema else True)
        for name, item in value.items():
            if name in properties:
                found += self.errors(item, properties[name], f"{where}.{name}")
            elif extra is False:
                found.append(f"{where}: the property {name!r} is not in the schema")
            elif isinstance(extra, dict):
                found += self.errors(item, extra, f"{where}.{name}")
        return found

    def array_errors(self, value: list, schema: dict, where: str) -> list[str]:
        found = []
        if "minItems" in schema and len(value) < schema["minItems"]:
            found.append(f"{where}: {len(value)} items, fewer than {schema['minItems']}")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            found.append(f"{where}: {len(value)} items, more than {schema['maxItems']}")
        prefix = schema.get("prefixItems", [])
        for index, item in enumerate(value):
            if index < len(prefix):
                found += self.errors(item, prefix[index], f"{where}[{index}]")
            elif "items" in schema:
                found += self.errors(item, schema["items"], f"{where}[{index}]")
        return found

    def check(self, value: object, schema: dict) -> None:
        found = self.errors(value, schema)
        if found:
            raise SchemaError("\n".join(found[:10]))


def strict_json(body: bytes) -> object:
    """Parse JSON as the standard defines it: NaN and Infinity are not JSON."""
    def refuse(constant: str) -> None:
        raise SchemaError(f"the body contains {constant}, which is not JSON")
    return json.loads(body, parse_constant=refuse)


def operation(document: dict, method: str, path: str) -> dict | None:
    return document["paths"].get(path, {}).get(method.lower())


def check_response(document: dict, method: str, path: str, status: int, content_type: str, body: bytes) -> None:
    """Fail unless the status is declared for the operation and the body matches its schema."""
    spec = operation(document, method, path)
    if spec is None:
        raise SchemaError(f"{method} {path} is not in the OpenAPI schema")
    declared = spec["responses"].get(str(status))
    if declared is None:
        raise SchemaError(f"{method} {path} answered {status}, which the schema does not declare "
                          f"(declared: {sorted(spec['responses'])})")
    media_type = content_type.split(";")[0].strip()
    content = declared.get("content", {})
    if media_type not in content:
        raise SchemaError(f"{method} {path} {status}: content type {media_type!r} is not declared ({sorted(content)})")
    schema = content[media_type].get("schema", {})
    value = strict_json(body) if media_type == "application/json" else body.decode("utf-8")
    Validator(document).check(value, schema)
