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

import errno
import gc
import json
import os
import secrets
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .errors import StoreError
from .fingerprint import content_fingerprint
from .safe_read import read_regular_file

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


_FULL_DISK = (errno.ENOSPC, errno.EDQUOT)


def disk_full_message(folder: Path) -> str:
    return f"Not saved: the disk holding {folder} is full. Your data is as it was. Free some space and try again."


def _abandon_temp(tmp: str | Path, exc: BaseException, folder: Path) -> None:
    """After a failed write: remove its temp file (no debris), and turn a full disk into the
    plain message (the caller re-raises anything else)."""
    try:
        os.unlink(tmp)
    except OSError:
        pass
    if isinstance(exc, OSError) and exc.errno in _FULL_DISK:
        raise StoreError(disk_full_message(folder)) from exc


def create_private_temp(folder: Path, name: str, mode: int = 0o600) -> tuple[int, Path]:
    """A new temp file beside ``name``: random name, ``O_CREAT | O_EXCL | O_NOFOLLOW``.

    A planted file or symlink at a predictable name can then never be written through (the open
    fails and another name is tried). The mode is set with ``fchmod``, so the umask cannot
    loosen it.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(20):
        tmp = folder / f"{TEMP_PREFIX}{name}.{secrets.token_hex(6)}"
        try:
            fd = os.open(tmp, flags, mode)
        except FileExistsError:
            continue
        os.fchmod(fd, mode)
        return fd, tmp
    raise FileExistsError(errno.EEXIST, "could not make a temp file", str(folder))


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def atomic_write_bytes(path: Path, payload: bytes, mode: int = 0o600) -> None:
    """Write ``payload`` to ``path`` so that readers only ever see old or new content.

    The temp file is removed on any failure; a full disk is reported as a ``StoreError`` that
    says what happened and that the old file is untouched.
    """
    path = Path(path)
    fd, tmp = create_private_temp(path.parent, path.name, mode)
    try:
        try:
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        _abandon_temp(tmp, exc, path.parent)
        raise
    fsync_dir(path.parent)


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) as 0700 whatever the umask; an existing one is left."""
    missing = []
    current = Path(folder)
    while not current.exists():
        missing.append(current)
        current = current.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700, exist_ok=True)
        os.chmod(made, 0o700)


def write_private_file(path: Path, text: str) -> None:
    """A config file of ours (a timer unit): folders 0700, the file 0600, whatever the umask;
    written atomically so a crash leaves the old file or the new one."""
    make_private_folder(Path(path).parent)
    atomic_write_bytes(Path(path), text.encode("utf-8"), 0o600)


STREAM_NAMES = ("-", "/dev/stdout")


def write_output(target: str | os.PathLike[str], payload: bytes, mode: int = 0o600) -> str:
    """Write an export (or any file the person names) without harming what ``target`` is.

    The one writer for ``export -o`` and the app's "Save to file" dialogs:

    * ``-`` or ``/dev/stdout``: straight to standard output;
    * a FIFO or a character device (``/dev/null``, a terminal), also through a symlink: opened
      and written into, never replaced;
    * a regular file (through a symlink: the file it points at) or a new path: written
      atomically (temp file + rename), keeping the file's permissions; a file with several
      hard links is rewritten in place so that every link sees the new content;
    * a directory or anything else (a socket, a block device): refused with a clear message.

    Returns how the output was written, for the caller's message ("file", "stream", "device").
    Raises ``StoreError`` with a one-line message for what it refuses.
    """
    name = os.fspath(target)
    if name in STREAM_NAMES:
        out = sys.stdout.buffer
        out.write(payload)
        out.flush()
        return "stream"
    path = Path(name).expanduser()
    real = Path(os.path.realpath(path))
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise StoreError(f"can't write {path}: {exc.strerror}") from exc
    if st is None:
        if not real.parent.is_dir():
            raise StoreError(f"can't write {path}: the folder {real.parent} does not exist")
        atomic_write_bytes(real, payload, mode)
        return "file"
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(f"can't write {path}: it is a folder; name a file inside it")
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
        fd = os.open(real, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
        try:
            _write_all(fd, payload)
        finally:
            os.close(fd)
        return "device"
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"can't write {path}: it is not a regular file (a socket or a disk device?)")
    if st.st_nlink > 1:
        fd = os.open(real, os.O_WRONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
        try:
            try:
                os.ftruncate(fd, 0)
                _write_all(fd, payload)
                os.fsync(fd)
            except OSError as exc:
                if exc.errno in _FULL_DISK:
                    raise StoreError(f"Not saved completely: the disk holding {real.parent} is full.") from exc
                raise
        finally:
            os.close(fd)
        return "file"
    atomic_write_bytes(real, payload, stat.S_IMODE(st.st_mode))
    return "file"


MAX_DERIVED_BYTES = 64 * 1024 * 1024


def read_derived_file(path: Path, limit: int = MAX_DERIVED_BYTES) -> bytes | None:
    """The bytes of a derived file beside the store (a cache), or None if it is not safely
    readable (see :func:`read_regular_file`): any failure means "no cache", never an error."""
    return read_regular_file(path, limit)


class NotARegularFile(OSError):
    """The store's name holds a FIFO, a device or a folder: never read (it could hang or flood)."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EINVAL, "not a regular file", str(path))


class AtomicJSONStorage(Storage):
    """Crash-safe, change-aware JSON storage for TinyDB (see the module docstring)."""

    def __init__(self, path: str | os.PathLike[str], today: Callable[[], date] | None = None) -> None:
        self.path = Path(path)
        self._today = today or date.today
        self._data: dict[str, Any] | None = None
        self._identity: FileIdentity | None = None
        # Length and CRC-32 of the bytes we last read or wrote: names this exact content, even
        # in a copy of the file, for caches derived from it (see tui/dashboard_cache.py).
        self._fingerprint: str | None = None
        self._fingerprint_of: bytes | None = None  # bytes whose digest is computed on first ask
        # The file's bytes read but not yet parsed (``adopt_unparsed``): parsed on first read.
        self._unparsed: bytes | None = None
        self._parse_lock = threading.Lock()
        self._batch_depth = 0
        self._dirty = False
        # Bumped whenever the in-memory data is replaced from disk, so caches above can tell.
        self.load_generation = 0
        self.writes = 0
        self._new_template: dict[str, Any] | None = None

    # -- reading -----------------------------------------------------------------------

    @property
    def has_unwritten_changes(self) -> bool:
        """True while a batch holds changes not yet written to the file."""
        return self._dirty

    def changed_on_disk(self) -> bool:
        """True if the file is not the one we last read or wrote (another process wrote)."""
        return identity(self.path) != self._identity

    def read_raw(self) -> tuple[bytes, FileIdentity] | None:
        """The file's bytes and identity as one consistent pair; None if there is no file.

        Opened without blocking (a FIFO in its place must not hang every command) and checked
        to be a regular file: anything else raises ``NotARegularFile``.
        """
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            return None
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise NotARegularFile(self.path)
            raw = handle.read()
            st = os.fstat(fd)
        return raw, (st.st_ino, len(raw), st.st_mtime_ns)

    def reload(self, found: tuple[bytes, FileIdentity] | None = None) -> dict[str, Any] | None:
        """Read the file from disk (or take ``found``, just read by ``read_raw``), replacing what
        we hold. Raises on a corrupt file."""
        found = found or self.read_raw()
        self._unparsed = None
        if found is None:
            self._data, self._identity, self.fingerprint = None, None, None
            if self._new_template is not None:  # still a new store (a first write failed)
                self._data = json.loads(json.dumps(self._new_template))
        else:
            raw, ident = found
            with gc_paused():
                self._data = loads(raw) if raw.strip() else {}
            self._identity = ident
            self._fingerprint, self._fingerprint_of = None, raw  # the digest only when asked for
        self._dirty = False
        self.load_generation += 1
        return self._data

    @property
    def fingerprint(self) -> str | None:
        """Names the exact bytes we last read or wrote (``content_fingerprint``); None if none.

        Computed on first ask (a BLAKE2b digest costs about 10 ms for 4 MB): a write that no
        cache asks about does not pay for it.
        """
        if self._fingerprint is None and self._fingerprint_of is not None:
            self._fingerprint, self._fingerprint_of = content_fingerprint(self._fingerprint_of), None
        return self._fingerprint

    @fingerprint.setter
    def fingerprint(self, value: str | None) -> None:
        self._fingerprint, self._fingerprint_of = value, None

    def held(self) -> dict[str, Any] | None:
        """The parsed data we hold right now (None if none, or still unparsed), without reading."""
        return self._data if self._unparsed is None else None

    def hold_new(self, data: dict[str, Any]) -> None:
        """Hold a new store's data without writing it: the file appears with the first change.

        Until then the file's absence is "unchanged on disk"; if another process creates it,
        ``changed_on_disk`` turns true and it is read instead.
        """
        self._new_template = json.loads(json.dumps(data))
        self._data, self._unparsed, self._identity, self.fingerprint = data, None, None, None
        self._dirty = False
        self.load_generation += 1

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
        self._fingerprint, self._fingerprint_of = None, payload  # the digest only when asked for
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
        tmp = backup.with_name(f"{TEMP_PREFIX}{backup.name}.{secrets.token_hex(6)}")
        try:
            try:
                os.link(self.path, tmp)  # never follows or overwrites: fails if tmp exists
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links: copy instead
                import shutil

                fd, tmp = create_private_temp(backup.parent, backup.name)
                with open(self.path, "rb") as source, os.fdopen(fd, "wb") as copy:
                    shutil.copyfileobj(source, copy)
            os.replace(tmp, backup)
        except BaseException as exc:
            _abandon_temp(tmp, exc, self.path.parent)
            raise
        # Mark the backup with today's date (the link kept the old file's mtime).
        os.utime(backup)

    def close(self) -> None:
        if self._dirty and self._batch_depth == 0:
            self.flush()
