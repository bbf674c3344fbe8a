"""Real and fake desktop-notification servers on private D-Bus session buses, for tests.

Not a test module. Three pieces, all torn down on exit:

* ``notification_bus(tmp)``: a private ``dbus-daemon`` + ``Xvfb`` + ``dunst``, the
  real thing notify-send talks to. ``history()`` reads back what dunst received.
* ``FakeNotificationServer(tmp, mode=...)``: a private ``dbus-daemon`` + a dbus-fast
  server that records ``Notify`` calls and answers them, answers them with an
  error, or never answers them (the hang that plyer turns into a 25 s stall).
* ``no_bus_env(tmp)``: an environment whose session bus address points nowhere.

The bus config has no ``<servicedir>``: D-Bus activation would otherwise start a
second dunst (from dunst's activation file) or some other server behind our back.
Missing Debian packages raise ``MissingTools``; the fixtures turn that into a
failure, not a skip, because CI installs them (.ci/run).
"""

from __future__ import annotations

import asyncio
import json
import os
import selectors
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, Protocol

NOTIFICATIONS_NAME = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"

# Executable -> Debian package that provides it.
TOOL_PACKAGES: dict[str, str] = {
    "dbus-daemon": "dbus",
    "dbus-send": "dbus",
    "Xvfb": "xvfb",
    "dunst": "dunst",
    "dunstctl": "dunst",
    # dunstctl's "history" runs busctl; dunst pulls systemd in via dbus-user-session.
    "busctl": "systemd",
    "notify-send": "libnotify-bin",
}

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <!-- No <servicedir>: nothing may be started by D-Bus activation. -->
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
"""

# Everything else is dunst's default. Unlimited on-screen notifications so none
# wait in the queue, a long history, no merging of identical notifications (the
# default stack_duplicates would turn 20 identical sends into 1 history entry), and
# full markup so unescaped <b> would be interpreted exactly as on a desktop.
DUNST_CONFIG = """[global]
    markup = full
    stack_duplicates = false
    notification_limit = 0
    history_length = 1000
    sticky_history = yes
    idle_threshold = 0
"""

STARTUP_TIMEOUT = 10.0


class MissingTools(RuntimeError):
    """The Debian packages the notification fixtures need are not installed."""


class EnvPatcher(Protocol):
    """The part of pytest's MonkeyPatch that ``apply_env`` uses."""

    def setenv(self, name: str, value: str, prepend: str | None = None) -> None: ...

    def delenv(self, name: str, raising: bool = True) -> None: ...


def require_tools(*names: str) -> None:
    """Raise MissingTools naming the apt packages to install."""
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        packages = sorted({TOOL_PACKAGES.get(n, n) for n in missing})
        raise MissingTools(
            f"missing {', '.join(missing)}; install the Debian packages with: "
            f"apt-get install -y {' '.join(packages)}  (.ci/run does this)"
        )


def apply_env(monkeypatch: EnvPatcher, env: Mapping[str, str | None]) -> None:
    """Set (or, for None values, unset) variables in os.environ for one test."""
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


def _read_line(stream: IO[bytes], timeout: float, what: str) -> str:
    """Read one line from a child's pipe, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while not buffer.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise RuntimeError(f"{what}: no output within {timeout:g} s")
            chunk = os.read(stream.fileno(), 1)
            if not chunk:
                raise RuntimeError(f"{what}: exited before printing its address")
            buffer += chunk
    return buffer.decode().strip()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a child, then kill it if it ignores SIGTERM."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=3)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def _log_tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def name_has_owner(address: str, name: str = NOTIFICATIONS_NAME, timeout: float = 2.0) -> bool:
    """NameHasOwner over dbus-send; False on any error."""
    try:
        proc = subprocess.run(
            [
                "dbus-send",
                f"--bus={address}",
                "--print-reply",
                f"--reply-timeout={int(timeout * 1000)}",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                f"string:{name}",
            ],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout + 1,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0 and "boolean true" in proc.stdout


@contextmanager
def private_bus(tmp: Path) -> Iterator[str]:
    """A private session dbus-daemon without service activation; yields its address."""
    require_tools("dbus-daemon", "dbus-send")
    config = tmp / "session-bus.conf"
    config.write_text(BUS_CONFIG)
    log = tmp / "dbus-daemon.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
        )
    try:
        assert proc.stdout is not None
        try:
            address = _read_line(proc.stdout, STARTUP_TIMEOUT, "dbus-daemon")
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}\n{_log_tail(log)}") from None
        yield address
    finally:
        _stop(proc)


@contextmanager
def xvfb(tmp: Path) -> Iterator[str]:
    """An Xvfb server on a display number it picks itself (-displayfd); yields ':N'."""
    require_tools("Xvfb")
    log = tmp / "xvfb.log"
    read_fd, write_fd = os.pipe()
    try:
        with open(log, "wb") as err:
            proc = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp",
                 "-screen", "0", "1280x800x24"],
                stdin=subprocess.DEVNULL,
                stdout=err,
                stderr=err,
                pass_fds=(write_fd,),
            )
    finally:
        os.close(write_fd)
    try:
        with os.fdopen(read_fd, "rb", buffering=0) as pipe:
            try:
                number = _read_line(pipe, STARTUP_TIMEOUT, "Xvfb")
            except RuntimeError as exc:
                raise RuntimeError(f"{exc}\n{_log_tail(log)}") from None
        yield f":{number}"
    finally:
        _stop(proc)


@dataclass(frozen=True)
class ReceivedNotification:
    """One notification as dunst recorded it (body exactly as received, markup included)."""

    id: int
    appname: str
    summary: str
    body: str
    message: str  # what dunst rendered: "<b>summary</b>\nbody" as Pango markup
    timeout_us: int


class NotificationBus:
    """A running private bus with dunst on it; see ``notification_bus``."""

    def __init__(self, address: str, display: str) -> None:
        self.address = address
        self.display = display
        self._seen_up_to = 0
        # Tests may narrow PATH; dunstctl (and the dbus-send/busctl it runs) must still work.
        self._path = os.environ.get("PATH", os.defpath)

    @property
    def env(self) -> dict[str, str]:
        """Variables a client needs to reach this bus and display."""
        return {"DBUS_SESSION_BUS_ADDRESS": self.address, "DISPLAY": self.display}

    def _run(self, *args: str) -> str:
        env = {**os.environ, **self.env, "PATH": self._path}
        proc = subprocess.run(
            ["dunstctl", *args],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=10,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"dunstctl {' '.join(args)} failed: {proc.stderr.strip()}")
        return proc.stdout

    def _all(self) -> list[ReceivedNotification]:
        # dunst lists only closed notifications; close what is on screen first.
        self._run("close-all")
        data = json.loads(self._run("history"))["data"][0]

        def value(item: dict[str, Any], key: str, default: Any) -> Any:
            return item.get(key, {}).get("data", default)

        found = [
            ReceivedNotification(
                id=int(value(item, "id", 0)),
                appname=value(item, "appname", ""),
                summary=value(item, "summary", ""),
                body=value(item, "body", ""),
                message=value(item, "message", ""),
                timeout_us=int(value(item, "timeout", 0)),
            )
            for item in data
        ]
        return sorted(found, key=lambda n: n.id)

    def history(self, min_count: int = 0, timeout: float = 5.0) -> list[ReceivedNotification]:
        """Notifications received since the last ``clear_history``, oldest first.

        Closes the ones on screen (dunst only lists closed ones). Waits up to
        ``timeout`` seconds for at least ``min_count`` of them.
        """
        deadline = time.monotonic() + timeout
        while True:
            found = [n for n in self._all() if n.id > self._seen_up_to]
            if len(found) >= min_count or time.monotonic() >= deadline:
                return found
            time.sleep(0.05)

    def clear_history(self) -> None:
        """Forget everything received so far (dunst 1.9 has no history-clear command)."""
        self._seen_up_to = max((n.id for n in self._all()), default=self._seen_up_to)


@contextmanager
def notification_bus(tmp: Path) -> Iterator[NotificationBus]:
    """dbus-daemon + Xvfb + dunst, ready when org.freedesktop.Notifications has an owner."""
    require_tools(*TOOL_PACKAGES)
    with ExitStack() as stack:
        address = stack.enter_context(private_bus(tmp))
        display = stack.enter_context(xvfb(tmp))
        config = tmp / "dunstrc"
        config.write_text(DUNST_CONFIG)
        (tmp / "config").mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}  # force X11
        env.update(
            DBUS_SESSION_BUS_ADDRESS=address,
            DISPLAY=display,
            XDG_CONFIG_HOME=str(tmp / "config"),
        )
        log = tmp / "dunst.log"
        with open(log, "wb") as out:
            dunst = subprocess.Popen(
                ["dunst", "-config", str(config)],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
            )
        stack.callback(_stop, dunst)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not name_has_owner(address):
            if dunst.poll() is not None:
                raise RuntimeError(f"dunst exited with {dunst.returncode}:\n{_log_tail(log)}")
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"dunst did not own {NOTIFICATIONS_NAME} within {STARTUP_TIMEOUT:g} s:\n"
                    f"{_log_tail(log)}"
                )
            time.sleep(0.05)
        yield NotificationBus(address, display)


# ------------------------------------------------------------------ fake server

FakeMode = Literal["answer", "silent", "error"]


@dataclass(frozen=True)
class NotifyCall:
    """Arguments of one org.freedesktop.Notifications.Notify call."""

    app_name: str
    replaces_id: int
    app_icon: str
    summary: str
    body: str
    actions: list[str]
    hints: dict[str, Any]
    expire_timeout: int


@dataclass
class FakeNotificationServer:
    """A dbus-fast notification server on its own private bus.

    ``mode`` (may be changed while running):
    "answer" records Notify and replies with an id; "silent" records Notify and
    never replies (GetServerInformation/GetCapabilities are still answered, as
    notify-send asks for them first); "error" records Notify and replies with
    org.freedesktop.DBus.Error.Failed.
    Use as a context manager; ``env`` points a client at the private bus.
    """

    tmp: Path
    mode: FakeMode = "answer"
    calls: list[NotifyCall] = field(default_factory=list)
    address: str = ""
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)
    _loop: asyncio.AbstractEventLoop | None = field(default=None, repr=False)
    _stop_event: asyncio.Event | None = field(default=None, repr=False)
    _ready: threading.Event = field(default_factory=threading.Event, repr=False)
    _error: BaseException | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def env(self) -> dict[str, str | None]:
        """Variables a client needs to reach this bus (no display: none is needed)."""
        return {"DBUS_SESSION_BUS_ADDRESS": self.address, "DISPLAY": None}

    def __enter__(self) -> FakeNotificationServer:
        try:
            import dbus_fast  # noqa: F401
        except ImportError as exc:
            raise MissingTools("dbus-fast is not installed: pip install -e '.[test]'") from exc
        self.address = self._stack.enter_context(private_bus(self.tmp))
        self._thread = threading.Thread(
            target=self._run, name="fake-notification-server", daemon=True
        )
        self._thread.start()
        if not self._ready.wait(STARTUP_TIMEOUT) or self._error is not None:
            self.__exit__(None, None, None)
            raise RuntimeError(f"fake notification server did not start: {self._error!r}")
        if not name_has_owner(self.address):
            self.__exit__(None, None, None)
            raise RuntimeError(f"fake notification server does not own {NOTIFICATIONS_NAME}")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None and self._stop_event is not None and self._thread is not None:
            if self._thread.is_alive():
                self._loop.call_soon_threadsafe(self._stop_event.set)
            self._thread.join(5)
        self._stack.close()

    def wait_for_calls(self, count: int, timeout: float = 5.0) -> list[NotifyCall]:
        """Wait until at least ``count`` Notify calls arrived; return all of them."""
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        with self._lock:
            return list(self.calls)

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # noqa: BLE001 - surfaced by __enter__
            self._error = exc
            self._ready.set()

    async def _serve(self) -> None:
        from dbus_fast import BusType, Message, MessageType, RequestNameReply
        from dbus_fast.aio import MessageBus

        self._loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        bus = await MessageBus(bus_address=self.address, bus_type=BusType.SESSION).connect()
        next_id = 0

        def handle(msg: Message) -> Message | bool | None:
            nonlocal next_id
            if msg.message_type != MessageType.METHOD_CALL or msg.path != NOTIFICATIONS_PATH:
                return None
            if msg.interface not in (None, NOTIFICATIONS_NAME):
                return None
            if msg.member == "GetServerInformation":
                return Message.new_method_return(
                    msg, "ssss", ["fake-notification-server", "nextround-tests", "1.0", "1.2"]
                )
            if msg.member == "GetCapabilities":
                return Message.new_method_return(msg, "as", [["body", "body-markup"]])
            if msg.member == "CloseNotification":
                return Message.new_method_return(msg)
            if msg.member == "Notify":
                app, replaces, icon, summary, body, actions, hints, expire = msg.body
                with self._lock:
                    self.calls.append(
                        NotifyCall(app, replaces, icon, summary, body, list(actions),
                                   {k: v.value for k, v in hints.items()}, expire)
                    )
                if self.mode == "silent":
                    return True  # handled, and no reply will ever come
                if self.mode == "error":
                    return Message.new_error(
                        msg, "org.freedesktop.DBus.Error.Failed", "fake server refuses"
                    )
                next_id += 1
                return Message.new_method_return(msg, "u", [next_id])
            return None

        bus.add_message_handler(handle)
        reply = await bus.request_name(NOTIFICATIONS_NAME)
        if reply != RequestNameReply.PRIMARY_OWNER:
            raise RuntimeError(f"could not own {NOTIFICATIONS_NAME}: {reply}")
        self._ready.set()
        try:
            await self._stop_event.wait()
        finally:
            bus.disconnect()


# ------------------------------------------------------------------ no bus at all


def no_bus_env(tmp: Path) -> dict[str, str | None]:
    """An environment with no reachable session bus and no display.

    The address names a socket that does not exist; XDG_RUNTIME_DIR is an empty
    directory so clients cannot fall back to $XDG_RUNTIME_DIR/bus.
    """
    runtime = tmp / "no-bus-runtime"
    runtime.mkdir(exist_ok=True)
    return {
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp / 'no-such-bus-socket'}",
        "DISPLAY": None,
        "WAYLAND_DISPLAY": None,
        "XDG_RUNTIME_DIR": str(runtime),
    }
