"""Legacy export readers: one module per format, bytes in, LegacyRecords out.

Each format registers a :class:`SourceFormat` in :data:`FORMATS`. ``read_paths``
expands folders, opens files (``.gz`` transparently), picks the format (``auto``
sniffs each file) and streams records; a file no format claims yields a
:class:`~archivist.model.ReadFailure`, so one bad file never stops a run.
"""

from __future__ import annotations

import gzip
import importlib
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from archivist.errors import FormatNotDetected
from archivist.model import LegacyRecord, ReadFailure

Item = LegacyRecord | ReadFailure


@dataclass(frozen=True)
class SourceFormat:
    """How to recognise and read one legacy export format.

    sniff(name, head) -> bool: does a file called ``name`` starting with ``head``
    (at most 64 KiB, already un-gzipped) hold this format?
    read(stream, origin) -> records: stream records from an open binary file.
    priority: higher sniffs first (specific formats before the text fallback).
    """

    name: str
    sniff: Callable[[str, bytes], bool]
    read: Callable[[BinaryIO, str], Iterator[Item]]
    priority: int = 0


FORMATS: dict[str, SourceFormat] = {}
SNIFF_ORDER: list[SourceFormat] = []  # the formats, highest priority first (kept by register)

# Built-in readers, each module calls register() on import (STYLE.md rule 7:
# the core's own formats go through the same door a plugin would).
DEFAULT_MODULES = (
    "archivist.sources.text",
    "archivist.sources.html",
    "archivist.sources.warc",
    "archivist.sources.swissdox",
    "archivist.sources.wxr",
    "archivist.sources.nitf",
    "archivist.sources.ninjs",
    "archivist.sources.jsonl",
    "archivist.sources.media",  # images beside the exports: claimed, never records
)


def register(fmt: SourceFormat) -> None:
    if fmt.name in FORMATS:
        msg = f"Source format {fmt.name!r} is registered twice."
        raise ValueError(msg)
    FORMATS[fmt.name] = fmt
    SNIFF_ORDER[:] = _by_priority(FORMATS)


def _by_priority(formats: dict[str, SourceFormat]) -> list[SourceFormat]:
    return sorted(formats.values(), key=lambda f: -f.priority)


def load_formats() -> dict[str, SourceFormat]:
    for module in DEFAULT_MODULES:
        if module in sys.modules:  # imported already (detect_format asks once per file)
            continue
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # a real missing dependency, not a format not yet written
                raise
    return FORMATS


HEAD_BYTES = 65536


def open_binary(path: Path) -> BinaryIO:
    if path.suffix == ".gz" and not path.name.endswith((".warc.gz", ".arc.gz")):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under ``paths`` in a stable order (folders recursively, hidden files skipped)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(
                    part.startswith(".") for part in child.relative_to(path).parts
                ):
                    yield child
        elif path.exists():
            yield path
        else:
            msg = f"Path '{path}' does not exist. Check the path, or quote it if it holds spaces."
            raise FormatNotDetected(msg)


def detect_format(name: str, head: bytes) -> str | None:
    formats = load_formats()
    order = SNIFF_ORDER if len(SNIFF_ORDER) == len(formats) else _by_priority(formats)
    for fmt in order:
        if fmt.sniff(name, head):
            return fmt.name
    return None


def read_paths(paths: Iterable[str | Path], fmt: str = "auto") -> Iterator[Item]:
    """Stream every record of every file under ``paths``."""
    formats = load_formats()
    if fmt != "auto" and fmt not in formats:
        msg = f"Format {fmt!r} is not known. Use auto or one of: {', '.join(sorted(formats))}."
        raise FormatNotDetected(msg)
    for path in iter_files(paths):
        origin = str(path)
        with open_binary(path) as stream:
            try:
                head = stream.read(HEAD_BYTES)
            except (OSError, EOFError) as exc:  # a truncated or corrupt .gz
                yield ReadFailure(
                    path.name, fmt, b"", f"{origin}: cannot be read ({exc}).", "UnreadableText", origin
                )
                continue
            name = detect_format(path.name, head) if fmt == "auto" else fmt
            if name is None:
                reason = f"{origin}: no reader recognises this file. Pass --format to say which export it is."
                yield ReadFailure(path.name, "unknown", head, reason, "FormatNotDetected", origin)
                continue
            stream.seek(0)
            yield from formats[name].read(stream, origin)
