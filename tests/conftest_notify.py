"""Pytest fixtures for desktop notifications.

Load them from tests/conftest.py with ``pytest_plugins = ["tests.conftest_notify"]``.

The fixtures only build servers and environments; a test applies the env itself
(``apply_env(monkeypatch, server.env)``) because the delivery layer reads
``os.environ``. Missing Debian packages FAIL the test (CI installs them), they
do not skip it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.notify_bus import (
    FakeNotificationServer,
    MissingTools,
    NotificationBus,
    no_bus_env,
)
from tests.notify_bus import (
    notification_bus as _notification_bus,
)


@pytest.fixture(scope="session")
def notification_bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NotificationBus]:
    """One private bus + Xvfb + dunst for the whole session (starts in under a second)."""
    tmp = tmp_path_factory.mktemp("notification-bus")
    cm = _notification_bus(tmp)
    try:
        bus = cm.__enter__()
    except MissingTools as exc:
        pytest.fail(f"notification bus unavailable: {exc}", pytrace=False)
    try:
        yield bus
    finally:
        cm.__exit__(None, None, None)


@pytest.fixture
def dunst(notification_bus: NotificationBus) -> NotificationBus:
    """The session's dunst with an empty history for this test."""
    notification_bus.clear_history()
    return notification_bus


@pytest.fixture
def fake_notification_server(tmp_path: Path) -> Iterator[FakeNotificationServer]:
    """A dbus-fast server on its own bus; set ``.mode`` to "answer", "silent" or "error"."""
    server = FakeNotificationServer(tmp_path)
    try:
        server.__enter__()
    except MissingTools as exc:
        pytest.fail(f"fake notification server unavailable: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.__exit__(None, None, None)


@pytest.fixture(name="no_bus_env")
def no_bus_env_fixture(tmp_path: Path) -> dict[str, str | None]:
    """Env (None = unset) with DBUS_SESSION_BUS_ADDRESS on a socket that does not exist."""
    return no_bus_env(tmp_path)
