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

    names = [f.name for f in fields(Settings) if f.name not in _HIDDEN]
    if args.name is not None and args.name not in names:
        raise CliError(f"unknown setting {args.name!r}; known: {', '.join(names)}", 2)
    if args.name is None or args.value is None:
        from ..store import NoData

        try:
            settings = open_store(args, read_only=True).settings()  # reading creates nothing
        except NoData:
            settings = Settings(id=1)  # no data yet: the settings a first start would use
        if args.name is None:
            for name in names:
                print(f"{name} = {show(getattr(settings, name))}")
        else:
            print(show(getattr(settings, args.name)))
        return 0
    parse(args.name, args.value, getattr(Settings(id=1), args.name))  # a bad value touches no file
    store = open_store(args)
    # Read, check and write in one transaction (under the lock): two `settings` changing two
    # different names at once both keep their value.
    with store.transaction():
        settings = store.settings()
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


#: The themes the app offers (Textual's built-in themes; tests/test_store_attack.py checks this
#: list against Textual's own, so an upgrade that changes them fails a test). Listed here
#: because the command line never imports Textual.
THEMES = (
    "ansi-dark", "ansi-light", "atom-one-dark", "atom-one-light", "catppuccin-frappe", "catppuccin-latte",
    "catppuccin-macchiato", "catppuccin-mocha", "dracula", "flexoki", "gruvbox", "monokai", "nord", "rose-pine",
    "rose-pine-dawn", "rose-pine-moon", "solarized-dark", "solarized-light", "textual-dark", "textual-light",
    "tokyo-night",
)


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError("use a whole number, e.g. 3") from None


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError("use a number, e.g. 1.5") from None


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
            number = _whole_number(text)
            if number < 0:
                raise ValueError("it can't be negative")
            if name == "morning_hour" and number > 23:
                raise ValueError("use an hour from 0 to 23")
            return number
        if isinstance(current, float):
            number = _number(text)
            if number <= 0:
                raise ValueError("it must be more than 0")
            return number
        if isinstance(current, tuple):
            steps = tuple(_number(part) for part in text.split(","))
            if not steps or any(step <= 0 for step in steps):
                raise ValueError("every number of days must be more than 0")
            return steps
        if isinstance(current, dict):
            updated = dict(current)
            stages = [s.value for s in Stage]
            for part in text.split(","):
                key, sep, days = part.partition("=")
                key = key.strip()
                if not sep:
                    raise ValueError("use stage=days, e.g. applied=7")
                if key not in stages:
                    raise ValueError(f"{key!r} is not a stage; use one of {', '.join(stages)}")
                number = _whole_number(days.strip())
                if number < 0:
                    raise ValueError("a number of days can't be negative")
                updated[key] = number
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
        if name == "theme" and text not in THEMES:
            raise ValueError(f"there is no such theme; use one of {', '.join(THEMES)}")
        return text
    except ValueError as exc:
        raise CliError(f"can't set {name} to {text!r}: {exc}", 2) from None
