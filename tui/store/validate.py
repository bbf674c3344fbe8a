"""Finding what is wrong in a damaged store, in words a person can act on.

``structure_problem`` is cheap (no record decoded) and runs on every load: the tables are
objects, their records are objects, claims are objects. ``record_problem`` decodes one record
field by field; ``first_damaged_record`` finds the first record that cannot be decoded (run
when a decode failed, to name the record: "application 17: stage 'bogus' is not a stage").
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from enum import Enum
from typing import Any

from ..domain.models import ActionItem, Application, CheckIn, Record, Reflection, Rejection, Settings

RECORD_TYPES: tuple[type[Record], ...] = (Application, Rejection, Reflection, ActionItem, CheckIn, Settings)
_NAMES = {
    Application: "application", Rejection: "rejection", Reflection: "reflection",
    ActionItem: "action item", CheckIn: "check-in", Settings: "settings",
}
CLAIMS_TABLE = "claims"
META_TABLE = "_meta"


def _kind(value: Any) -> str:
    return {list: "a list", str: "a text", int: "a number", float: "a number", bool: "true/false",
            type(None): "null"}.get(type(value), type(value).__name__)


def structure_problem(data: Any) -> str | None:
    """What is wrong with the shape of the stored tables, or None. No record is decoded."""
    if not isinstance(data, dict):
        return f"the file holds {_kind(data)}, not an object of tables"
    for table, rows in data.items():
        if not isinstance(rows, dict):
            return f"the table {table!r} is {_kind(rows)}, not an object of records"
        for key, doc in rows.items():
            if not isinstance(doc, dict):
                what = "claim" if table == CLAIMS_TABLE else f"record {key} of {table!r}"
                if table in {t.TABLE for t in RECORD_TYPES}:
                    what = f"{_NAMES[_type_of(table)]} {key}"
                return f"{what} is {_kind(doc)}, not an object"
            if table == CLAIMS_TABLE and not isinstance(doc.get("key"), str):
                return f"claim {key} has no reminder key"
        if table in {t.TABLE for t in RECORD_TYPES}:
            for key in rows:
                if not str(key).isdigit():
                    return f"{_NAMES[_type_of(table)]} {key!r} has an id that is not a number"
    return None


def _type_of(table: str) -> type[Record]:
    return next(t for t in RECORD_TYPES if t.TABLE == table)


def _field_problem(record_type: type[Record], name: str, value: Any) -> str | None:
    try:
        decoded = record_type.decode_field(name, value)
    except Exception as exc:  # noqa: BLE001 - any failure is the record's problem, described below
        if name in record_type.DATE_FIELDS or name in record_type.DATETIME_FIELDS:
            return f"{name} {value!r} is not a date"
        enum = _enum_of(record_type, name)
        if enum is not None:
            return f"{name} {value!r} is not a {enum.__name__.lower()}"
        return f"{name} {value!r} can't be read ({type(exc).__name__})"
    if name in record_type.DATE_FIELDS or name in record_type.DATETIME_FIELDS:
        return None
    enum = _enum_of(record_type, name)
    if enum is not None and not isinstance(decoded, enum):
        try:
            enum(value)
        except (ValueError, TypeError):
            return f"{name} {value!r} is not a {enum.__name__.lower()}"
    return None


def _enum_of(record_type: type[Record], name: str) -> type[Enum] | None:
    default = next((f.default for f in fields(record_type) if f.name == name), MISSING)  # type: ignore[arg-type]
    return type(default) if isinstance(default, Enum) else None


def record_problem(record_type: type[Record], key: str, doc: Any) -> str | None:
    """Why this stored record cannot be used, or None if it decodes."""
    label = f"{_NAMES[record_type]} {key}"
    if not isinstance(doc, dict):
        return f"{label} is {_kind(doc)}, not an object"
    for f in fields(record_type):  # type: ignore[arg-type]
        if f.name == "id":
            continue
        if f.name not in doc:
            if f.default is MISSING and f.default_factory is MISSING:
                return f"{label} has no {f.name}"
            continue
        problem = _field_problem(record_type, f.name, doc[f.name])
        if problem:
            return f"{label}: {problem}"
    try:
        record_type.from_dict(doc, int(key))
    except Exception as exc:  # noqa: BLE001
        return f"{label} can't be read ({type(exc).__name__}: {exc})"
    return None


def first_damaged_record(data: Any) -> str | None:
    """The first problem in the store (shape, then every record), or None if all of it reads."""
    problem = structure_problem(data)
    if problem or not isinstance(data, dict):
        return problem
    for record_type in RECORD_TYPES:
        for key, doc in (data.get(record_type.TABLE) or {}).items():
            problem = record_problem(record_type, key, doc)
            if problem:
                return problem
    return None
