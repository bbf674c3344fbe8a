"""``nextround remind``: raise due reminders with the app closed (cron, a systemd timer, or --watch).

Registering the command imports nothing heavy; the reminder service and the notification code
are imported when the command runs, and plyer only when something is actually sent. ``--once``
first looks at the promise the previous run left beside the store (:mod:`tui.services.remind_cache`):
while the store file is unchanged and that promise says nothing is due yet, it exits without
opening the store at all.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..domain.clock import Clock
    from ..services.reminders import Raised, ReminderService

UNIT_NAME = "nextround-remind"
WATCH_MAX_SLEEP = 60.0  # seconds: data may change under us (the app, another window)
WATCH_STEP = 5.0  # seconds: how often the wall clock is compared while sleeping

TEST_TITLE = "Next Round test"
TEST_BODY = "If you can read this, reminders will reach you on this desktop."


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "remind",
        help="raise due check-ins and follow-ups as desktop notifications",
        description=(
            "Raise the reminders that are due now (respecting quiet hours, the daily limit and "
            "what other Next Round windows already raised), then exit. When no desktop "
            "notification can be shown, the reminders are printed here instead."
        ),
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--once", dest="mode", action="store_const", const="once", help="raise what is due now and exit (default)"
    )
    mode.add_argument(
        "--watch", dest="mode", action="store_const", const="watch", help="keep running and raise reminders as they fall due"
    )
    mode.add_argument(
        "--install-timer",
        dest="mode",
        action="store_const",
        const="install-timer",
        help="write a systemd user timer that runs `remind --once` every 15 minutes",
    )
    mode.add_argument(
        "--test", dest="mode", action="store_const", const="test", help="send one test notification and say how it went"
    )
    from .common import add_data_dir

    add_data_dir(parser)
    parser.set_defaults(func=run, mode="once")


def run(args: argparse.Namespace) -> int:
    mode = getattr(args, "mode", "once") or "once"
    if mode == "install-timer":
        return install_timer(args)
    if mode == "test":
        return send_test()

    from ..domain.clock import SystemClock

    clock = SystemClock()
    if mode == "once" and once_from_cache(args, clock):
        return 0

    from ..services.reminders import ReminderService, host_name
    from .common import open_store

    store = open_store(args, clock)
    try:
        service = ReminderService(store, clock, owner=f"remind {host_name()} pid {os.getpid()}")
        if mode == "watch":
            return watch(service)
        raised = service.run_once()
        report(raised, service)
        from ..services import remind_cache

        remind_cache.remember(service)
        carry_dashboard_over(service, raised)
        return 0
    finally:
        store.close()


def carry_dashboard_over(service: ReminderService, raised: list[Raised]) -> None:
    """After a run that raised something, keep the app's saved dashboard valid for the store as
    this run left it (see ``dashboard_cache.carry_over``), so opening the app on the
    notification draws its first frame without reading the store.

    Not when the run started a check-in series (new rows), nor when it raised a snoozed
    reminder (raising it changes the key the due list holds): the app then builds anew.
    """
    written, plan = service.last_write, service.last_plan
    if written is None or plan is None or written.started_series:
        return
    if any("@" in reminder.key for item in raised for reminder in item.reminders):
        return
    from ..services import dashboard_cache

    dashboard_cache.carry_over(service.store.path, written.before, written.after, plan.next_due)


def once_from_cache(args: argparse.Namespace, clock: Clock) -> bool:
    """True if the previous run's promise still holds (nothing due, store unchanged): all done.

    Reads one small file and stats the store; the store itself is not opened (nor its code
    imported), so this costs next to nothing. Any doubt means False: do the full run.
    """
    from ..services import remind_cache
    from ..store.paths import resolve_data_dir, store_path

    path = store_path(resolve_data_dir(getattr(args, "data_dir", None)))
    promise = remind_cache.promise_for(path, clock.tz, clock.now())
    if promise is None:
        return False
    report([], reason=promise.reason)
    return True


def report(
    raised: list[Raised], service: ReminderService | None = None, chatty: bool = True, reason: str | None = None
) -> None:
    """Print what could not be shown on the desktop (the fallback), plus a word for a person at a terminal.

    ``chatty=False`` (``--watch``) leaves out "nothing to raise", which would repeat every minute.
    ``reason`` says why nothing was raised when there is no service plan to ask.
    """
    shown = [r for r in raised if r.delivered]
    missed = [r for r in raised if not r.delivered]
    if missed:
        from ..domain.text import clean
        from ..services.reminders import describe

        for line in describe(missed):
            print(clean(line))  # user text: no escape sequence reaches the terminal
        reasons = sorted({r.reason for r in missed})
        print(f"(not shown as a desktop notification: {'; '.join(reasons)})", file=sys.stderr)
    if sys.stdout.isatty():
        if shown:
            print(f"Sent {len(shown)} reminder{'s' if len(shown) != 1 else ''} as desktop notifications.")
        elif not raised and chatty:
            if reason is None:
                reason = service.last_plan.reason if service is not None and service.last_plan else ""
            print(f"Nothing to raise now ({reason})." if reason else "Nothing to raise now.")
    sys.stdout.flush()


def watch(service: ReminderService) -> int:
    """Raise reminders as they fall due until Ctrl-C.

    Sleeps until the next due time or 60 s, whichever is sooner, in short steps that compare
    the wall clock: ``time.sleep`` runs on a clock that stops while the machine is suspended,
    so only the wall clock notices a resume (or a clock change) promptly.
    """
    import time
    from datetime import timedelta

    from .common import steady_gc

    steady_gc()
    clock = service.clock
    try:
        while True:
            report(service.run_once(), service, chatty=False)
            now = clock.now()
            target = now + timedelta(seconds=WATCH_MAX_SLEEP)
            plan = service.last_plan  # made by run_once after its claims: still current
            wake = plan.next_due if plan is not None else service.next_wake(now)
            if wake is not None:
                target = min(target, max(wake, now + timedelta(seconds=1)))
            while True:
                left = (target - clock.now()).total_seconds()
                if left <= 0:
                    break
                time.sleep(min(left, WATCH_STEP))
    except KeyboardInterrupt:
        return 0


def send_test() -> int:
    """One notification, and a plain account of which path took it (or why none could)."""
    from ..services.reminders import desktop_sender

    result = desktop_sender(TEST_TITLE, TEST_BODY)
    if result.sent:
        print(f"Sent a test desktop notification ({result.reason}).")
    else:
        print(f"Could not show a desktop notification: {result.reason}.")
        print("`nextround remind` will print reminders instead, and the app shows them inside its window.")
        # A test that could not show anything has failed: scripts and `&&` chains should see it.
        return 1
    return 0


# ---------------------------------------------------------------------------
# systemd user timer


def _config_home() -> Path:
    value = os.environ.get("XDG_CONFIG_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".config"


_PLAIN_WORD = re.compile(r"[A-Za-z0-9_@+=:,./-]+")


def systemd_quote(word: str) -> str:
    """Quote one ExecStart word: systemd splits on spaces, expands ``%`` specifiers and ``$VARS``."""
    if _PLAIN_WORD.fullmatch(word):
        return word
    escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("$", "$$").replace("%", "%%")
    return f'"{escaped}"'


def remind_command(args: argparse.Namespace) -> list[str]:
    """The command the timer runs: this very interpreter, so the right environment is used."""
    command = [os.path.abspath(sys.executable), "-m", "tui", "remind", "--once"]
    data_dir = getattr(args, "data_dir", None) or os.environ.get("NEXTROUND_DATA_DIR")
    if data_dir:
        command += ["--data-dir", str(Path(data_dir).expanduser().resolve())]
    return command


def install_timer(args: argparse.Namespace) -> int:
    """Write the service and timer units (overwriting ours) and say how to enable them."""
    command = remind_command(args)
    unit_dir = _config_home() / "systemd" / "user"
    from ..store.storage import make_private_folder, write_private_file  # 0700 / 0600 whatever the umask

    make_private_folder(unit_dir)
    service_path = unit_dir / f"{UNIT_NAME}.service"
    timer_path = unit_dir / f"{UNIT_NAME}.timer"
    exec_start = " ".join(systemd_quote(word) for word in command)
    write_private_file(
        service_path,
        "# Written by `nextround remind --install-timer`; run that again to update it.\n"
        "[Unit]\n"
        "Description=Next Round: raise due check-ins and follow-ups\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={exec_start}\n",
    )
    write_private_file(
        timer_path,
        "# Written by `nextround remind --install-timer`; run that again to update it.\n"
        "[Unit]\n"
        "Description=Run Next Round reminders every 15 minutes\n"
        "\n"
        "[Timer]\n"
        "OnCalendar=*:0/15\n"
        "Persistent=true\n"
        f"Unit={UNIT_NAME}.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n",
    )
    print(f"Wrote {service_path}")
    print(f"Wrote {timer_path}")
    print()
    print("Turn it on with:")
    print("  systemctl --user daemon-reload")
    print(f"  systemctl --user enable --now {UNIT_NAME}.timer")
    print(f"Check on it with: systemctl --user list-timers {UNIT_NAME}.timer")
    print()
    print("Prefer cron? Add this line with `crontab -e` instead (cron has no desktop session, so")
    print("reminders then arrive as cron mail unless DBUS_SESSION_BUS_ADDRESS is set):")
    print(f"  */15 * * * * {shlex.join(command)}")
    return 0
