"""The Next Round store: one TinyDB JSON file, safe with several processes at once.

Every change runs in ``Store.transaction()``: it takes an inter-process lock (``flock`` on a
lock file beside the store), re-reads the file if another process wrote it since we last
looked, applies the change and writes the file once, atomically. Reads use the in-memory
copy and only re-parse the file when its identity changed on disk.

One table per kind of record keeps each write's cost proportional to that kind only.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb import TinyDB
from tinydb.table import Table

from ..domain.models import ActionItem, Application, CheckIn, Record, Reflection, Rejection, Settings
from .errors import BadStoreFile, ChangedElsewhere, NoData, ReadOnlyStore, RecordMissing, StoreBusy, StoreError
from .fingerprint import content_fingerprint
from .validate import structure_problem
from .storage import BACKUP_SUFFIX, TEMP_PREFIX, AtomicJSONStorage, FileIdentity, NotARegularFile, gc_paused

SCHEMA_VERSION = 1
APP_MARKER = "nextround"
META_TABLE = "_meta"
CLAIMS_TABLE = "claims"
LOCK_SUFFIX = ".lock"

#: How long a change waits for another Next Round's lock before giving up with a clear message.
def _lock_timeout_from_environment(default: float = 5.0) -> float:
    """``$NEXTROUND_LOCK_TIMEOUT`` in seconds if it is a positive number, else ``default``."""
    try:
        value = float(os.environ.get("NEXTROUND_LOCK_TIMEOUT", default))
    except ValueError:
        return default
    return value if value > 0 else default


LOCK_TIMEOUT_SECONDS = _lock_timeout_from_environment()
#: After this long waiting, ``Store.on_wait`` is called once (the app shows "waiting for another Next Round…").
LOCK_WAIT_NOTICE_SECONDS = 1.0
#: A claim's lease: a reminder claimed "sending" and not marked "sent" within this is raised again (once).
CLAIM_LEASE_SECONDS = 300
#: Fields every save sets (bookkeeping): last writer wins, never a conflict.
BOOKKEEPING_FIELDS = frozenset({"updated_at"})
#: Older versions of a record kept per id after another process changed it (to merge a stale edit).
SUPERSEDED_DEPTH = 4

CLAIM_SENDING = "sending"
CLAIM_SENT = "sent"


def claim_lease_expired(doc: Any, now: datetime) -> bool:
    """True for a claim still "sending" whose lease ran out: its sender never finished.

    Claims written before leases existed (no state) count as sent.
    """
    if not isinstance(doc, dict) or doc.get("state") != CLAIM_SENDING:
        return False
    try:
        until = datetime.fromisoformat(str(doc.get("lease_until")))
    except ValueError:
        return True
    if until.tzinfo is None:
        until = until.replace(tzinfo=timezone.utc)
    return now >= until


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opened: dict[str, Table] = {}  # every table opened, so a re-read can reset each

    def table(self, name: str, **kwargs: Any) -> Table:
        opened = self.opened.get(name)
        if opened is None:
            opened = self.opened[name] = super().table(name, **kwargs)
        return opened


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
        # Versions of a record this process held before another process changed it: a change
        # made on one of those (a window that had not reloaded yet) is merged, not copied over.
        self._superseded: dict[int, deque[dict[str, Any]]] = {}

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
                try:
                    with gc_paused():
                        self._cache = {(doc_id := int(k)): decode(v, doc_id) for k, v in raw.items()}
                except Exception as exc:  # noqa: BLE001 - named below, with the record at fault
                    raise store.damage_error() from exc
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

    def note_superseded(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        """Another process's write replaced ``before`` (this table as we held it) with ``after``:
        remember the records it changed as they were, for ``update`` to merge stale edits."""
        if before is after:
            return
        for key, old in before.items():
            new = after.get(key)
            if new is not None and new is not old and new != old and isinstance(old, dict):
                versions = self._superseded.setdefault(int(key), deque(maxlen=SUPERSEDED_DEPTH))
                versions.append(old)

    def update(self, record: R, base: R | None = None) -> R:
        """Save ``record`` as a change to the stored one, not a copy over it.

        The fields ``record`` changes (against ``base``, the version it was edited from; by
        default the version this process held that it differs from least, which is the one a
        window that had not reloaded yet edited) are applied to the record as it is on disk
        under the lock. If another process changed one of those same fields meanwhile, nothing
        is written and ``ChangedElsewhere`` says so. Returns the record as saved.
        """
        if not record.id:
            raise ValueError("update needs a saved record (id > 0)")
        with self._store.transaction():
            raw_table = (self._store.storage.read() or {}).get(self._type.TABLE) or {}
            current = raw_table.get(str(record.id))
            if current is None:
                raise RecordMissing(f"that {self._type.__name__.lower()} no longer exists (deleted elsewhere?)")
            wanted = record.to_dict()
            older = self._superseded.get(record.id)
            if base is not None:
                base_doc = base.to_dict()
            elif older:
                candidates = [*older, current]  # oldest first: a tie is read as the stale edit
                base_doc = min(candidates, key=lambda doc: _differences(doc, wanted))
            else:
                base_doc = current
            if base_doc is current:
                merged = wanted
            else:
                changed = {k: v for k, v in wanted.items() if base_doc.get(k, _ABSENT) != v}
                clashes = [
                    k for k, v in changed.items()
                    if k not in BOOKKEEPING_FIELDS and current.get(k, _ABSENT) != base_doc.get(k, _ABSENT)
                    and current.get(k, _ABSENT) != v
                ]
                if clashes:
                    self._superseded.pop(record.id, None)
                    raise ChangedElsewhere(
                        f"Not saved: this {_record_label(self._type)} was changed in another window "
                        f"({', '.join(c.replace('_', ' ') for c in clashes)}), reloaded. Make your change again if it still applies."
                    )
                merged = {**current, **changed}
            self.table.update(merged, doc_ids=[record.id])
            if merged is not wanted:
                try:
                    record = self._type.from_dict(merged, record.id)
                except Exception as exc:  # noqa: BLE001
                    raise self._store.damage_error() from exc
            self._superseded.pop(record.id, None)
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


_ABSENT = object()


def _differences(doc: dict[str, Any], wanted: dict[str, Any]) -> int:
    return sum(1 for k, v in wanted.items() if k not in BOOKKEEPING_FIELDS and doc.get(k, _ABSENT) != v)


def _record_label(record_type: type) -> str:
    return {"ActionItem": "action item", "CheckIn": "check-in"}.get(record_type.__name__, record_type.__name__.lower())


def _lock_holder(fd: int) -> int | None:
    """The PID the lock's holder wrote into the lock file, if it is there and alive-looking."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        pid = int(text.split()[0]) if text else None
    except (OSError, ValueError, IndexError):
        return None
    return pid if pid and pid > 0 else None


class Store:
    """The open store file. Construct with ``Store.open(path)``."""

    def __init__(self, path: Path, today: Callable[[], date] | None = None, read_only: bool = False) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + LOCK_SUFFIX)
        self.read_only = read_only
        self._thread_lock = threading.RLock()
        self._lock_depth = 0
        self._lock_fd: int | None = None
        #: Called once when a change has waited ``LOCK_WAIT_NOTICE_SECONDS`` for another Next
        #: Round's lock (from the waiting thread): the app shows "waiting for another Next Round…".
        self.on_wait: Callable[[], None] | None = None
        self.lock_timeout = LOCK_TIMEOUT_SECONDS
        #: How many times another process's write was read in (by any call, a change's own
        #: transaction included): a window compares it to redraw after a merged change.
        self.disk_reloads = 0
        if not read_only:
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
        read_only: bool = False, on_wait: Callable[[], None] | None = None,
    ) -> Store:
        """Open (creating if needed) the store at ``path``; raises BadStoreFile for unusable files.

        If the file holds exactly the ``trusted`` content, it is parsed on first use instead.
        ``read_only``: for commands that only read (``status``, ``export``): no lock is taken and
        nothing is created or written (the atomic rename makes every read a consistent
        snapshot, so this works on a read-only file system and beside a stuck writer). A folder
        that does not exist raises ``NoData``; an existing folder without a store reads as empty.
        """
        store = cls(Path(path), today=today, read_only=read_only)
        store.on_wait = on_wait
        if read_only:
            store._prepare_read_only()
        else:
            store._prepare(trusted)
        return store

    def _prepare_read_only(self) -> None:
        folder = self.path.parent
        if not folder.is_dir():
            raise NoData(
                f"no Next Round data in {folder}; start with `nextround --data-dir {folder}`"
            )
        if not os.path.lexists(self.path):
            self._create()
            return
        data = self._load_validated()
        version = int(data[META_TABLE]["1"]["schema_version"])
        if version < SCHEMA_VERSION:
            while version < SCHEMA_VERSION:  # in memory only: a reader never writes
                data = MIGRATIONS[version](data)
                version += 1
            self._after_reload()

    # -- set-up ------------------------------------------------------------------------

    def _ensure_folder(self) -> None:
        """Create the data folder private (0700), or make an existing one private, saying so once."""
        folder = self.path.parent
        if not folder.exists():
            folder.mkdir(parents=True, mode=0o700, exist_ok=True)
            os.chmod(folder, 0o700)
            return
        try:
            st = os.stat(folder)
            shared = st.st_mode & stat.S_ISVTX or folder.resolve() == Path.home().resolve()  # /tmp, ~: not ours to close
            if stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and st.st_mode & 0o077 and not shared:
                os.chmod(folder, 0o700)
                print(
                    f"nextround: made {folder} private (it was readable or writable by others, "
                    f"mode {stat.S_IMODE(st.st_mode):03o}); it holds your job search.",
                    file=sys.stderr,
                )
        except OSError:
            pass  # not ours to change (a shared or read-only folder): reading still works

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
        """A new, empty store, held in memory until the first change is written.

        Nothing is written by opening: a reader leaves no file behind, and a first write that
        fails (a full disk) leaves no half-made store. Until then, a store file another process
        creates is read instead (``changed_on_disk`` sees it).
        """
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        meta = {"app": APP_MARKER, "schema_version": SCHEMA_VERSION, "created_at": now}
        self.storage.hold_new({META_TABLE: {"1": meta}})

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
            st = self.path.stat()
            if not stat.S_ISREG(st.st_mode):
                raise NotARegularFile(self.path)
            size = st.st_size
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
        except NotARegularFile as exc:
            self.storage.discard()
            raise BadStoreFile(
                _bad_file_message(
                    self.path,
                    "it is not a regular file (a FIFO, a device or a folder has its name)",
                    "Move it aside to start afresh.",
                )
            ) from exc
        except OSError as exc:
            raise StoreError(f"Next Round can't read its data file {self.path}: {exc.strerror}.") from exc
        meta_table = data.get(META_TABLE) if isinstance(data, dict) else None
        if isinstance(data, dict) and meta_table is not None and not isinstance(meta_table, dict):
            self.storage.discard()
            raise self._damaged(structure_problem(data) or "its _meta table is damaged")
        meta = meta_table.get("1") if isinstance(meta_table, dict) else None
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
        problem = structure_problem(data)
        if problem:
            self.storage.discard()
            raise self._damaged(problem)
        self._after_reload()
        return data

    def _damaged(self, problem: str) -> BadStoreFile:
        return BadStoreFile(
            _bad_file_message(
                self.path,
                f"it is damaged: {problem}",
                "If you edited it by hand, fix that record; otherwise restore a backup.",
            )
        )

    def damage_error(self) -> BadStoreFile:
        """The error for a record that failed to decode: names the file and the first bad record."""
        from .validate import first_damaged_record

        with self._thread_lock:
            try:
                data = self.storage.read()
            except Exception:  # noqa: BLE001
                data = None
        return self._damaged(first_damaged_record(data) or "a record can't be read")

    def _after_reload(self) -> None:
        for table in self.db.opened.values():
            if isinstance(table, _FreshTable):
                table.forget_cached_state()
        for repository in self._repositories:
            repository.invalidate()

    # -- locking and freshness ------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the inter-process lock (re-entrant within this process), waiting a bounded time.

        The lock file is opened with ``O_NOFOLLOW`` (a planted symlink can't make us create or
        lock a file elsewhere) and holds the holder's PID, so a writer that waited
        ``lock_timeout`` seconds can name the process in its way. A read-only store takes no lock.
        """
        with self._thread_lock:
            if self.read_only:
                self._lock_depth += 1
                try:
                    yield
                finally:
                    self._lock_depth -= 1
                return
            if self._lock_depth == 0:
                self._lock_fd = self._acquire_lock()
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if self._lock_depth == 0 and self._lock_fd is not None:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                    os.close(self._lock_fd)
                    self._lock_fd = None

    def _acquire_lock(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.lock_path, flags, 0o600)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise StoreError(
                    f"Next Round's lock file {self.lock_path} is a symbolic link; it must be a plain file. "
                    "Remove the link and try again."
                ) from exc
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise StoreError(
                    f"Next Round can't change its data in {self.path.parent}: {exc.strerror.lower()}. "
                    "Reading works (`nextround status`, `nextround export`)."
                ) from exc
            raise
        try:
            start = time.monotonic()
            told = False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    waited = time.monotonic() - start
                    if waited >= self.lock_timeout:
                        holder = _lock_holder(fd)
                        who = f" (process {holder})" if holder else ""
                        raise StoreBusy(
                            f"another Next Round{who} has held the data in {self.path.parent} for over "
                            f"{self.lock_timeout:g} seconds, so nothing was changed. If it is stuck, end it"
                            f"{f' (kill {holder})' if holder else ''} and try again."
                        ) from None
                    if not told and waited >= LOCK_WAIT_NOTICE_SECONDS and self.on_wait is not None:
                        told = True
                        try:
                            self.on_wait()
                        except Exception:  # noqa: BLE001 - a notice must not break the write
                            pass
                    time.sleep(0.02)
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            except OSError:
                pass  # the PID is only for the message of a process waiting on us
            return fd
        except BaseException:
            os.close(fd)
            raise

    def refresh(self) -> bool:
        """Re-read the file if another process wrote it; True if it did. Cheap (one stat)."""
        with self._thread_lock:
            if self.storage.has_unwritten_changes or not self.storage.changed_on_disk():
                return False
            before = self.storage.held()
            self._load_validated()
            self.disk_reloads += 1
            after = self.storage.held()
            if before is not None and after is not None:
                for repository in self._repositories:
                    old = before.get(repository._type.TABLE)
                    if isinstance(old, dict):
                        repository.note_superseded(old, after.get(repository._type.TABLE) or {})
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
            if fingerprint is None or self.storage.has_unwritten_changes:
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
            if self.read_only and self.storage.has_unwritten_changes and self._lock_depth == 1:
                self.storage.end_batch(commit=False)
                self._after_reload()
                raise ReadOnlyStore("this command only reads; nothing was changed")
            try:
                self.storage.end_batch(commit=True)
            except BaseException:
                if outermost:
                    self._after_reload()
                raise

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

        Called under the store lock before sending, so concurrent processes raise it once in
        total. The claim says "sending" with a lease (``CLAIM_LEASE_SECONDS``): ``mark_sent``
        turns it into "sent" once the notification went out. A claim whose lease ran out
        while still "sending" (the process was killed between claiming and sending) can be
        taken again, once: the reminder is then raised again instead of being lost.
        """
        at = now.astimezone(timezone.utc)
        fresh = {
            "key": key, "at": at.isoformat(timespec="seconds"), "by": owner, "state": CLAIM_SENDING,
            "lease_until": (at + timedelta(seconds=CLAIM_LEASE_SECONDS)).isoformat(timespec="seconds"),
        }
        with self.transaction():
            claims = self.db.table(CLAIMS_TABLE)
            raw = (self.storage.read() or {}).get(CLAIMS_TABLE, {})
            for doc_id, doc in raw.items():
                if doc.get("key") != key:
                    continue
                if not claim_lease_expired(doc, now) or doc.get("retried"):
                    return False
                claims.update({**fresh, "retried": True}, doc_ids=[int(doc_id)])
                return True
            claims.insert(fresh)
            return True

    def mark_sent(self, keys: Iterable[str]) -> None:
        """The reminders ``keys`` were sent (or shown another way): their claims are settled."""
        wanted = set(keys)
        if not wanted:
            return
        with self.transaction():
            raw = (self.storage.read() or {}).get(CLAIMS_TABLE, {})
            ids = [int(i) for i, doc in raw.items() if doc.get("key") in wanted and doc.get("state") == CLAIM_SENDING]
            if ids:
                self.db.table(CLAIMS_TABLE).update({"state": CLAIM_SENT}, doc_ids=ids)

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

    def write_empty(self) -> None:
        """Write a new store's file now (opening writes nothing until the first change): for a
        caller that needs an empty store on disk, such as the benchmark's empty store."""
        with self.transaction():
            if not self.path.exists():
                self.storage.write(self.storage.read() or {})

    def check_records(self) -> None:
        """Decode every record (into the caches the screens then use): raises ``BadStoreFile``
        naming the first damaged one. For the app's start, before the screen is taken over."""
        for repository in self._repositories:
            repository.all()

    def is_empty(self) -> bool:
        return all(repo.count() == 0 for repo in self._repositories)

    def close(self) -> None:
        self.db.close()
