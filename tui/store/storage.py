"""A TinyDB storage that never tears the file and notices other processes' writes.

TinyDB's stock ``JSONStorage`` truncates the file and then writes it in place, so a crash
mid-write leaves a corrupt or shortened file. This storage writes a temp file in the same
folder, fsyncs it, renames it over the old one and fsyncs the folder: after ``kill -9`` at
any instant the file is either the old or the new version.

It also keeps the parsed data in memory and re-reads the file only when its identity
(inode, size, mtime) changed, i.e. when another process wrote it. Writes can be batched
(``begin_batch``/``end_batch``) so that a transaction of several changes costs one fsync.
"""

from __future__ import annotations

import gc
import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .fingerprint import content_fingerprint

try:  # orjson is several times faster on large stores; plain json is the fallback.
    import orjson as _orjson
except ImportError:  # pragma: no cover - exercised when orjson is absent
    _orjson = None

TEMP_PREFIX = ".tmp-"
BACKUP_SUFFIX = ".bak"

FileIdentity = tuple[int, int, int]


def dumps(data: Any) -> bytes:
    if _orjson is not None:
        return _orjson.dumps(data)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(raw: bytes) -> Any:
    if _orjson is not None:
        try:
            return _orjson.loads(raw)
        except _orjson.JSONDecodeError as exc:
            raise json.JSONDecodeError(str(exc), raw.decode("utf-8", "replace"), 0) from exc
    return json.loads(raw)


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a large load builds its objects.

    Parsing and decoding a big store allocates hundreds of thousands of containers, none of
    them garbage; the collector would walk the growing heap again and again (about a sixth of
    the time of loading 50,000 action items). Re-entrant and thread-safe: the last one out
    restores it.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def identity(path: Path) -> FileIdentity | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes, mode: int = 0o600) -> None:
    """Write ``payload`` to ``path`` so that readers only ever see old or new content."""
    tmp = path.with_name(f"{TEMP_PREFIX}{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


class AtomicJSONStorage(Storage):
    """Crash-safe, change-aware JSON storage for TinyDB (see the module docstring)."""

    def __init__(self, path: str | os.PathLike[str], today: Callable[[], date] | None = None) -> None:
        self.path = Path(path)
        self._today = today or date.today
        self._data: dict[str, Any] | None = None
        self._identity: FileIdentity | None = None
        # Length and CRC-32 of the bytes we last read or wrote: names this exact content, even
        # in a copy of the file, for caches derived from it (see tui/dashboard_cache.py).
        self.fingerprint: str | None = None
        # The file's bytes read but not yet parsed (``adopt_unparsed``): parsed on first read.
        self._unparsed: bytes | None = None
        self._parse_lock = threading.Lock()
        self._batch_depth = 0
        self._dirty = False
        # Bumped whenever the in-memory data is replaced from disk, so caches above can tell.
        self.load_generation = 0
        self.writes = 0

    # -- reading -----------------------------------------------------------------------

    @property
    def has_unwritten_changes(self) -> bool:
        """True while a batch holds changes not yet written to the file."""
        return self._dirty

    def changed_on_disk(self) -> bool:
        """True if the file is not the one we last read or wrote (another process wrote)."""
        return identity(self.path) != self._identity

    def read_raw(self) -> tuple[bytes, FileIdentity] | None:
        """The file's bytes and identity as one consistent pair; None if there is no file."""
        if identity(self.path) is None:
            return None
        with open(self.path, "rb") as handle:
            raw = handle.read()
            stat = os.fstat(handle.fileno())
        return raw, (stat.st_ino, len(raw), stat.st_mtime_ns)

    def reload(self, found: tuple[bytes, FileIdentity] | None = None) -> dict[str, Any] | None:
        """Read the file from disk (or take ``found``, just read by ``read_raw``), replacing what
        we hold. Raises on a corrupt file."""
        found = found or self.read_raw()
        self._unparsed = None
        if found is None:
            self._data, self._identity, self.fingerprint = None, None, None
        else:
            raw, ident = found
            with gc_paused():
                self._data = loads(raw) if raw.strip() else {}
            self._identity = ident
            self.fingerprint = content_fingerprint(raw)
        self._dirty = False
        self.load_generation += 1
        return self._data

    def adopt_unparsed(self, raw: bytes, ident: FileIdentity, fingerprint: str) -> None:
        """Hold ``raw`` (read from the file, known to be a valid store) and parse it on first use.

        For a start whose first frame needs only the fingerprint (the saved dashboard): parsing
        a large store costs 40-60 ms that the first frame then does not wait for.
        """
        self._data, self._unparsed = None, raw
        self._identity = ident
        self.fingerprint = fingerprint
        self._dirty = False
        self.load_generation += 1

    @property
    def parsed(self) -> bool:
        """False while the file's bytes are held unparsed (see ``adopt_unparsed``)."""
        return self._unparsed is None

    def _parse_adopted(self) -> None:
        with self._parse_lock:
            raw = self._unparsed
            if raw is None:
                return
            try:
                with gc_paused():
                    self._data = loads(raw) if raw.strip() else {}
            except ValueError:
                # The bytes matched content that parsed before, so this needs a CRC-32
                # collision; forget them, and the next look at the file reports it properly.
                self.discard()
                raise
            self._unparsed = None

    def read(self) -> dict[str, Any] | None:
        if self._unparsed is not None:
            self._parse_adopted()
        if self._data is None or (not self._dirty and self.changed_on_disk()):
            self.reload()
        return self._data

    # -- writing -----------------------------------------------------------------------

    def write(self, data: dict[str, Any]) -> None:
        self._data, self._unparsed = data, None
        self._dirty = True
        if self._batch_depth == 0:
            self.flush()

    def begin_batch(self) -> None:
        self._batch_depth += 1

    def end_batch(self, commit: bool = True) -> None:
        self._batch_depth -= 1
        if self._batch_depth == 0:
            if commit and self._dirty:
                self.flush()
            elif self._dirty:
                self.discard()

    def discard(self) -> None:
        """Forget unflushed changes (a transaction failed): the next read comes from disk."""
        self._data, self._identity, self._dirty, self.fingerprint = None, None, False, None
        self._unparsed = None

    def flush(self) -> None:
        if self._data is None:
            return
        payload = dumps(self._data)
        try:
            self._refresh_backup()
            atomic_write_bytes(self.path, payload)
        except BaseException:
            self.discard()
            raise
        self._identity = identity(self.path)
        self.fingerprint = content_fingerprint(payload)
        self._dirty = False
        self.writes += 1

    def _refresh_backup(self) -> None:
        """Keep yesterday's (or older) file as ``.bak``: refreshed on the first write of a day.

        A hard link costs nothing: the old inode survives as the backup after the rename.
        """
        if not self.path.exists():
            return
        backup = self.path.with_name(self.path.name + BACKUP_SUFFIX)
        try:
            backup_day = date.fromtimestamp(backup.stat().st_mtime)
        except FileNotFoundError:
            backup_day = None
        if backup_day == self._today():
            return
        tmp = backup.with_name(f"{TEMP_PREFIX}{backup.name}.{os.getpid()}")
        tmp.unlink(missing_ok=True)
        try:
            os.link(self.path, tmp)
        except OSError:  # a file system without hard links: copy instead
            import shutil

            shutil.copy2(self.path, tmp)
        os.replace(tmp, backup)
        # Mark the backup with today's date (the link kept the old file's mtime).
        os.utime(backup)

    def close(self) -> None:
        if self._dirty and self._batch_depth == 0:
            self.flush()
