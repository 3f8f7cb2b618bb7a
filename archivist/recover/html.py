"""Legacy HTML pages -> Articles: a learned site template first, the generic path else.

:func:`parse_html` is pure: the record's bytes and an optional
:class:`~archivist.templates.Template` in, a :class:`~archivist.model.Processed` out.
With a template, the page's fields come from its selectors (lexbor, fast); a page the
template does not fit falls back to the generic path (trafilatura) and carries a
``template_miss`` finding so a run can count them. Kicker and title are cross-checked
against the page's own ``<title>``, ``og:title`` and JSON-LD.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archivist.config import MigrationConfig
from archivist.errors import EmptyRecord, RecordTooLarge, StructureNotFound
from archivist.model import Article, Block, Finding, LegacyRecord, Processed, Role, Severity
from archivist.recover import register_config_parser, register_parser
from archivist.recover.dates import parse_date
from archivist.recover.html_generic import extract_blocks
from archivist.recover.html_meta import PageMeta, decode_html, read_meta, split_title_tag, strip_site
from archivist.recover.lang import detect_language
from archivist.sources.limits import record_limit
from archivist.templates import Template, load_template
from archivist.templates.apply import apply_to_tree
from archivist.templates.nodes import is_hidden, node_text

NAME = "html"
_WORD_RE = re.compile(r"\w+")
LANGUAGES = frozenset({"fr", "de", "en"})
# "By", "Von", "Par", "Texte:"… before the names of a byline (en, de, fr)
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|von|par|text|texte|autor|auteur)\s*:?\s+", re.IGNORECASE)
HEADLINE_LINES = 3  # how far into the body a repeated headline is looked for
MIN_WORDS = 5  # fewer words of text: an index, error or empty page, not an article
CONFIDENCE = {"template": 0.95, "generic": 0.8, "no_title": 0.4}  # how sure each path is


def _norm(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .:;,!?")


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD_RE.findall(text.casefold()))


def _h1_parts(tree: LexborHTMLParser) -> tuple[str, list[str]]:
    """The first ``<h1>``'s visible text and the texts of its visible child elements."""
    h1: LexborNode | None = tree.css_first("h1")
    if h1 is None:
        return "", []
    parts = [node_text(c) for c in h1.iter() if not is_hidden(c) and c.tag not in {"br", "script"}]
    return node_text(h1), [p for p in parts if p]


def kicker_and_title(meta: PageMeta, tree: LexborHTMLParser) -> tuple[str, str]:
    """Kicker and title of a page without template, cross-checked between sources.

    A ``<title>`` "Kicker: Title" only yields a kicker when the title part is what the
    page elsewhere calls its title (og:title, JSON-LD) or the ``<h1>`` shows the kicker
    as an element of its own; "Brexit: what next" stays a title.
    """
    h1_text, parts = _h1_parts(tree)
    title = meta.title or (parts[-1] if len(parts) > 1 else h1_text)
    kicker = meta.kicker
    if kicker:
        stated = bool(meta.headline or meta.og_title)
        shown = _norm(kicker) in {_norm(p) for p in parts}
        if _norm(split_title_tag(meta.title_tag)[1]) != _norm(title) or not (stated or shown):
            kicker = ""  # "Brexit: what next" is one title, not a kicker and a title
    elif len(parts) > 1 and _norm(parts[-1]) == _norm(title) and len(parts[0]) < 80:
        kicker = parts[0]
    return kicker, title


def extract_generic(html: str, url: str = "", legacy_id: str = "") -> Article:
    """Any page, no template: trafilatura's main content plus the page's metadata."""
    tree = LexborHTMLParser(html)
    meta = read_meta(tree)
    kicker, title = kicker_and_title(meta, tree)
    blocks = extract_blocks(html, url)
    # the headline (with its kicker) repeated among the first lines of the body
    headings = {_words(title), _words(f"{kicker} {title}")} - {()}
    blocks = [
        b
        for i, b in enumerate(blocks)
        if not (
            i < HEADLINE_LINES and b.role in {Role.PARAGRAPH, Role.SUBHEAD} and _words(b.text) in headings
        )
    ]
    lead = ""
    if (
        blocks
        and blocks[0].role is Role.PARAGRAPH
        and meta.description
        and _norm(blocks[0].text) == _norm(meta.description)
    ):
        lead, blocks = blocks[0].text, blocks[1:]
    return _article(meta, legacy_id, url, kicker=kicker, title=title, lead=lead, blocks=tuple(blocks))


def strip_byline_prefix(byline: str) -> str:
    """The names of a byline, without the "By"/"Von"/"Par" a template put before them.

    >>> strip_byline_prefix("Par Marc Rochat"), strip_byline_prefix("Von  Anna Keller")
    ('Marc Rochat', 'Anna Keller')
    >>> strip_byline_prefix("Bernard Parisod")
    'Bernard Parisod'
    """
    return _BYLINE_PREFIX.sub("", byline).strip()


def absolute_images(blocks: tuple[Block, ...], base: str) -> tuple[Block, ...]:
    """Image sources resolved against the page's URL, so media can be found in a crawl.

    >>> b = absolute_images((Block(Role.CAPTION, "", src="/media/1.jpg"),), "https://old.example/a/2.html")
    >>> b[0].src
    'https://old.example/media/1.jpg'
    """
    if not base.startswith(("http://", "https://")):
        return blocks
    return tuple(replace(b, src=_resolved(base, b.src)) if b.src else b for b in blocks)


def _resolved(base: str, src: str) -> str:
    """``src`` against ``base``; a malformed URL on either side (``http://[``: an unclosed
    IPv6 bracket) stays as the page wrote it, so the image is still listed, not the page lost.

    >>> _resolved("https://old.example/a/", "http://[broken/1.jpg")
    'http://[broken/1.jpg'
    """
    try:
        return urljoin(base, src)
    except ValueError:
        return src


def _article(meta: PageMeta, legacy_id: str, url: str, **fields: object) -> Article:
    blocks: tuple[Block, ...] = absolute_images(fields.pop("blocks"), url or meta.url)  # type: ignore[arg-type]
    published = fields.pop("published", None) or meta.published
    text = " ".join([str(fields.get("lead", "")), *(b.text for b in blocks[:12])])
    language = meta.language if meta.language in LANGUAGES else detect_language(text)
    return Article(
        legacy_id=legacy_id,
        language=language,
        byline=strip_byline_prefix(str(fields.pop("byline", "") or meta.author)),
        published=published,  # type: ignore[arg-type]
        section=meta.section,
        url=url or meta.url,  # the record's URL (WARC-Target-URI, canonical of a file) first
        blocks=blocks,
        source_format=NAME,
        **fields,  # type: ignore[arg-type]
    )


def cross_check(article: Article, meta: PageMeta) -> Iterator[Finding]:
    """Compare the template's kicker and title with what the page says of itself."""
    stated = meta.headline or strip_site(meta.og_title)
    if stated and _words(stated) not in {_words(article.title), _words(f"{article.kicker} {article.title}")}:
        yield Finding(
            "title_mismatch", Severity.WARNING, "title",
            f"The template's title {article.title!r} differs from the page's own ({stated!r}). "
            "Check the title selector of the template.",
        )  # fmt: skip
    kicker, split_title = split_title_tag(meta.title_tag)
    if kicker and _words(split_title) == _words(article.title) and _words(kicker) != _words(article.kicker):
        yield Finding(
            "kicker_mismatch", Severity.WARNING, "kicker",
            f"The page's <title> gives the kicker {kicker!r}, the template found {article.kicker!r}. "
            "Check the kicker selector of the template.",
        )  # fmt: skip


def decode_record(record: LegacyRecord, max_bytes: int | None = None) -> str:
    max_bytes = record_limit() if max_bytes is None else max_bytes
    if len(record.raw) > max_bytes:
        msg = (
            f"{record.where}: {len(record.raw)} bytes, over max_record_bytes ({max_bytes}). "
            "Raise the limit in the config or leave the page out."
        )
        raise RecordTooLarge(msg)
    html = decode_html(record.raw, record.hint("charset"))
    if not html.strip():
        msg = f"{record.where}: the HTML page is empty. Check the crawl or export."
        raise EmptyRecord(msg)
    return html


def parse_html(
    record: LegacyRecord, template: Template | None = None, max_bytes: int | None = None
) -> Processed:
    """One legacy HTML page -> Processed (template path, else generic path)."""
    html = decode_record(record, max_bytes)
    findings: list[Finding] = []
    if template is not None:
        tree = LexborHTMLParser(html)
        found = apply_to_tree(tree, template)
        if found is not None:
            meta = read_meta(tree)
            article = _article(
                meta, record.legacy_id, record.url,
                kicker=found.kicker, title=found.title, lead=found.lead, blocks=found.blocks,
                byline=found.byline, published=parse_date(found.date) if found.date else None,
            )  # fmt: skip
            checks = tuple(cross_check(article, meta))
            confidence = CONFIDENCE["template"] - 0.2 * len(checks)
            return Processed(article, findings=checks, confidence=confidence)
        findings.append(
            Finding("template_miss", Severity.WARNING, "article",
                    "The page does not fit the site template (a required selector found nothing); "
                    "it was extracted with the generic path. Check the page or adjust the template.")
        )  # fmt: skip
    article = extract_generic(html, record.url, record.legacy_id)
    words = len(
        _WORD_RE.findall(" ".join([article.lead, *(b.text + " ".join(b.items) for b in article.blocks)]))
    )
    if words < MIN_WORDS:
        msg = (
            f"{record.where}: no article text found in the HTML page. "
            "Is it an article page (not an index or an error page)?"
        )
        raise StructureNotFound(msg)
    confidence = CONFIDENCE["generic"] if article.title else CONFIDENCE["no_title"]
    return Processed(article, findings=tuple(findings), confidence=confidence)


def parse(record: LegacyRecord) -> Processed:
    """The registered parser: generic path, no template."""
    return parse_html(record)


@lru_cache(maxsize=8)
def _template(path: str) -> Template:
    return load_template(path)  # read once per process, not once per page


def parse_with_config(record: LegacyRecord, config: MigrationConfig) -> Processed:
    """The parser `migrate --template site.toml` uses: the config's template and size limit."""
    template = _template(config.template) if config.template else None
    return parse_html(record, template, config.max_record_bytes)


register_parser(NAME, parse)
register_config_parser(NAME, parse_with_config)
