"""Imports from the trackers people already use: each fixture imported with the right count,
stages and dates; the dry run; ambiguous dates; undo; damaged files (issue 18)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.domain.models import ENTRY_FOLLOW_UP, Stage
from tui.store import Store
from tui.store.importing import ImportFailed, import_text, plan_csv, render_dry_run
from tui.store.importing.dates import CellDateError, classify

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=timezone.utc)
TODAY = date(2026, 12, 4)


def fresh(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "nextround.json")


def imported(tmp_path: Path, name: str, **kwargs) -> Store:  # type: ignore[no-untyped-def]
    store = fresh(tmp_path)
    text = (FIXTURES / name).read_text(encoding="utf-8-sig")
    import_text(store, text, NOW, TODAY, **kwargs)
    return store


def by_company(store: Store) -> dict[str, object]:
    return {a.company: a for a in store.applications.all()}


def test_linkedin_dates_with_times_are_month_first(tmp_path: Path) -> None:
    apps = by_company(imported(tmp_path, "linkedin_job_applications.csv"))
    assert len(apps) == 4
    assert apps["Northwind Analytics"].applied_on == date(2026, 11, 3)  # "11/3/26, 9:14 AM", not 11 March
    assert apps["Harbor & Pine"].applied_on == date(2026, 10, 28)
    assert apps["Lumen Health"].contact_email == "talent@lumen.example"
    assert "Contact Phone Number: +44 20 7946 0321" in apps["Lumen Health"].notes
    assert {a.stage for a in apps.values()} == {Stage.APPLIED}


def test_huntr_board_uses_its_list_column_for_the_stage(tmp_path: Path) -> None:
    store = imported(tmp_path, "huntr_board.csv")
    apps = by_company(store)
    assert {c: a.stage for c, a in apps.items()} == {
        "Brightline Robotics": Stage.WISHLIST, "Copperleaf": Stage.APPLIED, "Delta Freight": Stage.INTERVIEW,
        "Evergreen Bank": Stage.OFFER, "Foxglove Media": Stage.REJECTED,
    }
    assert apps["Copperleaf"].applied_on == date(2026, 11, 3)  # "2026-11-03 00:00:00"
    assert apps["Brightline Robotics"].applied_on is None
    assert "Date Saved: 2026-11-20 00:00:00" in apps["Brightline Robotics"].notes


def test_huntr_full_export_camel_case(tmp_path: Path) -> None:
    apps = by_company(imported(tmp_path, "huntr_full_export.csv"))
    assert apps["Hollow Oak"].stage is Stage.INTERVIEW and apps["Hollow Oak"].applied_on == date(2026, 10, 3)
    assert apps["Granite Systems"].role == "Backend Engineer" and apps["Granite Systems"].link.endswith("/jobs/3")


def test_teal_bom_crlf_and_vocabulary(tmp_path: Path) -> None:
    apps = by_company(imported(tmp_path, "teal_export.csv"))
    assert len(apps) == 9
    expected = {"Juniper Learning": Stage.WISHLIST, "Kestrel Health": Stage.WISHLIST, "Larkspur": Stage.APPLIED,
                "Mariner Co": Stage.INTERVIEW, "Nimbus Travel": Stage.OFFER, "Orchard Foods": Stage.ACCEPTED,
                "Pioneer Ed": Stage.WITHDRAWN, "Quill Legal": Stage.REJECTED, "Rowan Retail": Stage.GHOSTED}
    assert {c: a.stage for c, a in apps.items()} == expected
    assert apps["Larkspur"].applied_on == date(2026, 11, 3)  # "2026/11/03"


def test_jobsync_day_first_draft_and_role(tmp_path: Path) -> None:
    apps = by_company(imported(tmp_path, "jobsync_export.csv"))
    assert len(apps) == 7
    assert apps["Sable Energy"].stage is Stage.WISHLIST
    assert apps["Tidewater"].applied_on == date(2026, 10, 28) and apps["Tidewater"].role == "Data Engineer"
    assert apps["Umber Insurance"].applied_on == date(2026, 11, 3)  # "03/11/2026" in a day-first column
    assert apps["Vantage Ports"].applied_on == date(2026, 10, 1)


def test_notion_emoji_statuses_and_written_dates(tmp_path: Path) -> None:
    store = imported(tmp_path, "notion_job_tracker.csv")
    apps = by_company(store)
    assert apps["Zephyr Payments"].stage is Stage.APPLIED and apps["Zephyr Payments"].applied_on == date(2026, 11, 3)
    assert apps["Dune Studios"].stage is Stage.OFFER
    (rejection,) = store.rejections.all()
    assert rejection.application_id == apps["Birch Analytics"].id
    assert rejection.on == date(2026, 10, 30)  # the status date ("Last edited time") is the rejection date
    assert store.reflections.count() == 0  # reflection not started


def test_google_sheet_serials_na_duplicates_follow_ups(tmp_path: Path) -> None:
    store = fresh(tmp_path)
    report = import_text(store, (FIXTURES / "google_sheets_tracker.csv").read_text(), NOW, TODAY)
    assert "skipped 1 duplicate row (line 9)" in report.summary()
    apps = by_company(store)
    assert len(apps) == 10
    assert apps["Glenrock Partners"].applied_on == date(2026, 10, 5)  # Excel serial 46300
    assert apps["Maple Transit"].stage is Stage.WISHLIST
    assert apps["Lantern Energy"].stage is Stage.WITHDRAWN  # Offer Declined: the person said no
    heron = apps["Heron Logistics"]
    assert heron.stage is Stage.INTERVIEW
    assert [c.at.date() for c in heron.timeline if c.kind == ENTRY_FOLLOW_UP] == [date(2026, 10, 13)]
    assert any(c.stage is Stage.INTERVIEW and c.at.date() == date(2026, 10, 20) for c in heron.timeline)
    (rejection,) = store.rejections.all()
    assert rejection.application_id == apps["Nettle Foods"].id and rejection.stage is Stage.INTERVIEW


def test_future_follow_up_holds_the_follow_up_prompt(tmp_path: Path) -> None:
    store = fresh(tmp_path)
    import_text(store, "Company,Role,Date Applied,Status,Next Follow-up\nAcme,Analyst,11/20/2026,Applied,12/15/2026\n", NOW, TODAY)
    (checkin,) = store.checkins.all()
    assert checkin.kind.value == "follow_up" and checkin.state.value == "snoozed"
    assert checkin.snoozed_until is not None and checkin.snoozed_until.date() == date(2026, 12, 15)
    assert checkin.reminder_key.startswith(f"application:{checkin.application_id}:follow-up:")


def test_ambiguous_column_asks_and_flags_settle_it(tmp_path: Path) -> None:
    text = "Company,Role,Date Applied,Status\nAcme,Dev,3/11/2026,Applied\nBeta,Dev,4/10/2026,Applied\n"
    store = fresh(tmp_path)
    with pytest.raises(ImportFailed) as failed:
        import_text(store, text, NOW, TODAY)
    assert "--dayfirst or --monthfirst" in failed.value.problems[0]
    assert store.applications.count() == 0
    import_text(store, text, NOW, TODAY, order="day-first")
    assert by_company(store)["Acme"].applied_on == date(2026, 11, 3)
    other = Store.open(tmp_path / "other.json")
    import_text(other, text, NOW, TODAY, order="month-first")
    assert by_company(other)["Acme"].applied_on == date(2026, 3, 11)


def test_mixed_orders_in_one_column_are_refused(tmp_path: Path) -> None:
    text = "Company,Date Applied\nAcme,28/10/2026\nBeta,10/28/2026\n"
    with pytest.raises(ImportFailed) as failed:
        import_text(fresh(tmp_path), text, NOW, TODAY)
    assert "mixed" in failed.value.problems[0]


def test_unknown_status_is_listed_then_mapped(tmp_path: Path) -> None:
    text = "Company,Status\nAcme,Phase 2\nBeta,Phase 2\nGamma,🟡 Applied\n"
    store = fresh(tmp_path)
    plan = plan_csv(store, text, NOW, TODAY)
    assert plan.unknown_words["Phase 2"] == 2
    assert "'Phase 2' → unknown (2 rows)" in render_dry_run(plan)
    with pytest.raises(ImportFailed):
        import_text(store, text, NOW, TODAY)
    import_text(store, text, NOW, TODAY, extra_words={"phase 2": Stage.INTERVIEW})
    assert by_company(store)["Acme"].stage is Stage.INTERVIEW


def test_suspicious_applied_dates_are_reported(tmp_path: Path) -> None:
    plan = plan_csv(fresh(tmp_path), "Company,Date Applied\nAcme,2027-02-01\nBeta,2019-05-01\nGamma,2026-11-01\n", NOW, TODAY)
    assert plan.suspicious == ["line 2: applied 2027-02-01 is in the future", "line 3: applied 2019-05-01, 7 years ago"]


@pytest.mark.parametrize("cell, expected", [
    ("2026-11-03 00:00:00", date(2026, 11, 3)), ("2026/11/03", date(2026, 11, 3)),
    ("2026-11-03T09:14:00+01:00", date(2026, 11, 3)), ("November 3, 2026", date(2026, 11, 3)),
    ("3 Nov 2026", date(2026, 11, 3)), ("46329", date(2026, 11, 3)), ("N/A", None), ("", None),
])
def test_cells_that_say_their_own_date(cell: str, expected: date | None) -> None:
    assert classify(cell) == expected


def test_not_a_date_in_people_words() -> None:
    with pytest.raises(CellDateError, match="is not a real date"):
        classify("2026-02-31")


def test_dry_run_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", "--data-dir", str(tmp_path / "d"), "--dry-run", str(FIXTURES / "google_sheets_tracker.csv")])
    out = capsys.readouterr().out
    assert code == 0
    assert "Recognised as: Google Sheets job tracker" in out
    assert "'Referral?' → notes (labelled \"Referral?: …\")" in out
    assert "'To apply' → Wishlist (1 row)" in out
    assert "'Date Applied': month-first (line 2 has '10/28/2026'" in out
    assert out.count("  line ") == 3
    assert "11 rows read; would add 10 applications, 1 rejection" in out
    assert Store.open(tmp_path / "d" / "nextround.json").applications.count() == 0


def test_undo_restores_the_store_before_the_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    assert main(["import", "--data-dir", str(data), str(FIXTURES / "teal_export.csv")]) == 0
    assert main(["import", "--data-dir", str(data), str(FIXTURES / "huntr_board.csv")]) == 0
    assert Store.open(data / "nextround.json").applications.count() == 14
    assert main(["import", "--data-dir", str(data), "--undo"]) == 0
    assert {a.company for a in Store.open(data / "nextround.json").applications.all()} == set(
        by_company(imported(tmp_path, "teal_export.csv")))
    capsys.readouterr()
    assert main(["import", "--data-dir", str(data), "--undo"]) == 1
    assert "no import to undo" in capsys.readouterr().err


def test_more_than_ten_thousand_rows_asks_for_yes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "big.csv"
    sheet.write_text("Company,Role\n" + "".join(f"Company {i},Analyst\n" for i in range(10_001)))
    data = tmp_path / "d"
    assert main(["import", "--data-dir", str(data), str(sheet)]) == 1
    err = capsys.readouterr().err
    assert "10,001 rows" in err and "--yes" in err
    assert main(["import", "--data-dir", str(data), "--yes", str(sheet)]) == 0
    assert Store.open(data / "nextround.json").applications.count() == 10_001


@pytest.mark.parametrize("content, expected", [
    ("Company,Role\nAcme,Dev\nBeta,\"Dev\nGamma,Dev,x\nDelta,Dev,y\n", "line 3: a quote opened here is never closed"),
    ("Company,Role\nAcme,\"Dev\nBeta,Dev\n", "line 2: a quote opened here is never closed, so the lines after it (1 of them)"),
    ("Company,Role\nAcme,Dev\nBe\x00ta,Dev\n", "line 3: the file has a NUL byte"),
    ("Company,Notes\nAcme,\"" + "x" * 140_000 + "\"\n", "line 2: a cell is longer than 131,072 characters"),
])
def test_damaged_csv_is_a_clear_error_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text(content)
    assert main(["import", "--data-dir", str(tmp_path / "d"), str(sheet)]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_a_quoted_note_with_line_breaks_and_a_comma_is_not_damage(tmp_path: Path) -> None:
    store = fresh(tmp_path)
    import_text(store, 'Company,Notes\nAcme,"Called Sam\nhe said: next week, maybe"\nBeta,ok\n', NOW, TODAY)
    assert by_company(store)["Acme"].notes == "Called Sam\nhe said: next week, maybe"


def test_json_merge_keeps_board_only_action_items(tmp_path: Path) -> None:
    from tui.domain.models import ActionItem, Application
    from tui.store.transfer import export_json

    source = Store.open(tmp_path / "a.json")
    source.applications.add_many([Application(company="Acme", role="Dev", created_at=NOW)])
    source.actions.add_many([ActionItem(title="Update my CV summary", created_at=NOW),
                             ActionItem(title="Ask Sam for a mock interview", created_at=NOW)])
    target = Store.open(tmp_path / "b.json")
    target.applications.add_many([Application(company="Beta", role="Dev", created_at=NOW)])
    report = import_text(target, export_json(source), NOW, TODAY)
    assert sorted(a.title for a in target.actions.all()) == ["Ask Sam for a mock interview", "Update my CV summary"]
    assert report.added["actions"] == 2
    again = import_text(target, export_json(source), NOW, TODAY)
    assert again.added["actions"] == 0 and target.actions.count() == 2


@pytest.mark.parametrize("root, prefix, expected", [
    ("/home/ana/.local/pipx/venvs/nextround/lib/python3.11/site-packages/tui", "/home/ana/.local/pipx/venvs/nextround", "pipx upgrade nextround"),
    ("/home/ana/.local/share/uv/tools/nextround/lib/python3.11/site-packages/tui", "/home/ana/.local/share/uv/tools/nextround", "uv tool upgrade nextround"),
    ("/home/ana/src/nextround/tui", "/home/ana/src/nextround/.venv", "source checkout (/home/ana/src/nextround)"),
    ("/home/ana/venv/lib/python3.11/site-packages/tui", "/home/ana/venv", "/home/ana/venv/bin/python -m pip install -U nextround"),
])
def test_upgrade_advice_fits_the_installation(root: str, prefix: str, expected: str) -> None:
    from tui.store.install_hint import upgrade_advice

    assert expected in upgrade_advice(Path(root), prefix, "/home/ana/venv/bin/python")


def test_undo_refuses_to_drop_later_changes_without_yes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.domain.models import Application

    data = tmp_path / "d"
    assert main(["import", "--data-dir", str(data), str(FIXTURES / "jobsync_export.csv")]) == 0
    store = Store.open(data / "nextround.json")
    store.applications.add_many([Application(company="Added by hand", created_at=NOW)])
    store.close()
    capsys.readouterr()
    assert main(["import", "--data-dir", str(data), "--undo"]) == 1
    assert "changed since the last import" in capsys.readouterr().err
    assert main(["import", "--data-dir", str(data), "--undo", "--yes"]) == 0
    assert Store.open(data / "nextround.json").applications.count() == 0


def test_a_refused_import_keeps_the_last_undo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    bad = tmp_path / "bad.csv"
    bad.write_text("Company,Status\nAcme,Phase 2\n")
    assert main(["import", "--data-dir", str(data), str(FIXTURES / "notion_job_tracker.csv")]) == 0
    assert main(["import", "--data-dir", str(data), str(bad)]) == 1
    assert "'Phase 2' (1 row)" in capsys.readouterr().err
    assert main(["import", "--data-dir", str(data), "--undo"]) == 0
    assert Store.open(data / "nextround.json").applications.count() == 0


ISSUE_VOCABULARY = {
    "Wishlist": Stage.WISHLIST, "Bookmarked": Stage.WISHLIST, "Saved": Stage.WISHLIST, "Draft": Stage.WISHLIST,
    "To apply": Stage.WISHLIST, "Phone Screen": Stage.SCREENING, "Screening Call": Stage.SCREENING,
    "Recruiter Call": Stage.SCREENING, "Technical Interview": Stage.INTERVIEW, "Onsite": Stage.INTERVIEW,
    "Interviewing": Stage.INTERVIEW, "Final": Stage.FINAL_ROUND, "Offer Received": Stage.OFFER,
    "Offer Declined": Stage.WITHDRAWN, "Accepted": Stage.ACCEPTED, "Not Selected": Stage.REJECTED,
    "Declined": Stage.REJECTED, "Archived": Stage.WITHDRAWN, "No Response": Stage.GHOSTED, "Ghosted": Stage.GHOSTED,
    "🟡 Applied": Stage.APPLIED, "❌ Rejected": Stage.REJECTED, "⭐ Offer": Stage.OFFER, "🟢 Final Round": Stage.FINAL_ROUND,
    "Rejected - after onsite": Stage.REJECTED, "Interview (2nd round)": Stage.INTERVIEW, "📧 Email Sent": Stage.APPLIED,
}


@pytest.mark.parametrize("word, stage", ISSUE_VOCABULARY.items())
def test_every_vocabulary_maps_to_our_stages(word: str, stage: Stage) -> None:
    from tui.store.importing.stages import stage_for

    assert stage_for(word) is stage


def test_map_status_rejects_a_stage_we_do_not_have() -> None:
    from tui.store.importing.stages import parse_map_status

    assert parse_map_status(["Phase 2=interview", "Closed (ours)=final round"]) == {"phase 2": Stage.INTERVIEW, "closed (ours)": Stage.FINAL_ROUND}
    with pytest.raises(ValueError, match="'maybe' is not one of our stages"):
        parse_map_status(["Phase 2=maybe"])


def test_json_problems_in_our_words_not_pythons(tmp_path: Path) -> None:
    import json as _json

    payload = {"format": "nextround-export", "schema_version": 1,
               "applications": [{"id": "x1", "company": "Acme", "stage": "applied"}, {"id": 2, "company": "Beta", "stage": "limbo"}]}
    target = fresh(tmp_path)
    from tui.domain.models import Application

    target.applications.add_many([Application(company="Other", created_at=NOW)])
    with pytest.raises(ImportFailed) as failed:
        import_text(target, _json.dumps(payload), NOW, TODAY)
    text = " ".join(failed.value.problems)
    assert "invalid literal" not in text and "is not a valid Stage" not in text
    assert "applications #1: an id is not a whole number" in text
    assert "'limbo' is not a known stage" in text


def test_dry_run_of_an_ambiguous_column_shows_the_cell_not_a_guess(tmp_path: Path) -> None:
    plan = plan_csv(fresh(tmp_path), "Company,Date Applied\nAcme,3/11/2026\n", NOW, TODAY)
    out = render_dry_run(plan)
    assert "applied 3/11/2026 (day or month first: undecided)" in out
    assert "(once the problems below are fixed)" in out and "--dayfirst or --monthfirst" in out


def test_errors_are_capped_at_twenty_and_a_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "many.csv"
    sheet.write_text("Company,Status\n" + "".join(f"Company {i},Limbo {i}\n" for i in range(450)))
    assert main(["import", "--data-dir", str(tmp_path / "d"), str(sheet)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 + 20 + 1
    assert err[-1].strip() == "… and 431 more problems"  # 450 rows + the summary of unknown words = 451


@pytest.mark.parametrize("folder_exists", [False, True], ids=["no data folder", "empty data folder"])
def test_a_dry_run_or_a_refused_import_creates_nothing(tmp_path: Path, folder_exists: bool,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 18 item 7: checking a file never creates the data folder, a store or a lock file."""
    data = tmp_path / "data"
    if folder_exists:
        data.mkdir(mode=0o700)
    good = tmp_path / "good.csv"
    good.write_text("Company,Role,Date Applied,Status\nAcme,Data Analyst,2026-11-03,Applied\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("Company,Role,Date Applied,Status\nAcme,Data Analyst,2026-11-03,Phase 2\n", encoding="utf-8")

    assert main(["import", str(good), "--dry-run", "--data-dir", str(data)]) == 0
    assert "would add 1 application" in capsys.readouterr().out
    assert main(["import", str(bad), "--data-dir", str(data)]) == 1
    assert "Phase 2" in capsys.readouterr().err
    assert data.exists() is folder_exists
    if folder_exists:
        assert list(data.iterdir()) == []

    assert main(["import", str(good), "--data-dir", str(data)]) == 0
    assert [a.company for a in Store.open(data / "nextround.json").applications.all()] == ["Acme"]


def test_a_follow_up_date_still_ahead_holds_the_follow_up_until_that_day(tmp_path: Path) -> None:
    """A tracker's "Next Follow-up" in the future is the day the person chose: the follow-up
    prompt waits for it (not the rules' own day 7), then comes with the real count of days."""
    from dateutil import tz

    from tui.services.dashboard_data import reminders_due

    store = Store.open(tmp_path / "nextround.json")
    text = "Company,Role,Date Applied,Status,Next Follow-up\nAcme,Data Analyst,2026-11-20,Applied,2026-12-10\n"
    now = datetime(2026, 12, 4, 14, tzinfo=timezone.utc)
    berlin = tz.gettz("Europe/Berlin")
    report = import_text(store, text, now, now.date(), zone=berlin)
    assert report.added["planned_follow_ups"] == 1 and "1 planned follow-up" in report.summary()

    def follow_ups(day: int) -> list[str]:
        moment = datetime(2026, 12, day, 14, tzinfo=timezone.utc)
        return [item.detail for item in reminders_due(store, moment, berlin) if item.kind == "follow_up"]

    assert follow_ups(5) == [] and follow_ups(9) == []  # the rules alone would have asked on 27 Nov
    assert len(follow_ups(10)) == 1 and "20 days since you applied" in follow_ups(10)[0]
