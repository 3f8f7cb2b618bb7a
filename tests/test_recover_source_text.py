"""The flattened-text source: single files, dumps with delimiters and headers, sniffing."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from archivist.model import LegacyRecord, ReadFailure
from archivist.sources import detect_format, read_paths
from archivist.sources.text import legacy_id_from_name, sniff

DUMP = (
    "id: 4711\n"
    "url: https://old.example.ch/monde/4711\n"
    "date: 2016-12-06\n"
    "section: Monde\n"
    "Syrie - AlepLe régime avance\n"
    "Les troupes contrôlent la ville.\n"
    "=====\n"
    "Zweiter TitelEin Absatz\n"
    "Ein Lead.\n"
    "\f\n"
    "id: 99\n"
    "Third title\n"
    "A lead.\n"
    "=====\n"
)


def _records(path: Path) -> list[LegacyRecord | ReadFailure]:
    return list(read_paths([path]))


def test_dump_members_ids_hints_positions(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text(DUMP, encoding="utf-8")
    records = _records(path)
    assert [r.legacy_id for r in records] == ["4711", "export-2", "99"]
    first = records[0]
    assert isinstance(first, LegacyRecord)
    assert first.url == "https://old.example.ch/monde/4711"
    assert first.hint("date") == "2016-12-06" and first.hint("section") == "Monde"
    assert first.raw.startswith(b"Syrie - AlepLe")
    assert [r.position for r in records] == ["line 1", "line 8", "line 11"]


@pytest.mark.parametrize(
    ("name", "legacy_id"),
    [
        ("1234.txt", "1234"),  # plain
        ("1234.txt.gz", "1234"),  # gzip
        ("syrie-alep.txt", "syrie-alep"),  # a slug
        ("notes", "notes"),  # no extension
    ],
)
def test_single_file_legacy_id(name: str, legacy_id: str) -> None:
    assert legacy_id_from_name(name) == legacy_id


def test_single_gzip_file(tmp_path: Path) -> None:
    path = tmp_path / "1234.txt.gz"
    path.write_bytes(gzip.compress("Titre\nUn chapô.\n".encode()))
    (record,) = _records(path)
    assert isinstance(record, LegacyRecord)
    assert (record.legacy_id, record.format, record.raw) == ("1234", "text", "Titre\nUn chapô.\n".encode())


def test_empty_member_is_kept_for_the_parser_to_refuse(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text("Titre\nLead.\n=====\n=====\nAutre\nLead.\n", encoding="utf-8")
    records = _records(path)
    assert [(r.legacy_id, r.raw) for r in records] == [
        ("dump-1", b"Titre\nLead.\n"),
        ("dump-2", b""),
        ("dump-3", b"Autre\nLead.\n"),
    ]


@pytest.mark.parametrize(
    ("name", "head", "claimed"),
    [
        ("a.txt", b"anything", True),  # .txt always
        ("a.dat", "Syrie - Alep\nLe régime".encode(), True),  # plain UTF-8 text
        ("a.dat", b"<html><body>", False),  # markup
        ("a.dat", b'{"uri": "x"}', False),  # JSON
        ("a.tsv", b"id\tcontent_id\tpubtime\n", False),  # Swissdox header
        ("a.bin", b"\x00\x01\x02", False),  # binary
    ],
)
def test_sniff(name: str, head: bytes, claimed: bool) -> None:
    assert sniff(name, head) is claimed


def test_text_is_the_fallback_of_auto_detection() -> None:
    assert detect_format("notes.dat", "Titre\nUn chapô.\n".encode()) == "text"
