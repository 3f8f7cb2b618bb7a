"""The archive's vocabulary: a first pass over the records of a run, and its file.

``archivist vocabulary EXPORT… -o words.json`` parses every record (no repair), and
counts in how many records each word is written, per language
(:class:`~archivist.recover.archive.ArchiveVocabulary`); ``migrate`` and ``recover``
take the file with ``--vocabulary`` (config ``vocabulary``), and the glued-word repair
weighs what the other records of the archive write. ``archivist eval`` counts it in
memory, from the damaged texts of each scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from archivist.config import MigrationConfig, file_mtime
from archivist.errors import ArchiveError
from archivist.model import LegacyRecord, ReadFailure
from archivist.recover import parse_record
from archivist.recover.archive import ArchiveVocabulary, count_archive
from archivist.recover.lang import detect_language
from archivist.repairs.splitting import article_text

__all__ = ["build_vocabulary", "load_vocabulary", "record_words"]


def record_words(record: LegacyRecord, config: MigrationConfig | None = None) -> tuple[str, str]:
    """``(language, text)`` of ``record`` as parsed, before the article repairs: what the
    first pass counts. Raises :class:`~archivist.errors.ArchiveError` when the record
    cannot be parsed (the migration would quarantine it)."""
    article = parse_record(record, config).article
    text = article_text(article)
    if config is not None and config.language != "auto":
        return config.language, text
    if article.language in ("", "und"):
        return detect_language(text), text
    return article.language, text


Skipped = Callable[[str, str], None]  # (where, why) of a record the counts leave out


def build_vocabulary(
    items: Iterable[LegacyRecord | ReadFailure],
    config: MigrationConfig | None = None,
    skipped: Skipped | None = None,
) -> ArchiveVocabulary:
    """The vocabulary of the records among ``items``. Read failures and records that cannot
    be parsed are left out, each told to ``skipped`` (where it is, why)."""

    def texts() -> Iterator[tuple[str, str]]:
        for item in items:
            if isinstance(item, ReadFailure):
                if skipped is not None:
                    skipped(item.legacy_id, f"{item.error}: {item.reason}")
                continue
            try:
                yield record_words(item, config)
            except ArchiveError as exc:
                if skipped is not None:
                    skipped(item.where, f"{type(exc).__name__}: {exc}")

    return count_archive(texts())


def load_vocabulary(path: str) -> ArchiveVocabulary:
    """The vocabulary file at ``path`` (cached until the file changes)."""
    remedy = "Build it with `archivist vocabulary EXPORT… -o FILE`, or leave vocabulary (--vocabulary) empty."
    return _load(path, file_mtime(path, "Vocabulary", remedy))


@lru_cache(maxsize=4)
def _load(path: str, _mtime: float) -> ArchiveVocabulary:
    return ArchiveVocabulary.from_json(Path(path).read_text(encoding="utf-8"), where=path)
