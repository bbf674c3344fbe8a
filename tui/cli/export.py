"""``nextround export``: JSON (complete backup), CSV (applications), Markdown (journal),
ICS (what is coming up, for a calendar)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import add_data_dir, open_store


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("export", help="export everything as JSON, applications as CSV, a Markdown journal, or coming reminders as a calendar (ics)")
    add_data_dir(parser)
    parser.add_argument("--format", choices=("json", "csv", "md", "ics"), default="json",
                        help="default: json (a complete backup); ics: check-ins, follow-ups, move-on prompts and dated actions")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: every other command (notably a timer's `remind --once`) should not pay for it.
    from ..store.storage import atomic_write_bytes
    from ..store.transfer import export_text

    if args.format == "ics":
        from ..domain.clock import SystemClock
        from ..services.calendar_export import calendar_text

        clock = SystemClock()
        text = calendar_text(open_store(args, clock), clock.now(), clock.tz)
    else:
        text = export_text(open_store(args), args.format)
    if args.output:
        target = Path(args.output).expanduser()
        atomic_write_bytes(target, text.encode("utf-8"))
        print(f"exported to {target}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
