"""The legacy ids a run has read, in memory that stays small at any archive size.

A run must recognise a legacy id it has already read (a duplicate is skipped, and
its note says whether the content was the same). A ``dict`` of id -> sha256 costs
about 200 bytes an entry: 40 MB at 200,000 articles, more than the rest of the run.
:class:`SeenIds` keeps, per id, 8 bytes of a hash of the id and 8 bytes of the
content hash in two flat arrays with open addressing: 32 bytes an entry at most.

Two different legacy ids collide only if their 64-bit BLAKE2b hashes are equal
(about 1 in 10^8 for a whole archive of 200,000 ids), which would skip one record
as a duplicate, with a note naming it.
"""

from __future__ import annotations

import hashlib
from array import array

EMPTY = 0  # a slot never used (a hash of 0 is stored as 1)
MIN_SLOTS = 1024


def _key(legacy_id: str) -> int:
    digest = hashlib.blake2b(legacy_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1  # 0 marks an empty slot


class SeenIds:
    """A set of legacy ids with a 16-hex-digit prefix of each one's content hash.

    >>> seen = SeenIds()
    >>> seen["a1"] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    >>> "a1" in seen, seen.get("a1"), seen.get("b2"), len(seen)
    (True, '9f86d081884c7d65', None, 1)
    """

    def __init__(self) -> None:
        self._keys = array("Q", bytes(8 * MIN_SLOTS))
        self._values = array("Q", bytes(8 * MIN_SLOTS))
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def _slot(self, key: int) -> int:
        mask = len(self._keys) - 1
        slot = key & mask
        while self._keys[slot] not in (EMPTY, key):
            slot = (slot + 1) & mask
        return slot

    def __contains__(self, legacy_id: object) -> bool:
        return isinstance(legacy_id, str) and self._keys[self._slot(_key(legacy_id))] != EMPTY

    def get(self, legacy_id: str) -> str | None:
        """The content-hash prefix of ``legacy_id`` (compare with ``str.startswith``), or None."""
        slot = self._slot(_key(legacy_id))
        if self._keys[slot] == EMPTY:
            return None
        return f"{self._values[slot]:016x}"

    def __setitem__(self, legacy_id: str, sha256: str) -> None:
        key = _key(legacy_id)
        slot = self._slot(key)
        if self._keys[slot] == EMPTY:
            self._count += 1
        self._keys[slot] = key
        self._values[slot] = int(sha256[:16], 16)
        if self._count * 2 > len(self._keys):
            self._grow()

    def _grow(self) -> None:
        old_keys, old_values = self._keys, self._values  # no list of pairs: peak memory stays flat
        size = len(old_keys) * 2
        self._keys = array("Q", bytes(8 * size))
        self._values = array("Q", bytes(8 * size))
        for index, key in enumerate(old_keys):
            if key != EMPTY:
                slot = self._slot(key)
                self._keys[slot] = key
                self._values[slot] = old_values[index]
