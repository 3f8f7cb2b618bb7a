"""Word frequencies per language, to tell a glued pair of words from a real word.

The tables are the frequency dictionaries shipped inside the ``pyspellchecker``
package (``spellchecker/resources/<lang>.json.gz``: lower-case word -> count, built
from subtitle and Wikipedia text). They are read lazily, once per process and
language (about a second for German), and only when a glued-word repair needs them.
Without the package, :func:`lexicon` returns None and the repairs fall back to the
article's own word statistics.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

LANGUAGES = ("fr", "de", "en")


@lru_cache(maxsize=len(LANGUAGES))
def lexicon(language: str) -> dict[str, int] | None:
    """``word -> frequency`` for ``language`` (``fr``, ``de``, ``en``), or None.

    >>> lexicon("xx") is None
    True
    """
    if language not in LANGUAGES:
        return None
    try:
        data = resources.files("spellchecker").joinpath("resources", f"{language}.json.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None
    table: dict[str, int] = json.loads(gzip.decompress(data))
    return table
