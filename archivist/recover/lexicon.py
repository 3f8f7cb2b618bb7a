"""Word frequencies per language, to tell a glued pair of words from a real word.

The tables are the frequency dictionaries shipped inside the ``pyspellchecker``
package (``spellchecker/resources/<lang>.json.gz``: lower-case word -> count, built
from subtitle and Wikipedia text). They are read lazily, once per process and
language, and only when a glued-word repair needs them. Without the package,
:func:`lexicon` returns None and the repairs fall back to the article's own word
statistics.

Parsing the JSON takes about 0.3 s for the three languages, and sorting the words by
their ending (:func:`suffix_sorted`) another 0.3 s, in every process (each CLI run,
each worker). Both are therefore pickled in a cache folder
(``$ARCHIVIST_CACHE_DIR``, else ``$XDG_CACHE_HOME/archivist``, else
``~/.cache/archivist``), named after a digest of the package's file, which a later
process reads in about a third of the time. A folder that cannot be written only means
no cache; a cache file that does not read back whole is ignored.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

LANGUAGES = ("fr", "de", "en")


def cache_dir() -> Path:
    """``$ARCHIVIST_CACHE_DIR``, else ``$XDG_CACHE_HOME/archivist``, else ``~/.cache/archivist``."""
    if folder := os.environ.get("ARCHIVIST_CACHE_DIR"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "archivist"


def _resource(language: str) -> bytes | None:
    """The gzipped JSON table of ``language`` in the pyspellchecker package, or None."""
    if language not in LANGUAGES:
        return None
    try:
        return resources.files("spellchecker").joinpath("resources", f"{language}.json.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None


T = TypeVar("T")


# what reading a cache file that is missing, cut short or not written by us may raise
_UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    ImportError,
)


def _cached(path: Path | None, kind: type[T], build: Callable[[], T]) -> T:
    """What ``path`` holds when it reads back as a ``kind``, else ``build()`` (then written
    there when the folder allows it)."""
    if path is not None:
        try:
            with path.open("rb") as stream:
                value = pickle.load(stream)
            if isinstance(value, kind):
                return value
        except _UNREADABLE:
            pass
    value = build()
    if path is not None:
        _write(path, value)
    return value


def _write(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` atomically (a temporary file renamed: a reader never
    sees half a file); nothing when the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(name, path)
    except OSError:
        Path(name).unlink(missing_ok=True)


def _cache_path(folder: Path | None, data: bytes, language: str, kind: str) -> Path | None:
    if folder is None:
        return None
    return folder / f"lexicon-{language}-{hashlib.sha1(data).hexdigest()[:16]}.{kind}.pickle"


def load_lexicon(language: str, folder: Path | None = None) -> dict[str, int] | None:
    """``word -> frequency`` for ``language``, cached in ``folder`` (None: no cache)."""
    data = _resource(language)
    if data is None:
        return None
    path = _cache_path(folder, data, language, "words")
    table: dict[str, int] = _cached(path, dict, lambda: json.loads(gzip.decompress(data)))
    return table


def load_suffix_sorted(language: str, folder: Path | None = None) -> list[str]:
    """The words of ``language`` written backwards, sorted, cached in ``folder``."""
    data = _resource(language)
    if data is None:
        return []
    table = lexicon(language) or {}
    path = _cache_path(folder, data, language, "suffixes")
    forms: list[str] = _cached(path, list, lambda: sorted(word[::-1] for word in table))
    return forms


@lru_cache(maxsize=len(LANGUAGES))
def lexicon(language: str) -> dict[str, int] | None:
    """``word -> frequency`` for ``language`` (``fr``, ``de``, ``en``), or None.

    >>> lexicon("xx") is None
    True
    """
    return load_lexicon(language, cache_dir())


@lru_cache(maxsize=len(LANGUAGES))
def suffix_sorted(language: str) -> list[str]:
    """The lexicon's words written backwards and sorted: the words that end in the same
    letters are one range of it (found by bisection).

    >>> suffix_sorted("xx")
    []
    """
    return load_suffix_sorted(language, cache_dir())
