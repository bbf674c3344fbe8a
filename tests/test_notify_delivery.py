"""The notification delivery layer against a real dunst, a fake server and no bus at all."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.notify_bus import FakeNotificationServer, NotificationBus, apply_env, private_bus
from tui.notify import DeliveryResult, delivery, plain_text, send_notification, server_available

TYPED_TITLE = "Offer <b>from</b> A & B"
TYPED_BODY = "Say <b>x</b> & [bold]yes[/bold] \x1b[31mred\x1b[0m"
SHOWN_BODY = "Say <b>x</b> & [bold]yes[/bold] red"


def shown_text(markup: str) -> str:
    """What a markup-rendering server displays for ``markup``; fails if it has elements."""
    root = ET.fromstring(f"<r>{markup}</r>")
    assert len(root) == 0, f"markup elements would be rendered: {markup!r}"
    return root.text or ""


def path_with_only(tmp_path: Path, *tools: str) -> str:
    """A PATH directory holding symlinks to just ``tools``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in tools:
        real = subprocess.run(["which", tool], capture_output=True, text=True).stdout.strip()
        assert real, f"{tool} not installed"
        (bin_dir / tool).symlink_to(real)
    return str(bin_dir)


def notify_send_children() -> list[int]:
    """PIDs of notify-send processes that are children of this test process."""
    pids = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat_file.read_text()
        except OSError:
            continue
        comm = text[text.index("(") + 1 : text.rindex(")")]
        ppid = int(text[text.rindex(")") + 2 :].split()[1])
        if comm == "notify-send" and ppid == os.getpid():
            pids.append(int(stat_file.parent.name))
    return pids


# ------------------------------------------------------------------ plain_text


def test_plain_text_escapes_markup_and_strips_ansi() -> None:
    assert plain_text("<b>x</b> & [bold]") == "&lt;b&gt;x&lt;/b&gt; &amp; [bold]"
    assert plain_text("\x1b[31mred\x1b[0m") == "red"
    assert plain_text(TYPED_BODY) == "Say &lt;b&gt;x&lt;/b&gt; &amp; [bold]yes[/bold] red"


def test_plain_text_controls_newlines_and_osc() -> None:
    assert plain_text("a\r\nb\rc\td\x00e\x07f\x7fg\x9b1mh\x85i") == "a\nb\nc\tdefghi"
    assert plain_text("\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\") == "link"
    assert plain_text("\x1b]0;title\x07text") == "text"
    assert plain_text("bad \ud800 surrogate") == "bad ? surrogate"


def test_plain_text_can_leave_markup_for_the_summary() -> None:
    assert plain_text("<b>&\x1b[1m", escape_markup=False) == "<b>&"


@given(st.text())
def test_plain_text_always_shows_as_plain_text(s: str) -> None:
    out = plain_text(s)
    shown = shown_text(out)  # parses as text with no elements
    assert "\x1b" not in out
    assert all(c in "\n\t" or (ord(c) >= 0x20 and not 0x7F <= ord(c) <= 0x9F) for c in out)
    if all(c.isprintable() or c in "\n\t" for c in s) and not any(
        0xD800 <= ord(c) <= 0xDFFF for c in s
    ):
        assert shown == s  # nothing to strip: the text shows exactly as typed


# ------------------------------------------------------------------ server_available


def test_server_available_false_without_bus(
    monkeypatch: pytest.MonkeyPatch, no_bus_env: dict[str, str | None]
) -> None:
    apply_env(monkeypatch, no_bus_env)
    start = time.monotonic()
    result = server_available()
    assert time.monotonic() - start < 1.0
    assert result.sent is False
    assert result.reason.startswith("no D-Bus session bus (cannot connect to unix:path=")


def test_server_available_false_when_address_unset(
    monkeypatch: pytest.MonkeyPatch, no_bus_env: dict[str, str | None]
) -> None:
    apply_env(monkeypatch, no_bus_env)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    assert server_available() == DeliveryResult(
        False, "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    )


def test_server_available_false_when_nobody_owns_the_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with private_bus(tmp_path) as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        assert server_available() == DeliveryResult(
            False, "no notification server owns org.freedesktop.Notifications"
        )


def test_server_available_true_with_dunst(
    monkeypatch: pytest.MonkeyPatch, dunst: NotificationBus
) -> None:
    apply_env(monkeypatch, dunst.env)
    start = time.monotonic()
    result = server_available()
    assert time.monotonic() - start < 1.0
    assert result.sent is True


def test_server_available_falls_back_to_dbus_fast(
    monkeypatch: pytest.MonkeyPatch, dunst: NotificationBus, tmp_path: Path
) -> None:
    """Without dbus-send on PATH the same answers come from dbus-fast."""
    apply_env(monkeypatch, dunst.env)
    with private_bus(tmp_path) as empty_bus:
        monkeypatch.setenv("PATH", path_with_only(tmp_path))
        assert server_available().sent is True
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", empty_bus)
        assert server_available().reason == (
            "no notification server owns org.freedesktop.Notifications"
        )
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'nothing'}")
    assert server_available().reason.startswith("no D-Bus session bus (cannot connect")


# ------------------------------------------------------------------ send_notification


def test_send_delivers_text_as_typed_to_dunst(
    monkeypatch: pytest.MonkeyPatch, dunst: NotificationBus
) -> None:
    apply_env(monkeypatch, dunst.env)
    result = send_notification(TYPED_TITLE, TYPED_BODY)
    assert result.sent is True, result.reason
    [got] = dunst.history(min_count=1)
    assert got.appname == "Next Round"
    # The summary is plain text by spec; dunst escapes it itself when rendering.
    assert got.summary == TYPED_TITLE
    assert "&lt;b&gt;from&lt;/b&gt; A &amp; B" in got.message
    # The body is markup: it arrives escaped, so it renders as typed (no bold).
    assert got.body == "Say &lt;b&gt;x&lt;/b&gt; &amp; [bold]yes[/bold] red"
    assert shown_text(got.body) == SHOWN_BODY
    assert got.timeout_us == 10_000_000  # not sticky, unlike plyer's "-t 0"


def test_every_send_is_one_notification(
    monkeypatch: pytest.MonkeyPatch, dunst: NotificationBus
) -> None:
    apply_env(monkeypatch, dunst.env)
    for _ in range(3):
        assert send_notification("Same", "text").sent is True
    assert [n.summary for n in dunst.history(min_count=3)] == ["Same"] * 3


def test_send_title_starting_with_dash_is_not_an_option(
    monkeypatch: pytest.MonkeyPatch, dunst: NotificationBus
) -> None:
    apply_env(monkeypatch, dunst.env)
    assert send_notification("-u critical", "--help").sent is True
    [got] = dunst.history(min_count=1)
    assert (got.summary, got.body) == ("-u critical", "--help")


def test_send_to_fake_server_records_the_call(
    monkeypatch: pytest.MonkeyPatch, fake_notification_server: FakeNotificationServer
) -> None:
    apply_env(monkeypatch, fake_notification_server.env)
    result = send_notification("Title\nsecond line", "a < b", app_name="Tester")
    assert result == DeliveryResult(True, "delivered to the notification server")
    [call] = fake_notification_server.wait_for_calls(1)
    assert (call.app_name, call.summary, call.body) == ("Tester", "Title second line", "a &lt; b")
    assert call.expire_timeout == 10_000


def test_send_gives_up_on_a_server_that_never_answers(
    monkeypatch: pytest.MonkeyPatch, fake_notification_server: FakeNotificationServer
) -> None:
    fake_notification_server.mode = "silent"
    apply_env(monkeypatch, fake_notification_server.env)
    timeout = 2.0
    start = time.monotonic()
    result = send_notification("Hello", "world", timeout=timeout)
    elapsed = time.monotonic() - start
    assert result == DeliveryResult(False, "notification server did not answer within 2 s")
    assert timeout - 0.5 <= elapsed < timeout + 2
    assert len(fake_notification_server.wait_for_calls(1)) == 1  # it did reach the server
    assert notify_send_children() == []  # the stuck notify-send was killed and reaped


def test_send_reports_a_server_error(
    monkeypatch: pytest.MonkeyPatch, fake_notification_server: FakeNotificationServer
) -> None:
    """plyer's notify-send backend reports success here; we must not."""
    fake_notification_server.mode = "error"
    apply_env(monkeypatch, fake_notification_server.env)
    result = send_notification("Hello", "world")
    assert result.sent is False
    assert result.reason.startswith("notify-send failed: ")
    assert "fake server refuses" in result.reason


def test_send_without_bus_fails_fast(
    monkeypatch: pytest.MonkeyPatch, no_bus_env: dict[str, str | None]
) -> None:
    apply_env(monkeypatch, no_bus_env)
    start = time.monotonic()
    result = send_notification("Hello", "world")
    assert time.monotonic() - start < 1.0
    assert result.sent is False
    assert result.reason.startswith("no D-Bus session bus")


def test_send_without_notify_send(
    monkeypatch: pytest.MonkeyPatch,
    fake_notification_server: FakeNotificationServer,
    tmp_path: Path,
) -> None:
    apply_env(monkeypatch, fake_notification_server.env)
    monkeypatch.setenv("PATH", path_with_only(tmp_path, "dbus-send"))
    assert send_notification("Hello", "world") == DeliveryResult(
        False, "notify-send is not installed"
    )
    assert fake_notification_server.calls == []


def test_send_never_raises_on_hostile_text(
    monkeypatch: pytest.MonkeyPatch, fake_notification_server: FakeNotificationServer
) -> None:
    apply_env(monkeypatch, fake_notification_server.env)
    result = send_notification("\x00\ud800\x1b[2J", "\x00" * 3 + "\udcff" + "x" * 20_000)
    assert result.sent is True, result.reason
    [call] = fake_notification_server.wait_for_calls(1)
    assert call.summary == "?"
    assert call.body == "?" + "x" * 20_000


class _Backend:
    """Stands in for plyer's non-notify-send backends (dbus-python, portal, macOS)."""

    def __init__(self, behaviour: str) -> None:
        self.behaviour = behaviour
        self.release = threading.Event()
        self.calls: list[dict[str, object]] = []

    def notify(self, **kwargs: object) -> None:
        self.calls.append(kwargs)
        if self.behaviour == "hang":
            self.release.wait(30)
        elif self.behaviour == "raise":
            raise RuntimeError("backend exploded")


@pytest.mark.parametrize(
    ("behaviour", "expected"),
    [
        ("ok", DeliveryResult(True, "delivered to the notification server")),
        ("raise", DeliveryResult(False, "notification failed: RuntimeError: backend exploded")),
        ("hang", DeliveryResult(False, "notification server did not answer within 1 s")),
    ],
)
def test_other_plyer_backends_run_bounded_in_a_thread(
    monkeypatch: pytest.MonkeyPatch,
    fake_notification_server: FakeNotificationServer,
    behaviour: str,
    expected: DeliveryResult,
) -> None:
    apply_env(monkeypatch, fake_notification_server.env)
    backend = _Backend(behaviour)
    monkeypatch.setattr(delivery, "_plyer_backend", lambda: backend)
    start = time.monotonic()
    try:
        assert send_notification("T <i>", "B <i>", timeout=1.0) == expected
    finally:
        backend.release.set()
    assert time.monotonic() - start < 2.0
    assert backend.calls == [
        {"title": "T <i>", "message": "B &lt;i&gt;", "app_name": "Next Round", "timeout": 10}
    ]


def test_plyer_without_any_backend(
    monkeypatch: pytest.MonkeyPatch, fake_notification_server: FakeNotificationServer
) -> None:
    from plyer.facades import Notification  # type: ignore[import-untyped]

    apply_env(monkeypatch, fake_notification_server.env)
    monkeypatch.setattr(delivery, "_plyer_backend", Notification)
    assert send_notification("T", "B") == DeliveryResult(False, "notify-send is not installed")


def test_importing_the_package_loads_neither_textual_nor_plyer() -> None:
    code = "import sys, tui.notify; print('textual' in sys.modules, 'plyer' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    assert out.split() == ["False", "False"]


def test_notifications_drop_bidi_overrides_and_terminal_sequences() -> None:
    """Issue 17 item 5: a notification shows the name as stored, in its order, with nothing that
    a terminal or a notification server would act on (one sanitiser: tui.domain.text.clean)."""
    from tui.notify.delivery import plain_text

    name = "Acme\u202egnp.exe\x1b]52;c;ZXZpbA==\x07 Ltd"
    assert plain_text(name) == "Acmegnp.exe Ltd"
