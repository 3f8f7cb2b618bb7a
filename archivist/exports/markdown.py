"""Articles -> Markdown files with YAML front matter, for static-site generators.

Front matter (Hugo, Jekyll, Eleventy, Astro all read it): ``title``, ``kicker``,
``lead``, ``date``, ``byline``, ``dateline``, ``section``, ``tags``, ``language``,
``legacy_id``, ``url`` (the new path) and ``aliases`` (the old URL paths, which
Hugo turns into redirects). Strings are written as YAML double-quoted scalars
(JSON string syntax is a subset of them), so no YAML library is needed.

The body: paragraphs, ``##`` subheads, ``>`` quotes with an attribution line,
figures as an image plus an italic caption and the credit, ``-`` lists, and a
fact box as a ``###`` heading with its list. Links and emphasis are kept; text
that Markdown would read as markup is escaped.

>>> from archivist.model import Article, Block, Mark, Role
>>> a = Article("7", "Titre", blocks=(Block(Role.PARAGRAPH, "Voir le site.", (Mark(8, 12, "a", "/s"),)),))
>>> print(body_markdown(a))
Voir le [site](/s).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime

from archivist.model import Article, Block, Mark, Role

# characters Markdown may read as markup inside running text
_ESCAPE = re.compile(r"([\\`*_\[\]<>#|])")
# a line start that would turn a paragraph into a list, heading or quote
_LINE_START = re.compile(r"^(\s*)(?:([-+>#])|(\d+)([.)]))(?=\s)")


def _escape_start(text: str) -> str:
    """``- x`` -> ``\\- x``, ``1. x`` -> ``1\\. x``: a paragraph stays a paragraph."""
    return _LINE_START.sub(
        lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"), text
    )


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _escape_block(text: str) -> str:
    return _escape_start(_escape(text))


def _url(href: str) -> str:
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def inline_markdown(text: str, marks: Sequence[Mark]) -> str:
    """``text`` with its links and emphasis as Markdown (crossing marks are cut)."""
    opens: dict[int, list[Mark]] = {}
    closes: dict[int, list[Mark]] = {}
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if 0 <= mark.start < mark.end <= len(text):
            opens.setdefault(mark.start, []).append(mark)
            closes.setdefault(mark.end, []).insert(0, mark)
    out: list[str] = []
    stack: list[Mark] = []
    for index in range(len(text) + 1):
        for mark in closes.get(index, []):
            if mark in stack:
                stack.remove(mark)
                out.append(_close(mark))
        if index == len(text):
            break
        for mark in opens.get(index, []):
            stack.append(mark)
            out.append(_open(mark))
        out.append(_escape(text[index]))
    return "".join(out)


def _open(mark: Mark) -> str:
    return {"a": "[", "em": "*", "strong": "**"}.get(mark.kind, "")


def _close(mark: Mark) -> str:
    if mark.kind == "a":
        return f"]({_url(mark.href)})"
    return {"em": "*", "strong": "**"}.get(mark.kind, "")


def _block(block: Block) -> str:
    text = inline_markdown(block.text, block.marks)
    if block.role is Role.PARAGRAPH:
        return _escape_start(text)
    if block.role is Role.SUBHEAD:
        return f"## {text}"
    if block.role is Role.QUOTE:
        quote = f"> {text}"
        return quote + (f"\n>\n> — {_escape(block.credit)}" if block.credit else "")
    if block.role is Role.CAPTION:
        lines = []
        if block.src:
            lines.append(f"![{_escape(block.alt)}]({_url(block.src)})")
        caption = " ".join(p for p in (f"*{text}*" if text else "", _escape(block.credit)) if p)
        if caption:
            lines.append(caption)
        return "\n".join(lines)
    if block.role is Role.LIST:
        return "\n".join(f"- {_escape_block(item)}" for item in block.items)
    if block.role is Role.FACTBOX:
        heading = f"### {text}\n\n" if text else ""
        return heading + "\n".join(f"- {_escape_block(item)}" for item in block.items)
    return text


def body_markdown(article: Article) -> str:
    return "\n\n".join(part for part in (_block(b) for b in article.blocks) if part)


def _yaml(value: str | Sequence[str]) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"


def _date(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def to_markdown(article: Article, *, path: str = "", aliases: Sequence[str] = ()) -> str:
    """One Markdown document: front matter, then the body."""
    fields: list[tuple[str, str | Sequence[str]]] = [
        ("title", article.title),
        ("kicker", article.kicker),
        ("lead", article.lead),
        ("date", _date(article.published)),
        ("byline", article.byline),
        ("dateline", article.dateline),
        ("section", article.section),
        ("tags", list(article.tags)),
        ("language", article.language),
        ("legacy_id", article.legacy_id),
        ("url", path),
        ("aliases", list(aliases)),
    ]
    lines = ["---"]
    for key, value in fields:
        if value:
            lines.append(f"{key}: {_yaml(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body_markdown(article) + "\n"


def article_filename(path: str, legacy_id: str, suffix: str = ".md") -> str:
    """Where an article's file goes inside an export folder: its new path + ``suffix``.

    >>> article_filename("/monde/2016/12/syrie-4711", "4711", ".xml")
    'monde/2016/12/syrie-4711.xml'
    >>> article_filename("/../", "a/b")
    'a-b.md'
    """
    clean = "/".join(p for p in path.strip("/").split("/") if p not in {"", ".", ".."})
    if not clean:
        clean = re.sub(r"[^\w.-]+", "-", legacy_id).strip("-.") or "article"
    return clean + suffix
