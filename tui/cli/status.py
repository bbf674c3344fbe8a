"""``nextround status``: a few plain lines for a shell start-up file."""

from __future__ import annotations

import argparse

from .common import add_data_dir, open_store


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("status", help="print a short summary of your search and exit")
    add_data_dir(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..domain.clock import SystemClock

    clock = SystemClock()
    store = open_store(args, clock, read_only=True)
    print(summary(store, clock.now(), clock.tz))
    return 0


def summary(store, now, zone) -> str:  # type: ignore[no-untyped-def]
    """The status text: pipeline by stage, what is due, overdue actions. Plain text, no colour."""
    from ..domain.models import ActionStatus, Stage
    from ..domain.stats import pipeline

    today = now.astimezone(zone).date()
    apps = store.applications.all()
    pipe = pipeline(apps)
    lines = [f"Next Round — {pipe.total} application{'s' if pipe.total != 1 else ''}, {pipe.open} still open"]
    stages = ", ".join(f"{stage.label.lower()} {pipe.by_stage[stage]}" for stage in Stage if pipe.by_stage[stage])
    if stages:
        lines.append(f"  by stage: {stages}")
    if pipe.interviews:
        lines.append(f"  you were invited to interview {pipe.interviews} time{'s' if pipe.interviews != 1 else ''}")
    due = _due_counts(store, now, zone)
    due_text = ", ".join(f"{n} {label}" for label, n in due.items() if n) or "nothing"
    lines.append(f"  due now: {due_text}")
    open_actions = [a for a in store.actions.all() if a.status is not ActionStatus.DONE]
    overdue = sum(1 for a in open_actions if a.is_overdue(today))
    lines.append(f"  action items: {len(open_actions)} open, {overdue} overdue")
    return "\n".join(lines)



def _due_counts(store, now, zone) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Reminders due now by kind, from the same rules the app and ``remind`` use."""
    from ..services.dashboard_data import reflections_due, reminders_due

    counts: dict[str, int] = {}
    for item in reminders_due(store, now, zone) + reflections_due(store):
        counts[item.kind] = counts.get(item.kind, 0) + 1
    names = {"check_in": "check-in", "follow_up": "follow-up", "move_on": "move-on prompt", "reflection": "reflection"}
    return {f"{names[kind]}{'' if n == 1 else 's'}": n for kind, n in counts.items()}
