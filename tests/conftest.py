"""Shared test set-up: the notification bus fixtures live in tests/conftest_notify.py."""

pytest_plugins = ["tests.conftest_notify"]
