"""Apps in a real terminal: a private tmux server per run, read with ``capture-pane``.

Used for the first frame (time from launch until the screen shows its content), peak memory
(``VmHWM``) and idle CPU (``utime + stime`` from ``/proc/PID/stat``).
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 120, 40
POLL = 0.01  # seconds between captures while waiting for a frame
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
APP_MARKER = " sent · "  # the pipeline's count line: only drawn once the dashboard has its data
_names = itertools.count()


def tmux_available() -> bool:
    return shutil.which("tmux") is not None


def quiet_env() -> dict[str, str]:
    """The environment for every app run: no desktop bus (no notification popups), no data-dir override."""
    env = dict(os.environ)
    for name in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "NEXTROUND_DATA_DIR", "TMUX", "TMUX_PANE"):
        env.pop(name, None)
    return env


def app_command(folder: Path) -> list[str]:
    """``nextround --data-dir D`` through this interpreter (a pyenv shim would add its own start-up)."""
    return [sys.executable, "-m", "tui", "--data-dir", str(folder)]


def bare_command() -> list[str]:
    return [sys.executable, str(ROOT / "bench" / "bare_app.py")]


def bare_marker() -> str:
    from bench.bare_app import MARKER

    return MARKER


class Session:
    """One private tmux server running one command in a WIDTH x HEIGHT pane."""

    def __init__(self, command: Sequence[str], width: int = WIDTH, height: int = HEIGHT) -> None:
        self.name = f"bench-{os.getpid()}-{next(_names)}"
        self.command = list(command)
        self.width, self.height = width, height
        self.started = 0.0
        self.started_wall = 0.0
        self._pid: int | None = None

    def _tmux(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.name, "-f", "/dev/null", *args],
            capture_output=True, text=True, check=check, env=quiet_env(), cwd="/tmp",
        )

    def start(self) -> None:
        self.started = time.perf_counter()
        self.started_wall = time.time()  # to line up with times another process records
        self._tmux("new-session", "-d", "-x", str(self.width), "-y", str(self.height), *self.command, check=True)

    def capture(self) -> str:
        return self._tmux("capture-pane", "-p").stdout

    def wait_for(self, marker: str, timeout: float = 30.0) -> float | None:
        """Seconds from start until ``marker`` is on screen; None on timeout."""
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if marker in self.capture():
                return time.perf_counter() - self.started
            time.sleep(POLL)
        return None

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", *keys)

    def pid(self) -> int | None:
        """The app's process: the pane's process, or its python child if a shell sits between."""
        if self._pid is not None:
            return self._pid
        out = self._tmux("list-panes", "-F", "#{pane_pid}").stdout.split()
        if not out:
            return None
        pid = int(out[0])
        self._pid = _python_in(pid)
        return self._pid

    def socket(self) -> Path:
        folder = os.environ.get("TMUX_TMPDIR") or "/tmp"
        return Path(folder) / f"tmux-{os.getuid()}" / self.name

    def kill(self) -> None:
        pid = self._pid
        self._tmux("kill-server")
        self.socket().unlink(missing_ok=True)  # tmux leaves the socket file of a killed server
        if pid is None:
            return
        deadline = time.perf_counter() + 5
        while Path(f"/proc/{pid}").exists() and time.perf_counter() < deadline:
            time.sleep(0.02)
        if Path(f"/proc/{pid}").exists():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _python_in(pid: int) -> int:
    try:
        if "python" in Path(f"/proc/{pid}/comm").read_text():
            return pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return pid
    for child in children:
        found = _python_in(int(child))
        if found:
            return found
    return pid


def cpu_seconds(pid: int) -> float | None:
    """utime + stime of the whole process (all threads), in seconds."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# ---------------------------------------------------------------------------------------------


def visit_modes(session: Session, keys: Sequence[str], home_marker: str, settle: float = 1.5) -> None:
    """Press each mode key, waiting for the screen to change, then come home (peak memory)."""
    for key in keys:
        before = session.capture()
        session.send(key)
        deadline = time.perf_counter() + 15
        while time.perf_counter() < deadline and session.capture() == before:
            time.sleep(0.05)
        time.sleep(settle)
    deadline = time.perf_counter() + 15
    while time.perf_counter() < deadline and home_marker not in session.capture():
        time.sleep(0.05)


def idle_cpu(
    commands: Sequence[tuple[Sequence[str], str, Sequence[str]]],
    window: float,
    samples: int,
    settle: float = 3.0,
) -> list[tuple[list[float], float | None]]:
    """CPU-seconds per minute of each app sitting idle, all measured over the same windows.

    Every app is started, shown, taken once through ``visit`` keys and left alone for
    ``settle`` seconds; then ``window`` seconds are split into ``samples`` equal parts, each
    scaled to a minute. Returns per app (the per-minute samples, its VmHWM in MB at the end).
    """
    sessions = [Session(command) for command, _, _ in commands]
    try:
        for session, (_, marker, visit) in zip(sessions, commands, strict=True):
            session.start()
            if session.wait_for(marker) is None:
                raise RuntimeError(f"no first frame for {session.command}")
            if visit:
                visit_modes(session, visit, marker)
        time.sleep(settle)
        pids = [session.pid() for session in sessions]
        rates: list[list[float]] = [[] for _ in sessions]
        part = window / samples
        for _ in range(samples):
            before = [cpu_seconds(pid) if pid else None for pid in pids]
            start = time.perf_counter()
            time.sleep(part)
            elapsed = time.perf_counter() - start
            after = [cpu_seconds(pid) if pid else None for pid in pids]
            for index, (a, b) in enumerate(zip(before, after, strict=True)):
                if a is not None and b is not None:
                    rates[index].append((b - a) * 60.0 / elapsed)
        peaks = [peak_rss_mb(pid) if pid else None for pid in pids]
        return list(zip(rates, peaks, strict=True))
    finally:
        for session in sessions:
            session.kill()
