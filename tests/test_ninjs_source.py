"""ninjs 1.x, 2.x and 3.x documents: version detection, fields, file shapes
(one object, an array, JSON Lines) (issue 4, item 4)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivist.errors import StructureNotFound
from archivist.exports.ninjs import to_ninjs
from archivist.model import Article, LegacyRecord, ReadFailure, Role
from archivist.recover import parse_record
from archivist.sources import detect_format, read_paths
from archivist.sources.ninjs import detect_version, read
from tests.fuzzing import read_and_parse

FIXTURES = Path(__file__).parent / "fixtures" / "ninjs"
MIN_3 = Path(__file__).resolve().parent.parent.parent / "shared" / "standards" / "ninjs-3.0-min.json"


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {
        r.legacy_id: parse_record(r).article for r in read_paths([FIXTURES]) if isinstance(r, LegacyRecord)
    }


@pytest.mark.parametrize(
    ("data", "version"),
    [
        # declared in standard.version or standard.schema (2.x and 3.x)
        ({"standard": {"name": "ninjs", "version": "2.1"}, "headlines": []}, "2"),
        ({"standard": {"schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json#"}}, "3"),
        ({"$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_1.1.json#", "headline": "x"}, "1"),
        # undeclared: the field shapes decide
        ({"headlines": [{"role": "main", "value": "x"}], "firstCreated": "2020-01-01"}, "3"),
        ({"headlines": [{"role": "main", "value": "x"}], "firstcreated": "2020-01-01"}, "2"),
        ({"headline": "x", "body_html": "<p>y</p>", "versioncreated": "2014-01-01"}, "1"),
        # the item's own "version" (a revision number) is not the standard's
        ({"version": "3", "headline": "x"}, "1"),
    ],
)
def test_detect_version(data: dict[str, object], version: str) -> None:
    assert detect_version(data) == version


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("v1-agence.json", "ninjs"),
        ("v2-feed.jsonl", "ninjs"),
        ("v3-array.json", "ninjs"),
    ],
)
def test_sniffed(name: str, fmt: str) -> None:
    assert detect_format(name, (FIXTURES / name).read_bytes()[:4000]) == fmt


def test_a_plain_cms_export_is_not_ninjs() -> None:
    assert detect_format("cms.jsonl", b'{"nid": 1, "headline": "x", "body_html": "<p>y</p>"}\n') != "ninjs"


@pytest.mark.parametrize(
    ("legacy_id", "field", "expected"),
    [
        # 1.x
        ("ag-0091", "title", "La neige perturbe le trafic au Gothard"),
        ("ag-0091", "lead", "Des bouchons de dix kilomètres se sont formés samedi."),
        ("ag-0091", "byline", "Marc Favre"),
        ("ag-0091", "dateline", "Airolo"),
        ("ag-0091", "published", datetime(2014, 4, 12, 16, 5, tzinfo=timezone(timedelta(hours=2)))),
        ("ag-0091", "section", "Suisse"),
        ("ag-0091", "tags", ("transports",)),
        ("ag-0091", "url", "https://www.exemple-journal.ch/suisse/gothard-neige-0091"),
        # 2.x
        ("bz-4410", "title", "Zürich testet Tempo 30 in der Nacht"),
        ("bz-4410", "kicker", "Verkehr"),
        ("bz-4410", "lead", "Ab Januar gilt auf zwölf Strassen ein neues Limit."),
        ("bz-4410", "byline", "Lea Brunner"),
        ("bz-4410", "published", datetime(2021, 11, 2, 6, 30, tzinfo=UTC)),
        ("bz-4410", "section", "Zürich"),
        ("bz-4410", "language", "de"),
        # 3.x
        ("coast-5120", "kicker", "Coastal towns"),
        ("coast-5120", "url", "https://old.example.org/news/5120.html"),
        ("coast-5120", "published", datetime(2023, 5, 20, 8, 15, tzinfo=UTC)),
        ("coast-5121", "published", None),  # "not a date" is no date
    ],
)
def test_fields(articles: dict[str, Article], legacy_id: str, field: str, expected: object) -> None:
    assert getattr(articles[legacy_id], field) == expected


@pytest.mark.parametrize(
    ("legacy_id", "roles"),
    [
        ("ag-0091", ["paragraph", "subhead", "paragraph"]),  # body_html
        ("bz-4410", ["paragraph", "caption"]),  # bodies[text/html] with a figure
        ("bz-4411", ["paragraph", "paragraph"]),  # bodies[text/plain]: a paragraph per line
        ("coast-5120", ["paragraph", "quote", "list"]),
    ],
)
def test_bodies(articles: dict[str, Article], legacy_id: str, roles: list[str]) -> None:
    assert [b.role.value for b in articles[legacy_id].blocks] == roles


def test_min_example_of_the_standard_reads() -> None:
    if not MIN_3.exists():
        pytest.skip(f"{MIN_3} missing")
    (record,) = list(read(io.BytesIO(MIN_3.read_bytes()), "min.json"))
    article = parse_record(record).article
    assert (article.legacy_id, article.title, article.byline) == (
        "4711",
        "Council approves new harbour budget",
        "Jane Doe",
    )
    assert [b.role for b in article.blocks] == [Role.PARAGRAPH, Role.SUBHEAD, Role.PARAGRAPH]


def test_our_own_ninjs_reads_back(articles: dict[str, Article]) -> None:
    for article in articles.values():
        data = json.dumps(to_ninjs(article)).encode()
        (record,) = list(read(io.BytesIO(data), "own.json"))
        back = parse_record(record).article
        for field in (
            "legacy_id",
            "title",
            "kicker",
            "lead",
            "byline",
            "dateline",
            "published",
            "url",
            "blocks",
        ):
            assert getattr(back, field) == getattr(article, field), (article.legacy_id, field)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b'{"headline": "cut', "UnreadableText"),  # truncated object
        (b"[1, 2]", None),  # no objects at all: nothing to read
        (b'{"a": 1} garbage {"b": 2', "UnreadableText"),
    ],
)
def test_broken_files(data: bytes, error: str | None) -> None:
    failures = [i for i in read(io.BytesIO(data), "bad.json") if isinstance(i, ReadFailure)]
    assert [f.error for f in failures] == ([error] if error else [])


def test_a_bad_line_in_json_lines_is_reported_by_line() -> None:
    data = b'{"headlines": [{"role": "main", "value": "A"}]}\nnot json\n{"headlines": []}\n'
    items = list(read(io.BytesIO(data), "feed.jsonl"))
    assert [(type(i).__name__, i.position) for i in items] == [
        ("LegacyRecord", "line 1"),
        ("ReadFailure", "line 2"),
        ("LegacyRecord", "line 3"),
    ]
    with pytest.raises(StructureNotFound, match="no main headline"):
        parse_record(items[2])


def _read_and_parse(data: bytes, name: str) -> None:
    read_and_parse(read, data, name, export=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from(["f.json", "f.jsonl"]))
def test_fuzz_arbitrary_bytes(data: bytes, name: str) -> None:
    _read_and_parse(data, name)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_fuzz_mutated_documents(data: st.DataObject) -> None:
    original = bytearray((FIXTURES / "v3-array.json").read_bytes())
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(original) - 1))
        original[pos] = data.draw(st.sampled_from(list(b'{}[]",:\\\x00\xff 1')))
    _read_and_parse(bytes(original), "m.json")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
KEYS = st.sampled_from(
    [
        "headline",
        "headlines",
        "bodies",
        "body_html",
        "descriptions",
        "altIds",
        "altids",
        "renditions",
        "subjects",
        "firstCreated",
        "versioncreated",
        "by",
        "language",
        "standard",
        "keywords",
        "service",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, JSON_VALUES, max_size=8))
def test_fuzz_wrong_field_shapes(data: dict[str, object]) -> None:
    # any JSON value in any ninjs field: an article or a typed error, nothing else
    _read_and_parse(json.dumps(data).encode(), "shape.json")


STRINGS = st.text(alphabet=st.sampled_from(list('"\\{}[]a é,:\n')), max_size=12)
OBJECTS = st.dictionaries(
    STRINGS,
    st.recursive(
        STRINGS, lambda c: st.lists(c, max_size=3) | st.dictionaries(STRINGS, c, max_size=3), max_leaves=8
    ),
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(OBJECTS, min_size=1, max_size=4), st.booleans(), st.booleans(), st.integers(1, 40))
def test_scanner_splits_exactly_the_objects(
    objects: list[dict[str, object]], as_array: bool, ascii_only: bool, chunk: int
) -> None:
    # brackets, quotes and backslashes inside strings, objects cut across any chunk size
    from archivist.sources import jsonscan

    texts = [json.dumps(o, ensure_ascii=ascii_only) for o in objects]
    data = ("[" + ",\n".join(texts) + "]" if as_array else "\n".join(texts)).encode()
    previous, jsonscan.CHUNK = jsonscan.CHUNK, chunk
    try:
        found = list(jsonscan.scan(io.BytesIO(data), 10**6))
    finally:
        jsonscan.CHUNK = previous
    assert [json.loads(raw) for raw, _line in found] == objects
