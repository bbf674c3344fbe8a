"""Export and import: a complete JSON backup, CSV for spreadsheets, Markdown for reading.

Import is all or nothing: every row is checked first, each bad one reported with its line
number and reason, and nothing is written unless all are good. Importing the same file twice
does not duplicate applications (they are matched on company, role and applied date).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from typing import Any

from ..domain.dates import DateParseError, parse_user_date
from ..domain.text import clean, spreadsheet_cell
from ..domain.models import (
    ActionItem,
    Application,
    CheckIn,
    Record,
    Reflection,
    Rejection,
    Stage,
    StageChange,
)
from .store import SCHEMA_VERSION, Store

EXPORT_FORMAT = "nextround-export"
CSV_COLUMNS = ("company", "role", "stage", "applied", "status_date", "link", "location", "contact", "email", "source", "notes")

# Column names people's spreadsheets use, lower-cased, mapped to ours.
CSV_ALIASES: dict[str, tuple[str, ...]] = {
    "company": ("company", "employer", "organization", "organisation", "company name", "org"),
    "role": ("role", "title", "position", "job title", "job", "job role"),
    "applied": ("date applied", "applied", "applied on", "application date", "date"),
    "stage": ("status", "stage", "state"),
    "link": ("link", "url", "job link", "posting", "job url"),
    "contact": ("contact", "recruiter", "contact name", "hiring manager"),
    "email": ("email", "contact email", "recruiter email", "e-mail"),
    "location": ("location", "city", "place"),
    "notes": ("notes", "note", "comments", "comment"),
    "source": ("source", "found via", "channel"),
    "status_date": ("status date", "last update", "updated", "date of status", "last contact", "status_date"),
}

STAGE_WORDS: dict[str, Stage] = {
    **{stage.value: stage for stage in Stage},
    **{stage.label.lower(): stage for stage in Stage},
    "": Stage.APPLIED,
    "submitted": Stage.APPLIED,
    "phone screen": Stage.SCREENING,
    "screen": Stage.SCREENING,
    "recruiter call": Stage.SCREENING,
    "interviewing": Stage.INTERVIEW,
    "onsite": Stage.INTERVIEW,
    "final": Stage.FINAL_ROUND,
    "final interview": Stage.FINAL_ROUND,
    "offered": Stage.OFFER,
    "rejected": Stage.REJECTED,
    "declined": Stage.REJECTED,
    "no": Stage.REJECTED,
    "turned down": Stage.REJECTED,
    "accepted": Stage.ACCEPTED,
    "hired": Stage.ACCEPTED,
    "withdrew": Stage.WITHDRAWN,
    "no reply": Stage.GHOSTED,
    "no response": Stage.GHOSTED,
}

TABLES: tuple[type[Record], ...] = (Application, Rejection, Reflection, ActionItem, CheckIn)


class ImportFailed(Exception):
    """The file cannot be imported; ``problems`` lists each reason (with line numbers for CSV)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    kind: str
    added: dict[str, int] = field(default_factory=dict)
    skipped_duplicates: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would add" if self.dry_run else "added"
        parts = [f"{n} {name}" for name, n in self.added.items() if n]
        text = f"{verb} {', '.join(parts) if parts else 'nothing'}"
        if self.skipped_duplicates:
            text += f"; skipped {self.skipped_duplicates} already in the store"
        return text


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


# ---------------------------------------------------------------------------
# Import


def detect_kind(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "json"
    return "csv"


def import_text(store: Store, text: str, now: datetime, today: date, dry_run: bool = False) -> ImportReport:
    kind = detect_kind(text)
    if kind == "json":
        return _import_json(store, text, dry_run)
    return _import_csv(store, text, now, today, dry_run)


def _natural_key(app: Application) -> tuple[str, str, str]:
    return (app.company.strip().casefold(), app.role.strip().casefold(), app.applied_on.isoformat() if app.applied_on else "")


def _import_json(store: Store, text: str, dry_run: bool) -> ImportReport:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed([f"line {exc.lineno}: not valid JSON ({exc.msg})"]) from exc
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ImportFailed(["this JSON is not a Next Round export (made by `nextround export --format json`)"])
    version = payload.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ImportFailed([f"this export is from a newer Next Round (version {version}); upgrade first"])
    parsed: dict[str, list[Record]] = {}
    problems: list[str] = []
    for record_type in TABLES:
        rows = payload.get(record_type.TABLE, [])
        if not isinstance(rows, list):
            problems.append(f"{record_type.TABLE}: expected a list")
            continue
        parsed[record_type.TABLE] = []
        for index, row in enumerate(rows, start=1):
            try:
                parsed[record_type.TABLE].append(record_type.from_dict(row, int(row["id"])))
            except (KeyError, TypeError, ValueError) as exc:
                problems.append(f"{record_type.TABLE} #{index}: {exc}")
    if problems:
        raise ImportFailed(problems)

    report = ImportReport("json", dry_run=dry_run)
    existing_keys = {_natural_key(a): a.id for a in store.applications.all()}
    if store.is_empty():
        # Restoring a backup into an empty store keeps every id: a round trip is exact.
        for record_type in TABLES:
            report.added[record_type.TABLE] = len(parsed[record_type.TABLE])
        if not dry_run:
            with store.transaction():
                for record_type in TABLES:
                    _repo(store, record_type).add_many(parsed[record_type.TABLE], keep_ids=True)  # type: ignore[arg-type]
                if isinstance(payload.get("settings"), dict):
                    from ..domain.models import Settings

                    store.save_settings(Settings.from_dict(payload["settings"], 1))
        return report
    return _merge_json(store, parsed, existing_keys, report, dry_run)


def _merge_json(store: Store, parsed: dict[str, list[Record]], existing_keys: dict[tuple[str, str, str], int], report: ImportReport, dry_run: bool) -> ImportReport:
    """Into a store that already has data: new applications get new ids and their records follow."""
    new_apps = [a for a in parsed["applications"] if _natural_key(a) not in existing_keys]  # type: ignore[arg-type]
    report.skipped_duplicates = len(parsed["applications"]) - len(new_apps)
    new_app_ids = {a.id for a in new_apps}
    rejections = [r for r in parsed["rejections"] if r.application_id in new_app_ids]  # type: ignore[attr-defined]
    rejection_ids = {r.id for r in rejections}
    reflections = [r for r in parsed["reflections"] if r.rejection_id in rejection_ids]  # type: ignore[attr-defined]
    reflection_ids = {r.id for r in reflections}
    actions = [a for a in parsed["actions"] if a.reflection_id in reflection_ids]  # type: ignore[attr-defined]
    checkins = [c for c in parsed["checkins"] if c.application_id in new_app_ids or c.rejection_id in rejection_ids]  # type: ignore[attr-defined]
    report.added = {"applications": len(new_apps), "rejections": len(rejections), "reflections": len(reflections),
                    "actions": len(actions), "checkins": len(checkins)}
    if dry_run:
        return report
    with store.transaction():
        app_map = {old.id: new.id for old, new in zip(new_apps, store.applications.add_many([replace(a, id=0) for a in new_apps]))}  # type: ignore[list-item]
        saved_rej = store.rejections.add_many([replace(r, id=0, application_id=app_map[r.application_id]) for r in rejections])  # type: ignore[attr-defined]
        rej_map = {old.id: new.id for old, new in zip(rejections, saved_rej)}
        saved_ref = store.reflections.add_many([replace(r, id=0, rejection_id=rej_map[r.rejection_id]) for r in reflections])  # type: ignore[attr-defined]
        ref_map = {old.id: new.id for old, new in zip(reflections, saved_ref)}
        saved_actions = store.actions.add_many([replace(a, id=0, reflection_id=ref_map.get(a.reflection_id)) for a in actions])  # type: ignore[attr-defined]
        act_map = {old.id: new.id for old, new in zip(actions, saved_actions)}
        store.reflections.update_many(
            replace(r, lessons=tuple(replace(lesson, action_ids=tuple(act_map[i] for i in lesson.action_ids if i in act_map)) for lesson in r.lessons))
            for r in saved_ref
        )
        store.checkins.add_many([
            replace(c, id=0, application_id=app_map.get(c.application_id), rejection_id=rej_map.get(c.rejection_id))  # type: ignore[attr-defined]
            for c in checkins
        ])
    return report


def _match_columns(header: list[str]) -> dict[str, int]:
    lowered = [h.strip().lower().lstrip("\ufeff") for h in header]
    mapping: dict[str, int] = {}
    for ours, aliases in CSV_ALIASES.items():
        for alias in aliases:
            if alias in lowered:
                mapping[ours] = lowered.index(alias)
                break
    return mapping


def _import_csv(store: Store, text: str, now: datetime, today: date, dry_run: bool) -> ImportReport:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text), dialect)
    rows = list(reader)
    if not rows:
        raise ImportFailed(["the file is empty"])
    columns = _match_columns(rows[0])
    if "company" not in columns:
        raise ImportFailed([
            "line 1: no company column found (looked for: " + ", ".join(CSV_ALIASES["company"]) + ")"
        ])
    problems: list[str] = []
    apps: list[Application] = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            apps.append(_row_to_application(row, columns, now, today))
        except ValueError as exc:
            problems.append(f"line {line_no}: {exc}")
    if problems:
        raise ImportFailed(problems)
    existing = {_natural_key(a) for a in store.applications.all()}
    fresh: list[Application] = []
    for app in apps:
        key = _natural_key(app)
        if key not in existing:
            existing.add(key)
            fresh.append(app)
    report = ImportReport("csv", added={"applications": len(fresh)}, skipped_duplicates=len(apps) - len(fresh), dry_run=dry_run)
    if not dry_run and fresh:
        store.applications.add_many(fresh)
    return report


def _row_to_application(row: list[str], columns: dict[str, int], now: datetime, today: date) -> Application:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    company = cell("company")
    if not company:
        raise ValueError("company is empty")
    stage_text = cell("stage").lower()
    stage = STAGE_WORDS.get(stage_text)
    if stage is None:
        raise ValueError(f"unknown status {cell('stage')!r} (use one of: {', '.join(s.label.lower() for s in Stage)})")
    applied = _read_date(cell("applied"), today, "date applied")
    status_day = _read_date(cell("status_date"), today, "status date")
    applied_at = _noon(applied) if applied else now
    timeline = [StageChange(Stage.APPLIED, applied_at)]
    if stage is not Stage.APPLIED:
        timeline.append(StageChange(stage, _noon(status_day) if status_day else applied_at))
    return Application(
        company=company, role=cell("role"), link=cell("link"), location=cell("location"),
        contact_name=cell("contact"), contact_email=cell("email"), source=cell("source"), notes=cell("notes"),
        applied_on=applied, stage=stage, timeline=tuple(timeline), created_at=now, updated_at=now,
    )


def _read_date(text: str, today: date, what: str) -> date | None:
    if not text:
        return None
    try:
        return parse_user_date(text, today)
    except DateParseError as exc:
        raise ValueError(f"{what} {text!r}: {exc}") from exc


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)


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
