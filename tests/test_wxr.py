"""WordPress WXR: streaming reader, item parser, export for the WordPress Importer,
and the WXR -> archivist -> WXR -> archivist round trip (issue 4, items 3 and 5)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from archivist.exports.wxr import NAMESPACES, ExportItem, wxr_chunks
from archivist.model import Article, Block, LegacyRecord, Mark, ReadFailure, Role
from archivist.recover import parse_record
from archivist.sources import detect_format
from archivist.sources.wxr import read
from tests.fuzzing import read_and_parse

FIXTURE = Path(__file__).parent / "fixtures" / "wxr" / "lokal.xml"
SHARED_FIELDS = ("legacy_id", "title", "kicker", "lead", "byline", "dateline", "published", "section", "url")
SHARED_FIELDS += ("tags", "language", "blocks")


def _articles(data: bytes, origin: str = "export.xml") -> list[Article]:
    return [parse_record(r).article for r in read(io.BytesIO(data), origin) if isinstance(r, LegacyRecord)]


@pytest.fixture(scope="module")
def fixture_articles() -> dict[str, Article]:
    return {a.legacy_id: a for a in _articles(FIXTURE.read_bytes())}


def test_sniffed_as_wxr() -> None:
    assert detect_format("export.xml", FIXTURE.read_bytes()[:2000]) == "wxr"


def test_only_published_posts_are_records() -> None:
    records = list(read(io.BytesIO(FIXTURE.read_bytes()), str(FIXTURE)))
    # the draft (102) and the four attachments are not articles
    assert [r.legacy_id for r in records] == ["101", "103"]
    assert [r.position.split(" (")[0] for r in records] == ["item 1", "item 3"]


def test_raw_is_the_item_element_and_parses_alone() -> None:
    (first, _second) = read(io.BytesIO(FIXTURE.read_bytes()), str(FIXTURE))
    item = etree.fromstring(first.raw)
    assert item.tag == "item"
    assert item.findtext("{http://wordpress.org/export/1.2/}post_id") == "101"


@pytest.mark.parametrize(
    ("legacy_id", "field", "expected"),
    [
        ("101", "title", "Neue Brücke über die Aare eröffnet"),
        ("101", "lead", "Die Fussgängerbrücke bei Aarberg ist nach zwei Jahren Bauzeit endlich offen."),
        # the author's display name from <wp:author>, not the login
        ("101", "byline", "Anna Müller"),
        # GMT date preferred over the local post_date
        ("101", "published", datetime(2018, 6, 15, 7, 30, tzinfo=UTC)),
        # no GMT date: pubDate (which carries its zone)
        ("103", "published", datetime(2019, 9, 7, 6, 0, tzinfo=UTC)),
        # first category is the section, tags are the post tags
        ("101", "section", "Region"),
        ("101", "tags", ("Aarberg", "Verkehr")),
        # "Uncategorized" is no section
        ("103", "section", ""),
        # permalink is the old URL
        ("101", "url", "https://www.lokalblatt.example/2018/06/neue-bruecke-aare/"),
        # kicker from post meta; language from the channel, or from post meta
        ("101", "kicker", "Aarberg"),
        ("101", "language", "de"),
        ("103", "language", "fr"),
        # unknown login: the login is the byline
        ("103", "byline", "jdupont"),
    ],
)
def test_fields(fixture_articles: dict[str, Article], legacy_id: str, field: str, expected: object) -> None:
    assert getattr(fixture_articles[legacy_id], field) == expected


def test_featured_image_first_then_content_with_shortcodes(fixture_articles: dict[str, Article]) -> None:
    blocks = fixture_articles["101"].blocks
    assert [b.role for b in blocks][:3] == [Role.CAPTION, Role.PARAGRAPH, Role.CAPTION]
    featured = blocks[0]
    assert (featured.text, featured.credit) == ("Die Brücke von oben.", "Drohne Seeland")
    assert featured.src.endswith("titelbild.webp")
    caption = blocks[2]
    assert (caption.text, caption.credit, caption.alt) == (
        "Die neue Brücke im Abendlicht.",
        "Lokalblatt/Rita Zaugg",
        "Die Brücke im Abendlicht",
    )
    texts = " ".join(b.text for b in blocks)
    assert "[" not in texts  # no shortcode left as text
    gallery = [b for b in blocks if b.src.endswith((".png", ".gif"))]
    assert [(g.text, g.credit, g.alt) for g in gallery] == [
        ("Der Festplatz am Eröffnungstag.", "", "Menschen auf dem Festplatz"),
        ("Die Musikgesellschaft spielt.", "KEYSTONE", ""),
    ]
    links = [
        b.marks[0].href for b in blocks if b.role is Role.PARAGRAPH and b.marks and b.text.startswith("http")
    ]
    assert [h.rsplit(".", 1)[-1] for h in links] == ["org/watch?v=aare2018", "mp4", "mp3"]


def test_findings_for_missing_attachments_and_removed_shortcodes() -> None:
    (record, _) = read(io.BytesIO(FIXTURE.read_bytes()), str(FIXTURE))
    codes = sorted((f.code, f.message) for f in parse_record(record).findings)
    assert codes == [
        ("media_missing", "Attachment 299 is not in the export."),
        ("shortcode_removed", "Shortcode [contact-form-7] removed, its text kept."),
    ]


def test_attachment_hints_only_for_referenced_attachments() -> None:
    (record, second) = read(io.BytesIO(FIXTURE.read_bytes()), str(FIXTURE))
    ids = [json.loads(v)["id"] for k, v in record.hints if k == "attachment"]
    assert sorted(ids) == ["201", "202", "203", "204"]
    assert not [v for k, v in second.hints if k == "attachment"]


ARTICLE = Article(
    legacy_id="sdx-77",
    title="Le marché <fête> ses 100 ans & plus",
    language="fr",
    kicker="Bienne",
    lead="Un siècle de légumes.",
    byline="Marie Jeanneret, ATS",
    dateline="BIENNE",
    published=datetime(2019, 9, 7, 6, 0, tzinfo=UTC),
    section="Région",
    url="https://old.example.ch/region/marche-77.html",
    tags=("marché", "Bienne"),
    blocks=(
        Block(
            Role.PARAGRAPH,
            "Le marché ouvre à 7 heures, voir le site.",
            (Mark(33, 40, "a", "https://m.example"),),
        ),
        Block(Role.SUBHEAD, "Trois générations"),
        Block(Role.QUOTE, "«Nous venons depuis 1950.»", credit="Un maraîcher"),
        Block(
            Role.CAPTION, "Les étals au matin.", credit="KEYSTONE", src="https://i.example/m.jpg", alt="Étals"
        ),
        Block(Role.LIST, "", items=("7 h: ouverture", "11 h: concert")),
        Block(Role.FACTBOX, "En chiffres", items=("80 stands", "3000 visiteurs")),
        Block(
            Role.PARAGRAPH,
            "Texte avec ]]> et <b>balises</b> en clair.",
            (Mark(0, 5, "strong"), Mark(6, 10, "em")),
        ),
    ),
)


def _wxr(articles: list[Article]) -> bytes:
    items = [ExportItem(a, f"/s/{i}-{a.legacy_id}") for i, a in enumerate(articles)]
    authors = [a.byline for a in articles]
    return "".join(wxr_chunks(items, site_url="https://new.example", authors=authors)).encode()


def _shared(article: Article) -> dict[str, object]:
    return {f: getattr(article, f) for f in SHARED_FIELDS}


@pytest.mark.parametrize(
    "article",
    [
        ARTICLE,  # every field and block role
        Article("9", "Sans rien d'autre"),  # the bare minimum
        Article("w-3", "Ohne Datum", language="de", byline="Redaktion", url=""),  # no old URL, no date
    ],
)
def test_round_trip_article_wxr_article(article: Article) -> None:
    (back,) = _articles(_wxr([article]))
    assert _shared(back) == _shared(article)


def test_round_trip_wxr_archivist_wxr_archivist(fixture_articles: dict[str, Article]) -> None:
    first = list(fixture_articles.values())
    second = _articles(_wxr(first))
    assert [_shared(a) for a in second] == [_shared(a) for a in first]
    third = _articles(_wxr(second))
    assert [_shared(a) for a in third] == [_shared(a) for a in first]


def test_export_has_what_the_wordpress_importer_needs() -> None:
    root = etree.fromstring(_wxr([ARTICLE]))
    ns = {k: v for k, v in NAMESPACES.items()}
    channel = root.find("channel")
    assert channel.findtext("wp:wxr_version", namespaces=ns) == "1.2"
    assert channel.findtext("wp:base_site_url", namespaces=ns) == "https://new.example"
    author = channel.find("wp:author", ns)
    assert author.findtext("wp:author_display_name", namespaces=ns) == "Marie Jeanneret, ATS"
    post, attachment = channel.findall("item")
    login = author.findtext("wp:author_login", namespaces=ns)
    assert post.findtext("dc:creator", namespaces=ns) == login
    for name in ("post_id", "post_date", "post_date_gmt", "post_name", "status", "post_type"):
        assert post.findtext(f"wp:{name}", namespaces=ns), name
    assert post.findtext("wp:post_date_gmt", namespaces=ns) == "2019-09-07 06:00:00"
    assert post.findtext("wp:post_name", namespaces=ns) == "0-sdx-77"
    assert "<h2>Trois générations</h2>" in post.findtext("content:encoded", namespaces=ns)
    assert post.findtext("excerpt:encoded", namespaces=ns) == ARTICLE.lead
    terms = [(c.get("domain"), c.text) for c in post.findall("category")]
    assert terms == [("category", "Région"), ("post_tag", "marché"), ("post_tag", "Bienne")]
    # the figure's image as an attachment the importer can fetch
    assert attachment.findtext("wp:post_type", namespaces=ns) == "attachment"
    assert attachment.findtext("wp:attachment_url", namespaces=ns) == "https://i.example/m.jpg"
    assert attachment.findtext("wp:post_parent", namespaces=ns) == post.findtext("wp:post_id", namespaces=ns)


def test_malformed_file_keeps_the_items_before_the_error() -> None:
    data = FIXTURE.read_bytes().replace(b"<title><![CDATA[Le march", b"<title><![CDATA[Le march</oops>", 1)
    data = data.replace(b"</oops>", b"]]></title></broken>", 1)
    items = list(read(io.BytesIO(data), "broken.xml"))
    assert isinstance(items[-1], ReadFailure)
    assert "broken.xml: the XML is malformed at line" in items[-1].reason
    assert [i.legacy_id for i in items[:-1]] == ["101"]


MEMORY_SCRIPT = """
import resource, sys
from archivist.sources.wxr import read
count = sum(1 for _ in read(open(sys.argv[1], "rb"), sys.argv[1]))
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _write_big_wxr(path: Path, items: int) -> None:
    body = "<p>" + "Ein Absatz mit etwas Text über die Gemeinde. " * 40 + "</p>"
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0"?>\n<rss version="2.0" ')
        out.write(" ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items()))
        out.write("><channel><wp:wxr_version>1.2</wp:wxr_version>\n")
        for n in range(items):
            out.write(
                f"<item><title>Artikel {n}</title><wp:post_id>{n}</wp:post_id><wp:post_type>post</wp:post_type>"  # noqa: E501
                f"<wp:status>publish</wp:status><content:encoded><![CDATA[{body * 3}]]></content:encoded></item>\n"  # noqa: E501
            )
        out.write("</channel></rss>\n")


def _peak_kib(path: Path) -> tuple[int, int]:
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), int(out[1])


@pytest.mark.slow
def test_memory_stays_flat_as_the_file_grows(tmp_path: Path) -> None:
    small, big = tmp_path / "small.xml", tmp_path / "big.xml"
    _write_big_wxr(small, 1000)
    _write_big_wxr(big, 10000)
    assert big.stat().st_size > 50_000_000
    small_count, small_peak = _peak_kib(small)
    big_count, big_peak = _peak_kib(big)
    assert (small_count, big_count) == (1000, 10000)
    # ten times the items, 45 MB more file: peak memory grows by far less than the file
    assert big_peak - small_peak < 15_000, (small_peak, big_peak)


def _read_and_parse(data: bytes) -> None:
    read_and_parse(read, data, "fuzz.xml")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    _read_and_parse(data)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_fuzz_mutated_export(data: st.DataObject) -> None:
    original = bytearray(FIXTURE.read_bytes())
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(original) - 1))
        original[pos] = data.draw(st.sampled_from(list(b'<>/[]"&;\x00\xff ]')))
    _read_and_parse(bytes(original))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]/=\"' <>captiongalery embdvoauis12,\n")), max_size=120))
def test_fuzz_shortcode_content(content: str) -> None:
    item = (
        f'<item xmlns:wp="{NAMESPACES["wp"]}" xmlns:content="{NAMESPACES["content"]}"><title>T</title>'
        f"<wp:post_type>post</wp:post_type><content:encoded><![CDATA[{content.replace(']]>', '')}]]>"
        "</content:encoded></item>"
    ).encode()
    parse_record(LegacyRecord("1", "wxr", item))


def test_a_plain_rss_author_inside_an_item_does_not_hide_the_attachment() -> None:
    ns = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())
    data = (
        f'<rss version="2.0" {ns}><channel>'
        "<item><title>Post</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>"
        "<wp:status>publish</wp:status>"
        '<content:encoded><![CDATA[[gallery ids="2"]]]></content:encoded></item>'
        "<item><wp:post_id>2</wp:post_id><wp:post_type>attachment</wp:post_type>"
        "<author>photo@example.org</author><wp:attachment_url>https://x.example/a.jpg</wp:attachment_url></item>"
        "</channel></rss>"
    ).encode()
    (article,) = _articles(data)
    assert [b.src for b in article.blocks] == ["https://x.example/a.jpg"]


def test_container_hints() -> None:
    (first, second) = read(io.BytesIO(FIXTURE.read_bytes()), str(FIXTURE))
    assert [first.hint(k) for k in ("title", "published", "section", "author", "language")] == [
        "Neue Brücke über die Aare eröffnet",
        "2018-06-15 07:30:00",
        "Region",
        "Anna Müller",
        "de-CH",
    ]
    assert second.hint("published") == "Sat, 07 Sep 2019 06:00:00 +0000"  # no GMT date: pubDate
