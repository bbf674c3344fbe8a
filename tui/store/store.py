"""The Next Round store: one TinyDB JSON file, safe with several processes at once.

Every change runs in ``Store.transaction()``: it takes an inter-process lock (``flock`` on a
lock file beside the store), re-reads the file if another process wrote it since we last
looked, applies the change and writes the file once, atomically. Reads use the in-memory
copy and only re-parse the file when its identity changed on disk.

One table per kind of record keeps each write's cost proportional to that kind only.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb import TinyDB
from tinydb.table import Table

from ..domain.models import ActionItem, Application, CheckIn, Record, Reflection, Rejection, Settings
from .errors import BadStoreFile, RecordMissing, StoreError
from .fingerprint import content_fingerprint
from .storage import BACKUP_SUFFIX, TEMP_PREFIX, AtomicJSONStorage, FileIdentity, gc_paused

SCHEMA_VERSION = 1
APP_MARKER = "nextround"
META_TABLE = "_meta"
CLAIMS_TABLE = "claims"
LOCK_SUFFIX = ".lock"

# Migrations from version N to N+1, applied in order on open. Each takes and returns the raw data.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}




@dataclass(frozen=True)
class TrustedContent:
    """A store content this version of Next Round has already read in full (named by its
    fingerprint), and the settings document it held (None: it had none).

    A start that finds exactly these bytes need not parse them before its first frame: they
    were valid, migrated JSON, and their settings (the theme) are known.
    """

    fingerprint: str
    settings: dict[str, Any] | None


def upgrade_advice() -> str:
    from .install_hint import upgrade_advice as advice  # read only when a newer store turns up

    return advice()


def _bad_file_message(path: Path, problem: str, advice: str) -> str:
    backup = path.with_name(path.name + BACKUP_SUFFIX)
    restore = (
        f" A backup from an earlier day is at {backup}: copy it over the store to go back to it."
        if backup.exists()
        else ""
    )
    return (
        f"Next Round can't open its data file {path}: {problem}. {advice}{restore} "
        "Next Round has not changed or moved the file."
    )


class _IntKeyed(MutableMapping[int, Any]):
    """A table's documents keyed by int id, over the stored dict keyed by ``str(id)``.

    TinyDB's updaters expect int keys, and stock TinyDB rebuilds the whole table twice per
    write to convert them (about 20 ms for 10,000 action items); this view converts one key
    at a time instead.
    """

    __slots__ = ("raw",)

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self.raw

    def __getitem__(self, doc_id: int) -> Any:
        return self.raw[str(doc_id)]

    def __setitem__(self, doc_id: int, document: Any) -> None:
        self.raw[str(doc_id)] = document

    def __delitem__(self, doc_id: int) -> None:
        del self.raw[str(doc_id)]

    def __iter__(self) -> Iterator[int]:
        return iter([int(key) for key in self.raw])

    def __len__(self) -> int:
        return len(self.raw)

    def clear(self) -> None:  # MutableMapping's would pop one key at a time (truncate)
        self.raw.clear()


class _FreshTable(Table):
    """A TinyDB table without a query cache whose next id can be forgotten, and cheap writes.

    Another process may insert between our writes; after re-reading the file the cached
    next id would collide, so the store resets it.
    """

    default_query_cache_capacity = 0

    def forget_cached_state(self) -> None:
        self.clear_cache()
        self._next_id = None

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        """TinyDB's read-update-write of one table, without converting every key twice.

        Like TinyDB's, it changes a copy of the table's dict (a C-level copy: well under a
        millisecond for 10,000 documents) and puts it in place only if the updater succeeds,
        so a reader still iterating the old dict is never disturbed.
        """
        tables = self._storage.read()
        if tables is None:
            tables = {}
        table = dict(tables.get(self.name) or {})
        updater(_IntKeyed(table))  # type: ignore[arg-type]
        tables[self.name] = table
        self._storage.write(tables)
        self.clear_cache()


class _StoreDB(TinyDB):
    table_class = _FreshTable


R = TypeVar("R", bound=Record)


CHANGE_LOG_SIZE = 1024  # record changes remembered per table for ``changes_since``


class Repository(Generic[R]):
    """Typed access to one table, with a cache of decoded records valid until the file changes.

    It also keeps a short log of which records this process changed, so a screen that showed
    the table at revision ``r`` can redraw just ``changes_since(r)`` instead of comparing every
    record: the cost of a keystroke then does not grow with the data.
    """

    def __init__(self, store: Store, record_type: type[R]) -> None:
        self._store = store
        self._type = record_type
        self._cache: dict[int, R] | None = None
        self._generation = -1
        self._revision = 0
        self._known_from = 0  # changes at or before this revision are not in the log
        self._log: deque[tuple[int, int]] = deque(maxlen=CHANGE_LOG_SIZE)

    @property
    def table(self) -> _FreshTable:
        return self._store.db.table(self._type.TABLE)  # type: ignore[return-value]

    def _records(self) -> dict[int, R]:
        store = self._store
        with store._thread_lock:
            store.refresh()
            generation = store.storage.load_generation
            if self._cache is None or self._generation != generation:
                raw = (store.storage.read() or {}).get(self._type.TABLE, {})
                decode = self._type.decoder()
                with gc_paused():
                    self._cache = {(doc_id := int(k)): decode(v, doc_id) for k, v in raw.items()}
                self._generation = generation
                self._forget_log()
            return self._cache

    def cached(self) -> list[R] | None:
        """Every record if this process already decoded the table (and it is current), else None:
        a caller that only needs a few records can then pick them from the raw table instead."""
        store = self._store
        with store._thread_lock:
            store.refresh()
            if self._cache is None or self._generation != store.storage.load_generation:
                return None
            return list(self._cache.values())

    def invalidate(self) -> None:
        with self._store._thread_lock:
            self._cache = None
            self._forget_log()

    # -- what changed ---------------------------------------------------------------------

    @property
    def revision(self) -> int:
        """A token for "the table as it is now"; pass it to ``changes_since`` later."""
        with self._store._thread_lock:
            self._records()  # a re-read from disk moves the revision on
            return self._revision

    def changes_since(self, revision: int) -> set[int] | None:
        """Ids of the records added, changed or deleted after ``revision``.

        None when that is not known (another process wrote, a change was rolled back, or more
        than ``CHANGE_LOG_SIZE`` changes happened): the caller must then look at everything.
        """
        with self._store._thread_lock:
            self._records()
            if revision < self._known_from or revision > self._revision:
                return None
            if self._log and self._log[0][0] > revision + 1 and len(self._log) == self._log.maxlen:
                return None  # the oldest changes we need fell out of the log
            return {record_id for rev, record_id in self._log if rev > revision}

    def _forget_log(self) -> None:
        self._revision += 1
        self._known_from = self._revision
        self._log.clear()

    def _note_change(self, record_id: int) -> None:
        with self._store._thread_lock:
            self._revision += 1
            self._log.append((self._revision, record_id))

    def all(self) -> list[R]:
        return list(self._records().values())

    def get(self, record_id: int) -> R | None:
        return self._records().get(record_id)

    def count(self) -> int:
        return len(self._records())

    def __iter__(self) -> Iterator[R]:
        return iter(self.all())

    def _remember(self, record: R) -> None:
        if self._cache is not None and self._generation == self._store.storage.load_generation:
            self._cache[record.id] = record
        self._note_change(record.id)

    def add(self, record: R) -> R:
        with self._store.transaction():
            doc_id = self.table.insert(record.to_dict())
            saved = replace(record, id=doc_id)  # type: ignore[type-var]
            self._remember(saved)
        return saved

    def add_many(self, records: Iterable[R], keep_ids: bool = False) -> list[R]:
        """Insert in one write: TinyDB's one-at-a-time insert is quadratic in table size.

        ``keep_ids`` stores each record under its own ``id`` (demo data, restoring a backup).
        """
        from tinydb.table import Document

        records = list(records)
        with self._store.transaction():
            if keep_ids:
                docs = (Document(r.to_dict(), doc_id=r.id) for r in records)
                ids = self.table.insert_multiple(docs)
            else:
                ids = self.table.insert_multiple(r.to_dict() for r in records)
            saved = [replace(r, id=i) for r, i in zip(records, ids, strict=True)]  # type: ignore[type-var]
            for record in saved:
                self._remember(record)
        return saved

    def update(self, record: R) -> R:
        if not record.id:
            raise ValueError("update needs a saved record (id > 0)")
        with self._store.transaction():
            if not self.table.contains(doc_id=record.id):
                raise RecordMissing(f"that {self._type.__name__.lower()} no longer exists (deleted elsewhere?)")
            self.table.update(record.to_dict(), doc_ids=[record.id])
            self._remember(record)
        return record

    def update_many(self, records: Iterable[R]) -> None:
        records = [r for r in records if r.id]
        with self._store.transaction():
            existing = set(self._records())
            for record in records:
                if record.id in existing:
                    self.table.update(record.to_dict(), doc_ids=[record.id])
                    self._remember(record)

    def delete(self, record_id: int) -> R | None:
        with self._store.transaction():
            record = self._records().get(record_id)
            if record is None:
                return None
            self.table.remove(doc_ids=[record_id])
            if self._cache is not None:
                self._cache.pop(record_id, None)
            self._note_change(record_id)
        return record

    def restore(self, record: R) -> R:
        """Put back a deleted record under its old id (for undo)."""
        from tinydb.table import Document

        with self._store.transaction():
            self.table.upsert(Document(record.to_dict(), doc_id=record.id))
            self._remember(record)
        return record


class Store:
    """The open store file. Construct with ``Store.open(path)``."""

    def __init__(self, path: Path, today: Callable[[], date] | None = None) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + LOCK_SUFFIX)
        self._thread_lock = threading.RLock()
        self._lock_depth = 0
        self._lock_fd: int | None = None
        self._ensure_folder()
        self.db = _StoreDB(self.path, storage=AtomicJSONStorage, today=today)
        self.storage: AtomicJSONStorage = self.db.storage  # type: ignore[assignment]
        self.applications: Repository[Application] = Repository(self, Application)
        self.rejections: Repository[Rejection] = Repository(self, Rejection)
        self.reflections: Repository[Reflection] = Repository(self, Reflection)
        self.actions: Repository[ActionItem] = Repository(self, ActionItem)
        self.checkins: Repository[CheckIn] = Repository(self, CheckIn)
        self._repositories = (self.applications, self.rejections, self.reflections, self.actions, self.checkins)
        self._trusted: TrustedContent | None = None

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], today: Callable[[], date] | None = None, trusted: TrustedContent | None = None,
    ) -> Store:
        """Open (creating if needed) the store at ``path``; raises BadStoreFile for unusable files.

        If the file holds exactly the ``trusted`` content, it is parsed on first use instead.
        """
        store = cls(Path(path), today=today)
        store._prepare(trusted)
        return store

    # -- set-up ------------------------------------------------------------------------

    def _ensure_folder(self) -> None:
        folder = self.path.parent
        if not folder.exists():
            folder.mkdir(parents=True, mode=0o700, exist_ok=True)
            os.chmod(folder, 0o700)

    def _prepare(self, trusted: TrustedContent | None = None) -> None:
        with self._locked():
            self._remove_stale_temp_files()
            if not self.path.exists():
                self._create()
                return
            found = self._read_quietly() if trusted is not None else None
            if trusted is not None and found is not None and content_fingerprint(found[0]) == trusted.fingerprint:
                self.storage.adopt_unparsed(*found, fingerprint=trusted.fingerprint)
                self._trusted = trusted
                self._after_reload()
                return
            data = self._load_validated(found)
            version = int(data[META_TABLE]["1"]["schema_version"])
            if version < SCHEMA_VERSION:
                self._migrate(data, version)

    def _read_quietly(self) -> tuple[bytes, FileIdentity] | None:
        try:
            return self.storage.read_raw()
        except OSError:
            return None  # the normal path reports it

    def _remove_stale_temp_files(self) -> None:
        """Writers hold the lock while their temp file exists, so under the lock any is stale."""
        for stale in self.path.parent.glob(f"{TEMP_PREFIX}{self.path.name}*"):
            stale.unlink(missing_ok=True)

    def _create(self) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        meta = {"app": APP_MARKER, "schema_version": SCHEMA_VERSION, "created_at": now}
        self.storage.write({META_TABLE: {"1": meta}})
        self.storage.load_generation += 1

    def _migrate(self, data: dict[str, Any], version: int) -> None:
        while version < SCHEMA_VERSION:
            data = MIGRATIONS[version](data)
            version += 1
        data[META_TABLE]["1"]["schema_version"] = SCHEMA_VERSION
        self.storage.write(data)
        self._after_reload()

    def _load_validated(self, found: tuple[bytes, FileIdentity] | None = None) -> dict[str, Any]:
        """Re-read the file (or parse ``found``, just read) and check it is ours and not from the future."""
        try:
            size = self.path.stat().st_size
            if size == 0:
                raise BadStoreFile(
                    _bad_file_message(
                        self.path,
                        "the file is empty",
                        "Something cut it short (Next Round itself never writes a partial file). "
                        "Move it aside to start afresh.",
                    )
                )
            data = self.storage.reload(found)
        except json.JSONDecodeError as exc:
            self.storage.discard()
            raise BadStoreFile(
                _bad_file_message(
                    self.path,
                    f"it is not valid JSON ({exc.msg.splitlines()[0] if exc.msg else 'unreadable'})",
                    "If you edited it by hand, fix the JSON; otherwise move it aside to start afresh.",
                )
            ) from exc
        except UnicodeDecodeError as exc:
            self.storage.discard()
            raise BadStoreFile(
                _bad_file_message(self.path, "it is not text", "Move it aside to start afresh.")
            ) from exc
        except OSError as exc:
            raise StoreError(f"Next Round can't read its data file {self.path}: {exc.strerror}.") from exc
        meta = data.get(META_TABLE, {}).get("1") if isinstance(data, dict) else None
        if not isinstance(meta, dict) or meta.get("app") != APP_MARKER:
            self.storage.discard()
            raise BadStoreFile(
                _bad_file_message(
                    self.path,
                    "it holds JSON that is not a Next Round store",
                    "Use --data-dir (or NEXTROUND_DATA_DIR) to point Next Round at another folder, "
                    "or move the file aside.",
                )
            )
        version = meta.get("schema_version")
        if not isinstance(version, int) or version < 1:
            self.storage.discard()
            raise BadStoreFile(
                _bad_file_message(self.path, f"its schema version {version!r} is not valid", "Move it aside.")
            )
        if version > SCHEMA_VERSION:
            self.storage.discard()
            raise BadStoreFile(
                _bad_file_message(
                    self.path,
                    f"it was written by a newer Next Round (store version {version}, "
                    f"this one reads up to {SCHEMA_VERSION})",
                    upgrade_advice(),
                )
            )
        self._after_reload()
        return data

    def _after_reload(self) -> None:
        for table in self.db._tables.values():  # noqa: SLF001 - TinyDB keeps its open tables here
            if isinstance(table, _FreshTable):
                table.forget_cached_state()
        for repository in self._repositories:
            repository.invalidate()

    # -- locking and freshness ------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the inter-process lock (re-entrant within this process)."""
        with self._thread_lock:
            if self._lock_depth == 0:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except BaseException:
                    os.close(fd)
                    raise
                self._lock_fd = fd
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if self._lock_depth == 0 and self._lock_fd is not None:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                    os.close(self._lock_fd)
                    self._lock_fd = None

    def refresh(self) -> bool:
        """Re-read the file if another process wrote it; True if it did. Cheap (one stat)."""
        with self._thread_lock:
            if self.storage._dirty or not self.storage.changed_on_disk():  # noqa: SLF001
                return False
            self._load_validated()
        return True

    @property
    def version(self) -> tuple[int, int]:
        """Changes whenever the data changes (our writes or another process's): for cheap redraw checks."""
        return (self.storage.load_generation, self.storage.writes)

    def decoded_tables(self) -> tuple[str, ...]:
        """The tables this process holds decoded for the load it has (no file check, no copy):
        what changes when a screen decodes a table, for callers that manage memory."""
        generation = self.storage.load_generation
        return tuple(r._type.TABLE for r in self._repositories if r._cache is not None and r._generation == generation)

    @property
    def fingerprint(self) -> str | None:
        """Names the exact content we hold (and, when ``refresh`` finds nothing new, the file's)."""
        with self._thread_lock:
            self.refresh()
            if self.storage.fingerprint is None:
                self.storage.read()
            return self.storage.fingerprint

    def _still_unparsed_trusted(self) -> TrustedContent | None:
        """The trusted content the store opened with, while its bytes are still held unparsed."""
        trusted = self._trusted
        if trusted is not None and not self.storage.parsed and trusted.fingerprint == self.storage.fingerprint:
            return trusted
        return None

    def trusted_content(self) -> TrustedContent | None:
        """The content we hold, as a later start may trust it (see ``Store.open``); None if we
        hold none, or changes not yet written."""
        with self._thread_lock:
            self.refresh()
            fingerprint = self.storage.fingerprint
            if fingerprint is None or self.storage._dirty:  # noqa: SLF001
                return None
            trusted = self._still_unparsed_trusted()
            if trusted is not None:
                return trusted
            settings = (self.storage.read() or {}).get(Settings.TABLE, {}).get("1")
            return TrustedContent(fingerprint, dict(settings) if isinstance(settings, dict) else None)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Run several changes under the lock, on fresh data, written once at the end."""
        with self._locked():
            outermost = self._lock_depth == 1
            if outermost:
                self.refresh()
            self.storage.begin_batch()
            try:
                yield self
            except BaseException:
                self.storage.end_batch(commit=False)
                if outermost:
                    self._after_reload()
                raise
            self.storage.end_batch(commit=True)

    # -- settings, meta and notification claims ---------------------------------------------

    def settings(self) -> Settings:
        with self._thread_lock:
            self.refresh()
            trusted = self._still_unparsed_trusted()
            if trusted is not None:
                raw = trusted.settings  # known without parsing the file (see TrustedContent)
            else:
                raw = (self.storage.read() or {}).get(Settings.TABLE, {}).get("1")
        try:
            return Settings.from_dict(raw, 1) if raw else Settings(id=1)
        except (TypeError, ValueError):
            return Settings(id=1)

    def save_settings(self, settings: Settings) -> Settings:
        from tinydb.table import Document

        with self.transaction():
            self.db.table(Settings.TABLE).upsert(Document(settings.to_dict(), doc_id=1))
        return replace(settings, id=1)

    def claim(self, key: str, now: datetime, owner: str = "") -> bool:
        """Record that reminder ``key`` is being raised; False if some process already did.

        Called under the store lock before sending, so concurrent processes raise it once in total.
        """
        with self.transaction():
            claims = self.db.table(CLAIMS_TABLE)
            raw = (self.storage.read() or {}).get(CLAIMS_TABLE, {})
            if any(doc.get("key") == key for doc in raw.values()):
                return False
            claims.insert({"key": key, "at": now.astimezone(timezone.utc).isoformat(timespec="seconds"), "by": owner})
            return True

    def claimed_keys(self) -> set[str]:
        with self._thread_lock:
            self.refresh()
            raw = (self.storage.read() or {}).get(CLAIMS_TABLE, {})
            return {str(doc.get("key")) for doc in raw.values()}

    def raw_tables(self) -> dict[str, Any]:
        """The whole file as read (for export); callers must not modify it."""
        with self._thread_lock:
            self.refresh()
            return self.storage.read() or {}

    def is_empty(self) -> bool:
        return all(repo.count() == 0 for repo in self._repositories)

    def close(self) -> None:
        self.db.close()
