"""Our own JSON backup: exact into an empty store, merged record by record into a full one.

Into a store that already has data, new applications get new ids and everything that hangs
on them follows; action items that belong to no reflection (added on the board) come too,
unless the same item (title, due date, status) is already there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from ...domain.models import ActionItem, Application, CheckIn, Record, Reflection, Rejection, Settings
from ..store import SCHEMA_VERSION, Store
from .plan import ImportFailed, natural_key, plural

EXPORT_FORMAT = "nextround-export"
TABLES: tuple[type[Record], ...] = (Application, Rejection, Reflection, ActionItem, CheckIn)
TABLE_WORDS = {"applications": ("application", "applications"), "rejections": ("rejection", "rejections"),
               "reflections": ("reflection", "reflections"), "actions": ("action item", "action items"),
               "checkins": ("check-in", "check-ins"),
               # A CSV's follow-up date still ahead: the follow-up prompt waits for that day.
               "planned_follow_ups": ("planned follow-up", "planned follow-ups")}


@dataclass
class ImportReport:
    kind: str
    added: dict[str, int] = field(default_factory=dict)
    skipped_duplicates: int = 0
    skipped_text: str = ""
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would add" if self.dry_run else "added"
        parts = [f"{n} {TABLE_WORDS.get(name, (name, name))[n != 1]}" for name, n in self.added.items() if n]
        text = f"{verb} {', '.join(parts) if parts else 'nothing'}"
        if self.skipped_text:
            text += f"; {self.skipped_text}"
        elif self.skipped_duplicates:
            text += f"; skipped {self.skipped_duplicates} already in the store"
        return text


def repo_for(store: Store, record_type: type[Record]) -> Any:
    return {
        Application: store.applications, Rejection: store.rejections, Reflection: store.reflections,
        ActionItem: store.actions, CheckIn: store.checkins,
    }[record_type]


def import_json(store: Store, text: str, dry_run: bool) -> ImportReport:
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
                problems.append(f"{record_type.TABLE} #{index}: {_plain(exc)}")
    if problems:
        raise ImportFailed(problems)
    report = ImportReport("json", dry_run=dry_run)
    if store.is_empty():
        # Restoring a backup into an empty store keeps every id: a round trip is exact.
        for record_type in TABLES:
            report.added[record_type.TABLE] = len(parsed[record_type.TABLE])
        if not dry_run:
            with store.transaction():
                for record_type in TABLES:
                    repo_for(store, record_type).add_many(parsed[record_type.TABLE], keep_ids=True)
                if isinstance(payload.get("settings"), dict):
                    store.save_settings(Settings.from_dict(payload["settings"], 1))
        return report
    return _merge(store, parsed, report, dry_run)


def _plain(exc: Exception) -> str:
    """A record that does not read, in our words rather than Python's."""
    if isinstance(exc, KeyError):
        return f"the field {exc.args[0]!r} is missing"
    text = str(exc)
    if "is not a valid" in text:
        value, _, kind = text.partition(" is not a valid ")
        return f"{value} is not a known {kind.lower()}"
    if "invalid literal for int()" in text:
        return "an id is not a whole number"
    return text


def _merge(store: Store, parsed: dict[str, list[Record]], report: ImportReport, dry_run: bool) -> ImportReport:
    existing = {natural_key(a): a.id for a in store.applications.all()}
    apps: list[Application] = parsed["applications"]  # type: ignore[assignment]
    new_apps = [a for a in apps if natural_key(a) not in existing]
    report.skipped_duplicates = len(apps) - len(new_apps)
    if report.skipped_duplicates:
        report.skipped_text = f"skipped {plural(report.skipped_duplicates, 'application')} already in the store"
    existing_by_old_id = {a.id: existing[natural_key(a)] for a in apps if natural_key(a) in existing}
    new_app_ids = {a.id for a in new_apps}
    rejections = [r for r in parsed["rejections"] if r.application_id in new_app_ids]  # type: ignore[attr-defined]
    rejection_ids = {r.id for r in rejections}
    reflections = [r for r in parsed["reflections"] if r.rejection_id in rejection_ids]  # type: ignore[attr-defined]
    reflection_ids = {r.id for r in reflections}
    have = {(a.title.casefold(), a.due, a.status) for a in store.actions.all()}
    actions = [
        a for a in parsed["actions"]  # type: ignore[attr-defined]
        if a.reflection_id in reflection_ids
        or (a.reflection_id is None and (a.title.casefold(), a.due, a.status) not in have)  # board-only items
    ]
    checkins = [c for c in parsed["checkins"] if c.application_id in new_app_ids or c.rejection_id in rejection_ids]  # type: ignore[attr-defined]
    report.added = {"applications": len(new_apps), "rejections": len(rejections), "reflections": len(reflections),
                    "actions": len(actions), "checkins": len(checkins)}
    if dry_run:
        return report
    with store.transaction():
        app_map = {old.id: new.id for old, new in zip(new_apps, store.applications.add_many([replace(a, id=0) for a in new_apps]))}
        app_map.update(existing_by_old_id)
        saved_rej = store.rejections.add_many([replace(r, id=0, application_id=app_map[r.application_id]) for r in rejections])  # type: ignore[attr-defined]
        rej_map = {old.id: new.id for old, new in zip(rejections, saved_rej)}
        saved_ref = store.reflections.add_many([replace(r, id=0, rejection_id=rej_map[r.rejection_id]) for r in reflections])  # type: ignore[attr-defined]
        ref_map = {old.id: new.id for old, new in zip(reflections, saved_ref)}
        saved_actions = store.actions.add_many([
            replace(a, id=0, reflection_id=ref_map.get(a.reflection_id) if a.reflection_id is not None else None,
                    application_id=app_map.get(a.application_id) if a.application_id is not None else None)
            for a in actions
        ])
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
