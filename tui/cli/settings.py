"""``nextround settings [NAME [VALUE]]``: show every setting, or change one (checked before saving)."""

from __future__ import annotations

import argparse
import re
from typing import Any

from .common import CliError, add_data_dir, open_store

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_HIDDEN = {"id"}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "settings",
        help="show the settings, or change one: nextround settings quiet_start 22:00",
        description="Without arguments, lists every setting and its value. With NAME VALUE, changes it.",
    )
    add_data_dir(parser)
    parser.add_argument("name", nargs="?", help="the setting to show or change")
    parser.add_argument("value", nargs="?", help="its new value")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dataclasses import fields  # here: `remind --once` loads this module and must stay light

    from ..domain.models import Settings

    store = open_store(args)
    settings = store.settings()
    names = [f.name for f in fields(Settings) if f.name not in _HIDDEN]
    if args.name is None:
        for name in names:
            print(f"{name} = {show(getattr(settings, name))}")
        return 0
    if args.name not in names:
        raise CliError(f"unknown setting {args.name!r}; known: {', '.join(names)}", 2)
    if args.value is None:
        print(show(getattr(settings, args.name)))
        return 0
    value = parse(args.name, args.value, getattr(settings, args.name))
    store.save_settings(settings.with_changes(**{args.name: value}))
    print(f"{args.name} = {show(value)}")
    return 0


def show(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, tuple):
        return ",".join(f"{v:g}" for v in value)
    if isinstance(value, dict):
        return ",".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def parse(name: str, text: str, current: Any) -> Any:
    """Read ``text`` in the shape of the current value; a clear error for anything else."""
    from ..domain.models import Stage

    text = text.strip()
    try:
        if isinstance(current, bool):
            if text.lower() in ("on", "yes", "true", "1"):
                return True
            if text.lower() in ("off", "no", "false", "0"):
                return False
            raise ValueError("use on or off")
        if isinstance(current, int):
            number = int(text)
            if number < 0 or (name == "morning_hour" and number > 23):
                raise ValueError("out of range")
            return number
        if isinstance(current, float):
            number = float(text)
            if number <= 0:
                raise ValueError("must be more than 0")
            return number
        if isinstance(current, tuple):
            steps = tuple(float(part) for part in text.split(","))
            if not steps or any(step <= 0 for step in steps):
                raise ValueError("days must be more than 0")
            return steps
        if isinstance(current, dict):
            updated = dict(current)
            for part in text.split(","):
                key, _, days = part.partition("=")
                Stage(key.strip())  # raises ValueError for an unknown stage
                updated[key.strip()] = int(days)
            return updated
        if name in ("quiet_start", "quiet_end"):
            if not _HHMM.match(text):
                raise ValueError("use HH:MM, e.g. 21:00")
            hour, minute = text.split(":")
            return f"{int(hour):02d}:{minute}"
        if name == "your_name":  # signs emails: one clean line, as a person writes their name
            from ..domain.text import clean

            signature = " ".join(clean(text).split())
            if len(signature) > 80:
                raise ValueError("keep it under 80 characters")
            return signature
        return text
    except ValueError as exc:
        raise CliError(f"can't set {name} to {text!r}: {exc}", 2) from None
