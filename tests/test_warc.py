"""WARC and ARC crawls of the old site: streaming, record selection, ids, damage."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archivist.model import LegacyRecord, ReadFailure
from archivist.recover import parse_record
from archivist.sources import detect_format, read_paths
from archivist.sources import warc as warc_source
from archivist.sources.limits import MAX_RECORD_BYTES, set_record_limit

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PAGE = (FIXTURES / "piscines-lausanne.html").read_bytes()
OTHER = (FIXTURES / "harbour-tolls.htm").read_bytes()


def _response(writer: WARCWriter, uri: str, status: str, content_type: str | None, payload: bytes) -> None:
    headers = [("Content-Type", content_type)] if content_type else []
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    # length given: warcio then needs no temporary file to measure the payload
    record = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=http
    )
    writer.write_record(record)


def crawl(compress: bool = True) -> bytes:
    """A small crawl: two article pages among the records a real crawl also holds."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "archivist tests"}))
    request = StatusAndHeaders(
        "GET /vaud/piscines-fermees-4711 HTTP/1.1", [("Host", "old.example")], is_http_request=True
    )
    writer.write_record(
        writer.create_warc_record(
            "https://old.example/vaud/piscines-fermees-4711", "request", http_headers=request
        )
    )
    _response(
        writer,
        "https://old.example/vaud/piscines-fermees-4711.html",
        "200 OK",
        "text/html; charset=utf-8",
        PAGE,
    )
    _response(
        writer, "https://old.example/vaud/", "301 Moved Permanently", "text/html", b"<html>moved</html>"
    )
    _response(
        writer, "https://old.example/media/bassin.jpg", "200 OK", "image/jpeg", b"\xff\xd8\xff\xe0 jpeg"
    )
    _response(writer, "https://old.example/local/", "200 OK", None, OTHER)  # no Content-Type: sniffed
    return buffer.getvalue()


def test_only_html_responses_become_records(tmp_path: Path) -> None:
    (tmp_path / "crawl.warc.gz").write_bytes(crawl())
    items = list(read_paths([tmp_path]))
    assert all(isinstance(i, LegacyRecord) for i in items)
    assert [(i.legacy_id, i.format, i.url) for i in items] == [
        ("piscines-fermees-4711", "html", "https://old.example/vaud/piscines-fermees-4711.html"),
        (warc_source.legacy_id_from_url("https://old.example/local/"), "html", "https://old.example/local/"),
    ]
    assert items[0].raw == PAGE  # the HTTP payload, verbatim
    assert items[0].position.startswith("offset ")
    assert items[0].hint("crawled")  # the WARC-Date
    assert items[1].legacy_id == "local"


def test_records_of_a_crawl_are_recovered_by_the_html_parser(tmp_path: Path) -> None:
    (tmp_path / "crawl.warc").write_bytes(crawl(compress=False))
    record = next(i for i in read_paths([tmp_path]) if isinstance(i, LegacyRecord))
    article = parse_record(record).article
    assert (article.kicker, article.title) == (
        "Vaud - Lausanne",
        "La ville ferme trois piscines pour l'hiver",
    )
    (figure,) = [b for b in article.blocks if b.src]
    assert (
        figure.src == "https://old.example/media/2016/11/mon-repos.jpg"
    )  # on the crawled URL, found in the crawl


@pytest.mark.parametrize(
    ("url", "legacy_id"),
    [
        ("https://old.example/politik/brand-654321.html?x=1", "brand-654321"),  # extension and query dropped
        ("https://old.example/vaud/piscines-fermees-4711", "piscines-fermees-4711"),  # no extension
        ("https://old.example/local/", "local"),  # trailing slash: last non-empty segment
        ("https://old.example/story/%C3%A9t%C3%A9-2019.php", "été-2019"),  # percent-encoded
        (
            "https://old.example/news/index.html",
            warc_source.legacy_id_from_url("https://old.example/news/index.html"),
        ),
    ],
)
def test_legacy_id_from_url(url: str, legacy_id: str) -> None:
    assert warc_source.legacy_id_from_url(url) == legacy_id


def test_a_url_without_a_usable_segment_gets_a_stable_hash() -> None:
    first = warc_source.legacy_id_from_url("https://old.example/news/index.html")
    assert first.startswith("url-") and first == warc_source.legacy_id_from_url(
        "https://old.example/news/index.html"
    )
    assert first != warc_source.legacy_id_from_url("https://old.example/sport/index.html")


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("crawl.warc.gz", b"\x1f\x8b", "warc"),  # by name
        ("crawl.arc", b"filedesc://crawl.arc", "warc"),  # ARC by name
        ("dump.bin", b"WARC/1.0\r\n", "warc"),  # by content
        (
            "dump.bin",
            gzip.compress(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", mtime=0),
            "warc",
        ),  # gzip of a WARC
        ("dump.bin", gzip.compress(b"<html>", mtime=0), None),  # gzip of something else
    ],
)
def test_sniff(name: str, head: bytes, expected: str | None) -> None:
    assert (detect_format(name, head) == "warc") == (expected == "warc")


def test_arc_files_are_read(tmp_path: Path) -> None:
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + OTHER
    header = b"filedesc://old.arc 0.0.0.0 20091201000000 text/plain "
    version = b"1 0 archivist\nURL IP-address Archive-date Content-type Archive-length\n"
    entry = b"http://old.example/local/harbour-tolls.htm 127.0.0.1 20091201000000 text/html "
    data = (
        header
        + str(len(version)).encode()
        + b"\n"
        + version
        + b"\n"
        + entry
        + str(len(http)).encode()
        + b"\n"
        + http
        + b"\n"
    )
    (tmp_path / "old.arc").write_bytes(data)
    (record,) = read_paths([tmp_path])
    assert isinstance(record, LegacyRecord)
    assert (record.legacy_id, record.url) == ("harbour-tolls", "http://old.example/local/harbour-tolls.htm")
    assert record.raw == OTHER


@pytest.mark.parametrize(
    "where",
    [
        200,  # inside the last record's headers: warcio alone would stop without a word
        600,  # inside its payload
        -30,  # just before the end
    ],
)
def test_a_truncated_crawl_keeps_what_came_before_and_quarantines_the_rest(
    tmp_path: Path, where: int
) -> None:
    data = crawl(compress=False)
    start = data.index(b"WARC-Target-URI: https://old.example/local/")
    cut = start + where if where > 0 else len(data) + where
    (tmp_path / "cut.warc").write_bytes(data[:cut])
    *records, failure = read_paths([tmp_path])
    assert [r.legacy_id for r in records] == ["piscines-fermees-4711"]
    assert isinstance(failure, ReadFailure)
    assert "cut.warc" in failure.reason and "truncated" in failure.reason
    assert failure.position.startswith("offset ")


def test_an_oversized_record_is_quarantined_and_the_crawl_goes_on(tmp_path: Path, small_limit: int) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    _response(writer, "https://old.example/huge.html", "200 OK", "text/html", b"<html>" + b"x" * small_limit)
    _response(writer, "https://old.example/vaud/piscines-fermees-4711.html", "200 OK", "text/html", PAGE)
    (tmp_path / "big.warc.gz").write_bytes(buffer.getvalue())
    first, second = read_paths([tmp_path])
    assert isinstance(first, ReadFailure) and first.error == "RecordTooLarge" and first.legacy_id == "huge"
    assert isinstance(second, LegacyRecord) and second.raw == PAGE


@pytest.fixture
def small_limit():
    """The run's max_record_bytes set low (as the pipeline sets it), and put back after."""
    set_record_limit(len(PAGE) + 100)
    yield len(PAGE) + 100
    set_record_limit(MAX_RECORD_BYTES)


VALID = crawl(compress=False)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=3000).map(lambda b: b"WARC/1.0\r\n" + b),  # garbage after a WARC start
        st.binary(max_size=3000),
        st.tuples(st.integers(0, len(VALID)), st.binary(max_size=30)).map(
            lambda ib: VALID[: ib[0]] + ib[1] + VALID[ib[0] + len(ib[1]) :]  # bytes overwritten
        ),
        st.integers(0, len(VALID)).map(lambda n: gzip.compress(VALID)[:n]),  # a cut .warc.gz
    )
)
def test_fuzz_warc_reader_yields_only_records_or_failures(data: bytes) -> None:
    for item in warc_source.read(io.BytesIO(data), "fuzz.warc"):
        assert isinstance(item, LegacyRecord | ReadFailure)
        if isinstance(item, ReadFailure):
            assert "fuzz.warc" in item.reason


def test_the_crawled_url_is_the_legacy_url(tmp_path: Path) -> None:
    # the page names another canonical host; redirects must cover the URL it was served at
    (tmp_path / "crawl.warc").write_bytes(crawl(compress=False))
    record = next(i for i in read_paths([tmp_path]) if isinstance(i, LegacyRecord))
    assert parse_record(record).article.url == "https://old.example/vaud/piscines-fermees-4711.html"


def test_the_http_charset_of_a_crawl_decodes_the_page(tmp_path: Path) -> None:
    page = (
        "<html><body><h1>Zürich</h1><p>"
        + "Die Stadt baut eine neue Brücke über die Limmat. " * 6
        + "</p></body></html>"
    )
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    _response(
        writer,
        "https://old.example/zh/bruecke.html",
        "200 OK",
        "text/html; charset=ISO-8859-1",
        page.encode("latin-1"),
    )
    (tmp_path / "zh.warc").write_bytes(buffer.getvalue())
    (record,) = read_paths([tmp_path])
    assert isinstance(record, LegacyRecord) and record.hint("charset") == "ISO-8859-1"
    article = parse_record(record).article
    assert "Brücke über" in article.blocks[0].text  # not mojibake, not U+FFFD
