"""Desktop-notification delivery that can neither hang the app nor raise.

Why this module exists instead of a bare ``plyer.notification.notify`` call
(plyer 2.1, read from its source):

* plyer's Linux ``notify-send`` backend runs ``subprocess.call(["notify-send", ...])``:
  no timeout (it blocks ~25 s when the server owns the name but never answers),
  the exit status is thrown away (a failed delivery "succeeds"), notify-send's
  error text goes straight to our fd 2 (i.e. onto the TUI's screen), the
  title is passed without ``--`` (a title starting with ``-`` is parsed as an
  option), the ``timeout`` argument is ignored and ``-t 0`` makes every
  notification sticky.
* plyer's backend choice is cached forever in its proxy object, and resolving it
  emits a ``UserWarning`` ("The Python dbus package is not installed") when
  dbus-python is missing, which is the normal case in a venv.

So plyer still *chooses* the backend (fresh on every call, warning silenced),
but when it picks ``notify-send`` we run that same binary ourselves with a
timeout, captured output and a checked exit status. Every other backend (dbus-python,
Flatpak portal, macOS, Windows) is called through plyer in a daemon thread that
we stop waiting for after the timeout.

Nothing here imports textual; plyer, asyncio and dbus-fast are imported lazily
(resolving plyer warns, and ``import tui.notify`` should stay cheap).
"""

from __future__ import annotations

import importlib
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..domain.text import clean

__all__ = [
    "DeliveryResult",
    "NOTIFICATIONS_NAME",
    "plain_text",
    "send_notification",
    "server_available",
]

NOTIFICATIONS_NAME = "org.freedesktop.Notifications"

# How long the notification stays on screen, in seconds (plyer's default).
_DISPLAY_SECONDS = 10

# Platforms where notifications go over the D-Bus session bus.
_DBUS_PLATFORMS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")


@dataclass(frozen=True)
class DeliveryResult:
    """Outcome of a delivery attempt; ``reason`` explains a failure in one sentence."""

    sent: bool
    reason: str


# --------------------------------------------------------------------------- text



def plain_text(s: str, *, escape_markup: bool = True) -> str:
    """Make user text show as typed in a notification.

    Strips ANSI escape sequences and control characters (keeping newlines and
    tabs; ``\\r\\n`` and lone ``\\r`` become ``\\n``), replaces unencodable
    surrogates, and escapes ``&``, ``<``, ``>`` as XML entities because
    notification servers interpret body markup (dunst renders ``<b>`` as bold).

    ``escape_markup=False`` is for the *summary* (title): the notification spec
    says the summary is plain text and dunst escapes it itself, so escaping it
    here would show a literal ``&amp;``.
    """
    s = s.encode("utf-8", "replace").decode("utf-8")
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = clean(s)  # escape sequences, control characters, bidi overrides: the one sanitiser
    if escape_markup:
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s


def _plain_title(s: str) -> str:
    """A one-line, unescaped summary (the spec makes the summary plain text)."""
    return " ".join(plain_text(s, escape_markup=False).split())


# --------------------------------------------------------------------- bus lookup


def _seconds(t: float) -> str:
    """Format a timeout for a reason sentence: 5 -> '5 s', 0.5 -> '0.5 s'."""
    return f"{t:g} s"


def _session_bus_address() -> tuple[str | None, str]:
    """Find the session bus the way libdbus/GDBus do, minus autolaunch.

    Autolaunch (``dbus-launch`` on $DISPLAY) would start a new bus as a side
    effect of merely asking, so we never let it happen.
    """
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address, ""
    runtime_dir = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime_dir:
        path = os.path.join(runtime_dir, "bus")
        try:
            if stat.S_ISSOCK(os.stat(path).st_mode):
                return f"unix:path={path}", ""
        except OSError:
            pass
    return None, "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"


_CONNECT_ERRORS = (
    "Failed to connect",
    "FileNotFound",
    "NoServer",
    "Connection refused",
    "No such file",
    "BadAddress",
)


def _has_owner_dbus_send(dbus_send: str, address: str, timeout: float) -> DeliveryResult:
    """NameHasOwner via the dbus-send binary (does not trigger service activation)."""
    cmd = [
        dbus_send,
        f"--bus={address}",
        "--print-reply",
        f"--reply-timeout={max(1, int(timeout * 1000))}",
        "--dest=org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus.NameHasOwner",
        f"string:{NOTIFICATIONS_NAME}",
    ]
    try:
        proc = subprocess.run(
            cmd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout + 0.5,
        )
    except subprocess.TimeoutExpired:
        return DeliveryResult(False, f"D-Bus session bus did not answer within {_seconds(timeout)}")
    except OSError as exc:
        return DeliveryResult(False, f"could not run dbus-send ({exc.strerror or exc})")
    if proc.returncode != 0:
        err = (proc.stderr.strip().splitlines() or ["unknown error"])[0]
        if any(marker in err for marker in _CONNECT_ERRORS):
            return DeliveryResult(False, f"no D-Bus session bus (cannot connect to {address})")
        if "NoReply" in err:
            return DeliveryResult(
                False, f"D-Bus session bus did not answer within {_seconds(timeout)}"
            )
        return DeliveryResult(False, f"D-Bus query failed: {err}")
    return _owner_result("boolean true" in proc.stdout)


def _owner_result(has_owner: bool) -> DeliveryResult:
    if has_owner:
        return DeliveryResult(True, f"{NOTIFICATIONS_NAME} has an owner")
    return DeliveryResult(False, f"no notification server owns {NOTIFICATIONS_NAME}")


def _has_owner_dbus_fast(address: str, timeout: float) -> DeliveryResult:
    """NameHasOwner via dbus-fast, in a private event loop on its own thread.

    A fresh thread because the caller may be a thread that already runs an
    event loop (Textual's), where ``asyncio.run`` is not allowed.
    """
    import asyncio

    try:
        from dbus_fast import Message, MessageType
        from dbus_fast.aio import MessageBus
    except ImportError:
        return DeliveryResult(
            False, "cannot query D-Bus (neither dbus-send nor the dbus-fast package is installed)"
        )

    async def query() -> bool:
        bus = await MessageBus(bus_address=address).connect()
        try:
            reply = await bus.call(
                Message(
                    destination="org.freedesktop.DBus",
                    path="/org/freedesktop/DBus",
                    interface="org.freedesktop.DBus",
                    member="NameHasOwner",
                    signature="s",
                    body=[NOTIFICATIONS_NAME],
                )
            )
        finally:
            bus.disconnect()
        if reply is None or reply.message_type == MessageType.ERROR:
            raise RuntimeError(reply.error_name if reply is not None else "no reply")
        return bool(reply.body[0])

    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["owner"] = asyncio.run(asyncio.wait_for(query(), timeout))
        except BaseException as exc:  # noqa: BLE001 - reported, never raised
            box["error"] = exc

    worker = threading.Thread(target=run, name="nextround-dbus-query", daemon=True)
    worker.start()
    worker.join(timeout + 0.5)
    if worker.is_alive() or isinstance(box.get("error"), (asyncio.TimeoutError, TimeoutError)):
        return DeliveryResult(False, f"D-Bus session bus did not answer within {_seconds(timeout)}")
    error = box.get("error")
    if isinstance(error, OSError):
        return DeliveryResult(False, f"no D-Bus session bus (cannot connect to {address})")
    if error is not None:
        return DeliveryResult(False, f"D-Bus query failed: {error}")
    return _owner_result(bool(box.get("owner")))


def server_available(timeout: float = 2.0) -> DeliveryResult:
    """Is there a session bus on which some process owns org.freedesktop.Notifications?

    Uses NameHasOwner, so a server is never *started* by asking (no D-Bus
    service activation), and gives up after ``timeout`` seconds. Reads the
    process environment on every call and caches nothing. Blocking: run it in
    a thread worker from UI code.

    On platforms without D-Bus (macOS, Windows) it reports available, since
    plyer uses the native API there.
    """
    try:
        if not sys.platform.startswith(_DBUS_PLATFORMS):
            return DeliveryResult(True, "this platform does not use D-Bus for notifications")
        address, reason = _session_bus_address()
        if address is None:
            return DeliveryResult(False, reason)
        dbus_send = shutil.which("dbus-send")
        if dbus_send:
            return _has_owner_dbus_send(dbus_send, address, timeout)
        return _has_owner_dbus_fast(address, timeout)
    except Exception as exc:  # noqa: BLE001 - this function never raises
        return DeliveryResult(False, f"could not check for a notification server ({exc})")


# ------------------------------------------------------------------------ sending


def _plyer_backend() -> Any:
    """Resolve plyer's notification backend afresh (plyer's own proxy caches it forever).

    plyer warns when dbus-python is missing and when notify-send is missing; we
    report those through DeliveryResult instead, so the two warnings are silenced
    with a narrow, idempotent filter (``catch_warnings`` is not thread-safe).
    """
    warnings.filterwarnings(
        "ignore", message="The Python dbus package is not installed", category=UserWarning
    )
    warnings.filterwarnings("ignore", message="notify-send not found", category=UserWarning)
    import plyer.utils  # type: ignore[import-untyped]

    module = importlib.import_module(f"plyer.platforms.{plyer.utils.platform}.notification")
    return module.instance()


def _no_backend_reason() -> str:
    if sys.platform.startswith(_DBUS_PLATFORMS):
        return "notify-send is not installed"
    return "plyer has no notification backend for this platform"


def _run_notify_send(
    title: str, body: str, app_name: str, timeout: float, shown_timeout: float
) -> DeliveryResult:
    """What plyer's notify-send backend does, but bounded, quiet and checked.

    ``shown_timeout`` is the caller's budget, quoted in the reason sentence.
    """
    notify_send = shutil.which("notify-send")
    if notify_send is None:
        return DeliveryResult(False, "notify-send is not installed")
    cmd = [
        notify_send,
        f"--app-name={app_name}",
        f"--expire-time={_DISPLAY_SECONDS * 1000}",
        "--",
        title,
        body,
    ]
    try:
        proc = subprocess.run(
            cmd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=max(timeout, 0.001),
        )
    except subprocess.TimeoutExpired:
        # subprocess.run has already killed and reaped notify-send.
        return DeliveryResult(
            False, f"notification server did not answer within {_seconds(shown_timeout)}"
        )
    except (OSError, ValueError) as exc:
        return DeliveryResult(False, f"could not run notify-send ({exc})")
    if proc.returncode != 0:
        err = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[0]
        return DeliveryResult(False, f"notify-send failed: {err}")
    return DeliveryResult(True, "delivered to the notification server")


def _run_bounded(
    call: Callable[[], object], timeout: float, shown_timeout: float
) -> DeliveryResult:
    """Run a plyer backend call in a daemon thread; stop waiting after ``timeout``.

    The thread cannot be killed; a hung backend call keeps it alive until its
    own timeout (25 s for D-Bus), which is harmless for a daemon thread.
    """
    box: dict[str, BaseException] = {}

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 - reported, never raised
            box["error"] = exc

    worker = threading.Thread(target=run, name="nextround-notify", daemon=True)
    worker.start()
    worker.join(max(timeout, 0.0))
    if worker.is_alive():
        return DeliveryResult(
            False, f"notification server did not answer within {_seconds(shown_timeout)}"
        )
    error = box.get("error")
    if isinstance(error, NotImplementedError):
        return DeliveryResult(False, _no_backend_reason())
    if error is not None:
        return DeliveryResult(False, f"notification failed: {type(error).__name__}: {error}")
    return DeliveryResult(True, "delivered to the notification server")


def send_notification(
    title: str,
    body: str,
    *,
    timeout: float = 5.0,
    app_name: str = "Next Round",
) -> DeliveryResult:
    """Show a desktop notification; never raises, gives up after about ``timeout`` seconds.

    BLOCKING: call it from a thread worker (e.g. Textual ``@work(thread=True)``),
    never on the event loop. Checks ``server_available`` first (so a missing
    bus or server fails in milliseconds), then lets plyer pick the backend.
    ``title`` and ``body`` are user text: control characters and ANSI codes are
    stripped and the body's ``& < >`` are escaped, so they show as typed.
    Reads the process environment (DBUS_SESSION_BUS_ADDRESS) on every call.
    """
    try:
        deadline = time.monotonic() + timeout
        available = server_available(timeout=min(2.0, timeout))
        if not available.sent:
            return available
        safe_app = _plain_title(app_name) or "Next Round"
        safe_title = _plain_title(title) or safe_app  # notify-send refuses an empty summary
        safe_body = plain_text(body)
        try:
            backend = _plyer_backend()
        except Exception as exc:  # noqa: BLE001 - e.g. an unsupported platform module
            return DeliveryResult(False, f"no notification backend ({type(exc).__name__}: {exc})")
        remaining = max(deadline - time.monotonic(), 0.001)
        if type(backend).__name__ == "NotifySendNotification":
            return _run_notify_send(safe_title, safe_body, safe_app, remaining, timeout)
        return _run_bounded(
            lambda: backend.notify(
                title=safe_title,
                message=safe_body,
                app_name=safe_app,
                timeout=_DISPLAY_SECONDS,
            ),
            remaining,
            timeout,
        )
    except Exception as exc:  # noqa: BLE001 - this function never raises
        return DeliveryResult(False, f"notification failed: {type(exc).__name__}: {exc}")
