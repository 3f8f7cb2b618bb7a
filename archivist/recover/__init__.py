"""Recovery: a LegacyRecord becomes an Article.

Each format registers a parser in :data:`PARSERS`: ``parse(record) -> Processed``
(the article plus the steps and findings the parser itself took, e.g. splitting a
kicker glued to a title). Parsers are pure: bytes in, model out.

A format whose parsing depends on the run's config (legacy HTML with a learned site
template, ``migrate --template site.toml``) also registers a
``parse(record, config) -> Processed`` in :data:`CONFIG_PARSERS`;
``parse_record(record, config)`` uses it when a config is given.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from archivist.errors import StructureNotFound
from archivist.model import LegacyRecord, Processed

if TYPE_CHECKING:
    from archivist.config import MigrationConfig

Parser = Callable[[LegacyRecord], Processed]
ConfigParser = Callable[[LegacyRecord, "MigrationConfig"], Processed]

PARSERS: dict[str, Parser] = {}
CONFIG_PARSERS: dict[str, ConfigParser] = {}

# format -> the module that registers its parser, imported when a record of that format
# first comes (a run over text exports never imports the HTML stack: ~0.1 s a process)
DEFAULT_MODULES = {
    "text": "archivist.recover.text",
    "html": "archivist.recover.html",
    "swissdox": "archivist.recover.swissdox",
    "wxr": "archivist.recover.wxr",
    "nitf": "archivist.recover.nitf",
    "ninjs": "archivist.recover.ninjs",
    "jsonl": "archivist.recover.jsonl",
}


def register_parser(fmt: str, parser: Parser) -> None:
    if fmt in PARSERS:
        msg = f"Parser for {fmt!r} is registered twice."
        raise ValueError(msg)
    PARSERS[fmt] = parser


def register_config_parser(fmt: str, parser: ConfigParser) -> None:
    """A parser that also reads the run's config (e.g. the HTML site template)."""
    if fmt in CONFIG_PARSERS:
        msg = f"Config parser for {fmt!r} is registered twice."
        raise ValueError(msg)
    CONFIG_PARSERS[fmt] = parser


def _import(module: str) -> None:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise


def load_parsers() -> dict[str, Parser]:
    for module in DEFAULT_MODULES.values():
        _import(module)
    return PARSERS


def load_parser(fmt: str) -> dict[str, Parser]:
    """The parsers once the one of ``fmt`` is there (all of them for a format that has no
    default module: another module may register it)."""
    if fmt not in PARSERS:
        module = DEFAULT_MODULES.get(fmt)
        if module is None:
            return load_parsers()
        _import(module)
    return PARSERS


def parse_record(record: LegacyRecord, config: MigrationConfig | None = None) -> Processed:
    parsers = load_parser(record.format)
    if config is not None and record.format in CONFIG_PARSERS:
        return CONFIG_PARSERS[record.format](record, config)
    parser = parsers.get(record.format)
    if parser is None:
        msg = f"No parser for format {record.format!r} of {record.where}."
        raise StructureNotFound(msg)
    return parser(record)
