"""Opening a store whose bytes the saved dashboard was built from: parsed on first use, never wrong.

The app's start passes ``dashboard_cache.trusted_content`` to ``Store.open``: the first frame then
needs no parse of the file. Everything else must behave as if the file had been parsed at open.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tui.services import dashboard_cache
from tui.domain.models import ActionItem, Application, Settings
from tui.store import BadStoreFile, Store
from tui.store.store import TrustedContent

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=timezone.utc)
ZONE = ZoneInfo("Europe/Amsterdam")


def filled(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "d" / "nextround.json")
    store.applications.add(Application(company="[bold]Acme[/", created_at=NOW))
    store.actions.add(ActionItem(title="Mock interview"))
    store.save_settings(Settings(theme="gruvbox"))
    return store


def test_trusted_bytes_are_parsed_on_first_use_and_read_the_same(tmp_path: Path) -> None:
    store = filled(tmp_path)
    content = store.trusted_content()
    assert content is not None and content.settings is not None and content.settings["theme"] == "gruvbox"

    later = Store.open(store.path, trusted=content)
    assert not later.storage.parsed
    # What the first frame asks for is known without parsing.
    assert later.fingerprint == content.fingerprint
    assert later.settings().theme == "gruvbox"
    assert not later.storage.parsed
    assert [a.company for a in later.applications.all()] == ["[bold]Acme[/"]
    assert later.storage.parsed
    assert later.raw_tables() == store.raw_tables()


def test_a_change_on_an_unparsed_store_keeps_every_record(tmp_path: Path) -> None:
    store = filled(tmp_path)
    later = Store.open(store.path, trusted=store.trusted_content())
    later.actions.add(ActionItem(title="Second"))
    assert [a.title for a in Store.open(store.path).actions.all()] == ["Mock interview", "Second"]


def test_a_write_by_another_process_before_the_first_use_is_seen(tmp_path: Path) -> None:
    store = filled(tmp_path)
    later = Store.open(store.path, trusted=store.trusted_content())
    store.applications.add(Application(company="Globex", created_at=NOW))  # "another process"
    assert [a.company for a in later.applications.all()] == ["[bold]Acme[/", "Globex"]
    assert later.fingerprint == store.fingerprint
    store.save_settings(Settings(theme="nord"))
    assert later.settings().theme == "nord"


def test_other_bytes_are_parsed_and_checked_at_open(tmp_path: Path) -> None:
    store = filled(tmp_path)
    stale = store.trusted_content()
    assert stale is not None
    store.actions.add(ActionItem(title="Changed since"))
    reopened = Store.open(store.path, trusted=stale)
    assert reopened.storage.parsed
    assert reopened.settings().theme == "gruvbox"

    store.path.write_bytes(b"{not json")
    with pytest.raises(BadStoreFile, match="not valid JSON"):
        Store.open(store.path, trusted=stale)
    with pytest.raises(BadStoreFile, match="not valid JSON"):  # a trust that names other bytes
        Store.open(store.path, trusted=TrustedContent("9:00000000", None))


def test_the_saved_dashboard_names_the_content_only_for_this_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = filled(tmp_path)
    assert dashboard_cache.trusted_content(store.path) is None  # nothing saved yet
    dashboard_cache.build_and_save(store, NOW, ZONE)
    assert dashboard_cache.trusted_content(store.path) == store.trusted_content()

    from tui.store import store as store_module

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", store_module.SCHEMA_VERSION + 1)
    assert dashboard_cache.trusted_content(store.path) is None  # a newer version migrates first
    monkeypatch.undo()

    cache = dashboard_cache.cache_path(store.path)
    document = json.loads(cache.read_text())
    cache.write_text(json.dumps({**document, "settings": "dark"}))
    assert dashboard_cache.trusted_content(store.path) is None
    cache.write_text("{")
    assert dashboard_cache.trusted_content(store.path) is None


def test_an_unwritten_change_is_not_offered_as_trusted(tmp_path: Path) -> None:
    store = filled(tmp_path)
    with store.transaction():
        store.actions.add(ActionItem(title="In flight"))
        assert store.trusted_content() is None
    assert store.trusted_content() is not None
