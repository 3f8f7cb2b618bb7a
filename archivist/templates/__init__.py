"""Site templates: CSS selectors for the fields of a legacy site's article pages.

A legacy site renders thousands of articles with one template, so the selectors are
learned from the archive itself (:mod:`archivist.templates.learn`), written to a TOML
file a person can read and adjust (:func:`template_to_toml`), and applied with the
fast lexbor parser (:mod:`archivist.templates.apply`).

The file looks like this (every selector carries the comment saying how it was found)::

    [template]
    version = 1
    pages = 50            # pages the template was learned from

    [fields.title]
    # the varying node whose text equals og:title / <title> / JSON-LD on 50 of 50 pages
    selector = "article.story h1 span.headline"
    required = true

    [body]
    drop = ["div.ad-slot", "aside.related"]   # template nodes inside the body
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archivist.errors import ConfigError

VERSION = 1

# the fields a template may locate, in reading order; "required" ones must match
# for a page to fit the template (else it falls back to the generic path)
FIELD_NAMES = ("kicker", "title", "lead", "byline", "date", "body", "caption_credit")
REQUIRED_FIELDS = frozenset({"title", "body"})


@dataclass(frozen=True)
class FieldRule:
    """How to find one field: a CSS selector, and why it was chosen."""

    selector: str
    required: bool = False
    attribute: str = ""  # read this attribute instead of the text (date: "datetime")
    note: str = ""  # how it was found (share of pages it matched)


@dataclass(frozen=True)
class Template:
    """The learned selectors of one site template."""

    fields: dict[str, FieldRule] = field(default_factory=dict)
    drop: tuple[str, ...] = ()  # selectors of template nodes removed from the body
    pages: int = 0
    site: str = ""
    notes: tuple[str, ...] = ()

    def rule(self, name: str) -> FieldRule | None:
        return self.fields.get(name)


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def template_to_toml(template: Template) -> str:
    """The template as commented TOML, for a person to read and adjust.

    >>> rules = {"title": FieldRule("h1 .title", True, note="9 of 10"), "body": FieldRule("div.text", True)}
    >>> t = Template(rules, ("div.ad",), 10)
    >>> template_from_toml(template_to_toml(t), "x.toml") == t
    True
    """
    lines = [
        "# Site template learned by `archivist template learn`: CSS selectors for the",
        "# fields of the article pages. Adjust any selector by hand; pages where a required",
        "# selector matches nothing fall back to generic extraction and are counted.",
        *(f"# {note}" for note in template.notes),
        "",
        "[template]",
        f"version = {VERSION}",
        f"pages = {template.pages}",
        f"site = {_quote(template.site)}",
        f"notes = [{', '.join(_quote(n) for n in template.notes)}]",
    ]
    for name in FIELD_NAMES:
        rule = template.fields.get(name)
        if rule is None:
            continue
        lines += ["", f"[fields.{name}]"]
        if rule.note:
            lines.append(f"# {rule.note}")
        lines.append(f"selector = {_quote(rule.selector)}")
        lines.append(f"required = {'true' if rule.required else 'false'}")
        if rule.attribute:
            lines.append(f"attribute = {_quote(rule.attribute)}")
        lines.append(f"note = {_quote(rule.note)}")
    lines += [
        "",
        "[body]",
        "# template nodes inside the body container (ads, related links, teasers): removed",
        f"drop = [{', '.join(_quote(s) for s in template.drop)}]",
        "",
    ]
    return "\n".join(lines)


def _str(value: Any, key: str, where: str) -> str:
    if not isinstance(value, str):
        msg = f"Template '{where}': '{key}' has value {value!r}. Not a valid string."
        raise ConfigError(msg)
    return value


def template_from_toml(text: str, where: str) -> Template:
    """Parse a template file's text; ``where`` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"Template '{where}' is not valid TOML: {exc}. Fix the file or learn it again."
        raise ConfigError(msg) from exc
    head = data.get("template", {})
    if head.get("version", VERSION) != VERSION:
        msg = (
            f"Template '{where}' has version {head.get('version')!r}; this archivist reads version {VERSION}."
        )
        raise ConfigError(msg)
    fields: dict[str, FieldRule] = {}
    for name, raw in data.get("fields", {}).items():
        if name not in FIELD_NAMES or not isinstance(raw, dict):
            msg = (
                f"Template '{where}': [fields.{name}] is not a known field. Known: {', '.join(FIELD_NAMES)}."
            )
            raise ConfigError(msg)
        selector = _str(raw.get("selector"), f"fields.{name}.selector", where)
        if not selector.strip():
            msg = f"Template '{where}': [fields.{name}] has an empty selector. Give one or remove the table."
            raise ConfigError(msg)
        fields[name] = FieldRule(
            selector,
            bool(raw.get("required", name in REQUIRED_FIELDS)),
            _str(raw.get("attribute", ""), f"fields.{name}.attribute", where),
            _str(raw.get("note", ""), f"fields.{name}.note", where),
        )
    missing = REQUIRED_FIELDS - fields.keys()
    if missing:
        msg = f"Template '{where}' has no [fields.{sorted(missing)[0]}]. Title and body selectors are needed."
        raise ConfigError(msg)
    drop = data.get("body", {}).get("drop", [])
    return Template(
        fields=fields,
        drop=tuple(_str(s, "body.drop", where) for s in drop),
        pages=int(head.get("pages", 0)),
        site=_str(head.get("site", ""), "template.site", where),
        notes=tuple(_str(n, "template.notes", where) for n in head.get("notes", [])),
    )


def load_template(path: str | Path) -> Template:
    """Read a template file (I/O at the edge; the parsing is :func:`template_from_toml`)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        msg = f"Template '{path}' cannot be read: {exc}. Learn one with `archivist template learn`."
        raise ConfigError(msg) from exc
    return template_from_toml(text, str(path))
