"""XML safety: entity declarations refused, DTDs and the network never touched,
malformed XML reported with its position (issue 4, item 7)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from archivist.errors import RecordError, UnsafeXML
from archivist.model import ReadFailure
from archivist.sources import read_paths
from archivist.xmlsafe import iter_elements, parse_xml

FIXTURES = Path(__file__).parent / "fixtures" / "xmlsafe"


@pytest.mark.parametrize(
    "name",
    [
        "billion-laughs.xml",  # nested internal entities: exponential expansion
        "xxe-file.xml",  # external entity reading a local file
        "xxe-wxr.xml",  # external parameter entity fetched over the network
    ],
)
def test_parse_xml_refuses_entity_declarations(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    with pytest.raises(UnsafeXML, match=rf"{name}: the XML declares entities"):
        parse_xml(data, name)


@pytest.mark.parametrize(
    "name",
    ["billion-laughs.xml", "xxe-file.xml", "xxe-wxr.xml"],
)
def test_streaming_refuses_entity_declarations(name: str) -> None:
    with (FIXTURES / name).open("rb") as stream, pytest.raises(UnsafeXML):
        list(iter_elements(stream, "item", name))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("billion-laughs.xml", "nitf"),  # the NITF reader quarantines the file
        ("xxe-file.xml", "nitf"),
        ("xxe-wxr.xml", "wxr"),  # the WXR reader too, before any item is trusted
    ],
)
def test_readers_turn_unsafe_files_into_read_failures(name: str, fmt: str) -> None:
    items = list(read_paths([FIXTURES / name], fmt))
    assert len(items) == 1
    failure = items[0]
    assert isinstance(failure, ReadFailure)
    assert failure.error == "UnsafeXML"
    assert name in failure.reason and "Remove the DOCTYPE" in failure.reason


@pytest.mark.parametrize(
    "data",
    [
        b'<!DOCTYPE nitf SYSTEM "nitf-2-5.dtd"><nitf><head/></nitf>',  # a DTD reference alone is fine
        b'<?xml version="1.0"?>\n<!-- comment --><nitf/>',  # declaration and comment
    ],
)
def test_harmless_prologs_pass(data: bytes) -> None:
    assert parse_xml(data, "ok.xml").tag == "nitf"


def test_dtd_is_never_loaded(tmp_path: Path) -> None:
    # a DTD defining a default attribute: if it were loaded, the attribute would appear
    (tmp_path / "defaults.dtd").write_text('<!ATTLIST a leaked CDATA "yes">', encoding="utf-8")
    data = b'<!DOCTYPE a SYSTEM "defaults.dtd"><a/>'
    assert parse_xml(data, str(tmp_path / "doc.xml")).get("leaked") is None


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"<a>\n<b>\n</a>", 3),  # mismatched end tag on line 3
        (b"<a>&nbsp;</a>", 1),  # an HTML entity XML does not define
        (b"<a>", 1),  # truncated
    ],
)
def test_malformed_xml_names_the_position(data: bytes, line: int) -> None:
    with pytest.raises(RecordError, match=rf"doc.xml: the XML is malformed at line {line}"):
        parse_xml(data, "doc.xml")


def test_streaming_keeps_records_before_a_syntax_error() -> None:
    data = b"<rss><item>1</item><item>2</item><item>3</oops></rss>"
    seen: list[str] = []
    with pytest.raises(RecordError, match="line 1"):
        for element, _line in iter_elements(io.BytesIO(data), "item", "feed.xml"):
            seen.append(element.text or "")
    assert seen == ["1", "2"]


def test_huge_text_nodes_are_refused() -> None:
    # huge_tree stays off: lxml refuses a text node over 10 MB instead of allocating it
    data = b"<a>" + b"x" * 11_000_000 + b"</a>"
    with pytest.raises(RecordError):
        parse_xml(data, "big.xml")
