"""From a CSV to the records it implies, checked before anything is written.

``plan_csv`` reads every row, decides each date column's order, maps each status word, and
builds the applications with their timelines, the rejection record of each rejected one and
a follow-up still ahead (the follow-up prompt held until that day). ``apply_plan`` writes them in one transaction.
``render_dry_run`` shows the whole plan: mapping, notes columns, status words, date orders and
why, the first three rows as stored, totals, problems (the first 20 and a count).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from ...domain.models import Application, CheckIn, CheckInKind, CheckInState, Rejection, Settings, Stage, StageChange
from ...domain.models import ENTRY_FOLLOW_UP
from ...domain.reminders import TOPIC_FOLLOW_UP, follow_up_key
from ..store import Store
from .csv_reading import CsvDamaged, read_rows
from .dates import DAY_FIRST, MONTH_FIRST, CellDateError, ColumnOrder, decide_order, resolve
from .profiles import FIELD_LABELS, GENERIC_COLUMNS, IGNORED, Profile, detect, header_key, map_columns
from .stages import stage_for

DATE_FIELDS = ("applied", "status_date", "follow_up", "interview")
PROBLEMS_SHOWN = 20
SUSPICIOUS_YEARS = 3
NO_VALUE = {"no", "false", "0", "n"}


class ImportFailed(Exception):
    """The file cannot be imported; ``problems`` lists each reason (with line numbers for CSV)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


@dataclass
class PlannedRow:
    line: int
    app: Application
    rejected_on: date | None = None
    rejected_at_stage: Stage = Stage.APPLIED
    follow_up_due: date | None = None
    # Date cells whose column order is not decided yet, as written (shown, never guessed).
    undecided: dict[str, str] = field(default_factory=dict)


@dataclass
class CsvPlan:
    profile: Profile
    header: list[str]
    mapping: dict[str, int]
    note_columns: list[int]
    ignored_columns: list[int]
    orders: dict[str, ColumnOrder] = field(default_factory=dict)
    status_words: Counter[tuple[str, Stage]] = field(default_factory=Counter)
    unknown_words: Counter[str] = field(default_factory=Counter)
    rows: list[PlannedRow] = field(default_factory=list)
    duplicate_lines: list[int] = field(default_factory=list)
    already_stored: int = 0
    problems: list[str] = field(default_factory=list)
    suspicious: list[str] = field(default_factory=list)
    total_rows: int = 0

    @property
    def rejections(self) -> int:
        return sum(1 for r in self.rows if r.rejected_on is not None)

    @property
    def checkins(self) -> int:
        return sum(1 for r in self.rows if r.follow_up_due is not None)


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)


def natural_key(app: Application) -> tuple[str, str, str]:
    return (app.company.strip().casefold(), app.role.strip().casefold(), app.applied_on.isoformat() if app.applied_on else "")


def plan_csv(store: Store, text: str, now: datetime, today: date, *, order: str | None = None,
             extra_words: dict[str, Stage] | None = None) -> CsvPlan:
    """Everything the file would become; problems are collected, not raised."""
    try:
        header, rows = read_rows(text)
    except CsvDamaged as exc:
        raise ImportFailed([str(exc)]) from None
    profile = detect(header)
    mapping = map_columns(header, profile)
    if "company" not in mapping:
        raise ImportFailed(["line 1: no company column found (looked for: " + ", ".join(GENERIC_COLUMNS["company"]) + ")"])
    used = set(mapping.values())
    ignored = [i for i, h in enumerate(header) if i not in used and header_key(h) in IGNORED]
    notes = [i for i, h in enumerate(header) if i not in used and i not in ignored and h.strip()]
    plan = CsvPlan(profile, header, mapping, notes, ignored)

    def cell(cells: list[str], name: str) -> str:
        index = mapping.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    data = [r for r in rows if any(c.strip() for c in r.cells)]
    plan.total_rows = len(data)
    for name in DATE_FIELDS:
        if name in mapping:
            column = header[mapping[name]].lstrip("\ufeff")
            decided = decide_order(column, [(r.line, cell(r.cells, name)) for r in data], order, profile.date_order, profile.name.split(" (")[0])
            plan.orders[name] = decided
            if decided.ambiguous:
                plan.problems.append(f"column {column!r}: {decided.reason}")
    existing = {natural_key(a) for a in store.applications.all()}
    seen: dict[tuple[str, str, str], int] = {}
    for row in data:
        cells = row.cells
        problems_before = len(plan.problems)
        company = cell(cells, "company")
        if not company:
            plan.problems.append(f"line {row.line}: company is empty")
        raw_status = cell(cells, "stage")
        stage: Stage | None
        if raw_status:
            stage = stage_for(raw_status, extra_words)
            if stage is None:
                plan.unknown_words[raw_status] += 1
                plan.problems.append(f"line {row.line}: unknown status {raw_status!r}")
            else:
                plan.status_words[(raw_status, stage)] += 1
        else:
            stage = Stage(profile.default_stage) if profile.default_stage else Stage.APPLIED
        if stage is Stage.APPLIED and cell(cells, "sent").casefold() in NO_VALUE and "sent" in mapping:
            stage = Stage.WISHLIST
        days: dict[str, date | None] = {}
        for name in DATE_FIELDS:
            text_value = cell(cells, name)
            days[name] = None
            if name not in plan.orders or plan.orders[name].ambiguous or not text_value:
                continue
            try:
                days[name] = resolve(text_value, plan.orders[name], today)
            except CellDateError as exc:
                plan.problems.append(f"line {row.line}: {FIELD_LABELS[name]} {exc}")
        if len(plan.problems) > problems_before or stage is None:
            continue
        applied = days["applied"]
        if applied and applied > today:
            plan.suspicious.append(f"line {row.line}: applied {applied.isoformat()} is in the future")
        elif applied and applied < today - timedelta(days=365 * SUSPICIOUS_YEARS):
            plan.suspicious.append(f"line {row.line}: applied {applied.isoformat()}, {(today - applied).days // 365} years ago")
        planned = _build(row.line, cells, header, plan, stage, days, now, today, cell)
        planned.undecided = {n: cell(cells, n) for n in DATE_FIELDS
                             if n in plan.orders and plan.orders[n].ambiguous and cell(cells, n)}
        key = natural_key(planned.app)
        if key in seen:
            plan.duplicate_lines.append(row.line)
            continue
        seen[key] = row.line
        if key in existing:
            plan.already_stored += 1
            continue
        plan.rows.append(planned)
    return plan


def _build(line: int, cells: list[str], header: list[str], plan: CsvPlan, stage: Stage, days: dict[str, date | None],
           now: datetime, today: date, cell) -> PlannedRow:  # type: ignore[no-untyped-def]
    applied, status_day, follow_up, interview = (days[n] for n in DATE_FIELDS)
    notes = [cell(cells, "notes")] if cell(cells, "notes") else []
    if cell(cells, "salary"):
        notes.append(f"Salary: {cell(cells, 'salary')}")
    for index in plan.note_columns:
        value = cells[index].strip() if index < len(cells) else ""
        if value:
            notes.append(f"{header[index].lstrip(chr(0xFEFF)).strip()}: {value}")
    timeline: list[StageChange] = []
    start = _noon(applied) if applied else now
    if stage is Stage.WISHLIST:
        timeline.append(StageChange(Stage.WISHLIST, start))
    else:
        timeline.append(StageChange(Stage.APPLIED, start))
    if interview and interview <= today and stage not in (Stage.WISHLIST, Stage.APPLIED, Stage.SCREENING):
        timeline.append(StageChange(Stage.INTERVIEW, _noon(interview), "interview date from the import"))
    elif interview and interview > today:
        notes.append(f"Interview: {interview.isoformat()}")
    follow_up_due = None
    if follow_up and follow_up <= today and stage is not Stage.WISHLIST:
        timeline.append(StageChange(Stage.APPLIED, _noon(follow_up), "follow-up date from the import", kind=ENTRY_FOLLOW_UP))
    elif follow_up and follow_up > today and stage.is_open:
        follow_up_due = follow_up
    last = max(c.at for c in timeline)
    if stage not in (Stage.APPLIED, Stage.WISHLIST) and timeline[-1].stage is not stage:
        at = _noon(status_day) if status_day else last
        timeline.append(StageChange(stage, max(at, timeline[0].at)))
    timeline.sort(key=lambda c: c.at)
    app = Application(
        company=cell(cells, "company"), role=cell(cells, "role"), link=cell(cells, "link"),
        location=cell(cells, "location"), contact_name=cell(cells, "contact"), contact_email=cell(cells, "email"),
        source=cell(cells, "source"), notes="\n".join(notes), applied_on=applied if stage is not Stage.WISHLIST else None,
        stage=stage, timeline=tuple(timeline), created_at=now, updated_at=now,
    )
    planned = PlannedRow(line, app, follow_up_due=follow_up_due)
    if stage is Stage.REJECTED:
        planned.rejected_on = (status_day or timeline[-1].at.date())
        planned.rejected_at_stage = Stage.INTERVIEW if any(c.stage is Stage.INTERVIEW for c in timeline) else Stage.APPLIED
    return planned


def _planned_follow_up(app: Application, day: date, settings: Settings, zone: tzinfo, now: datetime) -> CheckIn | None:
    """A follow-up the tracker had planned for ``day``: the rules' follow-up prompt for this
    application, held until that morning (recorded as a snooze is), so it comes on the day
    the person chose, with the real count of days, instead of on the rules' own day."""
    key = follow_up_key(app, settings, zone)
    if key is None:
        return None
    until = datetime.combine(day, time(settings.morning_hour), zone).astimezone(timezone.utc)
    return CheckIn(kind=CheckInKind.FOLLOW_UP, due_at=until, application_id=app.id, topic=TOPIC_FOLLOW_UP,
                   created_at=now, reminder_key=key, state=CheckInState.SNOOZED, snoozed_until=until)


def apply_plan(store: Store, plan: CsvPlan, now: datetime, zone: tzinfo = timezone.utc) -> dict[str, int]:
    """Write the planned records in one transaction; returns what was added."""
    if not plan.rows:
        return {"applications": 0}
    with store.transaction():
        saved = store.applications.add_many([r.app for r in plan.rows])
        rejections = [
            Rejection(application_id=app.id, on=r.rejected_on, stage=r.rejected_at_stage, created_at=now)
            for r, app in zip(plan.rows, saved) if r.rejected_on is not None
        ]
        store.rejections.add_many(rejections)
        settings = store.settings()
        checkins = [
            row for row in (
                _planned_follow_up(app, r.follow_up_due, settings, zone, now)
                for r, app in zip(plan.rows, saved) if r.follow_up_due is not None
            ) if row is not None
        ]
        store.checkins.add_many(checkins)
    return {"applications": len(saved), "rejections": len(rejections), "planned_follow_ups": len(checkins)}


def check(plan: CsvPlan) -> None:
    """Raise with every problem (the caller caps what it prints) and the unknown words summed up."""
    problems = list(plan.problems)
    if plan.unknown_words:
        words = ", ".join(f"{w!r} ({plural(n, 'row')})" for w, n in plan.unknown_words.most_common())
        problems.append(f"unknown status words: {words}; map each with --map-status \"WORD=stage\" "
                        f"(stages: {', '.join(s.value for s in Stage)})")
    if problems:
        raise ImportFailed(problems)


def skipped_text(plan: CsvPlan) -> str:
    parts = []
    if plan.duplicate_lines:
        lines = ", ".join(str(n) for n in plan.duplicate_lines[:10]) + (", …" if len(plan.duplicate_lines) > 10 else "")
        parts.append(f"skipped {plural(len(plan.duplicate_lines), 'duplicate row')} ({'line' if len(plan.duplicate_lines) == 1 else 'lines'} {lines})")
    if plan.already_stored:
        parts.append(f"skipped {plan.already_stored} already in the store")
    return "; ".join(parts)


def cap(problems: list[str], noun: str = "problem") -> list[str]:
    """The first 20, then a count: a broken 450,000-row file is not 450,000 lines of errors."""
    shown = problems[:PROBLEMS_SHOWN]
    if len(problems) > PROBLEMS_SHOWN:
        shown.append(f"… and {plural(len(problems) - PROBLEMS_SHOWN, 'more ' + noun)}")
    return shown


def render_dry_run(plan: CsvPlan) -> str:
    lines = [f"Recognised as: {plan.profile.name}", "", "Columns:"]
    for name, index in sorted(plan.mapping.items(), key=lambda kv: kv[1]):
        lines.append(f"  {plan.header[index].lstrip(chr(0xFEFF))!r} → {FIELD_LABELS[name]}")
    for index in plan.note_columns:
        lines.append(f"  {plan.header[index]!r} → notes (labelled \"{plan.header[index].strip()}: …\")")
    for index in plan.ignored_columns:
        lines.append(f"  {plan.header[index]!r} → not kept (tracker bookkeeping)")
    if plan.status_words or plan.unknown_words:
        lines += ["", "Status words:"]
        for (word, stage), count in sorted(plan.status_words.items(), key=lambda kv: (-kv[1], kv[0][0])):
            lines.append(f"  {word!r} → {stage.label} ({plural(count, 'row')})")
        for word, count in plan.unknown_words.most_common():
            lines.append(f"  {word!r} → unknown ({plural(count, 'row')}): add --map-status \"{word}=STAGE\"")
    if plan.orders:
        lines += ["", "Dates:"]
        for name, decided in plan.orders.items():
            column = plan.header[plan.mapping[name]].lstrip(chr(0xFEFF))
            chosen = decided.order or ("undecided" if decided.ambiguous else "no order needed")
            lines.append(f"  {column!r}: {chosen} ({decided.reason})")
    if plan.rows:
        lines += ["", f"First {min(3, len(plan.rows))} as they would be stored:"]
        for row in plan.rows[:3]:
            app = row.app
            applied = app.applied_on.isoformat() if app.applied_on else "not sent" if app.stage is Stage.WISHLIST else "no date"
            if "applied" in row.undecided:
                applied = f"{row.undecided['applied']} (day or month first: undecided)"
            extra = f", rejected {row.rejected_on.isoformat()} (journal entry, reflection not started)" if row.rejected_on else ""
            lines.append(f"  line {row.line}: {app.company} — {app.role or 'role not set'} · {app.stage.label} · applied {applied}{extra}")
            if app.notes:
                lines.append("    notes: " + app.notes.replace("\n", " | "))
    condition = " (once the problems below are fixed)" if plan.problems else ""
    lines += ["", "Totals:", f"  {plural(plan.total_rows, 'row')} read; would add {plural(len(plan.rows), 'application')}, "
              f"{plural(plan.rejections, 'rejection')}, {plural(plan.checkins, 'planned follow-up')}{condition}"]
    skipped = skipped_text(plan)
    if skipped:
        lines.append("  " + skipped)
    if plan.suspicious:
        lines += ["", "Worth a look (imported as written):"] + ["  " + s for s in cap(plan.suspicious, "date")]
    problems = list(plan.problems)
    if problems:
        lines += ["", f"Problems ({len(problems)}; nothing would be imported until they are fixed):"] + ["  " + p for p in cap(problems)]
    return "\n".join(lines) + "\n"


__all__ = ["ImportFailed", "CsvPlan", "plan_csv", "apply_plan", "render_dry_run", "check", "cap", "plural",
           "DAY_FIRST", "MONTH_FIRST"]
