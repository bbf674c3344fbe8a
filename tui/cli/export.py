"""``nextround export``: JSON (complete backup), CSV (applications), Markdown (journal),
ICS (what is coming up, for a calendar)."""

from __future__ import annotations

import argparse
import sys

from .common import add_data_dir, open_store


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("export", help="export everything as JSON, applications as CSV, a Markdown journal, or coming reminders as a calendar (ics)")
    add_data_dir(parser)
    parser.add_argument("--format", choices=("json", "csv", "md", "ics"), default="json",
                        help="default: json (a complete backup); ics: check-ins, follow-ups, move-on prompts and dated actions")
    parser.add_argument(
        "-o", "--output", metavar="FILE",
        help="write to FILE instead of standard output (a file is replaced atomically; "
        "`-`, /dev/stdout, a FIFO or a device is written into; a folder is refused)",
    )
    parser.add_argument(
        "--raw", action="store_true",
        help="CSV: keep cells starting with = + - @ as they are (by default they get a leading ' "
        "so a spreadsheet shows them as text instead of running them as formulas)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: every other command (notably a timer's `remind --once`) should not pay for it.
    from ..store.transfer import export_text

    if args.format == "ics":
        from ..domain.clock import SystemClock
        from ..services.calendar_export import calendar_text

        clock = SystemClock()
        text = calendar_text(open_store(args, clock, read_only=True), clock.now(), clock.tz)
    else:
        text = export_text(open_store(args, read_only=True), args.format, raw=getattr(args, "raw", False))
    write_export(text, args.output)
    return 0


def write_export(text: str, output: str | None) -> None:
    """Write an export's text to standard output or to ``output`` (the -o rules of
    ``tui.store.storage.write_output``), and say where on stderr. For every format."""
    from ..domain.text import clean
    from ..store.storage import write_output

    if not output:
        sys.stdout.write(text)
        return
    how = write_output(output, text.encode("utf-8"))
    if how == "file":
        print(f"exported to {clean(output)}", file=sys.stderr)
