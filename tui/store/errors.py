"""The store's errors, importable without loading TinyDB (the CLI reports them for every command)."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the store file that the person has to act on; the message says how."""

    exit_status = 2


class BadStoreFile(StoreError):
    """The file exists but cannot be used; it is left exactly as it is."""


class RecordMissing(StoreError):
    """The record was deleted (perhaps by another window) before this change reached it."""

    exit_status = 1
