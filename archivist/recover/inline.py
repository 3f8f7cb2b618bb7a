"""Inline markup -> one block's plain text plus Mark spans (links, emphasis).

Every structured format (Swissdox content, WXR and ninjs HTML bodies, NITF, the
legacy HTML pages) ends up here for the text inside one block: ``<a href>``,
``<em>``/``<i>`` and ``<strong>``/``<b>`` become :class:`~archivist.model.Mark`
spans over the collapsed plain text; any other inline tag keeps only its text.

Exports often lost the spaces around former links (``Wenige Tage<a>nach dem
Sturz</a>bei``, DESIGN.md section 1). With ``restore_link_spaces=True`` a space
is put back where a link touches a word on either side; how many were restored
is returned so the parser can record a RepairStep.

>>> from lxml import etree
>>> el = etree.fromstring("<p>Wenige Tage<a href='/x'>nach dem Sturz</a>bei Bern.</p>")
>>> result = inline_text(el, restore_link_spaces=True)
>>> result.text, result.marks[0], result.spaces_restored
('Wenige Tage nach dem Sturz bei Bern.', Mark(start=12, end=26, kind='a', href='/x'), 2)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from lxml import etree

from archivist.model import Mark

# inline tag -> mark kind (other inline tags keep their text only)
MARK_TAGS = {
    "a": "a",
    "em": "em",
    "i": "em",  # presentational italics are emphasis in news copy
    "strong": "strong",
    "b": "strong",
}

# tags whose text is never content
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})

# Before a link, no space is restored after these (opening brackets, quotes,
# elision apostrophes: « l’<a>OSDH</a> », hyphenated compounds, slashes).
_NO_SPACE_AFTER = set("([{«‹„“‚‘'’\"/-–—\u00a0")


# characters lxml (and XML 1.0) cannot hold: C0 controls but tab/newline/return,
# lone surrogates (JSON "\\ud800" decodes to one) and the two non-characters
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    r"""``text`` without the characters no XML (nor lxml) can carry.

    >>> xml_safe("a\x00b\ud800c")
    'abc'
    """
    return _XML_INVALID.sub("", text)


def clean_strings(value: Any) -> Any:
    """``xml_safe`` applied to every string inside decoded JSON (dicts, lists)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        return [clean_strings(v) for v in value]
    if isinstance(value, dict):
        return {str(k): clean_strings(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class InlineText:
    text: str
    marks: tuple[Mark, ...] = ()
    spaces_restored: int = 0


class _Builder:
    """Appends text with whitespace collapsed, tracking offsets for marks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending_space = False
        self.last = ""

    def add(self, text: str) -> None:
        for chunk in _split_ws(text):
            if chunk == " ":
                self.pending_space = True
                continue
            if self.pending_space and self.length:
                self._put(" ")
            self.pending_space = False
            self._put(chunk)

    def space(self) -> None:
        self.pending_space = True

    def force_space(self) -> None:
        """Insert a space now (a restored one), unless one is already there."""
        if self.length and self.last != " ":
            self._put(" ")
        self.pending_space = False

    def flush_space(self) -> None:
        """Materialise a pending space so a mark starting here starts after it."""
        if self.pending_space and self.length:
            self._put(" ")
        self.pending_space = False

    def _put(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.length += len(chunk)
        self.last = chunk[-1]

    def value(self) -> str:
        return "".join(self.parts)


def _split_ws(text: str) -> list[str]:
    out: list[str] = []
    word: list[str] = []
    for char in text:
        if char.isspace() and char != "\u00a0":
            if word:
                out.append("".join(word))
                word = []
            out.append(" ")
        else:
            word.append(char)
    if word:
        out.append("".join(word))
    return out


def _is_wordish(char: str) -> bool:
    return bool(char) and (char.isalnum() or unicodedata.category(char).startswith("S"))


def _first_char(element: etree._Element) -> str:
    text = "".join(element.itertext()).lstrip()
    return text[:1]


def _last_char(element: etree._Element) -> str:
    text = "".join(element.itertext()).rstrip()
    return text[-1:]


def inline_text(element: etree._Element, *, restore_link_spaces: bool = False) -> InlineText:
    """The text of ``element`` (not its tail) with marks for links and emphasis."""
    builder = _Builder()
    marks: list[Mark] = []
    restored = [0]

    def walk(node: etree._Element) -> None:
        if node.text:
            builder.add(node.text)
        for child in node:
            name = _tag(child)
            if name is None:  # comment or processing instruction: its tail only
                pass
            elif name == "br":
                builder.space()
            elif name in SKIP_TAGS:
                pass
            else:
                emit(child, name)
            if child.tail:
                tail = child.tail
                if (
                    restore_link_spaces
                    and name == "a"
                    and _is_wordish(tail[:1])
                    and (_is_wordish(_last_char(child)) or _last_char(child) in ".,;:!?")
                ):
                    builder.force_space()
                    restored[0] += 1
                builder.add(tail)

    def emit(child: etree._Element, name: str) -> None:
        kind = MARK_TAGS.get(name)
        if (
            restore_link_spaces
            and name == "a"
            and builder.length
            and not builder.pending_space
            and builder.last not in _NO_SPACE_AFTER
            and not builder.last.isspace()
            and _is_wordish(_first_char(child))
        ):
            builder.force_space()
            restored[0] += 1
        if kind is None:
            walk(child)
            return
        builder.flush_space()
        start = builder.length
        walk(child)
        end = builder.length
        href = (child.get("href") or "").strip() if kind == "a" else ""
        if end > start and (kind != "a" or href):
            marks.append(Mark(start, end, kind, href))

    walk(element)
    return InlineText(*_trim(builder.value(), marks), spaces_restored=restored[0])


def _tag(node: etree._Element) -> str | None:
    tag = node.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()


def _trim(text: str, marks: list[Mark]) -> tuple[str, tuple[Mark, ...]]:
    """Strip the text and keep every mark inside it, without edge spaces."""
    left = len(text) - len(text.lstrip())
    stripped = text.strip()
    out: list[Mark] = []
    for mark in marks:
        start = max(mark.start - left, 0)
        end = min(mark.end - left, len(stripped))
        while start < end and stripped[start].isspace():
            start += 1
        while end > start and stripped[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Mark(start, end, mark.kind, mark.href))
    return stripped, tuple(sorted(out, key=lambda m: (m.start, -m.end)))  # outer marks first


def inline_from_html(fragment: str, *, restore_link_spaces: bool = False) -> InlineText:
    """Inline HTML in a string (``'a <em>b</em>'``) -> text and marks.

    >>> inline_from_html("le <strong>régime</strong> syrien").marks
    (Mark(start=3, end=9, kind='strong', href=''),)
    """
    from lxml import html

    if not fragment.strip():
        return InlineText("")
    wrapper = html.fragment_fromstring(xml_safe(fragment), create_parent="div")
    return inline_text(wrapper, restore_link_spaces=restore_link_spaces)


def plain_text(element: etree._Element) -> str:
    """The collapsed text of an element, without marks."""
    return inline_text(element).text
