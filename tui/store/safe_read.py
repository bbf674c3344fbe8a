"""Reading a file that could be anything: a FIFO, a device, a link to /dev/zero, a huge file.

Kept apart from ``storage.py`` (which loads TinyDB) so the fastest path of ``remind --once``,
which reads only its small cache, can use it without loading the store code.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def read_regular_file(path: Path, limit: int, follow_symlinks: bool = False) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes; else None.

    Opened with ``O_NONBLOCK`` (a FIFO can't hang us) and, unless asked, ``O_NOFOLLOW`` (a planted
    symlink can't point us at /dev/zero); checked to be a regular file before reading, and read
    only up to ``limit``. Any failure means None, never an error.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if follow_symlinks else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > limit:
                return None
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
