"""JSON Lines and CSV exports through a TOML field mapping (issue 4, item 4)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivist.errors import ConfigError, StructureNotFound
from archivist.model import Article, LegacyRecord, ReadFailure, Role
from archivist.recover import parse_record
from archivist.sources import detect_format, read_paths
from archivist.sources.jsonl import read
from archivist.sources.mapping import load_mapping, mapping_file, parse_mapping
from tests.fuzzing import read_and_parse

FIXTURES = Path(__file__).parent / "fixtures" / "jsonl"


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    found = {}
    for record in read_paths([FIXTURES]):
        if isinstance(record, LegacyRecord) and record.legacy_id != "9004":  # 9004 has no title
            found[record.legacy_id] = parse_record(record).article
    return found


@pytest.mark.parametrize(
    ("name", "head", "claimed"),
    [
        ("export.jsonl", b'{"id": 1}\n', True),
        ("export.ndjson.gz", b'{"id": 1}\n', True),
        ("export.csv", b"id,title\n", True),
        ("export.mapping.toml", b"[mapping]\n", True),  # claimed so it is not reported as unknown
        ("notes.txt", b'{"id": 1}', False),
    ],
)
def test_sniff(name: str, head: bytes, claimed: bool) -> None:
    assert (detect_format(name, head) == "jsonl") is claimed


def test_folder_with_mapping_reads_only_the_data(articles: dict[str, Article]) -> None:
    items = list(read_paths([FIXTURES]))
    assert all(i.format == "jsonl" for i in items)
    assert sorted(articles) == ["9001", "9002", "de-31", "de-32"]


@pytest.mark.parametrize(
    ("legacy_id", "field", "expected"),
    [
        # JSON Lines through drupal-export.mapping.toml
        ("9001", "title", "Le festival de Locarno dévoile son affiche"),
        ("9001", "kicker", "Cinéma"),
        ("9001", "lead", "Dix-sept films en compétition cette année."),
        ("9001", "byline", "Nina Rossi"),  # {"name": …}
        ("9001", "published", datetime(2022, 7, 6, 10, 0, tzinfo=timezone(timedelta(hours=2)))),
        ("9001", "section", "Culture"),
        ("9001", "tags", ("cinéma", "Locarno")),  # "a; b"
        ("9001", "url", "https://www.exemple-journal.ch/culture/locarno-affiche-9001"),  # base_url + path
        ("9001", "language", "fr"),
        ("9002", "byline", "Jean Keller, ATS"),  # a list of names
        ("9002", "published", datetime(2022, 7, 6, 8, 0, tzinfo=UTC)),  # Unix seconds
        # CSV with ";" and the default mapping (German column names)
        ("de-31", "title", "Bahnhof Olten wird umgebaut"),
        ("de-31", "published", datetime(2023, 4, 3, 7, 45, tzinfo=UTC)),  # 03.04.2023 07:45
        ("de-31", "section", "Solothurn"),
        ("de-32", "title", 'Ein "neuer" Stadtpark'),  # doubled quotes
    ],
)
def test_fields(articles: dict[str, Article], legacy_id: str, field: str, expected: object) -> None:
    assert getattr(articles[legacy_id], field) == expected


@pytest.mark.parametrize(
    ("legacy_id", "texts"),
    [
        (
            "9001",
            [
                "La directrice artistique a présenté la sélection mercredi.",
                "Le public votera pour le Prix du public.",
            ],
        ),
        (
            "9002",
            ["Les dockers ont cessé le travail lundi.", "La direction appelle au dialogue."],
        ),  # text, auto
        ("de-31", ["Der Umbau dauert bis 2027.", "Züge fahren weiterhin."]),  # multi-line quoted CSV field
        ("de-32", ["Der Park öffnet im Mai."]),  # HTML in a CSV cell
    ],
)
def test_bodies(articles: dict[str, Article], legacy_id: str, texts: list[str]) -> None:
    blocks = articles[legacy_id].blocks
    assert [b.text for b in blocks] == texts
    assert all(b.role is Role.PARAGRAPH for b in blocks)


def test_failures_are_named_by_line_and_row() -> None:
    failures = [i for i in read_paths([FIXTURES]) if isinstance(i, ReadFailure)]
    assert sorted((Path(f.origin).name, f.position) for f in failures) == [
        ("drupal-export.jsonl", "line 3"),  # not JSON
        ("zeitung.csv", "row 3"),  # too few fields
    ]


def test_no_title_field_names_the_mapping() -> None:
    record = next(r for r in read_paths([FIXTURES]) if isinstance(r, LegacyRecord) and r.legacy_id == "9004")
    with pytest.raises(StructureNotFound, match=r"no title in the fields \['headline'\]"):
        parse_record(record)


def test_mapping_lookup_order(tmp_path: Path) -> None:
    data = tmp_path / "feed.jsonl"
    data.write_text("{}\n", encoding="utf-8")
    assert mapping_file(data) is None
    (tmp_path / "archivist.mapping.toml").write_text("[mapping]\n", encoding="utf-8")
    assert mapping_file(data) == tmp_path / "archivist.mapping.toml"
    (tmp_path / "feed.mapping.toml").write_text("[mapping]\n", encoding="utf-8")
    assert mapping_file(data) == tmp_path / "feed.mapping.toml"
    (tmp_path / "feed.jsonl.mapping.toml").write_text("[mapping]\n", encoding="utf-8")
    assert mapping_file(data) == tmp_path / "feed.jsonl.mapping.toml"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[mapping\n", "is not valid TOML"),
        ('[mapping]\nheadline = "titre"\n', "'headline' in 'm.toml' is not an article field"),
        ("[mapping]\ntitle = 3\n", "'title' in 'm.toml' has value 3"),
        ("[mapping]\ntitle = []\n", "'title' in 'm.toml' has value []"),
        ('[options]\nbody_format = "pdf"\n', "Option 'body_format' in 'm.toml' has value 'pdf'"),
        ('[options]\nzip = "yes"\n', "Option 'zip' in 'm.toml' is not known"),
        ('[fields]\ntitle = "t"\n', "unknown table(s) ['fields']"),
    ],
)
def test_bad_mappings_raise_config_error(toml: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_mapping(toml, "m.toml")


def test_bad_mapping_file_stops_the_read(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"title": "x"}\n', encoding="utf-8")
    (tmp_path / "a.mapping.toml").write_text("[mapping]\ntitle = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"a\.mapping\.toml"):
        list(read_paths([tmp_path / "a.jsonl"]))


def test_mapping_with_a_list_and_a_dotted_path(tmp_path: Path) -> None:
    (tmp_path / "n.jsonl").write_text(
        json.dumps(
            {"uid": "n1", "meta": {"hed": "Titel"}, "agency": "SDA", "content": {"text": "Satz eins."}}
        )
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "n.mapping.toml").write_text(
        '[mapping]\nid = "uid"\ntitle = "meta.hed"\nbyline = ["author", "agency"]\nbody = "content.text"\n'
        '[options]\nbody_format = "text"\n',
        encoding="utf-8",
    )
    mapping, source = load_mapping(tmp_path / "n.jsonl")
    assert source.endswith("n.mapping.toml") and mapping["fields"]["title"] == ["meta.hed"]
    (record,) = list(read_paths([tmp_path / "n.jsonl"]))
    article = parse_record(record).article
    assert (article.legacy_id, article.title, article.byline, article.blocks[0].text) == (
        "n1",
        "Titel",
        "SDA",
        "Satz eins.",
    )


def _read_and_parse(data: bytes, name: str) -> None:
    read_and_parse(read, data, name, export=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from(["fz.jsonl", "fz.json", "fz.csv"]))
def test_fuzz_arbitrary_bytes(data: bytes, name: str) -> None:
    _read_and_parse(data, name)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_fuzz_mutated_csv(data: st.DataObject) -> None:
    original = bytearray((FIXTURES / "zeitung.csv").read_bytes())
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(original) - 1))
        original[pos] = data.draw(st.sampled_from(list(b';,"\n\r<>\x00\xff a')))
    _read_and_parse(bytes(original), "fz.csv")
