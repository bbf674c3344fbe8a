"""Importing: our JSON backup, or a CSV from another tracker read through its profile.

The package holds one concern per module: ``profiles`` (headers → fields per tracker),
``stages`` (status words → stages), ``dates`` (per-column day/month order), ``csv_reading``
(damage reported with its line), ``plan`` (rows → records, the dry run), ``json_backup``.
"""

from __future__ import annotations

from datetime import date, datetime, timezone, tzinfo

from ...domain.models import Stage
from ..store import Store
from .json_backup import ImportReport, import_json
from .plan import CsvPlan, ImportFailed, apply_plan, check, plan_csv, render_dry_run, skipped_text

SIZE_LIMIT = 10_000  # rows; more than this asks for --yes


def detect_kind(text: str) -> str:
    return "json" if text.lstrip().startswith("{") else "csv"


def import_text(store: Store, text: str, now: datetime, today: date, dry_run: bool = False, *,
                order: str | None = None, extra_words: dict[str, Stage] | None = None,
                zone: tzinfo = timezone.utc) -> ImportReport:
    """Import (or, with ``dry_run``, check) a whole file; raises ImportFailed, writing nothing."""
    if detect_kind(text) == "json":
        return import_json(store, text, dry_run)
    plan = plan_csv(store, text, now, today, order=order, extra_words=extra_words)
    check(plan)
    report = ImportReport("csv", dry_run=dry_run, skipped_text=skipped_text(plan))
    report.skipped_duplicates = plan.already_stored + len(plan.duplicate_lines)
    if dry_run:
        report.added = {"applications": len(plan.rows), "rejections": plan.rejections, "planned_follow_ups": plan.checkins}
    else:
        report.added = apply_plan(store, plan, now, zone)
    return report


__all__ = ["CsvPlan", "ImportFailed", "ImportReport", "SIZE_LIMIT", "detect_kind", "import_text", "plan_csv",
           "render_dry_run", "check"]
