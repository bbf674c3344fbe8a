"""The command line: demo, status, export/import round trip, CSV import, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.store import Store

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.fixture()
def demo_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    assert main(["demo", "--data-dir", str(folder)]) == 0
    return folder


def test_demo_refuses_to_overwrite_and_needs_a_folder(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (demo_dir / "nextround.json").read_bytes()
    assert main(["demo", "--data-dir", str(demo_dir)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert (demo_dir / "nextround.json").read_bytes() == before
    assert main(["demo"]) == 2


def test_status_summarises(demo_dir: Path) -> None:
    result = run("status", "--data-dir", str(demo_dir))
    assert result.returncode == 0
    assert "12 applications" in result.stdout
    assert "interview 5 times" in result.stdout
    assert "overdue" in result.stdout


def test_data_dir_from_environment(demo_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "status"], capture_output=True, text=True, cwd=ROOT,
        env={**__import__("os").environ, "NEXTROUND_DATA_DIR": str(demo_dir)},
    )
    assert "12 applications" in result.stdout


def test_json_export_import_round_trip_is_identical(demo_dir: Path, tmp_path: Path) -> None:
    exported = tmp_path / "backup.json"
    assert main(["export", "--data-dir", str(demo_dir), "-o", str(exported)]) == 0
    target = tmp_path / "restored"
    assert main(["import", "--data-dir", str(target), str(exported)]) == 0
    again = tmp_path / "again.json"
    assert main(["export", "--data-dir", str(target), "-o", str(again)]) == 0
    assert again.read_text() == exported.read_text()
    # Importing the same file again adds no applications.
    assert main(["import", "--data-dir", str(target), str(exported)]) == 0
    assert Store.open(target / "nextround.json").applications.count() == 12


def test_csv_and_markdown_exports(demo_dir: Path) -> None:
    csv_out = run("export", "--data-dir", str(demo_dir), "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("company,role,stage,applied")
    assert len(csv_out.splitlines()) == 13
    md = run("export", "--data-dir", str(demo_dir), "--format", "md").stdout
    assert md.startswith("# Next Round journal")
    assert "Harsh thought" in md


SPREADSHEET = """Employer,Job Title,Date Applied,Status,URL,Recruiter,Notes
Acme,Data Analyst,2026-11-03,Applied,https://acme.example/1,Jo,"likes SQL, a lot"
"[bold]Beta[/",Engineer,3 Nov,Phone screen,,,
Gamma,Analyst,,rejected,,,
"""


def test_csv_import_matches_common_column_names(tmp_path: Path) -> None:
    sheet = tmp_path / "apps.csv"
    sheet.write_text(SPREADSHEET)
    folder = tmp_path / "d"
    dry = run("import", "--data-dir", str(folder), str(sheet), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would add 3 applications" in dry.stdout
    assert Store.open(folder / "nextround.json").applications.count() == 0
    assert run("import", "--data-dir", str(folder), str(sheet)).returncode == 0
    apps = {a.company: a for a in Store.open(folder / "nextround.json").applications.all()}
    assert apps["Acme"].link == "https://acme.example/1" and apps["Acme"].notes == "likes SQL, a lot"
    assert apps["[bold]Beta[/"].stage.value == "screening"
    assert apps["Gamma"].stage.value == "rejected"
    second = run("import", "--data-dir", str(folder), str(sheet))
    assert "skipped 3 already in the store" in second.stdout
    assert Store.open(folder / "nextround.json").applications.count() == 3


def test_csv_with_bad_rows_reports_each_and_writes_nothing(tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("Company,Role,Applied,Status\nAcme,Dev,2026-11-03,applied\n,Dev,,applied\nBeta,Dev,31/02/2026,applied\nGamma,Dev,,maybe\n")
    folder = tmp_path / "d"
    result = run("import", "--data-dir", str(folder), str(sheet))
    assert result.returncode == 1
    assert "line 3: company is empty" in result.stderr
    assert "line 4: date applied" in result.stderr
    assert "line 5: unknown status 'maybe'" in result.stderr
    assert "Traceback" not in result.stderr
    assert Store.open(folder / "nextround.json").applications.count() == 0


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["import", "/no/such/file.csv"], "no such file"),
        (["export", "--format", "xml"], "invalid choice"),
        (["--bogus"], "unrecognized arguments"),
    ],
)
def test_errors_are_one_clear_line(tmp_path: Path, args: list[str], phrase: str) -> None:
    result = run(*args, "--data-dir", str(tmp_path / "d")) if args[0] != "--bogus" else run(*args)
    assert result.returncode != 0
    assert phrase in result.stderr
    assert "Traceback" not in result.stderr


def test_foreign_json_is_not_imported(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": 1}))
    result = run("import", "--data-dir", str(tmp_path / "d"), str(other))
    assert result.returncode == 1
    assert "not a Next Round export" in result.stderr


def test_settings_can_be_listed_and_changed_with_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "d")
    assert main(["settings", "--data-dir", folder]) == 0
    assert "quiet_start = 21:00" in capsys.readouterr().out
    assert main(["settings", "quiet_start", "22:30", "--data-dir", folder]) == 0
    assert main(["settings", "follow_up_days", "applied=10", "--data-dir", folder]) == 0
    assert main(["settings", "quiet_end", "7:5", "--data-dir", folder]) == 2
    assert "use HH:MM" in capsys.readouterr().err
    assert main(["settings", "follow_up_days", "nowhere=3", "--data-dir", folder]) == 2
    settings = Store.open(tmp_path / "d" / "nextround.json").settings()
    assert settings.quiet_start == "22:30"
    assert settings.follow_up_days["applied"] == 10 and settings.follow_up_days["interview"] == 5


def test_your_name_setting_signs_emails_as_one_clean_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "d")
    assert main(["settings", "your_name", "  Sam \x1b[31m Lee\n", "--data-dir", folder]) == 0
    assert capsys.readouterr().out.strip() == "your_name = Sam Lee"
    assert Store.open(tmp_path / "d" / "nextround.json").settings().your_name == "Sam Lee"
    assert main(["settings", "your_name", "x" * 81, "--data-dir", folder]) == 2
    assert "under 80 characters" in capsys.readouterr().err


def test_demo_command_offers_every_size_the_generator_has() -> None:
    from tui.services import demo
    from tui.cli import demo as demo_command

    assert demo_command.SIZES == demo.SIZES


def test_start_up_collects_rarely_and_the_remind_watch_loop_goes_back_to_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``main`` raises the collector's thresholds for the start-up (its objects live as long
    as the process); a command that runs for hours (``remind --watch``) restores Python's."""
    import gc

    from tui import __main__ as entry
    from tui.cli import remind as remind_cli

    set_to: list[tuple[int, ...]] = []
    monkeypatch.setattr(gc, "set_threshold", lambda *thresholds: set_to.append(thresholds))
    (tmp_path / "d").mkdir()  # status reads an existing folder (a missing one is reported: issue 18)
    assert entry.main(["status", "--data-dir", str(tmp_path / "d")]) == 0
    assert set_to == [entry.STARTUP_GC_THRESHOLDS]

    class StopAtOnce:
        def run_once(self) -> list[object]:
            raise KeyboardInterrupt

        clock = None

    assert remind_cli.watch(StopAtOnce()) == 0  # type: ignore[arg-type]
    assert set_to[-1] == (700, 10, 10)


@pytest.mark.parametrize(
    "argv",
    [
        [], ["--data-dir", "d"], ["--data-dir=d"], ["--demo"], ["--data-dir", "status"],
        ["status", "--data-dir", "d"], ["--data-dir", "d", "remind", "--once"], ["remind", "--watch"],
        ["remind", "--install-timer", "--data-dir", "d"], ["settings", "quiet_start", "22:00"],
        ["demo", "--data-dir", "d", "--size", "large"], ["export", "--format", "csv", "--data-dir", "d"],
        ["import", "x.json", "--data-dir", "d"],
    ],
)
def test_a_run_builds_only_the_parser_it_needs_and_reads_the_same(argv: list[str]) -> None:
    """Only the named command's module is imported and its parser built (12-17 ms of every
    start and every `remind --once` went to building all of them): the parse is the same."""
    from tui.__main__ import build_parser, commands_needed

    needed = commands_needed(argv)
    assert needed is not None and len(needed) <= 1
    lean = build_parser(needed, lean=True).parse_args(argv)
    assert vars(lean) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    ("argv", "phrase"),
    [
        (["bogus"], "invalid choice: 'bogus'"), (["--data-dir"], "expected one argument"),
        (["remind", "--bogus"], "unrecognized arguments: --bogus"), (["--demo", "extra"], "invalid choice: 'extra'"),
    ],
)
def test_mistakes_get_the_full_parsers_message(argv: list[str], phrase: str) -> None:
    result = run(*argv)
    assert result.returncode == 2
    assert phrase in result.stderr
    assert "COMMAND ..." in result.stderr  # the full usage line, listing the commands


def test_help_lists_every_command() -> None:
    from tui.__main__ import COMMANDS

    result = run("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout
