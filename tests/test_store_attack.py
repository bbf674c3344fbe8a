"""Issue 17, "the store under attack", and issue 18's items 7 and 8 (settings): each defect
reproduced first (these tests fail on 88a118d), then the guarantee that replaced it."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.domain.clock import FrozenClock
from tui.domain.models import ActionItem, ActionStatus, Application, Stage
from tui.services.editor import Editor
from tui.store import Store

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)


def run(*args: str, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def python(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout
    )


def filled(tmp_path: Path) -> Path:
    path = tmp_path / "d" / "nextround.json"
    store = Store.open(path)
    store.applications.add(Application(company="Northwind Analytics", role="Data Analyst", stage=Stage.APPLIED))
    store.actions.add(ActionItem(title="Ask Priya for a referral"))
    store.close()
    return path


# -- 1. no lost update between two windows ------------------------------------------------------


def test_a_tick_in_a_stale_window_keeps_the_title_another_window_saved(tmp_path: Path) -> None:
    """Window B shows the card, window A retitles it, B ticks its (stale) copy: both changes stay."""
    path = filled(tmp_path)
    window_a, window_b = Store.open(path), Store.open(path)
    editor_a, editor_b = Editor(window_a, FrozenClock(NOW)), Editor(window_b, FrozenClock(NOW))
    shown_in_b = window_b.actions.get(1)
    assert shown_in_b is not None
    editor_a.save_action(window_a.actions.get(1).with_changes(title="Ask Priya Shah for a Northwind referral"))  # type: ignore[union-attr]
    # The board's tick: the item as B shows it, moved to Done, saved (board.py's _change path).
    editor_b.save_action(shown_in_b.moved_to(ActionStatus.DONE, NOW), "ticked")
    on_disk = Store.open(path).actions.get(1)
    assert on_disk is not None
    assert (on_disk.title, on_disk.status) == ("Ask Priya Shah for a Northwind referral", ActionStatus.DONE)
    # and window A, reading again, shows the result of both
    assert window_a.actions.get(1).status is ActionStatus.DONE  # type: ignore[union-attr]


def test_a_stale_edit_of_the_same_field_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    from tui.store import ChangedElsewhere

    path = filled(tmp_path)
    window_a, window_b = Store.open(path), Store.open(path)
    shown_in_b = window_b.applications.get(1)
    Editor(window_a, FrozenClock(NOW)).save_application(window_a.applications.get(1).with_changes(role="Senior Data Analyst"))  # type: ignore[union-attr]
    before = path.read_bytes()
    with pytest.raises(ChangedElsewhere, match="changed in another window.*reloaded"):
        Editor(window_b, FrozenClock(NOW)).save_application(shown_in_b.with_changes(role="Analytics Engineer"))  # type: ignore[union-attr]
    assert path.read_bytes() == before
    # B has reloaded: its next edit, made on what it now shows, goes through
    fresh = window_b.applications.get(1)
    assert fresh is not None and fresh.role == "Senior Data Analyst"
    saved = Editor(window_b, FrozenClock(NOW)).save_application(fresh.with_changes(role="Analytics Engineer"))
    assert saved.role == "Analytics Engineer" and Store.open(path).applications.get(1).role == "Analytics Engineer"  # type: ignore[union-attr]


def test_two_processes_change_different_fields_of_one_card_and_both_stay(tmp_path: Path) -> None:
    """Window A is another process (retitles and moves the card to Doing); this process still
    shows the old card and gives it a due date: all three changes are kept."""
    path = filled(tmp_path)
    here = Store.open(path)
    shown = here.actions.get(1)
    assert shown is not None
    other = python(
        """
        import sys
        from pathlib import Path
        from tui.domain.models import ActionStatus
        from tui.store import Store
        store = Store.open(Path(sys.argv[1]))
        item = store.actions.get(1)
        store.actions.update(item.with_changes(title="Referral: write to Priya first", status=ActionStatus.DOING))
        """,
        str(path),
    )
    assert other.returncode == 0, other.stderr
    from datetime import date

    Editor(here, FrozenClock(NOW)).save_action(shown.with_changes(due=date(2026, 11, 27)))
    item = Store.open(path).actions.get(1)
    assert item is not None
    assert (item.title, item.status, item.due) == ("Referral: write to Priya first", ActionStatus.DOING, date(2026, 11, 27))


# -- 2. concurrent settings keep both values ------------------------------------------------------


def test_two_settings_commands_at_once_keep_both_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another `settings` runs while this one is between reading and writing the settings: with
    one transaction it waits for the lock and both values are kept (before: one was lost)."""
    from tui.cli import settings as settings_cli

    folder = tmp_path / "d"
    assert main(["settings", "quiet_start", "21:00", "--data-dir", str(folder)]) == 0
    real_parse = settings_cli.parse
    others: list[subprocess.Popen[str]] = []

    def parse_while_another_runs(name: str, text: str, current: object) -> object:
        if not others:
            others.append(subprocess.Popen(
                [sys.executable, "-m", "tui", "settings", "max_prompts_per_day", "2", "--data-dir", str(folder)],
                cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            ))
            try:
                others[0].wait(timeout=3)  # finishes now unless our transaction holds the lock
            except subprocess.TimeoutExpired:
                pass
        return real_parse(name, text, current)

    monkeypatch.setattr(settings_cli, "parse", parse_while_another_runs)
    assert main(["settings", "morning_hour", "7", "--data-dir", str(folder)]) == 0
    assert others[0].wait(timeout=30) == 0
    settings = Store.open(folder / "nextround.json").settings()
    assert (settings.morning_hour, settings.max_prompts_per_day) == (7, 2)


@pytest.mark.parametrize(
    ("name", "value", "phrase"),
    [
        ("feedback_request_business_days", "-1", "can't be negative"),
        ("follow_up_days", "applied=-3", "can't be negative"),
        ("theme", "solarised-purple", "no such theme"),
        ("max_prompts_per_day", "two", "whole number"),
        ("checkin_ladder", "1,three", "use a number"),
        ("follow_up_days", "bogus=3", "is not a stage"),
    ],
)
def test_settings_refuse_bad_values_in_plain_words_and_touch_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, value: str, phrase: str
) -> None:
    folder = tmp_path / "d"
    assert main(["settings", name, value, "--data-dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert phrase in err
    for python_wording in ("invalid literal", "is not a valid", "could not convert"):
        assert python_wording not in err
    assert not folder.exists()


def test_the_theme_list_is_textuals() -> None:
    from textual.theme import BUILTIN_THEMES

    from tui.cli.settings import THEMES

    assert set(THEMES) == set(BUILTIN_THEMES)


# -- issue 18, 7: nothing written by reading ------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["status"], ["export"], ["export", "--format", "csv"], ["settings"], ["settings", "theme"]]
)
def test_reading_commands_create_no_folder_store_or_lock(tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir(mode=0o700)
    assert main([*command, "--data-dir", str(empty)]) == 0
    assert list(empty.iterdir()) == []
    missing = tmp_path / "missing"
    main([*command, "--data-dir", str(missing)])
    assert not missing.exists()


def test_status_of_a_folder_that_does_not_exist_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = run("status", "--data-dir", str(missing))
    assert result.returncode == 2
    assert f"no Next Round data in {missing}; start with `nextround --data-dir {missing}`" in result.stderr
    assert "0 applications" not in result.stdout
    assert not missing.exists()


# -- 3. a lock that never hangs -------------------------------------------------------------------


def _hold_lock(lock_path: Path) -> subprocess.Popen[str]:
    """A process that takes the store's lock as a writer does (PID inside) and then is stopped."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import fcntl, os, sys, time
            fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0); os.write(fd, f"{os.getpid()}\\n".encode())
            print("held", flush=True)
            time.sleep(600)
        """), str(lock_path)],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    os.kill(holder.pid, signal.SIGSTOP)  # a suspended laptop process, a stuck NFS
    return holder


def test_a_stopped_lock_holder_makes_writers_fail_in_seconds_naming_it(tmp_path: Path) -> None:
    path = filled(tmp_path)
    holder = _hold_lock(path.with_name("nextround.json.lock"))
    try:
        started = time.monotonic()
        result = run("settings", "morning_hour", "7", "--data-dir", str(path.parent), timeout=30,
                     env={"NEXTROUND_LOCK_TIMEOUT": "1.5"})
        assert time.monotonic() - started < 20
        assert result.returncode == 3
        assert f"process {holder.pid}" in result.stderr and "nothing was changed" in result.stderr
        assert result.stderr.strip().splitlines()[:-1] == ["nextround: waiting for another Next Round…"]  # once, after a second
        # reading needs no lock: status and export work beside the stuck writer
        status = run("status", "--data-dir", str(path.parent), timeout=30)
        assert status.returncode == 0 and "1 application" in status.stdout
        export = run("export", "--data-dir", str(path.parent), timeout=30)
        assert export.returncode == 0 and "Northwind Analytics" in export.stdout
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()


def test_a_waiting_writer_says_so_once_after_a_second(tmp_path: Path) -> None:
    from tui.store import StoreBusy

    path = filled(tmp_path)
    holder = _hold_lock(path.with_name("nextround.json.lock"))
    try:
        told: list[float] = []
        started = time.monotonic()
        reader = Store(path)  # constructed without opening (opening takes the lock)
        reader.lock_timeout = 2.5
        reader.on_wait = lambda: told.append(time.monotonic() - started)
        with pytest.raises(StoreBusy):
            reader._prepare()  # noqa: SLF001 - what Store.open does, with our timeout set first
        assert len(told) == 1 and 0.9 <= told[0] < 2.5
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()


def test_status_and_export_work_on_a_read_only_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root ignores permission bits: use a read-only bind of the folder instead
        path = filled(tmp_path)
        ro = tmp_path / "ro"
        ro.mkdir()
        mounted = subprocess.run(["mount", "--bind", "-o", "ro", str(path.parent), str(ro)], capture_output=True)
        if mounted.returncode != 0:
            subprocess.run(["umount", str(ro)], capture_output=True)
            pytest.skip("no read-only bind mount here")
        subprocess.run(["mount", "-o", "remount,bind,ro", str(ro)], capture_output=True)
        try:
            if os.access(ro, os.W_OK) and _writable(ro):
                pytest.skip("the bind mount is not read-only here")
            assert run("status", "--data-dir", str(ro)).returncode == 0
            assert run("export", "--data-dir", str(ro)).returncode == 0
            change = run("settings", "morning_hour", "7", "--data-dir", str(ro))
            assert change.returncode != 0 and "Traceback" not in change.stderr
        finally:
            subprocess.run(["umount", str(ro)], capture_output=True)
    else:
        path = filled(tmp_path)
        os.chmod(path.parent, 0o500)
        try:
            assert run("status", "--data-dir", str(path.parent)).returncode == 0
            assert run("export", "--data-dir", str(path.parent)).returncode == 0
        finally:
            os.chmod(path.parent, 0o700)


def _writable(folder: Path) -> bool:
    try:
        (folder / ".probe").write_text("x")
    except OSError:
        return False
    (folder / ".probe").unlink()
    return True


# -- 4. export -o never harms what it points at ---------------------------------------------------


def _export(folder: Path, *args: str) -> int:
    return main(["export", "--data-dir", str(folder), *args])


def test_export_into_a_fifo_writes_into_it_and_leaves_it_a_fifo(tmp_path: Path) -> None:
    path = filled(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert _export(path.parent, "-o", str(fifo)) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and b"Northwind Analytics" in received[0]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_export_into_a_character_device_keeps_the_device(tmp_path: Path) -> None:
    """Our own null device (1,3) in the temp folder, never the machine's /dev/null."""
    path = filled(tmp_path)
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    assert _export(path.parent, "-o", str(null)) == 0
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_export_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    path = filled(tmp_path)
    (tmp_path / "backups").mkdir()
    target = tmp_path / "backups" / "latest.json"
    target.write_text("old backup")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert _export(path.parent, "-o", str(link)) == 0
    assert link.is_symlink() and "Northwind Analytics" in target.read_text()


def test_export_over_a_hard_linked_file_keeps_the_links_together(tmp_path: Path) -> None:
    path = filled(tmp_path)
    first = tmp_path / "backup.json"
    first.write_text("old")
    second = tmp_path / "also-backup.json"
    os.link(first, second)
    assert _export(path.parent, "-o", str(first)) == 0
    assert os.stat(first).st_ino == os.stat(second).st_ino
    assert "Northwind Analytics" in second.read_text()


def test_export_to_a_folder_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = filled(tmp_path)
    (tmp_path / "out").mkdir()
    assert _export(path.parent, "-o", str(tmp_path / "out")) != 0
    err = capsys.readouterr().err
    assert "is a folder" in err and len(err.strip().splitlines()) == 1
    assert list((tmp_path / "out").iterdir()) == []


def test_export_to_dash_and_dev_stdout_go_to_standard_output(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    from tui.store.storage import write_output

    path = filled(tmp_path)
    result = run("export", "--data-dir", str(path.parent), "-o", "-", "--format", "csv")
    assert result.returncode == 0 and "Northwind Analytics" in result.stdout
    assert not (ROOT / "-").exists()
    assert write_output("/dev/stdout", b"straight out\n") == "stream"  # never stat-ed, never replaced
    assert "straight out" in capfd.readouterr().out


# -- 5. exports can't attack the terminal ---------------------------------------------------------

HOSTILE_COMPANY = "Acme\x1b]0;pwned title\x07 Corp\x1b]52;c;ZWNobyBoaQ==\x07\x00\u202egnp.exe"
FORMULA_ROLE = '=HYPERLINK("http://evil.example","click")'


def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "d" / "nextround.json"
    store = Store.open(path)
    store.applications.add(Application(company=HOSTILE_COMPANY, role=FORMULA_ROLE, notes="@SUM(A1)\x1b[2J", stage=Stage.APPLIED))
    store.actions.add(ActionItem(title="Follow up\x07\x1b[31m with Acme\x9b1m"))
    store.close()
    return path


def test_csv_and_markdown_exports_carry_no_control_or_bidi_characters(tmp_path: Path) -> None:
    import re

    path = hostile(tmp_path)
    for fmt in ("csv", "md"):
        result = run("export", "--data-dir", str(path.parent), "--format", fmt)
        assert result.returncode == 0
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", result.stdout), fmt
        assert "Acme Corp" in result.stdout.replace("\\", "")


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised_unless_raw(tmp_path: Path) -> None:
    import csv
    import io

    path = hostile(tmp_path)
    rows = list(csv.DictReader(io.StringIO(run("export", "--data-dir", str(path.parent), "--format", "csv").stdout)))
    assert rows[0]["role"] == "'" + FORMULA_ROLE and rows[0]["notes"] == "'@SUM(A1)"
    raw = list(csv.DictReader(io.StringIO(run("export", "--data-dir", str(path.parent), "--format", "csv", "--raw").stdout)))
    assert raw[0]["role"] == FORMULA_ROLE and raw[0]["notes"] == "@SUM(A1)"


def test_the_json_backup_keeps_text_exactly(tmp_path: Path) -> None:
    path = hostile(tmp_path)
    result = run("export", "--data-dir", str(path.parent))
    assert "\x1b" not in result.stdout  # escaped by JSON...
    assert json.loads(result.stdout)["applications"][0]["company"] == HOSTILE_COMPANY  # ...and kept exactly


def test_one_sanitiser_strips_controls_and_bidi_overrides() -> None:
    from tui.domain.text import clean, spreadsheet_cell

    assert clean("a\x1b]52;c;eA==\x07b\u202ec\x9b31md\r\n") == "abcd\n"
    assert spreadsheet_cell("-1+2") == "'-1+2" and spreadsheet_cell("\tx") == "'\tx" and spreadsheet_cell("Acme") == "Acme"


# -- 6. damaged records are refused cleanly ----------------------------------------------------------

META = {"_meta": {"1": {"app": "nextround", "schema_version": 1, "created_at": "2026-11-01T09:00:00+00:00"}}}
GOOD_APP = {"company": "Northwind Analytics", "role": "Data Analyst", "stage": "applied", "applied_on": "2026-11-02"}
DAMAGED = {
    "meta as a list": ({"_meta": [META["_meta"]["1"]]}, "_meta"),
    "application as a list": ({**META, "applications": {"17": ["Northwind", "applied"]}}, "application 17"),
    "application as a string": ({**META, "applications": {"17": "Northwind Analytics"}}, "application 17"),
    "unknown stage": ({**META, "applications": {"17": {**GOOD_APP, "stage": "bogus"}}}, "application 17: stage 'bogus' is not a stage"),
    "bad date": ({**META, "applications": {"17": {**GOOD_APP, "applied_on": "2026-02-30"}}}, "application 17: applied_on '2026-02-30' is not a date"),
    "missing company": ({**META, "applications": {"17": {k: v for k, v in GOOD_APP.items() if k != "company"}}}, "application 17 has no company"),
    "claim as a string": ({**META, "applications": {"1": GOOD_APP}, "claims": {"1": "follow_up:1"}}, "claim"),
}


@pytest.mark.parametrize("case", list(DAMAGED))
@pytest.mark.parametrize("command", [["status"], ["export", "--format", "csv"], ["remind", "--once"], ["settings", "morning_hour", "7"]])
def test_a_damaged_record_is_named_exit_2_and_the_bytes_stay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, command: list[str]
) -> None:
    data, phrase = DAMAGED[case]
    folder = tmp_path / "d"
    folder.mkdir(mode=0o700)
    path = folder / "nextround.json"
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    status = main([*command, "--data-dir", str(folder)])
    err = capsys.readouterr().err
    if command[0] == "remind" and status == 0:
        # remind reads only what can fall due: a closed or unknown-stage record it never decodes
        assert case in ("unknown stage",), err
        assert path.read_bytes() == before
    elif command[0] == "settings" and status == 0:
        # a change to the settings never decodes the applications: it is saved, and the damaged
        # record stays exactly as it was (to be named by the next command that reads it)
        assert case in ("unknown stage", "bad date", "missing company"), err
        assert json.loads(path.read_bytes())["applications"] == data["applications"]
        return
    else:
        assert status == 2, err
        assert str(path) in err and phrase in err, err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert path.read_bytes() == before


# -- 7. special files in place of ours ---------------------------------------------------------------


def test_a_fifo_in_place_of_the_store_is_refused_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir(mode=0o700)
    os.mkfifo(folder / "nextround.json")
    for command in (["status"], ["remind", "--once"]):
        result = run(*command, "--data-dir", str(folder), timeout=30)
        assert result.returncode == 2, result.stderr
        assert "not a regular file" in result.stderr and "empty" not in result.stderr
    assert stat.S_ISFIFO(os.lstat(folder / "nextround.json").st_mode)


@pytest.mark.parametrize("suffix", [".remind-cache", ".dashboard"])
def test_a_fifo_in_place_of_a_cache_is_no_cache(tmp_path: Path, suffix: str) -> None:
    path = filled(tmp_path)
    os.mkfifo(path.with_name(path.name + suffix))
    result = run("remind", "--once", "--data-dir", str(path.parent), timeout=30, env={"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"})
    assert result.returncode == 0, result.stderr
    probe = python(
        """
        import sys
        from pathlib import Path
        from tui.services import dashboard_cache
        print(dashboard_cache.trusted_content(Path(sys.argv[1])))
        """,
        str(path), timeout=30,
    )
    assert probe.returncode == 0 and probe.stdout.strip() == "None", probe.stderr


def _limited_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # old code reading /dev/zero dies here, not the machine


@pytest.mark.parametrize("content", ["deep", "zero"])
def test_a_hostile_dashboard_cache_is_no_cache(tmp_path: Path, content: str) -> None:
    path = filled(tmp_path)
    cache = path.with_name(path.name + ".dashboard")
    if content == "deep":
        cache.write_text("[" * 100_000)
    else:
        cache.symlink_to("/dev/zero")
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; from tui.services import dashboard_cache as c; "
         "print(c.trusted_content(Path(sys.argv[1])), c.load(Path(sys.argv[1]), 'x', __import__('datetime').datetime.now(__import__('datetime').timezone.utc), __import__('datetime').timezone.utc))",
         str(path)],
        capture_output=True, text=True, cwd=ROOT, timeout=30, preexec_fn=_limited_memory,
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "None None"


# -- 9. caches keyed by a digest, not length + CRC-32 ---------------------------------------------------


def _forge_crc(original: bytes, edited: bytes, at: int) -> bytes:
    """``edited`` with the 4 bytes at ``at`` changed so that its CRC-32 equals ``original``'s.

    CRC-32 is affine over GF(2): solve for the 32 bits of the patch by Gaussian elimination.
    """
    import zlib

    base = bytearray(edited)
    base[at:at + 4] = b"\0\0\0\0"
    zero = zlib.crc32(bytes(len(base)))
    target = zlib.crc32(original) ^ zlib.crc32(bytes(base))  # what the patch bits must add
    columns = []
    for bit in range(32):
        probe = bytearray(len(base))
        probe[at + bit // 8] = 1 << (bit % 8)
        columns.append(zlib.crc32(bytes(probe)) ^ zero)
    # rows: equation per crc bit; unknowns: 32 patch bits
    rows = [[(columns[j] >> i) & 1 for j in range(32)] + [(target >> i) & 1] for i in range(32)]
    for col in range(32):
        pivot = next(r for r in range(col, 32) if rows[r][col])
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(32):
            if r != col and rows[r][col]:
                rows[r] = [a ^ b for a, b in zip(rows[r], rows[col], strict=True)]
    bits = [rows[i][32] for i in range(32)]
    for bit, value in enumerate(bits):
        if value:
            base[at + bit // 8] |= 1 << (bit % 8)
    return bytes(base)


def test_a_same_length_edit_with_a_forged_crc_gets_another_fingerprint(tmp_path: Path) -> None:
    import zlib

    from tui.services import remind_cache
    from tui.store.fingerprint import content_fingerprint

    path = filled(tmp_path)
    original = path.read_bytes()
    edited = original.replace(b'"stage":"applied"', b'"stage":"offer!!"')
    forged = _forge_crc(original, edited, len(edited) - 12)
    assert len(forged) == len(original) and zlib.crc32(forged) == zlib.crc32(original) and forged != original
    assert content_fingerprint(forged) != content_fingerprint(original)
    # the remind cache's promise, made for the original bytes, does not hold for the forged file
    from tui.domain.clock import zone_key

    identity = remind_cache.store_identity(path)
    doc = {
        "format": remind_cache.FORMAT, "code": remind_cache.code_stamp(), "zone": zone_key(timezone.utc),
        "store": identity, "content": content_fingerprint(original),
        "planned_at": NOW.isoformat(), "until": (NOW.replace(hour=11)).isoformat(), "reason": "",
    }
    remind_cache.cache_path(path).write_text(json.dumps(doc))
    assert remind_cache.promise_for(path, timezone.utc, NOW) is not None  # the cache works...
    path.with_name("forged").write_bytes(forged)
    os.replace(path.with_name("forged"), path)
    assert remind_cache.promise_for(path, timezone.utc, NOW) is None  # ...and is not fooled


# -- 10. no symlink followed, no loose modes -------------------------------------------------------------


def test_a_planted_temp_symlink_is_never_written_through(tmp_path: Path) -> None:
    path = filled(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    store = Store.open(path)
    for name in (f".tmp-nextround.json.{os.getpid()}", f".tmp-nextround.json.bak.{os.getpid()}"):
        (path.parent / name).symlink_to(victim)
    store.actions.add(ActionItem(title="Send the portfolio to Bluefin"))
    assert victim.read_text() == "precious"
    assert stat.S_ISREG(os.lstat(path).st_mode) and not path.is_symlink()
    assert Store.open(path).actions.count() == 2


def test_a_symlinked_lock_file_is_refused_and_creates_nothing_outside(tmp_path: Path) -> None:
    from tui.store import StoreError

    path = filled(tmp_path)
    outside = tmp_path / "elsewhere" / "planted.lock"
    outside.parent.mkdir()
    lock = path.with_name("nextround.json.lock")
    lock.unlink(missing_ok=True)
    lock.symlink_to(outside)
    with pytest.raises(StoreError, match="symbolic link"):
        Store.open(path).actions.add(ActionItem(title="x"))
    assert not outside.exists()


def test_an_open_data_folder_is_made_private_once(tmp_path: Path) -> None:
    path = filled(tmp_path)
    os.chmod(path.parent, 0o777)
    first = run("settings", "morning_hour", "8", "--data-dir", str(path.parent))
    assert first.returncode == 0 and "made" in first.stderr and "private" in first.stderr
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    again = run("settings", "morning_hour", "9", "--data-dir", str(path.parent))
    assert again.returncode == 0 and again.stderr == ""


def test_timer_units_are_private_whatever_the_umask(tmp_path: Path) -> None:
    config = tmp_path / "config"
    result = subprocess.run(
        [sys.executable, "-m", "tui", "remind", "--install-timer", "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True, cwd=ROOT, timeout=60, preexec_fn=lambda: os.umask(0),
        env={**os.environ, "XDG_CONFIG_HOME": str(config)},
    )
    assert result.returncode == 0, result.stderr
    units = config / "systemd" / "user"
    for folder in (config, config / "systemd", units):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder
    files = list(units.iterdir())
    assert files and all(stat.S_IMODE(os.stat(f).st_mode) == 0o600 for f in files)


# -- 11. a full disk: a plain message, no debris -------------------------------------------------------


@pytest.fixture()
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real 160 KB tmpfs when we are root; otherwise None (the test injects ENOSPC instead)."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(mount)], capture_output=True
    ).returncode != 0:
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def _fill(folder: Path) -> None:
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 1024)
    except OSError:
        pass
    finally:
        os.close(fd)


def test_a_full_disk_leaves_the_store_as_it_was_and_no_temp_file(
    small_disk: Path | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.store import StoreError

    folder = (small_disk or tmp_path) / "d"
    path = folder / "nextround.json"
    store = Store.open(path)
    store.applications.add(Application(company="Northwind Analytics", role="Data Analyst"))
    before = path.read_bytes()
    if small_disk is not None:
        _fill(small_disk)
    else:  # fallback without root: the write call fails as a full disk makes it fail
        import errno

        from tui.store import storage

        real_write = storage._write_all

        def full(fd: int, payload: bytes) -> None:
            os.write(fd, payload[: len(payload) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(storage, "_write_all", full)
        del real_write
    with pytest.raises(StoreError) as caught:
        store.actions.add(ActionItem(title="Rewrite the cover letter", notes="x" * 200_000))
    assert str(caught.value).startswith(f"Not saved: the disk holding {folder} is full. Your data is as it was.")
    assert path.read_bytes() == before
    assert [p.name for p in folder.iterdir() if p.name.startswith(".tmp-")] == []
    assert store.actions.count() == 0 and store.applications.count() == 1  # the failed change is gone here too


def test_demo_on_a_full_disk_leaves_no_half_made_store(small_disk: Path | None) -> None:
    if small_disk is None:
        pytest.skip("needs a real small tmpfs (root); the store-level test covers the fallback")
    folder = small_disk / "d"
    result = run("demo", "--size", "large", "--data-dir", str(folder))
    assert result.returncode != 0
    assert "the disk holding" in result.stderr and "is full" in result.stderr and "Traceback" not in result.stderr
    assert not (folder / "nextround.json").exists()
    assert [p.name for p in folder.iterdir() if p.name.startswith(".tmp-")] == []
    # and the demo can then be made once there is room (a smaller one fits)
    assert run("demo", "--data-dir", str(folder)).returncode == 0


# -- 8. a reminder whose sender was killed is raised again, once --------------------------------------

KILL_IN_SEND = """
import os, signal, sys
from datetime import datetime
from pathlib import Path
from tui.domain.clock import FrozenClock
from tui.services.reminders import ReminderService
from tui.store import Store

def killed_while_sending(title, body):
    os.kill(os.getpid(), signal.SIGKILL)  # between claiming and sending

store = Store.open(Path(sys.argv[1]))
clock = FrozenClock(datetime.fromisoformat(sys.argv[2]))
ReminderService(store, clock, killed_while_sending, owner="doomed").run_once()
"""


def test_a_run_killed_between_claiming_and_sending_is_raised_again_once(tmp_path: Path) -> None:
    from datetime import date, timedelta

    from tui.notify import DeliveryResult
    from tui.services.reminders import ReminderService

    path = tmp_path / "d" / "nextround.json"
    store = Store.open(path)
    store.applications.add(Application(company="Bluefin Labs", role="Backend Engineer", applied_on=date(2026, 2, 20),
                                       created_at=datetime(2026, 2, 20, 9, tzinfo=timezone.utc)))
    store.close()
    at = datetime(2026, 3, 10, 10, tzinfo=timezone.utc)  # a Tuesday morning, 18 days after applying

    killed = python(KILL_IN_SEND, str(path), at.isoformat())
    assert killed.returncode == -signal.SIGKILL

    sent: list[str] = []

    def sender(title: str, body: str) -> DeliveryResult:
        sent.append(title)
        return DeliveryResult(True, "shown")

    def run_at(moment: datetime) -> int:
        before = len(sent)
        ReminderService(Store.open(path), FrozenClock(moment), sender, owner="next run").run_once()
        return len(sent) - before

    assert run_at(at + timedelta(minutes=1)) == 0  # its lease still runs: the sender may yet finish
    assert run_at(at + timedelta(minutes=10)) == 1  # lease over, never sent: raised again
    assert run_at(at + timedelta(minutes=20)) == 0  # ...once
    claims = Store.open(path).raw_tables()["claims"].values()
    assert all(doc["state"] == "sent" for doc in claims)


def test_a_claim_retried_once_and_killed_again_is_not_raised_a_third_time(tmp_path: Path) -> None:
    from datetime import date, timedelta

    from tui.services.reminders import ReminderService

    path = tmp_path / "d" / "nextround.json"
    store = Store.open(path)
    store.applications.add(Application(company="Bluefin Labs", applied_on=date(2026, 2, 20),
                                       created_at=datetime(2026, 2, 20, 9, tzinfo=timezone.utc)))
    store.close()
    at = datetime(2026, 3, 10, 10, tzinfo=timezone.utc)
    assert python(KILL_IN_SEND, str(path), at.isoformat()).returncode == -signal.SIGKILL
    assert python(KILL_IN_SEND, str(path), (at + timedelta(minutes=10)).isoformat()).returncode == -signal.SIGKILL
    raised = ReminderService(Store.open(path), FrozenClock(at + timedelta(minutes=30)), None, owner="t").run_once()
    assert [r for item in raised for r in item.reminders if "follow" in r.key] == []


def test_the_app_names_a_damaged_record_before_taking_over_the_screen(tmp_path: Path) -> None:
    data, phrase = DAMAGED["unknown stage"]
    folder = tmp_path / "d"
    folder.mkdir(mode=0o700)
    (folder / "nextround.json").write_text(json.dumps(data))
    before = (folder / "nextround.json").read_bytes()
    result = run("--data-dir", str(folder), timeout=60)
    assert result.returncode == 2 and phrase in result.stderr and "Traceback" not in result.stderr
    assert (folder / "nextround.json").read_bytes() == before


def test_a_shared_sticky_folder_is_not_closed(tmp_path: Path) -> None:
    """--data-dir /tmp (sticky, shared by everyone) must not be made 0700, even as root."""
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    Store.open(shared / "nextround.json").actions.add(ActionItem(title="x"))
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o1777


def test_the_app_does_not_start_blank_beside_a_stuck_writer(tmp_path: Path) -> None:
    """Opening the app waits for the lock a bounded time and then says who holds it (before,
    a new app showed a blank screen for ever)."""
    path = filled(tmp_path)
    holder = _hold_lock(path.with_name("nextround.json.lock"))
    try:
        result = run("--data-dir", str(path.parent), timeout=30, env={"NEXTROUND_LOCK_TIMEOUT": "1.5"})
        assert result.returncode == 3
        assert f"process {holder.pid}" in result.stderr and "Traceback" not in result.stderr
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
