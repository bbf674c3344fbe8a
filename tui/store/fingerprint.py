"""Names one exact content of the store file, even in a copy: for the caches derived from it.

Kept apart from the storage module so that a command can check a cache without loading TinyDB.
"""

from __future__ import annotations


def content_fingerprint(raw: bytes) -> str:
    """Length and a BLAKE2b digest of the bytes (about 10 ms for 4 MB).

    A cryptographic digest, not a checksum: a CRC-32 can be matched on purpose by changing four
    bytes, and a cache that trusted it would then skip a due reminder (issue 17, item 9).
    Imported on first use, from CPython's ``_blake2`` when it is there: ``hashlib`` loads
    OpenSSL, about 2.5 ms of every ``remind --once`` that only checks its cache.
    """
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - another Python
        from hashlib import blake2b
    return f"{len(raw)}:b2:{blake2b(raw, digest_size=16).hexdigest()}"
