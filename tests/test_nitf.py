"""NITF 2.5 / 3.x: reader, parser, export valid against the DTD, round trip
(issue 4, items 4 and 5)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from archivist.errors import StructureNotFound
from archivist.exports.nitf import to_nitf
from archivist.model import Article, Block, LegacyRecord, Mark, Role
from archivist.recover import parse_record
from archivist.sources import detect_format, read_paths
from archivist.sources.nitf import read
from tests.fuzzing import read_and_parse

FIXTURES = Path(__file__).parent / "fixtures" / "nitf"
DTD_PATH = Path(__file__).resolve().parent.parent.parent / "shared" / "standards" / "nitf-2-5.dtd"
SHARED_FIELDS = ("legacy_id", "title", "kicker", "lead", "byline", "dateline", "published", "section", "url")
SHARED_FIELDS += ("tags", "language", "blocks")


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {
        r.legacy_id: parse_record(r).article for r in read_paths([FIXTURES]) if isinstance(r, LegacyRecord)
    }


@pytest.fixture(scope="module")
def dtd() -> etree.DTD:
    if not DTD_PATH.exists():
        pytest.skip(f"the NITF DTD is not at {DTD_PATH}")
    # test code only: the library never loads a DTD
    return etree.DTD(str(DTD_PATH))


def test_sniffed_as_nitf() -> None:
    assert detect_format("a.xml", (FIXTURES / "tribune-2009.xml").read_bytes()[:500]) == "nitf"
    assert detect_format("b.xml", (FIXTURES / "feed-nitf3.xml").read_bytes()[:500]) == "nitf"


def test_one_record_per_document_with_its_doc_id() -> None:
    records = [r for r in read_paths([FIXTURES]) if isinstance(r, LegacyRecord)]
    assert [(r.legacy_id, r.position.split(" (")[0]) for r in records] == [
        ("sda-77120", "document 1"),
        ("sda-77121", "document 2"),
        ("trib-2009-0314-0815", "document 1"),
    ]
    assert records[2].url == "https://www.tribune-exemple.ch/vaud/port-budget-815.html"


@pytest.mark.parametrize(
    ("legacy_id", "field", "expected"),
    [
        # NITF 2.5: hedline hl1 title, hl2 kicker, byline without "Par", dateline text, abstract lead
        ("trib-2009-0314-0815", "title", "Le Grand Conseil adopte le budget du port"),
        ("trib-2009-0314-0815", "kicker", "Ouchy"),
        ("trib-2009-0314-0815", "byline", "Sophie Rochat"),
        ("trib-2009-0314-0815", "dateline", "LAUSANNE, 14 mars"),
        ("trib-2009-0314-0815", "lead", "Le plénum a voté par 81 voix contre 44 un crédit de 12 millions."),
        ("trib-2009-0314-0815", "published", datetime(2009, 3, 14, 9, 12, tzinfo=UTC)),
        ("trib-2009-0314-0815", "section", "Vaud"),
        ("trib-2009-0314-0815", "tags", ("Lausanne", "budget")),
        ("trib-2009-0314-0815", "language", "fr"),
        # NITF 3.x with its namespace: date.release with a zone, "Von", abstract as text
        ("sda-77120", "title", "Uhrenexporte ziehen wieder an"),
        ("sda-77120", "byline", "Peter Keller"),
        ("sda-77120", "published", datetime(2017, 2, 3, 15, 45, tzinfo=timezone(timedelta(hours=1)))),
        ("sda-77120", "lead", "Die Branche meldet das erste Plus seit zwei Jahren."),
        ("sda-77120", "section", "Wirtschaft"),
        ("sda-77121", "blocks", ()),
    ],
)
def test_fields(articles: dict[str, Article], legacy_id: str, field: str, expected: object) -> None:
    assert getattr(articles[legacy_id], field) == expected


def test_body_content(articles: dict[str, Article]) -> None:
    blocks = articles["trib-2009-0314-0815"].blocks
    assert [b.role for b in blocks] == [
        Role.PARAGRAPH,
        Role.SUBHEAD,
        Role.PARAGRAPH,
        Role.CAPTION,
        Role.QUOTE,
        Role.FACTBOX,
        Role.PARAGRAPH,
    ]
    first = blocks[0]
    assert [(m.kind, first.text[m.start : m.end]) for m in first.marks] == [
        ("em", "précipité"),
        ("a", "Grand Conseil"),
    ]
    media = blocks[3]
    assert (media.text, media.credit, media.src, media.alt) == (
        "Le port d'Ouchy sera rénové dès 2010.",
        "Keystone/Laurent Gillieron",
        "https://media.tribune-exemple.ch/2009/port-ouchy.jpg",
        "Le port d'Ouchy au matin",
    )
    assert (blocks[4].text, blocks[4].credit) == (
        "«Ce port appartient à tous les Lausannois.»",
        "Pierre Martin, député",
    )
    assert (blocks[5].text, blocks[5].items) == ("Les chiffres", ("12 millions de francs", "81 oui, 44 non"))
    # the media caption of NITF 3 had its credit glued ("Grafik: SDA")
    figure = articles["sda-77120"].blocks[1]
    assert (figure.text, figure.credit, figure.src) == ("Exporte nach Monaten.", "SDA", "grafik-uhren.png")


def test_no_headline_is_structure_not_found() -> None:
    record = LegacyRecord("x", "nitf", b"<nitf><body><body.content><p>a</p></body.content></body></nitf>")
    with pytest.raises(StructureNotFound, match="neither hedline/hl1 nor head/title"):
        parse_record(record)


ARTICLE = Article(
    legacy_id="trib-1",
    title="Le port & la ville",
    language="fr",
    kicker="Ouchy",
    lead="Un crédit <voté>.",
    byline="Sophie Rochat",
    dateline="LAUSANNE",
    published=datetime(2009, 3, 14, 9, 12, tzinfo=UTC),
    section="Vaud",
    url="https://old.example.ch/vaud/port-1.html",
    tags=("port", "budget"),
    blocks=(
        Block(Role.PARAGRAPH, "Texte très important ici.", (Mark(6, 20, "strong"), Mark(11, 20, "a", "/x"))),
        Block(Role.SUBHEAD, "Opposition"),
        Block(Role.QUOTE, "«Jamais.»", credit="Un député"),
        Block(Role.CAPTION, "Le port.", credit="KEYSTONE", src="https://i.example/p.png", alt="Port"),
        Block(Role.CAPTION, "Sans image, avec crédit.", credit="AFP"),
        Block(Role.LIST, "", items=("un", "deux")),
        Block(Role.FACTBOX, "Chiffres", items=("12 millions",)),
    ),
)


@pytest.mark.parametrize(
    "article",
    [
        ARTICLE,  # every field and block role, nested marks
        Article("n-2", "Minimal"),  # nothing but a title
    ],
)
def test_export_is_valid_against_the_dtd_and_round_trips(article: Article, dtd: etree.DTD) -> None:
    data = to_nitf(article, new_url="https://new.example/vaud/2009/03/port-1")
    assert dtd.validate(etree.fromstring(data)), dtd.error_log.filter_from_errors()
    (record,) = list(read(io.BytesIO(data), "out.xml"))
    back = parse_record(record).article
    assert {f: getattr(back, f) for f in SHARED_FIELDS} == {f: getattr(article, f) for f in SHARED_FIELDS}


def test_round_trip_nitf_archivist_nitf_archivist(articles: dict[str, Article], dtd: etree.DTD) -> None:
    for article in articles.values():
        data = to_nitf(article)
        assert dtd.validate(etree.fromstring(data)), (article.legacy_id, dtd.error_log.filter_from_errors())
        (record,) = list(read(io.BytesIO(data), "rt.xml"))
        again = parse_record(record).article
        assert {f: getattr(again, f) for f in SHARED_FIELDS} == {
            f: getattr(article, f) for f in SHARED_FIELDS
        }


def _read_and_parse(data: bytes) -> None:
    read_and_parse(read, data, "fuzz.xml")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    _read_and_parse(data)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_fuzz_mutated_documents(data: st.DataObject) -> None:
    original = bytearray((FIXTURES / "tribune-2009.xml").read_bytes())
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(original) - 1))
        original[pos] = data.draw(st.sampled_from(list(b'<>/"&;=\x00\xff !')))
    _read_and_parse(bytes(original))


def test_the_standards_minimal_example_reads() -> None:
    path = DTD_PATH.parent / "nitf-min.xml"
    if not path.exists():
        pytest.skip(f"{path} missing")
    (record,) = list(read(io.BytesIO(path.read_bytes()), str(path)))
    article = parse_record(record).article
    assert (article.legacy_id, article.title, article.kicker, article.byline) == (
        "legacy-4711",
        "Council approves new harbour budget",
        "Opposition calls the plan rushed",  # hl2: the subordinate headline
        "Jane Doe",
    )
    assert article.published == datetime(2009, 3, 14, 9, 12, tzinfo=UTC)
    assert [b.role.value for b in article.blocks] == [
        "paragraph",
        "subhead",
        "paragraph",
        "caption",
        "paragraph",
    ]


def test_container_hints() -> None:
    records = {r.legacy_id: r for r in read_paths([FIXTURES]) if isinstance(r, LegacyRecord)}
    record = records["trib-2009-0314-0815"]
    assert [record.hint(k) for k in ("title", "published", "section")] == [
        "Le Grand Conseil adopte le budget du port",
        "20090314T091200Z",
        "Vaud",
    ]
    assert records["sda-77120"].hint("version") == "-//IPTC//DTD NITF 3.6//EN"
