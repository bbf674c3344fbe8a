"""Export: a complete JSON backup, CSV for spreadsheets, Markdown for reading.

Import lives in ``tui.store.importing`` (tracker profiles, per-column dates, the dry run);
its names are re-exported here so older callers keep working.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from ..domain.text import clean, spreadsheet_cell
from ..domain.models import (
    ActionItem,
    Application,
    CheckIn,
    Record,
    Reflection,
    Rejection,
)
from .store import SCHEMA_VERSION, Store
from .importing import ImportFailed, ImportReport, detect_kind, import_text  # noqa: F401 - re-exported

EXPORT_FORMAT = "nextround-export"
CSV_COLUMNS = ("company", "role", "stage", "applied", "status_date", "link", "location", "contact", "email", "source", "notes")

TABLES: tuple[type[Record], ...] = (Application, Rejection, Reflection, ActionItem, CheckIn)


# ---------------------------------------------------------------------------
# Export


def export_json(store: Store) -> str:
    """The complete backup: every record with its id, in a stable order."""
    payload: dict[str, Any] = {"format": EXPORT_FORMAT, "schema_version": SCHEMA_VERSION}
    for record_type in TABLES:
        repo = _repo(store, record_type)
        payload[record_type.TABLE] = [{"id": r.id, **r.to_dict()} for r in sorted(repo.all(), key=lambda r: r.id)]
    payload["settings"] = store.settings().to_dict()
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def export_csv(store: Store, raw: bool = False) -> str:
    """Applications for a spreadsheet: every cell cleaned of control characters, and a cell that
    a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``...) starts with an apostrophe
    unless ``raw`` (see ``tui.domain.text.spreadsheet_cell``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for app in sorted(store.applications.all(), key=lambda a: a.id):
        last = app.last_change
        writer.writerow([
            spreadsheet_cell(app.company, raw), spreadsheet_cell(app.role, raw), app.stage.label,
            app.applied_on.isoformat() if app.applied_on else "",
            last.date().isoformat() if last else "",
            *(spreadsheet_cell(value, raw) for value in (
                app.link, app.location, app.contact_name, app.contact_email, app.source, app.notes,
            )),
        ])
    return out.getvalue()


def export_markdown(store: Store) -> str:
    """A readable journal: applications, then each rejection with its reflection, then actions."""
    apps = {a.id: a for a in store.applications.all()}
    reflections = {r.rejection_id: r for r in store.reflections.all()}
    actions = {a.id: a for a in store.actions.all()}
    lines = ["# Next Round journal", "", "## Applications", ""]
    for app in sorted(apps.values(), key=lambda a: (a.applied_on or date.min, a.id)):
        applied = app.applied_on.isoformat() if app.applied_on else "?"
        lines.append(f"- **{_md(app.company)}** — {_md(app.role) or 'role not set'} · {app.stage.label} · applied {applied}")
    lines += ["", "## Rejections and reflections", ""]
    for rejection in sorted(store.rejections.all(), key=lambda r: r.on):
        app = apps.get(rejection.application_id)
        name = _md(app.title) if app else "an application"
        lines.append(f"### {name} ({rejection.on.isoformat()}, at {rejection.stage.label.lower()})")
        if rejection.reason:
            lines.append(f"- Reason given: {_md(rejection.reason)}")
        lines.append(f"- Feedback: {rejection.feedback_summary}")
        if rejection.feedback_text:
            lines.append(f"- What they said: {_md(rejection.feedback_text)}")
        reflection = reflections.get(rejection.id)
        if reflection:
            state = "finished" if reflection.is_complete else f"in progress (step {reflection.step} of 5)"
            lines.append(f"- Reflection {state}")
            for label, value in (
                ("Outside my control", ", ".join(reflection.outside_factors + ((reflection.other_factors,) if reflection.other_factors else ()))),
                ("Harsh thought", reflection.harsh_thought),
                ("Fairer version", reflection.reframe),
                ("What went well", reflection.went_well),
                ("Closing note", reflection.closing_note),
            ):
                if value:
                    lines.append(f"  - {label}: {_md(value)}")
            for lesson in reflection.lessons:
                lines.append(f"  - Lesson: {_md(lesson.text)}")
                for action_id in lesson.action_ids:
                    if action_id in actions:
                        lines.append(f"    - [{'x' if actions[action_id].status.value == 'done' else ' '}] {_md(actions[action_id].title)}")
        lines.append("")
    lines += ["## Action items", ""]
    for item in sorted(actions.values(), key=lambda a: (a.status.value, a.due or date.max, a.id)):
        due = f" (due {item.due.isoformat()})" if item.due else ""
        lines.append(f"- [{'x' if item.status.value == 'done' else ' '}] {_md(item.title)}{due} — {item.status.label}")
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    """Keep user text literal in Markdown: escape the characters that would format it."""
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in clean(text).replace("\n", " "))


def _repo(store: Store, record_type: type[Record]) -> Any:
    return {
        Application: store.applications, Rejection: store.rejections, Reflection: store.reflections,
        ActionItem: store.actions, CheckIn: store.checkins,
    }[record_type]


def export_text(store: Store, fmt: str, raw: bool = False) -> str:
    """The export in ``fmt``; ``raw`` keeps CSV cells that look like formulas as they are."""
    if fmt == "csv":
        return export_csv(store, raw)
    exporters = {"json": export_json, "md": export_markdown}
    return exporters[fmt](store)


__all__: Iterable[str] = ["ImportFailed", "ImportReport", "export_text", "import_text", "detect_kind"]
