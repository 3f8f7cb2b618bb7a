"""Field mappings for JSON Lines and CSV exports: which column is the title, the body…

A mapping is looked up next to the data file, first match wins:

1. ``<file name>.mapping.toml`` (``articles.jsonl.mapping.toml``)
2. ``<file stem>.mapping.toml`` (``articles.mapping.toml``)
3. ``archivist.mapping.toml`` in the same folder

and otherwise :data:`DEFAULT_MAPPING` recognises the common field names. A file::

    [mapping]
    id = "nid"
    title = "headline"
    body = "body_html"          # a dotted path reaches into nested JSON: "content.html"
    published = "created"
    url = "path"
    kicker = "overline"
    lead = "teaser"
    byline = ["author", "agency"] # a list: the first field that is not empty
    section = "channel"
    language = "lang"

    [options]
    body_format = "auto"        # "html", "text" or "auto" (HTML when it holds tags)
    base_url = "https://www.old-site.example"   # prefix for relative url values
    delimiter = ","             # CSV only; default: guessed from the header line

A mapping with an unknown field or option, or a value that is not a string or
a list of strings, raises :class:`~archivist.errors.ConfigError` naming the file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from archivist.errors import ConfigError

# article field -> candidate source fields, in order (used when no mapping file names it)
DEFAULT_MAPPING: dict[str, tuple[str, ...]] = {
    "id": ("id", "nid", "legacy_id", "article_id", "guid", "uuid"),
    "title": ("title", "headline", "hed", "titre", "titel"),
    "kicker": ("kicker", "overline", "surtitle", "surtitre", "dachzeile", "rubric"),
    "lead": ("lead", "teaser", "dek", "standfirst", "chapo", "summary", "abstract", "excerpt", "description"),
    "body": ("body_html", "body", "content_html", "content", "html", "text", "body_text", "bodytext"),
    "byline": ("byline", "author", "authors", "by", "autor", "auteur"),
    "dateline": ("dateline", "located"),
    "published": (
        "published",
        "published_at",
        "pubdate",
        "pub_date",
        "date",
        "first_published",
        "firstcreated",
        "created",
        "created_at",
        "datum",
    ),
    "section": ("section", "category", "channel", "rubrik", "rubrique", "ressort", "department"),
    "tags": ("tags", "keywords", "subjects"),
    "url": ("url", "link", "permalink", "old_url", "canonical_url", "path"),
    "language": ("language", "lang", "locale"),
}
OPTIONS: dict[str, tuple[str, ...]] = {
    "body_format": ("auto", "html", "text"),
    "base_url": (),  # any string
    "delimiter": (",", ";", "\t", "|"),
}
MAPPING_SUFFIX = ".mapping.toml"
FOLDER_MAPPING = "archivist.mapping.toml"


def mapping_file(data_path: str | Path) -> Path | None:
    path = Path(data_path)
    stem = path.name.split(".")[0]
    for candidate in (
        path.with_name(path.name + MAPPING_SUFFIX),
        path.with_name(stem + MAPPING_SUFFIX),
        path.with_name(FOLDER_MAPPING),
    ):
        if candidate.is_file():
            return candidate
    return None


def parse_mapping(text: str, where: str) -> dict[str, Any]:
    """A TOML mapping -> ``{"fields": {field: [candidates]}, "options": {...}}``, checked."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"Mapping '{where}' is not valid TOML: {exc}. Fix the file."
        raise ConfigError(msg) from exc
    unknown = set(data) - {"mapping", "options"}
    if unknown:
        msg = f"Mapping '{where}' has unknown table(s) {sorted(unknown)}. Use [mapping] and [options]."
        raise ConfigError(msg)
    fields = {k: list(v) for k, v in DEFAULT_MAPPING.items()}
    for key, value in data.get("mapping", {}).items():
        if key not in DEFAULT_MAPPING:
            msg = (
                f"Mapping '{key}' in '{where}' is not an article field. Known: {', '.join(DEFAULT_MAPPING)}."
            )
            raise ConfigError(msg)
        if isinstance(value, str) and value.strip():
            fields[key] = [value.strip()]
        elif isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
            fields[key] = [v.strip() for v in value]
        else:
            msg = f"Mapping '{key}' in '{where}' has value {value!r}. Not a field name or a list of names."
            raise ConfigError(msg)
    options = {"body_format": "auto", "base_url": "", "delimiter": ""}
    for key, value in data.get("options", {}).items():
        allowed = OPTIONS.get(key)
        if allowed is None:
            msg = f"Option '{key}' in '{where}' is not known. Known: {', '.join(OPTIONS)}."
            raise ConfigError(msg)
        if not isinstance(value, str) or (allowed and value not in allowed):
            choices = f" Use one of {list(allowed)}." if allowed else " Use a string."
            msg = f"Option '{key}' in '{where}' has value {value!r}.{choices}"
            raise ConfigError(msg)
        options[key] = value
    return {"fields": fields, "options": options}


def load_mapping(data_path: str | Path) -> tuple[dict[str, Any], str]:
    """The mapping for a data file and where it came from ('default' when none)."""
    found = mapping_file(data_path)
    if found is None:
        return {
            "fields": {k: list(v) for k, v in DEFAULT_MAPPING.items()},
            "options": _default_options(),
        }, "default"
    try:
        text = found.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"Mapping '{found}' cannot be read: {exc}. Fix the file or remove it."
        raise ConfigError(msg) from exc
    return parse_mapping(text, str(found)), str(found)


def _default_options() -> dict[str, str]:
    return {"body_format": "auto", "base_url": "", "delimiter": ""}


def lookup(record: dict[str, Any], path: str) -> Any:
    """A dotted path into nested objects: ``lookup({"a": {"b": 1}}, "a.b") == 1``."""
    if path in record:
        return record[path]
    folded = {str(k).lower(): v for k, v in record.items()}  # CSV headers are often capitalised
    if path.lower() in folded:
        return folded[path.lower()]
    current: Any = record
    for part in path.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        else:
            return None
    return current


def pick(record: dict[str, Any], candidates: list[str]) -> Any:
    for candidate in candidates:
        value = lookup(record, candidate)
        if value not in (None, "", [], {}):
            return value
    return None
