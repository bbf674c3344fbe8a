"""Storage: the TinyDB file, its crash-safe writer, import and export. Never imports textual.

The store module (and TinyDB with it) loads on first use of one of its names, so a command
that never opens the store (``remind --once`` with nothing due) does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import BadStoreFile, ChangedElsewhere, NoData, ReadOnlyStore, RecordMissing, StoreBusy, StoreError

if TYPE_CHECKING:
    from .store import SCHEMA_VERSION, Repository, Store

__all__ = [
    "SCHEMA_VERSION", "BadStoreFile", "ChangedElsewhere", "NoData", "ReadOnlyStore", "RecordMissing", "Repository",
    "Store", "StoreBusy", "StoreError",
]

_FROM_STORE_MODULE = {"SCHEMA_VERSION", "Repository", "Store"}


def __getattr__(name: str) -> Any:
    if name in _FROM_STORE_MODULE:
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
