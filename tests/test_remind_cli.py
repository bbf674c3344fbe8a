"""``nextround remind`` as a person (or a timer) runs it: real processes, real store, real buses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.notify_bus import NotificationBus
from tui.domain.models import Application, CheckIn, CheckInKind, FeedbackState, Rejection, Settings, Stage
from tui.store import Store


ROOT = Path(__file__).resolve().parent.parent
UTC = timezone.utc
CHECKIN_BODY = "A quick check-in after {company}: how are you feeling today, from 1 (rough) to 5 (good)?"


def child_env(overrides: Mapping[str, str | None] = {}) -> dict[str, str]:
    """This environment with ``overrides`` applied (None unsets), never the real data folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("NEXTROUND_DATA_DIR",)}
    env["TZ"] = "UTC"
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def remind(data_dir: Path, *args: str, env: Mapping[str, str | None] = {}) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "remind", *args, "--data-dir", str(data_dir)],
        capture_output=True, text=True, cwd=ROOT, timeout=60, env=child_env(env),
    )


def make_due_checkins(data_dir: Path, companies: list[str], due: datetime | None = None) -> None:
    """One closed rejection per company, each with a check-in due a minute ago (fresh, not missed).

    Quiet hours off and no daily cap, so the test does not depend on the time of day it runs.
    """
    now = datetime.now(UTC)
    due = due or now - timedelta(minutes=1)
    store = Store.open(data_dir / "nextround.json")
    try:
        store.save_settings(Settings(quiet_start="00:00", quiet_end="00:00", max_prompts_per_day=0))
        apps = store.applications.add_many(
            Application(company=c, role="Engineer", stage=Stage.REJECTED, applied_on=date(2025, 1, 1)) for c in companies
        )
        rejections = store.rejections.add_many(
            Rejection(application_id=a.id, on=date(2025, 2, 1), feedback_state=FeedbackState.RECEIVED,
                      created_at=datetime(2025, 2, 1, tzinfo=UTC), closed_at=datetime(2025, 2, 2, tzinfo=UTC))
            for a in apps
        )
        store.checkins.add_many(
            CheckIn(kind=CheckInKind.CHECK_IN, due_at=due, rejection_id=r.id, application_id=r.application_id,
                    sequence=1, interval_days=1.0)
            for r in rejections
        )
    finally:
        store.close()


def claim_keys(data_dir: Path) -> list[str]:
    store = Store.open(data_dir / "nextround.json")
    try:
        return [doc["key"] for doc in store.raw_tables().get("claims", {}).values()]
    finally:
        store.close()


def reminder_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("Reminder: ")]


# ---------------------------------------------------------------------------
# No bus at all: the fallback


def test_without_a_bus_reminders_are_printed_and_exit_is_zero(tmp_path: Path, no_bus_env: dict[str, str | None]) -> None:
    data = tmp_path / "data"
    make_due_checkins(data, ["Acme"])
    result = remind(data, "--once", env=no_bus_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Reminder: How are you doing?", "  " + CHECKIN_BODY.format(company="Acme")]
    assert "no D-Bus session bus" in result.stderr
    again = remind(data, env=no_bus_env)  # --once is the default
    assert again.returncode == 0 and again.stdout == ""


def test_without_any_bus_address_or_notify_send(tmp_path: Path, no_bus_env: dict[str, str | None]) -> None:
    data = tmp_path / "data"
    make_due_checkins(data, ["Acme"])
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    env = {**no_bus_env, "DBUS_SESSION_BUS_ADDRESS": None, "PATH": str(empty_bin)}
    result = remind(data, "--once", env=env)
    assert result.returncode == 0, result.stderr
    assert reminder_lines(result.stdout) == ["Reminder: How are you doing?"]


def test_nothing_due_prints_nothing(tmp_path: Path, no_bus_env: dict[str, str | None]) -> None:
    result = remind(tmp_path / "empty", "--once", env=no_bus_env)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_a_corrupt_store_is_a_real_error(tmp_path: Path, no_bus_env: dict[str, str | None]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "nextround.json").write_text('{"_meta": {"1": {"app": "nextround", "schema_ver')
    before = (data / "nextround.json").read_bytes()
    result = remind(data, "--once", env=no_bus_env)
    assert result.returncode == 2
    assert "can't open its data file" in result.stderr and "not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr
    assert (data / "nextround.json").read_bytes() == before


def test_remind_once_stays_light(tmp_path: Path, no_bus_env: dict[str, str | None]) -> None:
    """Neither textual nor plyer is imported when nothing can be or needs to be sent."""
    data = tmp_path / "data"
    make_due_checkins(data, ["Acme"])
    code = (
        "import sys\nfrom tui.__main__ import main\n"
        f"rc = main(['remind', '--once', '--data-dir', {str(data)!r}])\n"
        "print('MODULES', rc, 'textual' in sys.modules, 'plyer' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env=child_env(no_bus_env), timeout=60)
    assert result.stdout.splitlines()[-1] == "MODULES 0 False False", result.stderr


# ---------------------------------------------------------------------------
# Several processes at the same moment


@pytest.mark.parametrize("processes", [6])
def test_simultaneous_runs_raise_each_reminder_once_in_total(
    tmp_path: Path, no_bus_env: dict[str, str | None], processes: int
) -> None:
    data = tmp_path / "data"
    companies = [f"Company {i}" for i in range(8)]
    make_due_checkins(data, companies)
    command = [sys.executable, "-m", "tui", "remind", "--once", "--data-dir", str(data)]
    env = child_env(no_bus_env)
    children = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        for _ in range(processes)
    ]  # all started before any is waited on
    outputs = [child.communicate(timeout=60) for child in children]
    assert [child.returncode for child in children] == [0] * processes, [err for _, err in outputs]
    bodies = sorted(
        line.strip() for out, _ in outputs for line in out.splitlines() if line.startswith("  A quick check-in")
    )
    assert bodies == sorted(CHECKIN_BODY.format(company=c) for c in companies)
    assert len([line for out, _ in outputs for line in reminder_lines(out)]) == len(companies)
    keys = claim_keys(data)
    reminder_keys = [k for k in keys if k.startswith("checkin:")]
    assert len(reminder_keys) == len(set(reminder_keys)) == len(companies)
    assert len([k for k in keys if k.startswith("prompt:")]) == len(companies)
    # And a later run finds nothing left.
    assert remind(data, "--once", env=no_bus_env).stdout == ""


# ---------------------------------------------------------------------------
# Real delivery: dunst on a private session bus


def test_delivers_to_dunst_once(tmp_path: Path, dunst: NotificationBus) -> None:
    data = tmp_path / "data"
    make_due_checkins(data, ["Acme"])
    result = remind(data, "--once", env=dunst.env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    (received,) = dunst.history(min_count=1)
    assert received.appname == "Next Round"
    assert received.summary == "How are you doing?"
    assert received.body == CHECKIN_BODY.format(company="Acme")
    dunst.clear_history()
    again = remind(data, "--once", env=dunst.env)
    assert again.returncode == 0 and again.stdout == ""
    assert dunst.history(timeout=1.0) == []


def test_simultaneous_runs_deliver_each_reminder_once_to_dunst(tmp_path: Path, dunst: NotificationBus) -> None:
    data = tmp_path / "data"
    companies = [f"Company {i}" for i in range(5)]
    make_due_checkins(data, companies)
    command = [sys.executable, "-m", "tui", "remind", "--once", "--data-dir", str(data)]
    env = child_env(dunst.env)
    children = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        for _ in range(4)
    ]
    outputs = [child.communicate(timeout=60) for child in children]
    assert all(child.returncode == 0 for child in children), outputs
    received = dunst.history(min_count=len(companies))
    time.sleep(0.3)
    received = dunst.history()
    assert sorted(n.body for n in received) == sorted(CHECKIN_BODY.format(company=c) for c in companies)


def test_test_flag_reports_the_path(tmp_path: Path, dunst: NotificationBus, no_bus_env: dict[str, str | None]) -> None:
    ok = remind(tmp_path / "d", "--test", env=dunst.env)
    assert ok.returncode == 0 and ok.stdout.startswith("Sent a test desktop notification")
    (received,) = dunst.history(min_count=1)
    assert received.summary == "Next Round test"
    missing = remind(tmp_path / "d", "--test", env=no_bus_env)
    assert missing.returncode == 1 and "Could not show a desktop notification: no D-Bus session bus" in missing.stdout


# ---------------------------------------------------------------------------
# --watch


def _ctrl_c_reaches_python() -> None:
    """In the child before it runs Python: SIGINT back to its default, so Python installs its
    KeyboardInterrupt handler. A job started with ``nohup … &`` ignores SIGINT, and children
    inherit that: the ctrl-c below was then ignored and the watcher kept running."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_watch_raises_when_due_and_exits_cleanly_on_ctrl_c(tmp_path: Path, no_bus_env: dict[str, str | None]) -> None:
    data = tmp_path / "data"
    make_due_checkins(data, ["Acme"], due=datetime.now(UTC) + timedelta(seconds=3))
    child = subprocess.Popen(
        [sys.executable, "-m", "tui", "remind", "--watch", "--data-dir", str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=child_env(no_bus_env),
        preexec_fn=_ctrl_c_reaches_python, start_new_session=True,  # our own SIGINT only
    )
    try:
        assert child.stdout is not None
        started = time.monotonic()
        line = child.stdout.readline()  # blocks until the reminder falls due
        waited = time.monotonic() - started
        assert line == "Reminder: How are you doing?\n"
        assert waited < 20  # woke at the due time, not after the 60 s cap
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=20)
    finally:
        if child.poll() is None:  # never leave a watcher running, whatever failed above
            child.kill()
            child.communicate()
    assert child.returncode == 0, err
    assert "Traceback" not in err


# ---------------------------------------------------------------------------
# --install-timer


def test_install_timer_writes_units_under_xdg_config_home(tmp_path: Path) -> None:
    config = tmp_path / "config"
    data = tmp_path / "my data"
    result = remind(data, "--install-timer", env={"XDG_CONFIG_HOME": str(config)})
    assert result.returncode == 0, result.stderr
    unit_dir = config / "systemd" / "user"
    service = (unit_dir / "nextround-remind.service").read_text()
    timer = (unit_dir / "nextround-remind.timer").read_text()
    exec_line = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    assert exec_line == (
        f"ExecStart={os.path.abspath(sys.executable)} -m tui remind --once --data-dir \"{data.resolve()}\""
    )
    assert "Type=oneshot" in service
    assert "Persistent=true" in timer.splitlines()
    assert "OnCalendar=*:0/15" in timer.splitlines()
    assert "WantedBy=timers.target" in timer
    assert "systemctl --user enable --now nextround-remind.timer" in result.stdout
    assert "systemctl --user daemon-reload" in result.stdout
    assert "*/15 * * * *" in result.stdout  # the cron alternative
    assert not data.exists()  # installing the timer does not create the store


def test_systemd_quoting() -> None:
    from tui.cli.remind import systemd_quote

    assert systemd_quote("/usr/bin/python3") == "/usr/bin/python3"
    assert systemd_quote("/home/a b/data") == '"/home/a b/data"'
    assert systemd_quote("/x/100%/$HOME") == '"/x/100%%/$$HOME"'
    assert systemd_quote('a"b\\c') == '"a\\"b\\\\c"'


def test_a_run_that_raises_keeps_the_apps_saved_dashboard(tmp_path: Path, no_bus_env: dict[str, str | None]) -> None:
    """Raising writes claims and raised marks into the store, which made the app's saved
    dashboard stale: the start that follows a notification then read the whole store first.
    The run carries the dashboard over to the store as it left it, and it matches a fresh build."""
    from zoneinfo import ZoneInfo

    from tui.services import dashboard_cache
    from tui.services.dashboard_data import build

    zone = ZoneInfo("UTC")  # the child's zone (TZ=UTC)
    make_due_checkins(tmp_path, ["Acme", "Globex"])
    store = Store.open(tmp_path / "nextround.json")
    dashboard_cache.build_and_save(store, datetime.now(UTC), zone)
    saved_for = store.fingerprint
    store.close()
    assert len(reminder_lines(remind(tmp_path, "--once", env=no_bus_env).stdout)) == 2
    store = Store.open(tmp_path / "nextround.json")
    try:
        now = datetime.now(UTC)
        assert store.fingerprint != saved_for
        carried = dashboard_cache.load(store.path, store.fingerprint, now, zone)
        assert carried is not None
        fresh = build(store, now, zone)
        assert carried.due == fresh.due and len(carried.due) == 2
        assert carried.next_reminder == fresh.next_reminder
        assert (carried.pipeline, carried.momentum) == (fresh.pipeline, fresh.momentum)
    finally:
        store.close()


def test_carry_over_leaves_a_dashboard_of_other_content_alone(tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo

    from tui.services import dashboard_cache

    make_due_checkins(tmp_path, ["Acme"])
    store = Store.open(tmp_path / "nextround.json")
    try:
        dashboard_cache.build_and_save(store, datetime.now(UTC), ZoneInfo("UTC"))
        before = dashboard_cache.cache_path(store.path).read_bytes()
        assert not dashboard_cache.carry_over(store.path, "0:0", "1:1", None)
        assert dashboard_cache.cache_path(store.path).read_bytes() == before
    finally:
        store.close()
