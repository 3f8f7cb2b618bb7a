"""Legacy HTML files as a source: sniffing, ids, URLs, limits, quarantine."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivist.errors import ArchiveError
from archivist.model import LegacyRecord, ReadFailure
from archivist.recover.html import parse_html
from archivist.sources import detect_format, read_paths
from archivist.sources import html as html_source
from archivist.sources.limits import MAX_RECORD_BYTES, record_limit, set_record_limit

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PAGE = (FIXTURES / "piscines-lausanne.html").read_bytes()


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("4711.html", b"", "html"),  # by extension
        ("4711.HTM", b"", "html"),  # extension, upper case
        ("4711.html.gz", b"<p>", "html"),  # gzipped page (head already un-gzipped)
        ("export.dat", b"<!DOCTYPE html>\n<html lang='de'>", "html"),  # by content: doctype
        ("export.dat", b"\xef\xbb\xbf  <html>", "html"),  # BOM and blanks before <html>
        ("export.dat", b"<!-- saved by CMS 4.2 -->\n<html>", "html"),  # a comment first
        ("export.dat", b"<?xml version='1.0'?><html xmlns='x'>", "html"),  # XHTML
    ],
)
def test_html_files_are_recognised(name: str, head: bytes, expected: str) -> None:
    assert detect_format(name, head) == expected


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("notes.txt", b"Syrie - Alep\nLe r\xc3\xa9gime avance"),  # flattened text
        ("page.dat", b"<htmlfoo>"),  # not an html tag
        ("crawl.warc.gz", b"\x1f\x8b"),  # a crawl, by name
    ],
)
def test_other_files_are_not_html(name: str, head: bytes) -> None:
    assert html_source.sniff(name, head) is False


@pytest.mark.parametrize(
    ("name", "legacy_id"),
    [
        ("1234.html.gz", "1234"),  # DESIGN.md section 3 example
        ("1234.html", "1234"),
        ("brand-altstadt.htm", "brand-altstadt"),
        ("artikel.2009.shtml", "artikel.2009"),  # dots inside the name stay
    ],
)
def test_legacy_id_is_the_file_name_without_extensions(name: str, legacy_id: str) -> None:
    assert html_source.legacy_id_from_name(name) == legacy_id


@pytest.mark.parametrize(
    ("head", "url"),
    [
        (b'<link rel="canonical" href="https://old.example/a/1">', "https://old.example/a/1"),
        (b"<link href='https://old.example/b' rel='canonical'/>", "https://old.example/b"),  # attribute order
        (b'<meta property="og:url" content="https://old.example/c">', "https://old.example/c"),  # og:url only
        (b"<title>no url</title>", ""),
    ],
)
def test_page_url(head: bytes, url: str) -> None:
    assert html_source.page_url(head) == url


def test_a_folder_of_pages_streams_records(tmp_path: Path) -> None:
    (tmp_path / "4711.html").write_bytes(PAGE)
    with gzip.open(tmp_path / "4712.html.gz", "wb") as stream:
        stream.write(PAGE)
    (tmp_path / "harbour.htm").write_bytes((FIXTURES / "harbour-tolls.htm").read_bytes())
    items = list(read_paths([tmp_path]))
    assert [(i.legacy_id, i.format) for i in items] == [
        ("4711", "html"),
        ("4712", "html"),
        ("harbour", "html"),
    ]
    assert all(isinstance(i, LegacyRecord) for i in items)
    assert items[0].url == "https://www.gazette-du-lac.example/vaud/piscines-fermees-4711"
    assert items[1].raw == PAGE  # gzip read transparently, bytes verbatim
    assert items[2].url == ""


@pytest.fixture
def small_limit():
    """The run's max_record_bytes set low, as the pipeline sets it from the config."""
    set_record_limit(len(PAGE) - 1)
    yield len(PAGE) - 1
    set_record_limit(MAX_RECORD_BYTES)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "EmptyRecord"),  # an empty file
        (b"  \n\t ", "EmptyRecord"),  # only blanks
        (PAGE, "RecordTooLarge"),  # one byte over the run's max_record_bytes
    ],
)
def test_unusable_files_are_quarantined_with_a_reason(
    tmp_path: Path, small_limit: int, content: bytes, error: str
) -> None:
    (tmp_path / "bad.html").write_bytes(content)
    (failure,) = read_paths([tmp_path])
    assert isinstance(failure, ReadFailure)
    assert failure.error == error
    assert "bad.html" in failure.reason
    assert len(failure.raw) <= small_limit


def test_the_default_limit_lets_the_same_page_through(tmp_path: Path) -> None:
    assert record_limit() == MAX_RECORD_BYTES
    (tmp_path / "ok.html").write_bytes(PAGE)
    (record,) = read_paths([tmp_path])
    assert isinstance(record, LegacyRecord)


def test_a_truncated_gzip_is_quarantined(tmp_path: Path) -> None:
    data = gzip.compress(PAGE)
    (tmp_path / "cut.html.gz").write_bytes(data[: len(data) // 2])
    (failure,) = read_paths([tmp_path])
    assert isinstance(failure, ReadFailure)
    assert failure.error == "UnreadableText"
    assert "cut.html.gz" in failure.reason


def _mutations() -> st.SearchStrategy[bytes]:
    """Random bytes, and the fixture page with slices cut out or bytes replaced."""
    cut = st.tuples(st.integers(0, len(PAGE)), st.integers(0, len(PAGE))).map(
        lambda ab: PAGE[: min(ab)] + PAGE[max(ab) :]
    )
    flipped = st.tuples(st.integers(0, len(PAGE) - 1), st.binary(min_size=1, max_size=40)).map(
        lambda ib: PAGE[: ib[0]] + ib[1] + PAGE[ib[0] + len(ib[1]) :]
    )
    return st.one_of(st.binary(max_size=2000), cut, flipped)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_mutations())
def test_fuzz_html_reader_and_parser_raise_only_typed_errors(data: bytes) -> None:
    for item in html_source.read(io.BytesIO(data), "fuzz.html"):
        if isinstance(item, ReadFailure):
            continue
        try:
            processed = parse_html(item)
        except ArchiveError:
            continue  # typed: quarantined with its message
        assert isinstance(processed.article.title, str)


@pytest.mark.parametrize(
    "broken_src",
    [
        "http://[mon-repos.jpg",  # an unclosed IPv6 bracket: urljoin raises ValueError
        "https://[::1/media/mon-repos.jpg",
    ],
)
def test_a_malformed_image_url_keeps_the_page_and_the_source_as_written(broken_src: str) -> None:
    page = PAGE.replace(b"/media/2016/11/mon-repos.jpg", broken_src.encode())
    (record,) = [i for i in html_source.read(io.BytesIO(page), "https://old.example/piscines.html")]
    assert not isinstance(record, ReadFailure)
    processed = parse_html(record)
    assert broken_src in [b.src for b in processed.article.blocks]
