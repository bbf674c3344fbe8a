"""When ``nextround remind --once`` next has work: a small, derived, deletable file beside the store.

A timer runs ``remind --once`` every 15 minutes, and almost every run finds nothing due. Reading
a large store to learn that costs far more than starting Python. So after a full run this module
writes ``nextround.json.remind-cache`` next to the store, holding one promise made by
:class:`tui.services.reminders.ReminderService`: *with the store file exactly as it is now, nothing falls
due before T* (the plan's next due time, at most :data:`tui.services.reminders.IDLE_RECHECK` ahead). The
next run that finds the same store file before T exits at once, without parsing it.

Nothing here is ever the truth, only a shortcut to it:

* the promise is tied to the store file: to its identity (device, inode, size, mtime and
  ctime in nanoseconds), checked with one ``stat``, and to its content (length and CRC-32 of
  its bytes), checked only when the identity differs. A write that changes the data (the
  app, another ``remind``, an import, an edit by hand) leaves a file that matches neither,
  and the next run does the full work. Identical bytes are identical data with an identical
  schedule, so a byte-for-byte copy of the store (a restored backup, a copied folder) keeps
  its copied cache;
* it is also tied to the time zone and to this code (version and the rule modules' files),
  and only holds from the moment it was made until T: a clock set back makes it void too;
* a missing, unreadable, corrupt or foreign file is ignored, never an error;
* it is written atomically (a temp file renamed over it), and only when the store still
  holds exactly the data the plan was made on;
* what was raised (the claims) stays in the store itself: the cache holds nothing that is not
  derived from the store, so deleting it at any time is safe.

Importing this module costs nothing beyond ``json``: the fast path must not load the store code.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..domain.clock import zone_key
from ..store.fingerprint import content_fingerprint as fingerprint_of
from ..store.safe_read import read_regular_file

if TYPE_CHECKING:
    from .reminders import ReminderService

SUFFIX = ".remind-cache"
FORMAT = 1
#: Larger than any cache we write; a bigger file is not ours.
MAX_BYTES = 64 * 1024

# The rules' code: a cache made by other code (an upgrade, an edit of an editable install)
# is not trusted. Paths relative to the ``tui`` package; every module of the rules' package.
_SOURCES = (
    "services/remind_cache.py",
    "services/reminders.py",
    "domain/clock.py",
    "domain/models.py",
    "domain/dates.py",
)
_RULES_PACKAGE = "domain/reminders"


class Promise(NamedTuple):
    """Nothing falls due before ``until`` (``reason``: why prompts are held, if they are).

    A named tuple, not a dataclass: importing ``dataclasses`` alone costs the fast path ~10 ms.
    """

    until: datetime
    reason: str = ""


def cache_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + SUFFIX)


def store_identity(store_path: Path) -> list[int] | None:
    """Device, inode, size, mtime and ctime (ns) of the store file; None if it is missing."""
    try:
        st = os.stat(store_path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def content_fingerprint(store_path: Path) -> str | None:
    """Length and BLAKE2b digest of the store file's bytes (a few ms for 4 MB); None if unreadable
    (or not a regular file: a FIFO in the store's place must not hang the timer's run)."""
    raw = read_regular_file(store_path, 1 << 40, follow_symlinks=True)
    return None if raw is None else fingerprint_of(raw)


def code_stamp() -> str:
    from .. import __version__

    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parts = [str(FORMAT), __version__]
    try:
        rules = sorted(f"{_RULES_PACKAGE}/{name}" for name in os.listdir(os.path.join(here, _RULES_PACKAGE)) if name.endswith(".py"))
    except OSError:
        rules = []
    for relative in (*_SOURCES, *rules):
        try:
            st = os.stat(os.path.join(here, relative))
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append("-")
    return " ".join(parts)


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("naive time")
    return moment


def promise_for(store_path: Path, zone: tzinfo, now: datetime) -> Promise | None:
    """The cached promise, if it holds for this store file, zone, code and ``now``; else None.

    Never raises: anything unexpected means "no promise", and the caller does the full run.
    """
    try:
        key = zone_key(zone)
        if key is None:
            return None
        raw = read_regular_file(cache_path(store_path), MAX_BYTES)
        if raw is None:
            return None
        doc = json.loads(raw)
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            return None
        if doc.get("code") != code_stamp() or doc.get("zone") != key:
            return None
        identity = store_identity(store_path)
        if identity is None:
            return None
        if doc.get("store") != identity:  # another file; perhaps the same bytes (a copy)
            content = doc.get("content")
            if not isinstance(content, str) or content_fingerprint(store_path) != content:
                return None
        planned_at, until = _moment(doc["planned_at"]), _moment(doc["until"])
        if not planned_at <= now < until:
            return None
        reason = doc.get("reason", "")
        return Promise(until, reason if isinstance(reason, str) else "")
    except Exception:  # noqa: BLE001 - a cache problem is never the person's problem
        return None


def remember(service: ReminderService) -> bool:
    """After ``service.run_once()``: write its promise for the next run. True if written.

    Only if the store still holds the data the plan was made on (our own claims included):
    its version has not moved, and the file on disk is still the one it last read or wrote.
    The file's identity and bytes are read *before* that check (and the identity again after
    the bytes), so a write by another process in between either fails a check or leaves a
    cache that matches neither the new file's identity nor its bytes; no lock is needed. A
    failure only means the next run does the full work.
    """
    from ..store.storage import create_private_temp  # Store.open removes stale temp files of its prefix

    promise, plan = service.nothing_due_before, service.last_plan
    key = zone_key(service.zone)
    if promise is None or plan is None or key is None:
        return False
    version, until = promise
    store = service.store
    target = cache_path(store.path)
    temp: Path | None = None
    try:
        identity = store_identity(store.path)
        content = store.storage.fingerprint  # what the store read or wrote last: no second read
        if identity is None or content is None or store_identity(store.path) != identity:
            return False
        if store.version != version or store.storage.changed_on_disk():
            return False
        doc = {
            "about": "Derived from nextround.json by `nextround remind`; safe to delete.",
            "format": FORMAT,
            "code": code_stamp(),
            "zone": key,
            "store": identity,
            "content": content,
            "planned_at": plan.now.isoformat(),
            "until": until.isoformat(),
            "reason": plan.reason,
        }
        payload = json.dumps(doc, indent=1).encode("utf-8")
        fd, temp = create_private_temp(target.parent, target.name)  # random name, O_EXCL | O_NOFOLLOW
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(temp, target)  # readers see the old cache or the new one, never a part
        return True
    except Exception:  # noqa: BLE001 - a cache problem is never the person's problem
        try:
            if temp is not None:
                os.unlink(temp)
        except OSError:
            pass
        return False
