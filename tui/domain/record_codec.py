"""How records become JSON values and back: the value conversions, and a fast decoder per record class.

Kept apart from the records themselves (``models.py``) because it is machinery, not meaning:
the records say what a job search holds; this module makes loading 15,000 of them quick.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, fields
from datetime import date, datetime, timezone
from enum import Enum
from functools import cache
from typing import Any, TypeVar

R_ = TypeVar("R_")

# ---------------------------------------------------------------------------
# Value helpers: every stored time is an aware UTC ISO 8601 string, every date YYYY-MM-DD.


def to_utc_iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: store only timezone-aware times")
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def from_iso_datetime(value: Any) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def to_iso_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def from_iso_date(value: Any) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value)[:10])



@cache
def field_names(record_type: type) -> frozenset[str]:
    """Stored field names of a record class (computed once: decoding 10,000 rows must be quick)."""
    return frozenset(f.name for f in fields(record_type) if f.name != "id")


# ---------------------------------------------------------------------------
# Fast decoding. Opening a large store decodes ~15,000 records; going through the frozen
# dataclass ``__init__`` (one ``object.__setattr__`` per field) and a ``_decode`` call per
# field cost ~350 ms there. Each record class instead gets a decoder, built once, that fills
# the instance's ``__dict__`` directly and calls ``_decode`` only for the fields that need it.
# The result is identical to ``cls(**{name: cls._decode(name, value)})`` (tests/test_bench.py
# checks it on the large demo store); ``from_dict_reference`` keeps that plain path.

_PROBES: tuple[Any, ...] = (object(), None, "", "x", 0, 1, 2.5, True, False, [], {}, ["x"], {"k": 1})


def _decoded_datetime(value: Any) -> datetime | None:
    """``from_iso_datetime`` without the call chain (the common case is already UTC)."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value if type(value) is str else str(value))
    zone = parsed.tzinfo
    if zone is timezone.utc:
        return parsed
    if zone is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


_DATETIME_SAMPLES: tuple[Any, ...] = (
    None, "", "2026-03-04T05:06:07+00:00", "2026-03-04T05:06:07+02:00", "2026-03-04T05:06:07", "2026-03-04",
)
_DATE_SAMPLES: tuple[Any, ...] = (None, "", "2026-03-04", "2026-03-04T05:06:07+00:00")


def _override_constants(record_type: type, base: type) -> set[str]:
    """Every string constant in the ``_decode`` overrides below ``Record``: the names they treat specially."""
    found: set[str] = set()

    def scan(code: Any) -> None:
        for const in code.co_consts:
            if isinstance(const, str):
                found.add(const)
            elif isinstance(const, (tuple, frozenset)):
                found.update(c for c in const if isinstance(c, str))
            elif hasattr(const, "co_consts"):
                scan(const)
        found.update(code.co_names)

    for klass in record_type.__mro__:
        if klass is base:
            break
        override = klass.__dict__.get("_decode")
        if override is not None:
            scan(override.__func__.__code__)
    return found


def _same_decoding(decode: Callable[[str, Any], Any], name: str, fast: Callable[[Any], Any], samples: tuple[Any, ...]) -> bool:
    for sample in samples:
        try:
            expected, got = decode(name, sample), fast(sample)
            if type(expected) is not type(got) or expected != got or repr(expected) != repr(got):
                return False
        except Exception:  # noqa: BLE001 - any difference means "use the class's own _decode"
            return False
    return True


def _passes_through(decode: Callable[[str, Any], Any], name: str) -> bool:
    """True if ``_decode`` returns every probe value itself (so it can be skipped for this field)."""
    for probe in _PROBES:
        try:
            if decode(name, probe) is not probe:
                return False
        except Exception:  # noqa: BLE001
            return False
    return True


def build_decoder(record_type: type[R_], base: type) -> Callable[[dict[str, Any], int], R_] | None:
    """A fast ``from_dict`` for ``record_type`` (a subclass of ``base``, the shared Record), or None
    where the plain path must be used."""
    if "__dict__" not in dir(record_type) or getattr(record_type, "__slots__", None) or hasattr(record_type, "__post_init__"):
        return None
    template: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    required: list[str] = []
    for f in fields(record_type):
        if not f.init:
            return None
        if f.name == "id":
            template["id"] = 0  # set from the argument on every decode
        elif f.default is not MISSING:
            template[f.name] = f.default
        elif f.default_factory is not MISSING:
            template[f.name] = None
            factories.append((f.name, f.default_factory))
        else:
            template[f.name] = MISSING
            required.append(f.name)
    known = field_names(record_type)
    decode = record_type._decode
    special = _override_constants(record_type, base)
    decoders: list[tuple[str, Callable[[Any], Any]]] = []
    for name in (f.name for f in fields(record_type) if f.name != "id"):
        if name not in special and name in record_type.DATETIME_FIELDS:
            if _same_decoding(decode, name, _decoded_datetime, _DATETIME_SAMPLES):
                decoders.append((name, _decoded_datetime))
                continue
        elif name not in special and name in record_type.DATE_FIELDS:
            if _same_decoding(decode, name, from_iso_date, _DATE_SAMPLES):
                decoders.append((name, from_iso_date))
                continue
        elif name not in special and _passes_through(decode, name):
            continue
        decoders.append((name, lambda value, _name=name: decode(_name, value)))
    return _compile_decoder(record_type, template, known, factories, decoders, required)


# Decoded values that records may share (immutable): a value decoded once from a given string
# (an enum, a date, a timestamp) is reused for the next record holding the same string.
_SHAREABLE: frozenset[type] = frozenset({str, int, float, bool, type(None), date, datetime})
_MEMO_LIMIT = 8192
# Input types that are hashable and never equal to one another's values (unlike 1, 1.0 and True).
_MEMO_KEYS: frozenset[type] = frozenset({str, int, type(None)})


def _memoised(convert: Callable[[Any], Any], memo: dict[Any, Any]) -> Callable[[Any], Any]:
    def run(value: Any) -> Any:
        result = convert(value)
        if type(value) in _MEMO_KEYS and (type(result) in _SHAREABLE or isinstance(result, Enum)):
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            memo[value] = result
        return result

    return run


def _compile_decoder(
    record_type: type,
    template: dict[str, Any],
    known: frozenset[str],
    factories: list[tuple[str, Callable[[], Any]]],
    decoders: list[tuple[str, Callable[[Any], Any]]],
    required: list[str],
) -> Callable[[dict[str, Any], int], Any]:
    """Generate straight-line code for one record class (no per-field loop or call when not needed)."""
    env: dict[str, Any] = {
        "template": template, "known": known, "issuperset": known.issuperset, "MISSING": MISSING,
        "new": object.__new__, "set_dict": object.__setattr__, "record_type": record_type, "int": int,
        "type": type, "memo_keys": _MEMO_KEYS,
        "reference": record_type.from_dict_reference,
    }
    for n, (_name, convert) in enumerate(decoders):
        memo: dict[Any, Any] = {}
        env[f"convert{n}"] = _memoised(convert, memo)
        env[f"memo{n}"] = memo

    def converted(indent: str, source: str) -> list[str]:
        out = []
        for n, (name, _convert) in enumerate(decoders):
            body = [
                f"result = memo{n}.get(value, MISSING) if type(value) in memo_keys else MISSING",
                f"values[{name!r}] = convert{n}(value) if result is MISSING else result",
            ]
            if source == "all":  # every field is there: no presence test
                out += [f"{indent}value = values[{name!r}]"] + [indent + line for line in body]
            else:
                out += [f"{indent}value = present.get({name!r}, MISSING)", f"{indent}if value is not MISSING:"]
                out += [indent + "    " + line for line in body]
        return out

    env["field_count"] = len(known)
    lines = [
        "def from_dict(data, id=0):",
        "    if type(data) is not dict:",
        "        return reference(data, id)",
        # The common case: a document we wrote, with every field and nothing else.
        "    if len(data) == field_count and issuperset(data):",
        "        values = data.copy()",
        *converted("        ", "all"),
        "    else:",
        "        values = template.copy()",
        "        if issuperset(data):",
        "            present = data",
        "        else:",
        "            present = {k: v for k, v in data.items() if k in known}",
        "        values.update(present)",
    ]
    for n, (name, make) in enumerate(factories):
        env[f"make{n}"] = make
        lines += [f"        if {name!r} not in present:", f"            values[{name!r}] = make{n}()"]
    lines += converted("        ", "some")
    for name in required:
        message = f"{record_type.__name__}.__init__() missing 1 required positional argument: {name!r}"
        lines += [f"        if values[{name!r}] is MISSING:", f"            raise TypeError({message!r})"]
    lines += [
        "    values['id'] = id if type(id) is int else int(id)",
        "    record = new(record_type)",
        "    set_dict(record, '__dict__', values)",
        "    return record",
    ]
    exec("\n".join(lines), env)  # noqa: S102 - our own generated code, from field names only
    from_dict = env["from_dict"]
    from_dict.decoders = tuple(decoders)  # for tests and profiling
    from_dict.source = "\n".join(lines)
    return from_dict
