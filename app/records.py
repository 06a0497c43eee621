"""Pydantic models derived from the engine's records, so that each record is defined once.

A record is a NamedTuple (engine/records.py, engine/notation.py); its model has the same fields with the
same types, a nested record becoming its model, and the class constants PHASE and KIND becoming the
literal values of the fields `phase` and `kind`. The OpenAPI schema is generated from these models.
"""
from __future__ import annotations

import types
from functools import lru_cache
from typing import Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, Field, create_model


def _field_type(annotation: object, base: type[BaseModel]) -> object:
    """The model type of a record field's annotation."""
    if isinstance(annotation, type) and issubclass(annotation, tuple) and hasattr(annotation, "_fields"):
        return model_of(annotation, base)
    origin = get_origin(annotation)
    if origin is tuple:
        args = get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return list[_field_type(args[0], base)]  # type: ignore[misc]
        return tuple[tuple(_field_type(arg, base) for arg in args)]  # type: ignore[misc]
    if origin is Union or origin is types.UnionType:
        return Union[tuple(_field_type(arg, base) for arg in get_args(annotation))]  # type: ignore[return-value]
    return annotation


@lru_cache(maxsize=None)
def model_of(record: type, base: type[BaseModel]) -> type[BaseModel]:
    """The pydantic model of a NamedTuple record, named after it, documented by its docstring."""
    hints = get_type_hints(record)
    fields: dict[str, object] = {}
    for name in record._fields:  # type: ignore[attr-defined]
        annotation = _field_type(hints[name], base)
        if name == "phase" and hasattr(record, "PHASE"):
            annotation = Literal[record.PHASE]  # type: ignore[attr-defined]
        if name == "kind" and hasattr(record, "KIND"):
            annotation = Literal[record.KIND]  # type: ignore[attr-defined]
        fields[name] = (annotation, Field(...))
    model = create_model(record.__name__, __base__=base, **fields)  # type: ignore[call-overload]
    model.__doc__ = " ".join((record.__doc__ or record.__name__).split())
    return model
