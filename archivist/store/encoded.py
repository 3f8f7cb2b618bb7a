"""A processed article as the store will write it, encoded where it was processed.

A migration's worker process turns each :class:`~archivist.model.Processed` into an
:class:`Encoded` (:func:`encode`): the revision document, the repair steps and the
findings already written as JSON text, the content hash, the columns of ``articles``
that mirror the revision, the new URL path. That is all the main process needs to
store the article, and a few strings cross a process boundary far cheaper than a tree
of frozen dataclasses, which pickle rebuilds field by field.

The JSON text is exactly what the JSON columns would write themselves (``json.dumps``
with its defaults), so the stored bytes do not change; the store's engine passes
:class:`JsonText` through unchanged (:func:`dumps_stored`, :mod:`archivist.store.db`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from archivist.model import LegacyRecord, Processed, article_from_dict
from archivist.store.paths import article_path, slugify
from archivist.store.revisions import (
    denormalised,
    document_hash,
    document_of,
    findings_from_json,
    plain,
    steps_from_json,
)

__all__ = ["Encoded", "JsonText", "decode", "dumps_stored", "encode", "passes_json_text"]


class JsonText(str):
    """JSON written already, as a JSON column writes it: stored as it is."""

    __slots__ = ()


def dumps_stored(value: Any) -> str:
    """The JSON serializer of the store's engines: ``json.dumps``, except for JSON text."""
    return value if type(value) is JsonText else json.dumps(value)


def passes_json_text(conn: Connection) -> bool:
    """Whether ``conn``'s engine stores :class:`JsonText` as it is (made by ``store.db``)."""
    return getattr(conn.dialect, "_json_serializer", None) is dumps_stored


@dataclass(frozen=True, slots=True)
class Encoded:
    """What the store writes for one processed record (see the module docstring)."""

    document: JsonText  # the revision document (model.article_to_dict)
    steps: JsonText
    findings: JsonText
    content_hash: str  # model.article_hash of the article
    confidence: float
    columns: dict[str, Any]  # the mirrored columns of ``articles`` (revisions.denormalised)
    path: str  # the new URL path (paths.article_path); a taken one gets a suffix when stored
    slug: str
    url: str  # the legacy URL the article itself names (the record's own is on the record)
    codes: tuple[str, ...]  # the codes of its findings


def encode(record: LegacyRecord, processed: Processed) -> Encoded:
    article = processed.article
    document = document_of(article)
    content_hash = document_hash(document)
    return Encoded(
        document=JsonText(json.dumps(document)),
        steps=JsonText(json.dumps(plain(processed.steps))),
        findings=JsonText(json.dumps(plain(processed.findings))),
        content_hash=content_hash,
        confidence=processed.confidence,
        columns=denormalised(article, processed.confidence, content_hash),
        path=article_path(article),
        slug=slugify(article.title) or slugify(record.legacy_id),
        url=article.url,
        codes=tuple(finding.code for finding in processed.findings),
    )


def decode(encoded: Encoded) -> Processed:
    """The :class:`Processed` an :class:`Encoded` was made from (dry-run diffs, conflicts)."""
    return Processed(
        article_from_dict(json.loads(encoded.document)),
        steps_from_json(json.loads(encoded.steps)),
        findings_from_json(json.loads(encoded.findings)),
        encoded.confidence,
    )
