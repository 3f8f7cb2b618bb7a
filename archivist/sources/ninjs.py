"""ninjs documents (IPTC News in JSON, versions 1.x, 2.x and 3.x).

A file may hold one ninjs object, an array of them, or one per line; each object
is one record (its exact bytes, see :mod:`archivist.sources.jsonscan`). The
version is detected per record by :func:`archivist.recover.ninjs.detect_version`
and passed on as the ``ninjs_version`` hint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any, BinaryIO

from archivist.errors import UnreadableText
from archivist.model import LegacyRecord, ReadFailure
from archivist.sources import Item, SourceFormat, register
from archivist.sources.jsonscan import WHITESPACE, json_records

NAME = "ninjs"

# byte patterns that only ninjs documents carry (a bare "headline" needs "uri" too:
# plenty of CMS exports have a headline field)
_MARKERS = (
    b'"ninjs',
    b"ninjs-schema",
    b'"headlines"',
    b'"versioncreated"',
    b'"versionCreated"',
    b'"firstCreated"',
)


# properties only ninjs 3.x spells this way
CAMEL_CASE_KEYS = frozenset({"firstCreated", "versionCreated", "contentCreated", "altIds", "pubStatus"})
_SCHEMA_VERSION = re.compile(r"ninjs-schema_(\d)")
_BARE_VERSION = re.compile(r"(?:^|\s)(\d)(?:\.\d+)*\s*$")


def sniff(name: str, head: bytes) -> bool:
    start = head.lstrip(WHITESPACE)[:1]
    if start not in (b"{", b"["):
        return False
    return any(marker in head for marker in _MARKERS) or (b'"headline"' in head and b'"uri"' in head)


def first(data: dict[str, Any], *keys: str) -> Any:
    """The value of the first key present and not empty."""
    for key in keys:
        value = data.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def alt_ids(data: dict[str, Any]) -> dict[str, str]:
    """altIds (3.x), altids (2.x: list of {role, value}; 1.x: object role -> value)."""
    raw = first(data, "altIds", "altids")
    if isinstance(raw, dict):
        return {str(k): str(v) for k, v in raw.items()}
    if isinstance(raw, list):
        return {str(i.get("role", "")): str(i.get("value", "")) for i in raw if isinstance(i, dict)}
    return {}


def renditions(data: dict[str, Any]) -> dict[str, str]:
    """Rendition name -> href (a list with ``name`` in 2.x/3.x, an object in 1.x)."""
    raw = data.get("renditions")
    if isinstance(raw, dict):
        return {str(k): str(v.get("href", "")) for k, v in raw.items() if isinstance(v, dict)}
    if isinstance(raw, list):
        return {str(r.get("name", "")): str(r.get("href", "")) for r in raw if isinstance(r, dict)}
    return {}


def identity(data: dict[str, Any]) -> tuple[str, str]:
    """``(legacy_id, old_url)`` of a ninjs object."""
    ids = alt_ids(data)
    legacy_id = next((ids[k] for k in ("legacy-id", "legacy-cms-id", "legacy") if ids.get(k)), "")
    legacy_id = (
        legacy_id or next(iter(v for v in ids.values() if v), "") or str(first(data, "guid", "uri") or "")
    )
    links = renditions(data)
    url = links.get("legacy") or links.get("web") or ""
    uri = str(data.get("uri") or "")
    if not url and uri.startswith(("http://", "https://")):
        url = uri
    return legacy_id, url


def detect_version(data: dict[str, Any]) -> str:
    """ "1", "2" or "3": the standard's declaration first, else the field shapes.

    >>> detect_version({"standard": {"name": "ninjs", "version": "2.1"}})
    '2'
    >>> detect_version({"headlines": [{"role": "main", "value": "x"}], "altIds": []})
    '3'
    >>> detect_version({"headline": "x", "body_html": "<p>y</p>"})
    '1'
    """
    standard = data.get("standard")
    declared = ""
    if isinstance(standard, dict):
        declared = f"{standard.get('schema', '')} {standard.get('version', '')}"
    declared += f" {data.get('$schema', '')}"
    match = _SCHEMA_VERSION.search(declared) or _BARE_VERSION.search(declared)
    if match and match.group(1) in {"1", "2", "3"}:
        return match.group(1)
    keys = set(data)
    if keys & CAMEL_CASE_KEYS:  # 3.0 renamed the properties to camelCase
        return "3"
    if keys & {"headlines", "bodies", "descriptions"}:  # 2.0 made these arrays of {role, value}
        return "2"
    return "1"


def read(stream: BinaryIO, origin: str) -> Iterator[Item]:
    stem = PurePath(origin).name.split(".")[0]
    for found in json_records(
        stream, origin, NAME, lambda number: stem if number == 1 else f"{stem}#{number}"
    ):
        if isinstance(found, ReadFailure):
            yield found
            continue
        raw, position, fallback = found
        yield record_from(raw, origin, position, fallback)


def record_from(raw: bytes, origin: str, position: str, fallback: str) -> Item:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        error = UnreadableText(f"{origin}, {position}: not valid JSON ({exc}). Fix or remove that object.")
        return ReadFailure(fallback, NAME, raw, str(error), "UnreadableText", origin, position)
    if not isinstance(data, dict):
        return ReadFailure(
            fallback, NAME, raw, f"{origin}, {position}: not a JSON object.", "UnreadableText", origin
        )
    legacy_id, url = identity(data)
    version = detect_version(data)
    hints = [("ninjs_version", version)]
    published = first(data, "firstCreated", "firstcreated", "versionCreated", "versioncreated")
    if isinstance(published, str):
        hints.append(("published", published))
    return LegacyRecord(legacy_id or fallback, NAME, raw, url, origin, position, tuple(hints))


register(SourceFormat(NAME, sniff, read, priority=40))
