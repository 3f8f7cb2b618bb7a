"""The one check every parser's fuzz test makes: read, parse, maybe export, never crash.

A reader and its parser may refuse input only with the typed errors of
:mod:`archivist.errors` that quarantine a record; anything else fails the test.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import BinaryIO

import pytest
from lxml import etree

from archivist.errors import ArchiveError, RecordError, SourceError, StructureNotFound
from archivist.exports.nitf import to_nitf
from archivist.exports.wxr import ExportItem, wxr_chunks
from archivist.model import LegacyRecord
from archivist.recover import parse_record

ALLOWED = (RecordError, SourceError, StructureNotFound)


def read_and_parse(
    read: Callable[[BinaryIO, str], Iterable[object]], data: bytes, name: str, *, export: bool = False
) -> None:
    """Feed ``data`` to a source reader and parse each record; with ``export``, write it back out."""
    for item in read(io.BytesIO(data), name):
        if not isinstance(item, LegacyRecord):
            continue
        try:
            article = parse_record(item).article
        except ALLOWED:
            continue
        except ArchiveError as exc:  # pragma: no cover
            pytest.fail(f"unexpected {type(exc).__name__}: {exc}")
        if export:  # whatever was read can be exported (no character lxml or UTF-8 refuses)
            etree.fromstring(to_nitf(article))
            "".join(wxr_chunks([ExportItem(article)], site_url="https://n.example")).encode("utf-8")
