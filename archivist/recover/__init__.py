"""Recovery: a LegacyRecord becomes an Article.

Each format registers a parser in :data:`PARSERS`: ``parse(record) -> Processed``
(the article plus the steps and findings the parser itself took, e.g. splitting a
kicker glued to a title). Parsers are pure: bytes in, model out.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from archivist.errors import StructureNotFound
from archivist.model import LegacyRecord, Processed

Parser = Callable[[LegacyRecord], Processed]

PARSERS: dict[str, Parser] = {}

DEFAULT_MODULES = (
    "archivist.recover.text",
    "archivist.recover.html",
    "archivist.recover.swissdox",
    "archivist.recover.wxr",
    "archivist.recover.nitf",
    "archivist.recover.ninjs",
    "archivist.recover.jsonl",
)


def register_parser(fmt: str, parser: Parser) -> None:
    if fmt in PARSERS:
        msg = f"Parser for {fmt!r} is registered twice."
        raise ValueError(msg)
    PARSERS[fmt] = parser


def load_parsers() -> dict[str, Parser]:
    for module in DEFAULT_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    return PARSERS


def parse_record(record: LegacyRecord) -> Processed:
    parsers = load_parsers()
    parser = parsers.get(record.format)
    if parser is None:
        msg = f"No parser for format {record.format!r} of {record.where}."
        raise StructureNotFound(msg)
    return parser(record)
