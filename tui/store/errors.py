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


class ChangedElsewhere(StoreError):
    """Another window (process) changed the same field of the same record since this one read it.

    Nothing was written; the window reloads and shows the other change.
    """

    exit_status = 1


class StoreBusy(StoreError):
    """Another Next Round held the store's lock for longer than we wait."""

    exit_status = 3


class NoData(StoreError):
    """A read-only command was pointed at a folder that holds no Next Round data."""

    exit_status = 2


class ReadOnlyStore(StoreError):
    """A change was attempted on a store opened for reading only."""

    exit_status = 1
