"""Safe XML parsing for every XML format (WXR, NITF, Swissdox content).

lxml is configured so that nothing outside the bytes given is ever read: entities
are not resolved, no DTD is loaded, the network is off and the huge-tree limits
stay on. On top of that, a document whose prolog declares entities (``<!ENTITY``:
the billion-laughs and external-entity attacks) is refused with
:class:`~archivist.errors.UnsafeXML` before lxml sees it. A ``<!DOCTYPE nitf SYSTEM
"nitf-2-5.dtd">`` reference alone is harmless (the DTD is never loaded) and passes.

>>> parse_xml(b"<a>ok</a>", "sample").text
'ok'
>>> parse_xml(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "sample") # doctest: +ELLIPSIS
Traceback (most recent call last):
...
archivist.errors.UnsafeXML: sample: the XML declares entities in its DOCTYPE (<!ENTITY), ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

from lxml import etree

from archivist.errors import RecordError, UnsafeXML

# The prolog (XML declaration, comments, DOCTYPE) must end within this many bytes;
# a longer one is refused rather than scanned forever.
MAX_PROLOG_BYTES = 65536

_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": False,
}

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
# the first start tag of an element: "<" followed by a name character
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_:]")


def safe_parser(*, recover: bool = False) -> etree.XMLParser:
    """An lxml parser with entity resolution, DTD loading and network access off."""
    return etree.XMLParser(recover=recover, **_PARSER_OPTIONS)


def check_prolog(head: bytes, where: str) -> None:
    """Refuse a document whose prolog declares entities.

    ``head`` is the start of the document (at least up to its first element).
    """
    doctype = _DOCTYPE.search(head)
    if doctype is None:
        return
    # The internal subset may itself contain "<x" inside entity values, so look for
    # an entity declaration anywhere up to the end of the head, not just the prolog.
    if _ENTITY_DECL.search(head, doctype.end()):
        msg = (
            f"{where}: the XML declares entities in its DOCTYPE (<!ENTITY), which archivist refuses "
            "(billion-laughs / external-entity risk). Remove the DOCTYPE's internal subset and run again."
        )
        raise UnsafeXML(msg)
    first = _FIRST_ELEMENT.search(head, doctype.end())
    if first is None and len(head) >= MAX_PROLOG_BYTES:
        msg = (
            f"{where}: the XML prolog (DOCTYPE) is longer than {MAX_PROLOG_BYTES} bytes; "
            "archivist refuses it. Remove the DOCTYPE and run again."
        )
        raise UnsafeXML(msg)


def parse_xml(data: bytes, where: str, *, recover: bool = False) -> etree._Element:
    """Parse one XML document held in memory (a record), safely.

    Raises UnsafeXML for entity declarations and RecordError for malformed XML,
    naming ``where`` and the line and column.
    """
    check_prolog(data[:MAX_PROLOG_BYTES], where)
    try:
        root = etree.fromstring(data, safe_parser(recover=recover))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        msg = f"{where}: the XML is malformed at line {line}, column {column} ({exc.msg}). Fix or remove it."
        raise RecordError(msg) from exc
    if root is None:
        msg = f"{where}: the XML holds no element. Check that the file is not empty or truncated."
        raise RecordError(msg)
    _refuse_entity_nodes(root, where)
    return root


def _refuse_entity_nodes(root: etree._Element, where: str) -> None:
    # With resolve_entities=False, a reference to a declared entity stays as a node;
    # without declarations lxml already failed. This is a second line of defence.
    for node in root.iter(etree.Entity):
        msg = (
            f"{where}: the XML references the entity {node.text!r}, which archivist does not resolve. "
            "Replace it with its text."
        )
        raise UnsafeXML(msg)


def iter_elements(
    stream: IO[bytes], tags: str | tuple[str, ...], where: str
) -> Iterator[tuple[etree._Element, int]]:
    """Stream the elements named ``tags`` (``{*}name`` matches any namespace).

    Yields ``(element, line)``; the caller must copy what it needs before the next
    step, since the element is cleared afterwards to keep memory flat. Raises
    UnsafeXML on entity declarations and RecordError (with the line) on malformed XML.
    """
    head = stream.read(MAX_PROLOG_BYTES)
    check_prolog(head, where)
    stream.seek(0)
    context = etree.iterparse(stream, events=("end",), tag=tags, **_PARSER_OPTIONS)
    try:
        for _event, element in context:
            yield element, element.sourceline or 0
            element.clear(keep_tail=False)
            # drop the already-processed siblings so the tree stays small
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        msg = (
            f"{where}: the XML is malformed at line {line}, column {column} ({exc.msg}). "
            "The records before it were read; fix the file and run again for the rest."
        )
        raise RecordError(msg) from exc


def local_name(element: etree._Element) -> str:
    """The tag without its namespace (``{ns}p`` -> ``p``); '' for comments and PIs."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
