"""Storage: the TinyDB file, its crash-safe writer, import and export. Never imports textual."""

from .store import SCHEMA_VERSION, BadStoreFile, RecordMissing, Repository, Store, StoreError

__all__ = ["SCHEMA_VERSION", "BadStoreFile", "RecordMissing", "Repository", "Store", "StoreError"]
